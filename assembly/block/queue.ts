// A block device's request queue, after Linux 2.6.16 drivers/block/ll_rw_blk.c and elevator.c:
// __make_request (last_merge and elevator merges, back/front merges that grow a request up to the
// queue's limits, attempt_back/front_merge joining it with its neighbour), get_request with
// nr_requests and congestion, plugging (unplug after unplug_thresh requests or unplug_delay), the
// dispatch list the elevator fills and the driver empties (elv_next_request, blkdev_dequeue_request),
// and completion (end_that_request_last: the bios' end_io, elv_completed_request, the request freed,
// a process waiting for a request woken).
// Named simplifications: segments are pages (every 4 KiB page its own segment: blkfront's queue
// allows one page per segment, and page-cache pages are not physically contiguous in general), no
// barriers/ordered sequences, no ioc batching past a full request list (a process that finds
// nr_requests taken waits; one that the elevator says MUST queue may go to 3/2 · nr_requests), a
// woken process runs at once (its scheduling delay is its CPU scheduler's business), kblockd's work
// runs right after the current event.
import { now } from "../engine/clock";
import { timerRange, timerSet, timerCancel, timerDeadline } from "../engine/timer";
import {
  RQ_WRITE, RQ_SYNC, RQ_SORTED, RQ_STARTED, RQ_ELVPRIV, RQ_NOMERGE, PAGE_SECTORS,
  requestPoolInit, requestAlloc, requestFree, bioAlloc, bioFreeId, ioprioBest,
  rqSectorA, rqSectorsA, rqSegmentsA, rqFlagsA, rqIocA, rqPrioA, rqStartNsA, rqQueueA, rqBioHeadA, rqBioTailA,
  bioSectorA, bioSectorsA, bioFlagsA, bioIocA, bioPrioA, bioNextA, bioDir, bioIsSync, rqEndSector, IOC_CAPACITY,
} from "./request";
import { ElvQueue, ELV_TIMERS } from "./elvqueue";
import { Elevator, ELEVATOR_NO_MERGE, ELEVATOR_BACK_MERGE, ELEVATOR_FRONT_MERGE, ELV_MQUEUE_NO, ELV_MQUEUE_MUST } from "./elevator";
import { elevatorCreate } from "./registry";

export const BLKDEV_MAX_RQ: i32 = 128; // nr_requests (include/linux/blkdev.h)
export const SAFE_MAX_SECTORS: i32 = 255; // max_sectors unless the driver sets it (blkdev.h)
export const MAX_SEGMENTS: i32 = 128; // MAX_PHYS_SEGMENTS / MAX_HW_SEGMENTS (blkdev.h)
const UNPLUG_THRESH: i32 = 4; // q->unplug_thresh (blk_queue_make_request)
const UNPLUG_DELAY_MS: i32 = 3; // q->unplug_delay = (3 * HZ) / 1000, "3 milliseconds", at least 1 jiffy

// blktrace actions the queue reports (include/linux/blktrace_api.h BLK_TA_*)
export const TA_QUEUE: i32 = 0; // Q: a bio reached make_request
export const TA_BACKMERGE: i32 = 1; // M
export const TA_FRONTMERGE: i32 = 2; // F
export const TA_GETRQ: i32 = 3; // G: a request allocated for a bio
export const TA_INSERT: i32 = 4; // I: a request handed to the elevator
export const TA_ISSUE: i32 = 5; // D: the driver took it
export const TA_COMPLETE: i32 = 6; // C
export const TA_PLUG: i32 = 7; // P
export const TA_UNPLUG: i32 = 8; // U: unplugged by the threshold or a waiting process
export const TA_SLEEPRQ: i32 = 9; // S: no request free, the process sleeps
export const TA_UNPLUG_TIMER: i32 = 10; // T: unplugged by the unplug timer

// q->request_fn: the driver takes requests (nextRequest + dequeue) while it has room.
export class BlockDriver {
  requestFn(q: RequestQueue): void {}
}

// bio->bi_end_io of every bio submitted on the queue (the page cache, blkback, a harness).
export class BioEndIo {
  bioDone(q: RequestQueue, bio: i32, error: bool): void {}
}

// blktrace's hook points: `sector`/`sectors` of the bio (Q, M, F, S) or request (the rest).
export class QueueObserver {
  event(q: RequestQueue, action: i32, sector: i64, sectors: i32, ioc: i32, flags: i32): void {}
}

const T_UNPLUG: i32 = 0;
const T_KICK: i32 = 1;
const T_WAKE: i32 = 2;
const T_ELEVATOR: i32 = 3; // ELV_TIMERS from here
const TIMERS_PER_QUEUE: i32 = T_ELEVATOR + ELV_TIMERS;
// kblockd runs in a row at one instant that move no request before the spin waits for the next
// event (RequestQueue.kickRun): more than the CFQ queues that can be busy at once (a sync queue per
// process, IOC_CAPACITY, and as many async ones), so a spin tries every queue before it waits
const KICK_SPIN_RUNS: i32 = 2 * IOC_CAPACITY + 1;

let queues = new Array<RequestQueue>(0);
let maxQueues: i32 = 0;
let timerBase: i32 = 0;

// At run init, after timersInit (engine/timer.ts) with room for blockTimers(maxQueues) ids.
export function blockInit(queueCapacity: i32, requests: i32, bios: i32): void {
  requestPoolInit(requests, bios);
  queues = new Array<RequestQueue>(0);
  maxQueues = queueCapacity;
  timerBase = timerRange(queueCapacity * TIMERS_PER_QUEUE, blockTimer);
}

export function blockTimers(queueCapacity: i32): i32 {
  return queueCapacity * TIMERS_PER_QUEUE;
}

// A queue whose elevator is registry id `elevator`, for a kernel at `hz`; null past capacity.
export function queueCreate(hz: i32, elevator: i32, driver: BlockDriver, endIo: BioEndIo): RequestQueue | null {
  const id = queues.length;
  if (id >= maxQueues) return null;
  const t = timerBase + id * TIMERS_PER_QUEUE;
  const q = new RequestQueue(id, hz, t, elevatorCreate(elevator), driver, endIo);
  queues.push(q);
  q.elevator.init(q);
  return q;
}

function blockTimer(local: i32): void {
  const q = unchecked(queues[local / TIMERS_PER_QUEUE]);
  const which = local % TIMERS_PER_QUEUE;
  switch (which) {
    case T_UNPLUG: // blk_unplug_timeout → kblockd → generic_unplug_device
      q.unplugBy(T_UNPLUG);
      break;
    case T_KICK:
      q.kickRun();
      break;
    case T_WAKE:
      q.wakeWaiters();
      break;
    default:
      q.elevator.timer(q, which - T_ELEVATOR);
  }
}

export class RequestQueue extends ElvQueue {
  readonly elevator: Elevator;
  readonly driver: BlockDriver;
  readonly endIo: BioEndIo;
  observer: QueueObserver | null = null;
  // limits (blk_queue_max_sectors, blk_queue_max_phys/hw_segments, nr_requests)
  maxSectors: i32 = SAFE_MAX_SECTORS;
  maxSegments: i32 = MAX_SEGMENTS;
  nrRequests: i32 = BLKDEV_MAX_RQ;
  unplugThresh: i32 = UNPLUG_THRESH;
  unplugDelay: i64; // jiffies
  // state
  plugged: bool = false;
  stopped: bool = false; // blk_stop_queue: the driver has no room (blkfront's ring is full)
  readonly count: StaticArray<i32> = new StaticArray<i32>(2); // rl->count[READ/WRITE]
  readonly congested: StaticArray<bool> = new StaticArray<bool>(2);
  private waitHead: StaticArray<i32> = new StaticArray<i32>(2); // bios whose process sleeps for a request
  private waitTail: StaticArray<i32> = new StaticArray<i32>(2);
  private unplugTimerId: i32;
  private wakeTimerId: i32;
  // counters
  backMerges: i64 = 0;
  frontMerges: i64 = 0;
  requestMerges: i64 = 0; // attempt_merge successes
  requestsCompleted: i64 = 0;
  biosCompleted: i64 = 0;
  unplugsByThreshold: i64 = 0;
  unplugsByTimer: i64 = 0;
  private kickSpins: i32 = 0; // kblockd runs in a row at this instant that moved nothing (kickRun)

  constructor(id: i32, hz: i32, timer0: i32, elevator: Elevator, driver: BlockDriver, endIo: BioEndIo) {
    super(id, hz, timer0 + T_ELEVATOR, timer0 + T_KICK);
    this.unplugTimerId = timer0 + T_UNPLUG;
    this.wakeTimerId = timer0 + T_WAKE;
    this.elevator = elevator;
    this.driver = driver;
    this.endIo = endIo;
    this.unplugDelay = max(<i64>((UNPLUG_DELAY_MS * hz) / 1000), <i64>1);
    for (let d = 0; d < 2; d++) {
      unchecked((this.waitHead[d] = -1));
      unchecked((this.waitTail[d] = -1));
    }
  }

  // queue_congestion_on/off_threshold (ll_rw_blk.c blk_queue_congestion_threshold)
  private congestionOn(): i32 {
    return min(this.nrRequests - (this.nrRequests >> 3) + 1, this.nrRequests);
  }
  private congestionOff(): i32 {
    return max(this.nrRequests - (this.nrRequests >> 3) - 1, 1);
  }
  // bdi_read_congested: async readahead backs off while it holds
  @inline readCongested(): bool {
    return unchecked(this.congested[0]);
  }

  private trace(action: i32, sector: i64, sectors: i32, ioc: i32, flags: i32): void {
    const o = this.observer;
    if (o) o.event(this, action, sector, sectors, ioc, flags);
  }

  // ---------------------------------------------------------------- the submitter's side
  // submit_bio → generic_make_request → __make_request for `sectors` sectors at `sector`; flags
  // RQ_WRITE / RQ_SYNC, the submitting process's io context and priority, and a cookie handed back
  // at completion (BioEndIo). The bio must fit the queue's limits (bio_add_page's job: see
  // maxBioSectors). Returns the bio id, or -1 when the bio pool is exhausted (the run reports it).
  submitBio(sector: i64, sectors: i32, flags: i32, ioc: i32, prio: i32, cookie: i32): i32 {
    assert(sectors > 0 && sectors <= this.maxBioSectors(sector), "a bio larger than its queue's limits");
    const b = bioAlloc(sector, sectors, flags, ioc, prio, cookie);
    if (b < 0) return -1;
    this.trace(TA_QUEUE, sector, sectors, ioc, flags);
    this.makeRequest(b, true);
    return b;
  }

  // The largest bio starting at `sector` the queue takes (max_sectors, and max_segments pages).
  maxBioSectors(sector: i64): i32 {
    const offset = <i32>(sector % <i64>PAGE_SECTORS);
    return min(this.maxSectors, this.maxSegments * PAGE_SECTORS - offset);
  }

  // generic_unplug_device, as sync_page (a process waiting on a page) and blkback call it
  unplug(): void {
    this.unplugBy(-1);
  }

  // __make_request; `tryMerge` false for a bio whose process slept for a request (ll_rw_blk.c:
  // "our request may now be mergeable after it had proven unmergeable … we don't worry about that")
  private makeRequest(b: i32, tryMerge: bool): void {
    const sync = (unchecked(bioFlagsA[b]) & RQ_SYNC) != 0;
    if (tryMerge && !this.elvQueueEmpty()) {
      const how = this.elvMerge(b);
      const rq = this.mergeReq;
      if (how == ELEVATOR_BACK_MERGE && this.backMergeOk(rq, b)) {
        unchecked((bioNextA[unchecked(rqBioTailA[rq])] = b));
        unchecked((rqBioTailA[rq] = b));
        this.grow(rq, b);
        this.backMerges++;
        this.trace(TA_BACKMERGE, unchecked(bioSectorA[b]), unchecked(bioSectorsA[b]), unchecked(bioIocA[b]), unchecked(bioFlagsA[b]));
        if (!this.attemptBackMerge(rq)) this.elvMergedRequest(rq);
        if (sync) this.unplugBy(-1);
        return;
      }
      if (how == ELEVATOR_FRONT_MERGE && this.frontMergeOk(rq, b)) {
        unchecked((bioNextA[b] = unchecked(rqBioHeadA[rq])));
        unchecked((rqBioHeadA[rq] = b));
        unchecked((rqSectorA[rq] = unchecked(bioSectorA[b])));
        this.grow(rq, b);
        this.frontMerges++;
        this.trace(TA_FRONTMERGE, unchecked(bioSectorA[b]), unchecked(bioSectorsA[b]), unchecked(bioIocA[b]), unchecked(bioFlagsA[b]));
        if (!this.attemptFrontMerge(rq)) this.elvMergedRequest(rq);
        if (sync) this.unplugBy(-1);
        return;
      }
    }
    const rq = this.getRequest(b);
    if (rq < 0) {
      // get_request_wait: unplug, then sleep until a request is freed
      this.trace(TA_SLEEPRQ, unchecked(bioSectorA[b]), unchecked(bioSectorsA[b]), unchecked(bioIocA[b]), unchecked(bioFlagsA[b]));
      this.waitAppend(b);
      this.unplugBy(-1);
      return;
    }
    this.initRequestFromBio(rq, b);
    if (this.elvQueueEmpty()) this.plugDevice();
    this.addRequest(rq);
    if (sync) this.unplugBy(-1);
  }

  private grow(rq: i32, b: i32): void {
    unchecked((rqSectorsA[rq] += unchecked(bioSectorsA[b])));
    unchecked((rqSegmentsA[rq] = pagesSpanned(unchecked(rqSectorA[rq]), unchecked(rqSectorsA[rq]))));
    unchecked((rqPrioA[rq] = ioprioBest(unchecked(rqPrioA[rq]), unchecked(bioPrioA[b]))));
  }

  // elv_queue_empty
  elvQueueEmpty(): bool {
    return this.dispatchList.empty() && this.elevator.queueEmpty(this);
  }

  // rq_mergeable: not started, not marked unmergeable
  @inline private mergeable(rq: i32): bool {
    return (unchecked(rqFlagsA[rq]) & (RQ_STARTED | RQ_NOMERGE)) == 0;
  }

  // elv_try_merge
  private tryMerge(rq: i32, b: i32): i32 {
    if (!this.mergeable(rq) || (unchecked(rqFlagsA[rq]) & RQ_WRITE) != bioDir(b)) return ELEVATOR_NO_MERGE;
    if (rqEndSector(rq) == unchecked(bioSectorA[b])) return ELEVATOR_BACK_MERGE;
    if (unchecked(rqSectorA[rq]) - <i64>unchecked(bioSectorsA[b]) == unchecked(bioSectorA[b])) return ELEVATOR_FRONT_MERGE;
    return ELEVATOR_NO_MERGE;
  }

  // elv_merge: last_merge first, then the elevator's own lookup
  private elvMerge(b: i32): i32 {
    const last = this.lastMerge;
    if (last >= 0) {
      const how = this.tryMerge(last, b);
      if (how != ELEVATOR_NO_MERGE) {
        this.mergeReq = last;
        return how;
      }
    }
    this.mergeReq = -1;
    const how = this.elevator.merge(this, b);
    if (how != ELEVATOR_NO_MERGE && (this.mergeReq < 0 || this.tryMerge(this.mergeReq, b) != how)) return ELEVATOR_NO_MERGE;
    return how;
  }

  // elv_merged_request
  private elvMergedRequest(rq: i32): void {
    this.elevator.merged(this, rq);
    this.lastMerge = rq;
  }

  // ll_back_merge_fn / ll_front_merge_fn: within max_sectors and max segments, else never again
  private fits(rq: i32, extraSectors: i32, newStart: i64): bool {
    const total = unchecked(rqSectorsA[rq]) + extraSectors;
    if (total > this.maxSectors || pagesSpanned(newStart, total) > this.maxSegments) {
      unchecked((rqFlagsA[rq] |= RQ_NOMERGE));
      if (this.lastMerge == rq) this.lastMerge = -1;
      return false;
    }
    return true;
  }
  private backMergeOk(rq: i32, b: i32): bool {
    return this.fits(rq, unchecked(bioSectorsA[b]), unchecked(rqSectorA[rq]));
  }
  private frontMergeOk(rq: i32, b: i32): bool {
    return this.fits(rq, unchecked(bioSectorsA[b]), unchecked(bioSectorA[b]));
  }

  // attempt_back_merge / attempt_front_merge: join rq with the elevator's next / previous request
  private attemptBackMerge(rq: i32): bool {
    const next = this.elevator.latter(this, rq);
    return next >= 0 && this.attemptMerge(rq, next);
  }
  private attemptFrontMerge(rq: i32): bool {
    const prev = this.elevator.former(this, rq);
    return prev >= 0 && this.attemptMerge(prev, rq);
  }

  // attempt_merge: `next` follows rq on disk; rq takes its bios and `next` is freed
  private attemptMerge(rq: i32, next: i32): bool {
    if (!this.mergeable(rq) || !this.mergeable(next)) return false;
    if ((unchecked(rqFlagsA[rq]) & RQ_WRITE) != (unchecked(rqFlagsA[next]) & RQ_WRITE)) return false;
    if (rqEndSector(rq) != unchecked(rqSectorA[next])) return false;
    // ll_merge_requests_fn: the joined request within the limits (no NOMERGE mark here)
    const total = unchecked(rqSectorsA[rq]) + unchecked(rqSectorsA[next]);
    if (total > this.maxSectors || pagesSpanned(unchecked(rqSectorA[rq]), total) > this.maxSegments) return false;
    if (unchecked(rqStartNsA[next]) < unchecked(rqStartNsA[rq])) unchecked((rqStartNsA[rq] = unchecked(rqStartNsA[next])));
    unchecked((bioNextA[unchecked(rqBioTailA[rq])] = unchecked(rqBioHeadA[next])));
    unchecked((rqBioTailA[rq] = unchecked(rqBioTailA[next])));
    unchecked((rqSectorsA[rq] = total));
    unchecked((rqSegmentsA[rq] = pagesSpanned(unchecked(rqSectorA[rq]), total)));
    // elv_merge_requests
    this.elevator.mergeRequests(this, rq, next);
    this.nrSorted--;
    this.lastMerge = rq;
    unchecked((rqPrioA[rq] = ioprioBest(unchecked(rqPrioA[rq]), unchecked(rqPrioA[next]))));
    unchecked((rqBioHeadA[next] = -1));
    unchecked((rqBioTailA[next] = -1));
    this.putRequest(next);
    this.requestMerges++;
    return true;
  }

  // get_request: a free request for bio, or -1 (the process must wait)
  private getRequest(b: i32): i32 {
    const dir = bioDir(b);
    const may = this.elevator.mayQueue(this, dir, b);
    if (may == ELV_MQUEUE_NO) return -1;
    const c = unchecked(this.count[dir]);
    const limit = may == ELV_MQUEUE_MUST ? (3 * this.nrRequests) / 2 : this.nrRequests;
    if (c >= limit) return -1;
    const rq = requestAlloc();
    if (rq < 0) return -1;
    if (c + 1 >= this.congestionOn()) unchecked((this.congested[dir] = true));
    unchecked((this.count[dir] = c + 1));
    unchecked((rqQueueA[rq] = this.id));
    unchecked((rqFlagsA[rq] = RQ_ELVPRIV));
    unchecked((rqIocA[rq] = unchecked(bioIocA[b])));
    this.elevator.setRequest(this, rq, b);
    this.trace(TA_GETRQ, unchecked(bioSectorA[b]), unchecked(bioSectorsA[b]), unchecked(bioIocA[b]), unchecked(bioFlagsA[b]));
    return rq;
  }

  // init_request_from_bio
  private initRequestFromBio(rq: i32, b: i32): void {
    unchecked((rqFlagsA[rq] |= unchecked(bioFlagsA[b]) & (RQ_WRITE | RQ_SYNC)));
    unchecked((rqSectorA[rq] = unchecked(bioSectorA[b])));
    unchecked((rqSectorsA[rq] = unchecked(bioSectorsA[b])));
    unchecked((rqSegmentsA[rq] = pagesSpanned(unchecked(bioSectorA[b]), unchecked(bioSectorsA[b]))));
    unchecked((rqPrioA[rq] = unchecked(bioPrioA[b])));
    unchecked((rqStartNsA[rq] = now()));
    unchecked((rqBioHeadA[rq] = b));
    unchecked((rqBioTailA[rq] = b));
  }

  // add_request → __elv_add_request(ELEVATOR_INSERT_SORT) → elv_insert
  private addRequest(rq: i32): void {
    this.trace(TA_INSERT, unchecked(rqSectorA[rq]), unchecked(rqSectorsA[rq]), unchecked(rqIocA[rq]), unchecked(rqFlagsA[rq]));
    unchecked((rqFlagsA[rq] |= RQ_SORTED));
    this.nrSorted++;
    if (this.lastMerge < 0 && this.mergeable(rq)) this.lastMerge = rq;
    this.elevator.addRequest(this, rq);
    if (this.plugged) {
      const nrq = unchecked(this.count[0]) + unchecked(this.count[1]) - this.inFlight;
      if (nrq >= this.unplugThresh) {
        this.unplugsByThreshold++;
        this.unplugBy(-1);
      }
    }
  }

  // ---------------------------------------------------------------- plugging
  // blk_plug_device
  private plugDevice(): void {
    if (this.stopped || this.plugged) return;
    this.plugged = true;
    this.trace(TA_PLUG, 0, 0, -1, 0);
    timerSet(this.unplugTimerId, this.jiffyStartNs(this.jiffies() + this.unplugDelay));
  }
  // blk_remove_plug
  private removePlug(): bool {
    if (!this.plugged) return false;
    this.plugged = false;
    timerCancel(this.unplugTimerId);
    return true;
  }
  // __generic_unplug_device: run the driver if the queue was plugged; `by` T_UNPLUG for the timer
  unplugBy(by: i32): void {
    if (this.stopped || !this.removePlug()) return;
    if (by == T_UNPLUG) this.unplugsByTimer++;
    this.trace(by == T_UNPLUG ? TA_UNPLUG_TIMER : TA_UNPLUG, 0, unchecked(this.count[0]) + unchecked(this.count[1]) - this.inFlight, -1, 0);
    this.driver.requestFn(this);
  }
  // kblockd's run of the queue (cfq_kick_queue, as_work_handler). A run that moves no request and
  // asks for another run at once is a spin: 2.6.16 CFQ expires an active queue that cfq_max_depth
  // kept from dispatching (its slice_end is still 0), and __cfq_slice_expired's
  // cfq_schedule_dispatch queues the work again. Linux spins kblockd in real time until the driver
  // completes a request; here the work takes no time, so the spin would never end. Modelled: the
  // spin goes on while runs may still move something (CFQ tries its next queue each run; one with
  // the idle window ignores max_depth), at most KICK_SPIN_RUNS runs, then waits for the next event
  // — a completion, a bio, a timer — each of which runs the queue again.
  kickRun(): void {
    const before = this.requestMoves;
    if (this.kickRemovesPlug) this.runNow();
    else if (!this.elevator.queueEmpty(this)) this.driver.requestFn(this); // as_work_handler: the plug stays
    // a spin: nothing moved, and the run asked for another at once (so a row of spins is at one instant)
    if (this.requestMoves != before || timerDeadline(this.kickTimerId) != now()) {
      this.kickSpins = 0;
      return;
    }
    if (++this.kickSpins >= KICK_SPIN_RUNS) {
      timerCancel(this.kickTimerId);
      this.kickSpins = 0;
    }
  }
  // blk_remove_plug + request_fn (CFQ's kick and its direct run)
  runNow(): void {
    this.removePlug();
    if (!this.stopped) this.driver.requestFn(this);
  }

  // ---------------------------------------------------------------- the driver's side
  // elv_next_request: the request the driver should take next (it stays on the dispatch list
  // until dequeue), asking the elevator to dispatch when the list is empty; -1 for none.
  nextRequest(): i32 {
    let rq = this.dispatchList.first();
    while (rq < 0) {
      if (this.elevator.dispatch(this, false) == 0) return -1;
      rq = this.dispatchList.first();
    }
    const f = unchecked(rqFlagsA[rq]);
    if ((f & RQ_STARTED) == 0) {
      if ((f & RQ_SORTED) != 0) this.elevator.activate(this, rq);
      unchecked((rqFlagsA[rq] = f | RQ_STARTED));
      this.trace(TA_ISSUE, unchecked(rqSectorA[rq]), unchecked(rqSectorsA[rq]), unchecked(rqIocA[rq]), f);
    }
    this.endSector = rqEndSector(rq);
    return rq;
  }
  // blkdev_dequeue_request: the driver owns rq now (its queuelist links are free for the driver)
  dequeue(rq: i32): void {
    this.dispatchList.remove(rq);
    this.inFlight++;
    this.requestMoves++;
  }
  // blk_stop_queue / blk_start_queue (blkfront when its ring fills / empties)
  stop(): void {
    this.removePlug();
    this.stopped = true;
  }
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.driver.requestFn(this);
  }

  // end_that_request_first + end_that_request_last: every bio's end_io, then
  // elv_completed_request and the request freed. The driver runs the queue again itself.
  endRequest(rq: i32, error: bool): void {
    this.trace(TA_COMPLETE, unchecked(rqSectorA[rq]), unchecked(rqSectorsA[rq]), unchecked(rqIocA[rq]), unchecked(rqFlagsA[rq]));
    let b = unchecked(rqBioHeadA[rq]);
    while (b >= 0) {
      const nb = unchecked(bioNextA[b]);
      this.endIo.bioDone(this, b, error);
      this.biosCompleted++;
      bioFreeId(b);
      b = nb;
    }
    unchecked((rqBioHeadA[rq] = -1));
    unchecked((rqBioTailA[rq] = -1));
    this.requestsCompleted++;
    // elv_completed_request
    if ((unchecked(rqFlagsA[rq]) & RQ_STARTED) != 0) {
      this.inFlight--;
      if ((unchecked(rqFlagsA[rq]) & RQ_SORTED) != 0) this.elevator.completed(this, rq);
    }
    this.putRequest(rq);
  }

  // the freeing half of __blk_put_request: elv_put_request, blk_free_request, freed_request
  private putRequest(rq: i32): void {
    const dir = unchecked(rqFlagsA[rq]) & RQ_WRITE;
    if ((unchecked(rqFlagsA[rq]) & RQ_ELVPRIV) != 0) this.elevator.putRequest(this, rq);
    requestFree(rq);
    const c = unchecked(this.count[dir]) - 1;
    unchecked((this.count[dir] = c));
    if (c < this.congestionOff()) unchecked((this.congested[dir] = false));
    if (c + 1 <= this.nrRequests && unchecked(this.waitHead[dir]) >= 0) timerSet(this.wakeTimerId, now());
  }

  // ---------------------------------------------------------------- processes waiting for a request
  private waitAppend(b: i32): void {
    const d = bioDir(b);
    unchecked((bioNextA[b] = -1));
    const t = unchecked(this.waitTail[d]);
    if (t < 0) unchecked((this.waitHead[d] = b));
    else unchecked((bioNextA[t] = b));
    unchecked((this.waitTail[d] = b));
  }
  // Bios whose process slept in get_request_wait, in the order they slept: each that gets a
  // request now goes in without a merge attempt (as ll_rw_blk.c); the rest keep waiting.
  wakeWaiters(): void {
    for (let d = 0; d < 2; d++) {
      while (unchecked(this.waitHead[d]) >= 0) {
        const b = unchecked(this.waitHead[d]);
        const rq = this.getRequest(b);
        if (rq < 0) break;
        const nb = unchecked(bioNextA[b]);
        unchecked((this.waitHead[d] = nb));
        if (nb < 0) unchecked((this.waitTail[d] = -1));
        unchecked((bioNextA[b] = -1));
        this.initRequestFromBio(rq, b);
        if (this.elvQueueEmpty()) this.plugDevice();
        this.addRequest(rq);
        if (bioIsSync(b)) this.unplugBy(-1);
      }
    }
  }
  // bios whose process is waiting for a request
  waitingBios(): i32 {
    let n = 0;
    for (let d = 0; d < 2; d++) for (let b = unchecked(this.waitHead[d]); b >= 0; b = unchecked(bioNextA[b])) n++;
    return n;
  }

  // The process with io context `ioc` exited (exit_io_context).
  exitIoc(ioc: i32): void {
    this.elevator.exitIoc(this, ioc);
  }
}

// pages (segments) that sectors [start, start + n) span
@inline function pagesSpanned(start: i64, n: i32): i32 {
  const first = start / <i64>PAGE_SECTORS;
  const last = (start + <i64>n - 1) / <i64>PAGE_SECTORS;
  return <i32>(last - first + 1);
}
