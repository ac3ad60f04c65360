// The anticipatory I/O scheduler (AS), after Linux 2.6.16 block/as-iosched.c (code index id
// 16690423: `#include <linux/config.h>`, `request_queue_t`, `struct as_rq`, elv_dispatch_sort,
// exit_no_coop, elv_fs_entry sysfs): the Xen 3.0.2 default elevator (CONFIG_DEFAULT_IOSCHED).
// Deadline's structure (per-direction sort list + FIFO with expiry) split by sync/async rather
// than read/write, read and write batches timed in jiffies, a one-way elevator that allows short
// backward seeks at twice their cost, and anticipation: after a sync request of process X
// completes, AS keeps the disk idle up to antic_expire for X's next (close) read, unless
// as_can_break_anticipation finds a reason not to wait (per-process think time and seek distance
// statistics, exit probability, a close request from another process).
// Named simplifications: rb-trees are sorted lists (RqList.addSorted); the back-merge hash is a
// scan of both sort lists for a mergeable request of the bio's direction ending at its sector;
// kblockd's antic_work is the queue's kick (run after the current event, the plug left as it is); a
// process id that exited and submits again is a new process (fresh as_io_context).
import { Elevator, ELEVATOR_NO_MERGE, ELEVATOR_BACK_MERGE, ELEVATOR_FRONT_MERGE, ELV_MQUEUE_MAY, ELV_MQUEUE_MUST } from "./elevator";
import { ElvQueue } from "./elvqueue";
import {
  RqList, RqLinks, requestCapacity, IOC_CAPACITY, rqSector, rqEndSector, rqDir, rqFlags, rqIoc, rqIsSync,
  RQ_STARTED, RQ_NOMERGE, bioSector, bioEndSector, bioDir, bioIoc,
} from "./request";

const REQ_SYNC: i32 = 1; // `#define REQ_SYNC 1`: sort_list/fifo_list index of reads and sync writes
const REQ_ASYNC: i32 = 0; // `#define REQ_ASYNC 0`
const MAXBACK: i64 = 1024 * 1024; // `#define MAXBACK (1024 * 1024)` sectors: "Maximum distance the disk will go backward"
const BACK_PENALTY: i64 = 2; // `#define BACK_PENALTY 2`

// enum anticipation_status
export const ANTIC_OFF: i32 = 0; // not anticipating
export const ANTIC_WAIT_REQ: i32 = 1; // the last read has not completed yet
export const ANTIC_WAIT_NEXT: i32 = 2; // anticipating a request after the last read completed
export const ANTIC_FINISHED: i32 = 3; // anticipating, but found a candidate or timed out

// enum as_io_states (bits of as_io_context.state)
const AS_TASK_RUNNING: i32 = 1; // the process has not exited
const AS_TASK_IOSTARTED: i32 = 2; // it has started some I/O
const AS_TASK_IORUNNING: i32 = 4; // it has completed some I/O

export class Anticipatory extends Elevator {
  // --- per request (struct as_rq) ---
  private sortList: StaticArray<RqList> = new StaticArray<RqList>(2); // by is_sync
  private fifoList: StaticArray<RqList> = new StaticArray<RqList>(2);
  private expires: StaticArray<i64> = new StaticArray<i64>(0);
  private arqIoc: StaticArray<i32> = new StaticArray<i32>(0); // arq->io_context (swapped on merges)
  // --- per io context (struct as_io_context), indexed by io context id ---
  private aicLive: StaticArray<bool> = new StaticArray<bool>(IOC_CAPACITY); // ioc->aic allocated
  private aicState: StaticArray<i32> = new StaticArray<i32>(IOC_CAPACITY);
  private nrQueued: StaticArray<i32> = new StaticArray<i32>(IOC_CAPACITY);
  private nrDispatchedIoc: StaticArray<i32> = new StaticArray<i32>(IOC_CAPACITY);
  private lastEndRequest: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY); // jiffies
  private ttimeTotal: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private ttimeSamples: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private ttimeMean: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private seekTotal: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private seekSamples: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private seekMean: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private lastRequestPos: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  // --- struct as_data ---
  private nextArq: StaticArray<i32> = new StaticArray<i32>(2);
  private lastSector: StaticArray<i64> = new StaticArray<i64>(2);
  exitProb: i64 = 0; // probability (of 256) a task exits while being waited on
  exitNoCoop: i64 = 0; // probability (of 256) an exited task is not followed by a cooperating request
  private newTtimeTotal: i64 = 0;
  newTtimeMean: i64 = 0; // mean think time of new processes (jiffies)
  private newSeekTotal: i64 = 0;
  newSeekMean: i64 = 0; // mean seek distance of new processes (sectors)
  private currentBatchExpires: i64 = 0;
  private lastCheckFifo: StaticArray<i64> = new StaticArray<i64>(2);
  private changedBatch: bool = false; // waiting for the old batch to end
  private newBatch: bool = false; // waiting on the first read to complete
  batchDataDir: i32 = REQ_ASYNC; // as_init_queue's memset: the first batch counts as a write batch
  writeBatchCount: i32 = 0;
  private currentWriteCount: i32 = 0;
  private writeBatchIdled: bool = false;
  anticStatus: i32 = ANTIC_OFF;
  private anticStart: i64 = 0; // jiffies
  private ioContext: i32 = -1; // the process anticipated on (-1: NULL, the last request was async)
  private iocFinished: bool = false; // its I/O has completed
  private nrDispatched: i32 = 0;
  // --- tunables (jiffies) ---
  private fifoExpire: StaticArray<i64> = new StaticArray<i64>(2);
  private batchExpire: StaticArray<i64> = new StaticArray<i64>(2);
  private anticExpire: i64 = 0;
  private maxThinktime: i64 = 0;

  name(): string {
    return "anticipatory";
  }

  // as_init_queue
  init(q: ElvQueue): void {
    const n = requestCapacity();
    const sortLinks = new RqLinks(n);
    const fifoLinks = new RqLinks(n);
    for (let d = 0; d < 2; d++) {
      unchecked((this.sortList[d] = new RqList(sortLinks)));
      unchecked((this.fifoList[d] = new RqList(fifoLinks)));
      unchecked((this.nextArq[d] = -1));
    }
    this.expires = new StaticArray<i64>(n);
    this.arqIoc = new StaticArray<i32>(n);
    const hz = <i64>q.hz;
    unchecked((this.fifoExpire[REQ_SYNC] = hz / 8)); // `default_read_expire (HZ / 8)`: "max time before a read is submitted"
    unchecked((this.fifoExpire[REQ_ASYNC] = hz / 4)); // `default_write_expire (HZ / 4)`
    unchecked((this.batchExpire[REQ_SYNC] = hz / 2)); // `default_read_batch_expire (HZ / 2)`
    unchecked((this.batchExpire[REQ_ASYNC] = hz / 8)); // `default_write_batch_expire (HZ / 8)`
    this.anticExpire = hz / 150 != 0 ? hz / 150 : 1; // `default_antic_expire ((HZ / 150) ? HZ / 150 : 1)` "around 6ms"
    this.maxThinktime = hz / 50; // `MAX_THINKTIME (HZ/50UL)`: "Keep track of up to 20ms thinktimes"
    this.currentBatchExpires = q.jiffies() + unchecked(this.batchExpire[REQ_SYNC]);
    this.writeBatchCount = max(<i32>(unchecked(this.batchExpire[REQ_ASYNC]) / 10), 2); // as_init_queue: batch_expire[ASYNC]/10, at least 2
  }

  // as_attrs: every tunable in ms (clamped 0..INT_MAX, stored through msecs_to_jiffies)
  setTunable(q: ElvQueue, name: string, value: i64): bool {
    const j = q.msecsToJiffies(value < 0 ? 0 : value > <i64>i32.MAX_VALUE ? <i64>i32.MAX_VALUE : value);
    if (name == "read_expire") unchecked((this.fifoExpire[REQ_SYNC] = j));
    else if (name == "write_expire") unchecked((this.fifoExpire[REQ_ASYNC] = j));
    else if (name == "antic_expire") this.anticExpire = j;
    else if (name == "read_batch_expire") unchecked((this.batchExpire[REQ_SYNC] = j));
    else if (name == "write_batch_expire") unchecked((this.batchExpire[REQ_ASYNC] = j));
    else return false;
    return true;
  }

  // ------------------------------------------------------------------ io contexts
  // as_get_io_context: the process's as_io_context, made on its first request
  private getIoc(ioc: i32): void {
    if (unchecked(this.aicLive[ioc]) && (unchecked(this.aicState[ioc]) & AS_TASK_RUNNING) != 0) return;
    if (unchecked(this.aicLive[ioc]) && (unchecked(this.nrQueued[ioc]) > 0 || unchecked(this.nrDispatchedIoc[ioc]) > 0 || this.ioContext == ioc)) return; // still referenced: same process
    unchecked((this.aicLive[ioc] = true));
    unchecked((this.aicState[ioc] = AS_TASK_RUNNING)); // alloc_as_io_context
    unchecked((this.nrQueued[ioc] = 0));
    unchecked((this.nrDispatchedIoc[ioc] = 0));
    unchecked((this.lastEndRequest[ioc] = 0));
    unchecked((this.ttimeTotal[ioc] = 0));
    unchecked((this.ttimeSamples[ioc] = 0));
    unchecked((this.ttimeMean[ioc] = 0));
    unchecked((this.seekTotal[ioc] = 0));
    unchecked((this.seekSamples[ioc] = 0));
    unchecked((this.seekMean[ioc] = 0));
    unchecked((this.lastRequestPos[ioc] = 0));
  }

  // exit_as_io_context: the task exited
  exitIoc(q: ElvQueue, ioc: i32): void {
    if (unchecked(this.aicLive[ioc])) unchecked((this.aicState[ioc] &= ~AS_TASK_RUNNING));
  }

  // as_put_io_context: a sync request of the process is done (completed, or merged away)
  private putIoc(q: ElvQueue, rq: i32): void {
    const ioc = unchecked(this.arqIoc[rq]);
    if (ioc < 0 || !rqIsSync(rq) || !unchecked(this.aicLive[ioc])) return;
    unchecked((this.aicState[ioc] |= AS_TASK_IORUNNING));
    unchecked((this.lastEndRequest[ioc] = q.jiffies()));
  }

  // as_update_thinktime: EWMAs with weight 7/8, fixed point 1.0 == 256
  private updateThinktime(ioc: i32, ttime: i64): void {
    if (unchecked(this.ttimeSamples[ioc]) == 0) {
      this.newTtimeTotal = (7 * this.newTtimeTotal + 256 * ttime) / 8;
      this.newTtimeMean = this.newTtimeTotal / 256;
      this.exitProb = (7 * this.exitProb) / 8;
    }
    const samples = (7 * unchecked(this.ttimeSamples[ioc]) + 256) / 8;
    const total = (7 * unchecked(this.ttimeTotal[ioc]) + 256 * ttime) / 8;
    unchecked((this.ttimeSamples[ioc] = samples));
    unchecked((this.ttimeTotal[ioc] = total));
    unchecked((this.ttimeMean[ioc] = (total + 128) / samples));
  }

  // as_update_seekdist
  private updateSeekdist(ioc: i32, sdist0: i64): void {
    let sdist = sdist0;
    if (unchecked(this.seekSamples[ioc]) == 0) {
      this.newSeekTotal = (7 * this.newSeekTotal + 256 * sdist) / 8;
      this.newSeekMean = this.newSeekTotal / 256;
    }
    // "Don't allow the seek distance to get too large from the odd fragment, pagein, etc"
    const mean = unchecked(this.seekMean[ioc]);
    if (unchecked(this.seekSamples[ioc]) <= 60) sdist = min(sdist, mean * 4 + 2 * 1024 * 1024);
    else sdist = min(sdist, mean * 4 + 2 * 1024 * 64);
    const samples = (7 * unchecked(this.seekSamples[ioc]) + 256) / 8;
    const total = (7 * unchecked(this.seekTotal[ioc]) + 256 * sdist) / 8;
    unchecked((this.seekSamples[ioc] = samples));
    unchecked((this.seekTotal[ioc] = total));
    unchecked((this.seekMean[ioc] = (total + samples / 2) / samples));
  }

  // as_update_iohist: at a new sync request, the read→read think time and seek distance
  private updateIohist(q: ElvQueue, ioc: i32, rq: i32): void {
    if (!rqIsSync(rq)) return;
    const inFlight = unchecked(this.nrQueued[ioc]) + unchecked(this.nrDispatchedIoc[ioc]);
    const st = unchecked(this.aicState[ioc]);
    if ((st & (AS_TASK_IORUNNING | AS_TASK_IOSTARTED)) != 0) {
      let thinktime: i64 = 0;
      if ((st & AS_TASK_IORUNNING) != 0 && inFlight == 0) {
        thinktime = min(q.jiffies() - unchecked(this.lastEndRequest[ioc]), this.maxThinktime - 1);
      }
      this.updateThinktime(ioc, thinktime);
      const pos = unchecked(this.lastRequestPos[ioc]);
      const s = rqSector(rq);
      this.updateSeekdist(ioc, pos < s ? s - pos : pos - s);
    }
    unchecked((this.lastRequestPos[ioc] = rqEndSector(rq)));
    unchecked((this.aicState[ioc] |= AS_TASK_IOSTARTED));
  }

  // ------------------------------------------------------------------ anticipation
  // as_antic_expired: anticipated for antic_expire jiffies or more
  private anticExpired(q: ElvQueue): bool {
    let d = q.jiffies() - this.anticStart;
    if (d < 0) d = -d;
    return d >= this.anticExpire;
  }

  // as_antic_waitnext: wait for the next request until antic_start + antic_expire
  private anticWaitnext(q: ElvQueue): void {
    q.elvTimerArm(this.anticStart + this.anticExpire);
    this.anticStatus = ANTIC_WAIT_NEXT;
  }

  // as_antic_waitreq: start anticipating; the clock starts when the anticipated request completes
  private anticWaitreq(q: ElvQueue): void {
    if (this.anticStatus == ANTIC_OFF) {
      if (this.ioContext < 0 || this.iocFinished) this.anticWaitnext(q);
      else this.anticStatus = ANTIC_WAIT_REQ;
    }
  }

  // as_antic_stop: kill the timer and have the queue run soon (kblockd's antic_work)
  private anticStop(q: ElvQueue): void {
    const status = this.anticStatus;
    if (status == ANTIC_WAIT_REQ || status == ANTIC_WAIT_NEXT) {
      if (status == ANTIC_WAIT_NEXT) q.elvTimerCancel();
      this.anticStatus = ANTIC_FINISHED;
      this.workHandler(q);
    }
  }

  // kblockd_schedule_work(&ad->antic_work): as_work_handler runs request_fn if the elevator still
  // holds requests then, without blk_remove_plug (a plugged queue stays plugged until its unplug)
  private workHandler(q: ElvQueue): void {
    q.kick(false);
  }

  // as_antic_timeout: anticipation ran out
  timer(q: ElvQueue, which: i32): void {
    if (this.anticStatus != ANTIC_WAIT_REQ && this.anticStatus != ANTIC_WAIT_NEXT) return;
    const ioc = this.ioContext;
    this.anticStatus = ANTIC_FINISHED;
    this.workHandler(q);
    if (unchecked(this.ttimeSamples[ioc]) == 0) {
      // the process anticipated on has exited or timed out
      this.exitProb = (7 * this.exitProb + 256) / 8;
    }
    if ((unchecked(this.aicState[ioc]) & AS_TASK_RUNNING) == 0) {
      // the process was not "saved" by a cooperating request
      this.exitNoCoop = (7 * this.exitNoCoop + 256) / 8;
    }
  }

  // as_close_req: is rq close to where the last request of the batch's direction ended? The window
  // grows with the time spent anticipating: 8192 sectors, doubled per millisecond, up to 20 ms.
  private closeReq(q: ElvQueue, ioc: i32, rq: i32): bool {
    let delay: i64; // milliseconds
    if (this.anticStatus == ANTIC_OFF || !this.iocFinished) delay = 0;
    else delay = ((q.jiffies() - this.anticStart) * 1000) / <i64>q.hz;
    let delta: i64; // acceptable close offset (sectors)
    if (delay == 0) delta = 8192;
    else if (delay <= 20 && delay <= this.anticExpire) delta = <i64>8192 << delay; // (ms compared with jiffies, as the source does)
    else return true;
    const last = unchecked(this.lastSector[this.batchDataDir]);
    const next = rqSector(rq);
    if (last <= next + (delta >> 1) && next <= last + delta) return true;
    const s = last < next ? next - last : last - next;
    if (unchecked(this.seekSamples[ioc]) == 0) {
      // the process has just started I/O: judge by new processes' mean seek
      if (this.newSeekMean > s) return true;
    } else if (unchecked(this.seekMean[ioc]) > s) return true;
    return false;
  }

  // as_can_break_anticipation: rq (or -1) ends the wait for the anticipated process
  private canBreakAnticipation(q: ElvQueue, rq: i32): bool {
    const ioc = this.ioContext;
    if (rq >= 0 && ioc == unchecked(this.arqIoc[rq])) return true; // a request from the same process
    if (this.iocFinished && this.anticExpired(q)) return true; // should be FINISHED; the timer has not run yet
    if (!unchecked(this.aicLive[ioc])) return false;
    if (unchecked(this.nrQueued[ioc]) > 0) return true; // the process has more requests queued
    if (unchecked(this.nrDispatchedIoc[ioc]) > 0) return true; // or dispatched
    const running = (unchecked(this.aicState[ioc]) & AS_TASK_RUNNING) != 0;
    if (rq >= 0 && rqIsSync(rq) && this.closeReq(q, ioc, rq)) {
      // a close request that is not ours: cooperating processes; it updates our history
      if (!running) {
        if (unchecked(this.ttimeSamples[ioc]) == 0) this.exitProb = (7 * this.exitProb + 256) / 8;
        this.exitNoCoop = (7 * this.exitNoCoop) / 8;
      }
      this.updateIohist(q, ioc, rq);
      return true;
    }
    if (!running) {
      // the process anticipated on has exited
      if (unchecked(this.ttimeSamples[ioc]) == 0) this.exitProb = (7 * this.exitProb + 256) / 8;
      if (this.exitNoCoop > 128) return true;
    }
    if (unchecked(this.ttimeSamples[ioc]) == 0) {
      if (this.newTtimeMean > this.anticExpire) return true;
      if (this.exitProb * this.exitNoCoop > 128 * 256) return true;
    } else if (unchecked(this.ttimeMean[ioc]) > this.anticExpire) {
      return true; // the process thinks too much between requests
    }
    return false;
  }

  // as_can_anticipate: keep waiting rather than run rq?
  private canAnticipate(q: ElvQueue, rq: i32): bool {
    if (this.ioContext < 0) return false; // the last request was a write
    if (this.anticStatus == ANTIC_FINISHED) return false; // don't restart right after finishing
    if (this.canBreakAnticipation(q, rq)) return false;
    return true;
  }

  // ------------------------------------------------------------------ choosing requests
  // as_choose_req: the better of two requests of one direction by head distance, a backward seek
  // of up to MAXBACK costing BACK_PENALTY times its length, farther back ones only after a wrap
  private chooseReq(r1: i32, r2: i32): i32 {
    if (r1 < 0 || r1 == r2) return r2;
    if (r2 < 0) return r1;
    const last = unchecked(this.lastSector[isSyncIdx(r1)]);
    const s1 = rqSector(r1);
    const s2 = rqSector(r2);
    let d1: i64 = 0;
    let d2: i64 = 0;
    let w1 = false;
    let w2 = false;
    if (s1 >= last) d1 = s1 - last;
    else if (s1 + MAXBACK >= last) d1 = (last - s1) * BACK_PENALTY;
    else w1 = true;
    if (s2 >= last) d2 = s2 - last;
    else if (s2 + MAXBACK >= last) d2 = (last - s2) * BACK_PENALTY;
    else w2 = true;
    if (!w1 && w2) return r1;
    if (!w2 && w1) return r2;
    if (w1 && w2) return s1 <= s2 ? r1 : r2; // both behind the head
    if (d1 < d2) return r1;
    if (d2 < d1) return r2;
    return s1 >= s2 ? r1 : r2;
  }

  // as_find_next_arq: after `last` in elevator order (its sort-list neighbours, wrapping forward)
  private findNextArq(last: i32): i32 {
    const list = unchecked(this.sortList[isSyncIdx(last)]);
    const prev = list.prevOf(last);
    let next = list.nextOf(last);
    if (next < 0) {
      next = list.first();
      if (next == last) next = -1;
    }
    return this.chooseReq(next, prev);
  }

  // ------------------------------------------------------------------ lists
  // as_add_arq_rb: an alias (same start sector) goes to the dispatch list first
  private addRb(q: ElvQueue, rq: i32): void {
    const list = unchecked(this.sortList[isSyncIdx(rq)]);
    const s = rqSector(rq);
    for (let a = list.first(); a >= 0 && rqSector(a) <= s; a = list.nextOf(a)) {
      if (rqSector(a) == s) {
        this.moveToDispatch(q, a);
        this.anticStop(q);
        break;
      }
    }
    list.addSorted(rq);
  }

  // as_remove_queued_request: off the sort list and FIFO, next_arq moved on if it was rq
  private removeQueued(rq: i32): void {
    const dir = isSyncIdx(rq);
    const ioc = unchecked(this.arqIoc[rq]);
    if (ioc >= 0 && unchecked(this.aicLive[ioc])) unchecked((this.nrQueued[ioc] -= 1));
    if (unchecked(this.nextArq[dir]) == rq) unchecked((this.nextArq[dir] = this.findNextArq(rq)));
    const fifo = unchecked(this.fifoList[dir]);
    if (fifo.links.linked(rq)) fifo.remove(rq);
    unchecked(this.sortList[dir]).remove(rq);
  }

  // the request's start sector moved (a front merge): reposition it in the sort list
  private reposition(q: ElvQueue, rq: i32): void {
    const list = unchecked(this.sortList[isSyncIdx(rq)]);
    const prev = list.prevOf(rq);
    const next = list.nextOf(rq);
    const s = rqSector(rq);
    if ((prev < 0 || rqSector(prev) < s) && (next < 0 || rqSector(next) > s)) return;
    list.remove(rq);
    this.addRb(q, rq);
  }

  // as_move_to_dispatch
  private moveToDispatch(q: ElvQueue, rq: i32): void {
    const dir = isSyncIdx(rq);
    this.anticStop(q);
    this.anticStatus = ANTIC_OFF;
    unchecked((this.lastSector[dir] = rqEndSector(rq)));
    if (dir == REQ_SYNC) {
      this.ioContext = unchecked(this.arqIoc[rq]); // in case we have to anticipate after this
    } else {
      this.ioContext = -1;
      if (this.currentWriteCount != 0) this.currentWriteCount--;
    }
    this.iocFinished = false;
    unchecked((this.nextArq[dir] = this.findNextArq(rq)));
    this.removeQueued(rq);
    q.dispatchSort(rq);
    const ioc = unchecked(this.arqIoc[rq]);
    if (ioc >= 0 && unchecked(this.aicLive[ioc])) unchecked((this.nrDispatchedIoc[ioc] += 1));
    this.nrDispatched++;
  }

  // as_fifo_expired: the oldest request of `dir` is overdue; checked at most once per fifo_expire
  private fifoExpired(q: ElvQueue, dir: i32): bool {
    const j = q.jiffies();
    let d = j - unchecked(this.lastCheckFifo[dir]);
    if (d < 0) d = -d;
    if (d < unchecked(this.fifoExpire[dir])) return false;
    unchecked((this.lastCheckFifo[dir] = j));
    const fifo = unchecked(this.fifoList[dir]);
    if (fifo.empty()) return false;
    return j > unchecked(this.expires[fifo.first()]);
  }

  // as_batch_expired
  private batchExpired(q: ElvQueue): bool {
    if (this.changedBatch || this.newBatch) return false;
    const over = q.jiffies() > this.currentBatchExpires;
    if (this.batchDataDir == REQ_SYNC) return over;
    return over || this.currentWriteCount == 0;
  }

  // update_write_batch: auto-tune how many writes a write batch may take, toward write_batch_expire
  private updateWriteBatch(q: ElvQueue): void {
    const batch = unchecked(this.batchExpire[REQ_ASYNC]);
    let writeTime = q.jiffies() - this.currentBatchExpires + batch;
    if (writeTime < 0) writeTime = 0;
    if (writeTime > batch && !this.writeBatchIdled) {
      if (writeTime > batch * 3) this.writeBatchCount /= 2;
      else this.writeBatchCount--;
    } else if (writeTime < batch && this.currentWriteCount == 0) {
      if (batch > writeTime * 3) this.writeBatchCount *= 2;
      else this.writeBatchCount++;
    }
    if (this.writeBatchCount < 1) this.writeBatchCount = 1;
  }

  // ------------------------------------------------------------------ elevator_ops
  // as_merge: a back merge by end sector; a front merge looked up in sort_list[bio_data_dir(bio)]
  // — the source indexes the is_sync-keyed list by data direction, so a read bio searches the async
  // list (and its candidate then fails elv_rq_merge_ok): reads never front-merge here, as in 2.6.16.
  merge(q: ElvQueue, bio: i32): i32 {
    const start = bioSector(bio);
    const dir = bioDir(bio);
    for (let l = 0; l < 2; l++) {
      const list = unchecked(this.sortList[l]);
      for (let rq = list.first(); rq >= 0; rq = list.nextOf(rq)) {
        if (rqEndSector(rq) == start && mergeable(rq) && rqDir(rq) == dir) {
          q.mergeReq = rq;
          return ELEVATOR_BACK_MERGE;
        }
      }
    }
    const key = bioEndSector(bio);
    const list = unchecked(this.sortList[dir]);
    for (let rq = list.first(); rq >= 0 && rqSector(rq) <= key; rq = list.nextOf(rq)) {
      if (rqSector(rq) == key) {
        if (mergeable(rq) && rqDir(rq) == dir) {
          q.mergeReq = rq;
          return ELEVATOR_FRONT_MERGE;
        }
        break;
      }
    }
    return ELEVATOR_NO_MERGE;
  }

  // as_merged_request
  merged(q: ElvQueue, rq: i32): void {
    this.reposition(q, rq);
  }

  // as_merged_requests: rq absorbed `next`; rq takes next's FIFO place (and io context) if next was due earlier
  mergeRequests(q: ElvQueue, rq: i32, next: i32): void {
    this.reposition(q, rq);
    const fifo = unchecked(this.fifoList[isSyncIdx(rq)]);
    if (fifo.links.linked(rq) && fifo.links.linked(next) && unchecked(this.expires[next]) < unchecked(this.expires[rq])) {
      fifo.remove(rq);
      fifo.insertAfter(next, rq);
      unchecked((this.expires[rq] = unchecked(this.expires[next])));
      const a = unchecked(this.arqIoc[rq]); // swap_io_context
      unchecked((this.arqIoc[rq] = unchecked(this.arqIoc[next])));
      unchecked((this.arqIoc[next] = a));
    }
    this.removeQueued(next);
    this.putIoc(q, next);
  }

  // as_add_request
  addRequest(q: ElvQueue, rq: i32): void {
    const dir = isSyncIdx(rq);
    const ioc = rqIoc(rq); // as_get_io_context(): the submitting process
    unchecked((this.arqIoc[rq] = ioc));
    this.getIoc(ioc);
    this.updateIohist(q, ioc, rq);
    unchecked((this.nrQueued[ioc] += 1));
    this.addRb(q, rq);
    unchecked((this.expires[rq] = q.jiffies() + unchecked(this.fifoExpire[dir])));
    unchecked(this.fifoList[dir]).addTail(rq);
    // as_update_arq: keep next_arq current; have we been anticipating this request?
    unchecked((this.nextArq[dir] = this.chooseReq(rq, unchecked(this.nextArq[dir]))));
    if (this.anticStatus == ANTIC_WAIT_REQ || this.anticStatus == ANTIC_WAIT_NEXT) {
      if (this.canBreakAnticipation(q, rq)) this.anticStop(q);
    }
  }

  // as_activate_request / as_deactivate_request
  activate(q: ElvQueue, rq: i32): void {
    const ioc = unchecked(this.arqIoc[rq]);
    if (ioc >= 0 && unchecked(this.aicLive[ioc])) unchecked((this.nrDispatchedIoc[ioc] -= 1));
  }
  deactivate(q: ElvQueue, rq: i32): void {
    const ioc = unchecked(this.arqIoc[rq]);
    if (ioc >= 0 && unchecked(this.aicLive[ioc])) unchecked((this.nrDispatchedIoc[ioc] += 1));
  }

  queueEmpty(q: ElvQueue): bool {
    return unchecked(this.fifoList[REQ_ASYNC]).empty() && unchecked(this.fifoList[REQ_SYNC]).empty();
  }

  // as_completed_request
  completed(q: ElvQueue, rq: i32): void {
    if (this.changedBatch && this.nrDispatched == 1) {
      this.workHandler(q);
      this.changedBatch = false;
      if (this.batchDataDir == REQ_SYNC) this.newBatch = true;
    }
    this.nrDispatched--;
    // count the batch from when a request of its direction is actually serviced
    if (this.newBatch && this.batchDataDir == isSyncIdx(rq)) {
      this.updateWriteBatch(q);
      this.currentBatchExpires = q.jiffies() + unchecked(this.batchExpire[REQ_SYNC]);
      this.newBatch = false;
    }
    const ioc = unchecked(this.arqIoc[rq]);
    if (this.ioContext >= 0 && this.ioContext == ioc) {
      this.anticStart = q.jiffies();
      this.iocFinished = true;
      if (this.anticStatus == ANTIC_WAIT_REQ) this.anticWaitnext(q); // now anticipate the next one
    }
    this.putIoc(q, rq);
  }

  former(q: ElvQueue, rq: i32): i32 {
    const l = unchecked(this.sortList[isSyncIdx(rq)]);
    return l.links.linked(rq) ? l.prevOf(rq) : -1;
  }
  latter(q: ElvQueue, rq: i32): i32 {
    const l = unchecked(this.sortList[isSyncIdx(rq)]);
    return l.links.linked(rq) ? l.nextOf(rq) : -1;
  }

  // as_may_queue: the anticipated process may always allocate a request
  mayQueue(q: ElvQueue, dir: i32, bio: i32): i32 {
    if ((this.anticStatus == ANTIC_WAIT_REQ || this.anticStatus == ANTIC_WAIT_NEXT) && this.ioContext == bioIoc(bio)) return ELV_MQUEUE_MUST;
    return ELV_MQUEUE_MAY;
  }

  // as_dispatch_request
  dispatch(q: ElvQueue, force: bool): i32 {
    const reads = !unchecked(this.fifoList[REQ_SYNC]).empty();
    const writes = !unchecked(this.fifoList[REQ_ASYNC]).empty();
    if (force) {
      // forced dispatch: reset the batch accounting and dump both lists
      let n = 0;
      this.batchDataDir = REQ_SYNC;
      this.changedBatch = false;
      this.newBatch = false;
      while (unchecked(this.nextArq[REQ_SYNC]) >= 0) {
        this.moveToDispatch(q, unchecked(this.nextArq[REQ_SYNC]));
        n++;
      }
      unchecked((this.lastCheckFifo[REQ_SYNC] = q.jiffies()));
      while (unchecked(this.nextArq[REQ_ASYNC]) >= 0) {
        this.moveToDispatch(q, unchecked(this.nextArq[REQ_ASYNC]));
        n++;
      }
      unchecked((this.lastCheckFifo[REQ_ASYNC] = q.jiffies()));
      return n;
    }
    // the write batch was uncontended, so it cannot be timed
    if (this.batchDataDir == REQ_ASYNC && !reads) {
      if (this.currentWriteCount == 0 || !writes) this.writeBatchIdled = true;
    }
    if (!(reads || writes) || this.anticStatus == ANTIC_WAIT_REQ || this.anticStatus == ANTIC_WAIT_NEXT || this.changedBatch) return 0;

    let rq: i32 = -1;
    let chosen = false; // `goto dispatch_request`
    let expired = false; // `goto fifo_expired`
    if (!(reads && writes && this.batchExpired(q))) {
      // the batch is still running, or there are no reads or no writes
      rq = unchecked(this.nextArq[this.batchDataDir]);
      if (this.batchDataDir == REQ_SYNC && this.anticExpire != 0) {
        if (this.fifoExpired(q, REQ_SYNC)) {
          expired = true;
        } else if (this.canAnticipate(q, rq)) {
          this.anticWaitreq(q);
          return 0;
        }
      }
      if (!expired && rq >= 0) {
        if (reads && !writes) this.currentBatchExpires = q.jiffies() + unchecked(this.batchExpire[REQ_SYNC]);
        chosen = true;
      }
    }
    if (!chosen && !expired) {
      // not running a batch: choose the direction
      if (reads && !(writes && this.batchDataDir == REQ_SYNC)) {
        if (this.batchDataDir == REQ_ASYNC) this.changedBatch = true;
        this.batchDataDir = REQ_SYNC;
        rq = unchecked(this.fifoList[REQ_SYNC]).first();
        unchecked((this.lastCheckFifo[REQ_SYNC] = q.jiffies()));
      } else {
        // dispatch_writes (the last batch was a read, or there are no reads)
        if (this.batchDataDir == REQ_SYNC) {
          this.changedBatch = true;
          this.newBatch = false;
        }
        this.batchDataDir = REQ_ASYNC;
        this.currentWriteCount = this.writeBatchCount;
        this.writeBatchIdled = false;
        rq = unchecked(this.nextArq[REQ_ASYNC]);
      }
    }
    // dispatch_request: an expired request is served first
    if (expired || this.fifoExpired(q, this.batchDataDir)) rq = unchecked(this.fifoList[this.batchDataDir]).first();
    if (this.changedBatch) {
      if (this.nrDispatched != 0) return 0;
      if (this.batchDataDir == REQ_ASYNC) this.currentBatchExpires = q.jiffies() + unchecked(this.batchExpire[REQ_ASYNC]);
      else this.newBatch = true;
      this.changedBatch = false;
    }
    this.moveToDispatch(q, rq);
    return 1;
  }
}

// arq->is_sync: reads and sync writes (REQ_SYNC 1), other writes (REQ_ASYNC 0)
@inline function isSyncIdx(rq: i32): i32 {
  return rqIsSync(rq) ? REQ_SYNC : REQ_ASYNC;
}

// rq_mergeable
@inline function mergeable(rq: i32): bool {
  return (rqFlags(rq) & (RQ_STARTED | RQ_NOMERGE)) == 0;
}
