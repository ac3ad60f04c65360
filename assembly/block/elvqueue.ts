// What an elevator may use of its request queue (the parts of 2.6.16 `request_queue_t` and
// block/elevator.c that as-, deadline- and cfq-iosched.c touch): the clock and jiffies at the
// queue's HZ, the dispatch list (elv_dispatch_sort, elv_dispatch_add_tail), rq_in_driver, last_merge,
// two timers (AS's antic timer; CFQ's idle-slice and idle-class timers), and a kick that schedules a run of the queue (kblockd_schedule_work). queue.ts's
// RequestQueue extends it with make_request, plugging and the driver; an elevator sees only this.
import { now, NS_PER_S } from "../engine/clock";
import { timerSet, timerCancel, timerPending } from "../engine/timer";
import { RqList, queuelist, rqSector, rqEndSector, rqFlags, RQ_STARTED } from "./request";

// timers an elevator may use: AS has one (antic_timer), CFQ two (idle_slice_timer, idle_class_timer)
export const ELV_TIMERS: i32 = 2;

export class ElvQueue {
  // the queue's number in the run (blktrace device, logs)
  readonly id: i32;
  // CONFIG_HZ of the kernel that owns the queue (100 in Xen 3.0.2's dom0 and guests)
  readonly hz: i32;
  // q->queue_head: requests handed to the driver's side, in the order it takes them
  readonly dispatchList: RqList = new RqList(queuelist);
  // q->last_merge: the request the last bio merged into (or the last added), tried first by elv_merge
  lastMerge: i32 = -1;
  // elevator_merge_fn's out-parameter (`struct request **req`)
  mergeReq: i32 = -1;
  // q->end_sector: where the request the driver took last ends (elv_dispatch_sort's boundary)
  endSector: i64 = 0;
  // q->nr_sorted: requests inside the elevator; q->in_flight: taken by the driver, not completed
  nrSorted: i32 = 0;
  inFlight: i32 = 0;
  // requests moved onto the dispatch list or taken off it by the driver, ever (a run's progress)
  requestMoves: i64 = 0;
  // engine timer ids (engine/timer.ts), given by queue.ts: ELV_TIMERS for the elevator from the first
  protected elvTimerId: i32;
  protected kickTimerId: i32;
  // the pending kick's kind (kick's `removePlug`)
  protected kickRemovesPlug: bool = true;

  constructor(id: i32, hz: i32, elvTimerId: i32, kickTimerId: i32) {
    this.id = id;
    this.hz = hz;
    this.elvTimerId = elvTimerId;
    this.kickTimerId = kickTimerId;
  }

  // --- time ---
  @inline nowNs(): i64 {
    return now();
  }
  // where the run's t = 0 falls within a tick (ns, below 1/HZ): a kernel's tick grid is its own,
  // not aligned with the run's start nor with another kernel's (0 on the bench: the run starts at a tick)
  tickPhaseNs: i64 = 0;
  // jiffies at time t: ticks of 1/HZ counted from the tick before the run's start
  @inline jiffiesAt(t: i64): i64 {
    return ((t + this.tickPhaseNs) * <i64>this.hz) / NS_PER_S;
  }
  @inline jiffies(): i64 {
    return this.jiffiesAt(now());
  }
  // when tick j begins (ns; rounded up for an HZ that does not divide 10^9)
  @inline jiffyStartNs(j: i64): i64 {
    return (j * NS_PER_S + <i64>this.hz - 1) / <i64>this.hz - this.tickPhaseNs;
  }
  // msecs_to_jiffies (kernel/time.c, HZ ≤ 1000 dividing 1000): rounded up
  msecsToJiffies(ms: i64): i64 {
    const per = <i64>(1000 / this.hz);
    return (ms + per - 1) / per;
  }
  // jiffies_to_msecs: what sysfs shows
  jiffiesToMsecs(j: i64): i64 {
    return j * <i64>(1000 / this.hz);
  }

  // --- the dispatch list ---
  // elv_dispatch_sort: insert rq into the dispatch list sorted by sector from the queue's
  // end_sector on (one-way elevator order), never before a request the driver has started.
  dispatchSort(rq: i32): void {
    if (this.lastMerge == rq) this.lastMerge = -1;
    this.nrSorted--;
    this.requestMoves++;
    const boundary = this.endSector;
    const s = rqSector(rq);
    const l = this.dispatchList;
    let pos = l.last();
    while (pos >= 0) {
      if ((rqFlags(pos) & RQ_STARTED) != 0) break;
      const ps = rqSector(pos);
      if (s >= boundary) {
        if (ps < boundary) {
          pos = l.prevOf(pos);
          continue;
        }
      } else if (ps >= boundary) break;
      if (s >= ps) break;
      pos = l.prevOf(pos);
    }
    l.insertAfter(pos, rq);
  }
  // elv_dispatch_add_tail: append rq; the queue's end_sector becomes its end
  dispatchAddTail(rq: i32): void {
    if (this.lastMerge == rq) this.lastMerge = -1;
    this.nrSorted--;
    this.requestMoves++;
    this.endSector = rqEndSector(rq);
    this.dispatchList.addTail(rq);
  }
  // requests taken by the driver and not yet completed (AS's and CFQ's rq_in_driver)
  @inline rqInDriver(): i32 {
    return this.inFlight;
  }

  // --- the elevator's timers (ELV_TIMERS per queue, numbered from 0) ---
  // mod_timer(t, expires): timer `which` fires at the tick `expires` (at the next tick if that has
  // passed), calling Elevator.timer(q, which); re-arming moves it.
  elvTimerArm(expiresJiffies: i64, which: i32 = 0): void {
    assert(which >= 0 && which < ELV_TIMERS, "an elevator timer beyond ELV_TIMERS");
    const j = max(expiresJiffies, this.jiffies() + 1);
    timerSet(this.elvTimerId + which, this.jiffyStartNs(j));
  }
  // del_timer
  elvTimerCancel(which: i32 = 0): void {
    timerCancel(this.elvTimerId + which);
  }
  elvTimerPending(which: i32 = 0): bool {
    return timerPending(this.elvTimerId + which);
  }

  // --- running the queue ---
  // kblockd_schedule_work(q's work): run the queue as soon as the current event is done, as the
  // kblockd thread would (its scheduling latency is not modelled). CFQ's work (cfq_kick_queue)
  // removes the plug and calls request_fn; AS's (as_work_handler) calls request_fn only if the
  // elevator still holds requests when it runs, and leaves the plug as it is: `removePlug` false.
  kick(removePlug: bool = true): void {
    this.kickRemovesPlug = removePlug;
    timerSet(this.kickTimerId, now());
  }
  // blk_remove_plug + q->request_fn(q) now, from the elevator's own context (CFQ does this when the
  // request it idled for arrives). RequestQueue implements it.
  runNow(): void {}
}
