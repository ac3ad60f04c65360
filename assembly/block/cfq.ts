// CFQ v3 (time slices, io priorities), after the 2.6.15/2.6.16-era block/cfq-iosched.c (code index
// id 5130679: `#include <linux/config.h>`, `request_queue_t`, `gfp_t`, `struct cfq_rq`,
// cfq_max_depth, its own cfq_fs_entry sysfs). One queue (cfqq) per process for its sync I/O (key =
// pid) and a shared async key; queues wait on round-robin lists per BE level (rr_list[0..7],
// visited in the widening pattern of cfq_get_next_prio_level), RT queues on cur_rr, idle-class
// queues on idle_rr (served only CFQ_IDLE_GRACE after the last non-idle completion). The active
// queue dispatches up to `quantum` requests per round within its time slice (slice_sync/async
// scaled by level; an async queue ends after slice_async_rq-derived requests); a sync queue that
// empties inside its slice keeps the disk idle up to slice_idle for its process (the idle window,
// turned off for a process whose mean think time exceeds slice_idle); without the idle window at
// most max_depth requests are in the driver.
// Kept as the source has them: a process's first request decides its single cfqq (cic->cfqq, so a
// reader's later async writes join its sync queue); the queue lookup matches the task's ioprio
// value, which never equals a queue's for ioprio NONE, so every NONE process gets its own queue;
// cfqd->last_sector is never updated, so cfq_choose_req measures from sector 0 (lowest first);
// cfq_arm_slice_timer takes min(slice_end − 1, slice_idle) of an absolute and a relative jiffy count;
// an active queue that cfq_max_depth keeps from dispatching is expired by the next run (slice_end
// 0) and __cfq_slice_expired kicks kblockd again — Linux spins there until a completion; the queue
// (RequestQueue.kickRun, queue.ts) ends that spin and waits for the next event instead.
// Named simplifications: rb-trees and hashes are sorted lists and scans; every process runs at nice 0
// (task_nice_ioprio = 4 for ioprio NONE); no cfq_prio_boost (has_fs_excl is never true here); no
// request-allocation failure (rq_starved); pid keys are io context + 1 (key 0 is CFQ_KEY_ASYNC).
import { Elevator, ELEVATOR_NO_MERGE, ELEVATOR_BACK_MERGE, ELEVATOR_FRONT_MERGE, ELV_MQUEUE_MAY, ELV_MQUEUE_MUST } from "./elevator";
import { ElvQueue } from "./elvqueue";
import {
  RqList, RqLinks, requestCapacity, IOC_CAPACITY, rqSector, rqEndSector, rqDir, rqFlags, rqStartNs, RQ_STARTED, RQ_NOMERGE,
  bioSector, bioEndSector, bioDir, bioIsSync, bioIoc, bioIoprio, ioprioClass, ioprioData, ioprioValue,
  IOPRIO_CLASS_RT, IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE, IOPRIO_BE_NR,
} from "./request";


const CFQ_PRIO_LISTS: i32 = IOPRIO_BE_NR; // `#define CFQ_PRIO_LISTS IOPRIO_BE_NR`
const CFQ_SLICE_SCALE: i64 = 5; // `#define CFQ_SLICE_SCALE (5)`
const CFQ_KEY_ASYNC: i32 = 0; // `#define CFQ_KEY_ASYNC (0)`
const ASYNC: i32 = 0;
const SYNC: i32 = 1;
const NICE_IOPRIO: i32 = 4; // task_nice_ioprio(tsk) = (nice + 20) / 5 at nice 0
const T_IDLE_SLICE: i32 = 0; // idle_slice_timer
const T_IDLE_CLASS: i32 = 1; // idle_class_timer
const L_BUSY: i32 = CFQ_PRIO_LISTS; // list ids after the eight rr_lists
const L_CUR: i32 = CFQ_PRIO_LISTS + 1;
const L_IDLE: i32 = CFQ_PRIO_LISTS + 2;

// enum cfqq_state_flags
const F_ON_RR: i32 = 1;
const F_WAIT_REQUEST: i32 = 2;
const F_MUST_ALLOC: i32 = 4;
const F_MUST_ALLOC_SLICE: i32 = 8;
const F_MUST_DISPATCH: i32 = 16;
const F_FIFO_EXPIRE: i32 = 32;
const F_IDLE_WINDOW: i32 = 64;

export class Cfq extends Elevator {
  // --- tunables (cfq_init_queue), jiffies where time ---
  private quantum: i64 = 4; // `cfq_quantum = 4;` "max queue in one round of service"
  private queued: i64 = 8; // `cfq_queued = 8;` "minimum rq allocate limit per-queue" (q->nr_batching; unused by 2.6.16's __cfq_may_queue)
  private fifoExpire: StaticArray<i64> = new StaticArray<i64>(2); // `cfq_fifo_expire[2] = { HZ / 4, HZ / 8 }` (async, sync)
  private backMax: i64 = 16 * 1024; // `cfq_back_max = 16 * 1024;` "maximum backwards seek, in KiB"
  private backPenalty: i64 = 2; // `cfq_back_penalty = 2;`
  private slice: StaticArray<i64> = new StaticArray<i64>(2); // `cfq_slice_async = HZ / 25`, `cfq_slice_sync = HZ / 10`
  private sliceAsyncRq: i64 = 2; // `cfq_slice_async_rq = 2;`
  private sliceIdle: i64 = 1; // `cfq_slice_idle = HZ / 100;` (cfq_init: at least 1)
  private maxDepth: i64 = 2; // `cfq_max_depth = 2;` "disable queueing at the driver/hardware level"
  private idleGrace: i64 = 10; // `#define CFQ_IDLE_GRACE (HZ / 10)`

  // --- struct cfq_queue, by queue id ---
  private qLinks: RqLinks = new RqLinks(0); // cfq_list: the rr/busy/cur/idle list a queue is on
  private qOn: StaticArray<i32> = new StaticArray<i32>(0); // which list (L_* or an rr level), -1 for none
  private qFree: i32 = -1;
  private qKey: StaticArray<i32> = new StaticArray<i32>(0);
  private qClass: StaticArray<i32> = new StaticArray<i32>(0);
  private qPrio: StaticArray<i32> = new StaticArray<i32>(0);
  private qFlags: StaticArray<i32> = new StaticArray<i32>(0);
  private qRef: StaticArray<i32> = new StaticArray<i32>(0);
  private liveQueues: RqList = new RqList(new RqLinks(0)); // the cfq_hash: every queue in use
  private qSort: StaticArray<RqList> = new StaticArray<RqList>(0);
  private qFifo: StaticArray<RqList> = new StaticArray<RqList>(0);
  private qNext: StaticArray<i32> = new StaticArray<i32>(0); // next_crq
  private qQueued: StaticArray<i32> = new StaticArray<i32>(0); // queued[2] as [2q + sync]
  private qAllocated: StaticArray<i32> = new StaticArray<i32>(0); // allocated[2] as [2q + rw]
  private qOnDispatch: StaticArray<i32> = new StaticArray<i32>(0); // on_dispatch[2] as [2q + sync]
  private qSliceEnd: StaticArray<i64> = new StaticArray<i64>(0);
  private qSliceLeft: StaticArray<i64> = new StaticArray<i64>(0);
  private qServiceLast: StaticArray<i64> = new StaticArray<i64>(0);
  // --- struct cfq_rq, by request id ---
  private crqQueue: StaticArray<i32> = new StaticArray<i32>(0);
  private crqCic: StaticArray<i32> = new StaticArray<i32>(0);
  private crqSync: StaticArray<bool> = new StaticArray<bool>(0);
  // --- struct cfq_io_context, by io context ---
  private cicQueue: StaticArray<i32> = new StaticArray<i32>(IOC_CAPACITY);
  private cicLive: StaticArray<bool> = new StaticArray<bool>(IOC_CAPACITY);
  private cicExited: StaticArray<bool> = new StaticArray<bool>(IOC_CAPACITY); // ioc->task == NULL
  private cicLastEnd: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private cicTtimeTotal: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private cicTtimeSamples: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  private cicTtimeMean: StaticArray<i64> = new StaticArray<i64>(IOC_CAPACITY);
  // --- struct cfq_data ---
  private rrList: StaticArray<RqList> = new StaticArray<RqList>(CFQ_PRIO_LISTS);
  private busyRr: RqList = new RqList(new RqLinks(0));
  private curRr: RqList = new RqList(new RqLinks(0));
  private idleRr: RqList = new RqList(new RqLinks(0));
  private busyQueues: i32 = 0;
  private rqInDriver: i32 = 0;
  private activeQueue: i32 = -1;
  private activeCic: i32 = -1;
  private curPrio: i32 = 0;
  private curEndPrio: i32 = 0;
  private dispatchSlice: i64 = 0;
  private lastSector: i64 = 0; // never updated in this version of the file (see the header)
  private lastEndRequest: i64 = 0;

  name(): string {
    return "cfq";
  }

  init(q: ElvQueue): void {
    const hz = <i64>q.hz;
    unchecked((this.fifoExpire[ASYNC] = hz / 4));
    unchecked((this.fifoExpire[SYNC] = hz / 8));
    unchecked((this.slice[ASYNC] = max(hz / 25, 1))); // cfq_init: "could be 0 on HZ < 1000 setups"
    unchecked((this.slice[SYNC] = hz / 10));
    this.sliceIdle = max(hz / 100, 1);
    this.idleGrace = hz / 10;
    const n = requestCapacity();
    const qc = IOC_CAPACITY + n; // each live queue is held by a process or by one of its requests
    this.qLinks = new RqLinks(qc);
    this.qOn = new StaticArray<i32>(qc);
    this.qKey = new StaticArray<i32>(qc);
    this.qClass = new StaticArray<i32>(qc);
    this.qPrio = new StaticArray<i32>(qc);
    this.qFlags = new StaticArray<i32>(qc);
    this.qRef = new StaticArray<i32>(qc);
    this.liveQueues = new RqList(new RqLinks(qc));
    this.qSort = new StaticArray<RqList>(qc);
    this.qFifo = new StaticArray<RqList>(qc);
    this.qNext = new StaticArray<i32>(qc);
    this.qQueued = new StaticArray<i32>(2 * qc);
    this.qAllocated = new StaticArray<i32>(2 * qc);
    this.qOnDispatch = new StaticArray<i32>(2 * qc);
    this.qSliceEnd = new StaticArray<i64>(qc);
    this.qSliceLeft = new StaticArray<i64>(qc);
    this.qServiceLast = new StaticArray<i64>(qc);
    const sortLinks = new RqLinks(n);
    const fifoLinks = new RqLinks(n);
    this.qFree = -1;
    for (let i = qc - 1; i >= 0; i--) {
      unchecked((this.qSort[i] = new RqList(sortLinks)));
      unchecked((this.qFifo[i] = new RqList(fifoLinks)));
      unchecked((this.qNext[i] = this.qFree)); // the free list runs through next_crq
      unchecked((this.qOn[i] = -1));
      this.qFree = i;
    }
    for (let p = 0; p < CFQ_PRIO_LISTS; p++) unchecked((this.rrList[p] = new RqList(this.qLinks)));
    this.busyRr = new RqList(this.qLinks);
    this.curRr = new RqList(this.qLinks);
    this.idleRr = new RqList(this.qLinks);
    this.crqQueue = new StaticArray<i32>(n);
    this.crqCic = new StaticArray<i32>(n);
    this.crqSync = new StaticArray<bool>(n);
    for (let i = 0; i < IOC_CAPACITY; i++) unchecked((this.cicQueue[i] = -1));
  }

  // the sysfs entries (cfq_fs_entry): ms ones through msecs_to_jiffies, each clamped as its STORE_FUNCTION
  setTunable(q: ElvQueue, name: string, value: i64): bool {
    const v = value < 0 ? 0 : value > <i64>u32.MAX_VALUE ? <i64>u32.MAX_VALUE : value;
    const at1 = max(v, 1);
    if (name == "quantum") this.quantum = at1;
    else if (name == "queued") this.queued = at1;
    else if (name == "fifo_expire_sync") unchecked((this.fifoExpire[SYNC] = q.msecsToJiffies(at1)));
    else if (name == "fifo_expire_async") unchecked((this.fifoExpire[ASYNC] = q.msecsToJiffies(at1)));
    else if (name == "back_seek_max") this.backMax = v;
    else if (name == "back_seek_penalty") this.backPenalty = at1;
    else if (name == "slice_sync") unchecked((this.slice[SYNC] = q.msecsToJiffies(at1)));
    else if (name == "slice_async") unchecked((this.slice[ASYNC] = q.msecsToJiffies(at1)));
    else if (name == "slice_async_rq") this.sliceAsyncRq = at1;
    else if (name == "slice_idle") this.sliceIdle = q.msecsToJiffies(v);
    else if (name == "max_depth") this.maxDepth = at1;
    else return false;
    return true;
  }

  // ------------------------------------------------------------------ small helpers
  @inline private flag(cq: i32, f: i32): bool {
    return (unchecked(this.qFlags[cq]) & f) != 0;
  }
  @inline private mark(cq: i32, f: i32): void {
    unchecked((this.qFlags[cq] |= f));
  }
  @inline private clear(cq: i32, f: i32): void {
    unchecked((this.qFlags[cq] &= ~f));
  }
  // cfq_cfqq_dispatched
  @inline private dispatched(cq: i32): i32 {
    return unchecked(this.qOnDispatch[2 * cq]) + unchecked(this.qOnDispatch[2 * cq + 1]);
  }
  // cfq_cfqq_class_sync: a per-process queue
  @inline private classSync(cq: i32): bool {
    return unchecked(this.qKey[cq]) != CFQ_KEY_ASYNC;
  }
  // cfq_cfqq_sync: class sync, or sync requests on the dispatch list
  @inline private cfqqSync(cq: i32): bool {
    return this.classSync(cq) || unchecked(this.qOnDispatch[2 * cq + 1]) > 0;
  }
  @inline private sortEmpty(cq: i32): bool {
    return unchecked(this.qSort[cq]).empty();
  }
  // cfq_schedule_dispatch: kblockd runs the queue (cfq_kick_queue) if any queue has requests
  private scheduleDispatch(q: ElvQueue): void {
    if (this.busyQueues > 0) q.kick();
  }
  // the list a queue is on: rr_list[0..7], busy_rr, cur_rr, idle_rr (-1: the empty list)
  private list(id: i32): RqList {
    if (id < CFQ_PRIO_LISTS) return unchecked(this.rrList[id]);
    return id == L_BUSY ? this.busyRr : id == L_CUR ? this.curRr : this.idleRr;
  }
  private unlink(cq: i32): void {
    const id = unchecked(this.qOn[cq]);
    if (id >= 0) this.list(id).remove(cq);
    unchecked((this.qOn[cq] = -1));
  }

  // ------------------------------------------------------------------ choosing requests
  // cfq_choose_req: a sync request over an async one, then the nearer to last_sector, a backward
  // seek within back_max costing back_penalty times its length
  private chooseReq(r1: i32, r2: i32): i32 {
    if (r1 < 0 || r1 == r2) return r2;
    if (r2 < 0) return r1;
    const sy1 = unchecked(this.crqSync[r1]);
    const sy2 = unchecked(this.crqSync[r2]);
    if (sy1 && !sy2) return r1;
    if (sy2 && !sy1) return r2;
    const s1 = rqSector(r1);
    const s2 = rqSector(r2);
    const last = this.lastSector;
    const backMax = this.backMax * 2; // "by definition, 1KiB is 2 sectors"
    let d1: i64 = 0;
    let d2: i64 = 0;
    let w1 = false;
    let w2 = false;
    if (s1 >= last) d1 = s1 - last;
    else if (s1 + backMax >= last) d1 = (last - s1) * this.backPenalty;
    else w1 = true;
    if (s2 >= last) d2 = s2 - last;
    else if (s2 + backMax >= last) d2 = (last - s2) * this.backPenalty;
    else w2 = true;
    if (!w1 && w2) return r1;
    if (!w2 && w1) return r2;
    if (w1 && w2) return s1 <= s2 ? r1 : r2;
    if (d1 < d2) return r1;
    if (d2 < d1) return r2;
    return s1 >= s2 ? r1 : r2;
  }

  // cfq_find_next_crq: the better of rq's neighbours in its queue's sort order (wrapping forward)
  private findNextCrq(cq: i32, rq: i32): i32 {
    const list = unchecked(this.qSort[cq]);
    let next = list.nextOf(rq);
    if (next < 0) {
      next = list.first();
      if (next == rq) next = -1;
    }
    return this.chooseReq(next, list.prevOf(rq));
  }

  // ------------------------------------------------------------------ round-robin lists
  // cfq_resort_rr_list
  private resortRrList(cq: i32, preempted: bool): void {
    this.unlink(cq);
    let id: i32;
    const c = unchecked(this.qClass[cq]);
    if (c == IOPRIO_CLASS_RT) id = L_CUR;
    else if (c == IOPRIO_CLASS_IDLE) id = L_IDLE;
    else if (this.dispatched(cq) > 0) id = L_BUSY; // finish in-flight requests before being picked again
    else id = unchecked(this.qPrio[cq]);
    const list = this.list(id);
    unchecked((this.qOn[cq] = id));
    if (preempted || id == L_BUSY) {
      list.addHead(cq); // in front, to be fair; busy_rr is not sorted
      return;
    }
    // sort by when the queue was last serviced, searching from the tail
    const sl = unchecked(this.qServiceLast[cq]);
    let e = list.last();
    while (e >= 0) {
      const other = unchecked(this.qServiceLast[e]);
      if (other == 0 || other < sl) break;
      e = list.prevOf(e);
    }
    list.insertAfter(e, cq);
  }

  // cfq_add_cfqq_rr / cfq_del_cfqq_rr
  private addCfqqRr(cq: i32): void {
    this.mark(cq, F_ON_RR);
    this.busyQueues++;
    this.resortRrList(cq, false);
  }
  private delCfqqRr(cq: i32): void {
    this.clear(cq, F_ON_RR);
    this.unlink(cq); // onto empty_list
    this.busyQueues--;
  }

  // cfq_get_next_prio_level: levels 0, then 0–1, then 0–2 … (a widening window), spliced to cur_rr
  private getNextPrioLevel(): i32 {
    let prio = -1;
    let wrap = false;
    while (true) {
      for (let p = this.curPrio; p <= this.curEndPrio; p++) {
        if (!unchecked(this.rrList[p]).empty()) {
          prio = p;
          break;
        }
      }
      if (prio != -1) break;
      this.curPrio = 0;
      if (++this.curEndPrio == CFQ_PRIO_LISTS) {
        this.curEndPrio = 0;
        if (wrap) break;
        wrap = true;
      }
    }
    if (prio == -1) return -1;
    const from = unchecked(this.rrList[prio]);
    while (!from.empty()) {
      const cq = from.first();
      from.remove(cq);
      this.curRr.addTail(cq);
      unchecked((this.qOn[cq] = L_CUR));
    }
    this.curPrio = prio + 1;
    if (this.curPrio > this.curEndPrio) {
      this.curEndPrio = this.curPrio;
      this.curPrio = 0;
    }
    if (this.curEndPrio == CFQ_PRIO_LISTS) {
      this.curPrio = 0;
      this.curEndPrio = 0;
    }
    return prio;
  }

  // ------------------------------------------------------------------ slices
  // __cfq_set_active_queue (slice_start, which nothing reads in this version, is not kept)
  private setActive(q: ElvQueue, cq: i32): void {
    if (cq >= 0) {
      q.elvTimerCancel(T_IDLE_CLASS); // stop idle-class queues waiting for service
      unchecked((this.qSliceEnd[cq] = 0));
      unchecked((this.qSliceLeft[cq] = 0));
      this.clear(cq, F_MUST_ALLOC_SLICE | F_FIFO_EXPIRE);
    }
    this.activeQueue = cq;
  }

  // __cfq_slice_expired
  private sliceExpiredOf(q: ElvQueue, cq: i32, preempted: bool): void {
    const now = q.jiffies();
    if (this.flag(cq, F_WAIT_REQUEST)) q.elvTimerCancel(T_IDLE_SLICE);
    if (!preempted && this.dispatched(cq) == 0) {
      unchecked((this.qServiceLast[cq] = now));
      this.scheduleDispatch(q);
    }
    this.clear(cq, F_MUST_DISPATCH | F_WAIT_REQUEST);
    // store what was left of this slice, if the queue idled out or was preempted
    const end = unchecked(this.qSliceEnd[cq]);
    unchecked((this.qSliceLeft[cq] = end > now ? end - now : 0));
    if (this.flag(cq, F_ON_RR)) this.resortRrList(cq, preempted);
    if (cq == this.activeQueue) this.activeQueue = -1;
    this.activeCic = -1;
    this.dispatchSlice = 0;
  }
  private sliceExpired(q: ElvQueue, preempted: bool): void {
    if (this.activeQueue >= 0) this.sliceExpiredOf(q, this.activeQueue, preempted);
  }

  // cfq_set_active_queue: the head of cur_rr (refilled by level), else an idle-class queue once the
  // grace period after the last non-idle completion has passed (else its timer)
  private setActiveQueue(q: ElvQueue): i32 {
    let cq = -1;
    if (!this.curRr.empty() || this.getNextPrioLevel() != -1) cq = this.curRr.first();
    if (cq < 0 && !this.idleRr.empty()) {
      const end = this.lastEndRequest + this.idleGrace;
      if (q.jiffies() >= end) cq = this.idleRr.first();
      else q.elvTimerArm(end, T_IDLE_CLASS);
    }
    this.setActive(q, cq);
    return cq;
  }

  // cfq_arm_slice_timer: idle for the active queue's process
  private armSliceTimer(q: ElvQueue, cq: i32): bool {
    if (this.sliceIdle == 0 || !this.flag(cq, F_IDLE_WINDOW)) return false;
    if (this.activeCic >= 0 && unchecked(this.cicExited[this.activeCic])) return false; // the task exited
    this.mark(cq, F_MUST_DISPATCH | F_WAIT_REQUEST);
    const sl = min(unchecked(this.qSliceEnd[cq]) - 1, this.sliceIdle);
    q.elvTimerArm(q.jiffies() + sl, T_IDLE_SLICE);
    return true;
  }

  // cfq_prio_to_slice / cfq_prio_to_maxrq
  private prioToSlice(cq: i32): i64 {
    const base = unchecked(this.slice[this.cfqqSync(cq) ? SYNC : ASYNC]);
    return base + (base / CFQ_SLICE_SCALE) * <i64>(4 - unchecked(this.qPrio[cq]));
  }
  private prioToMaxrq(cq: i32): i64 {
    const base = this.sliceAsyncRq;
    return 2 * (base + base * <i64>(CFQ_PRIO_LISTS - 1 - unchecked(this.qPrio[cq])));
  }

  // cfq_select_queue
  private selectQueue(q: ElvQueue): i32 {
    const now = q.jiffies();
    let cq = this.activeQueue;
    if (cq >= 0) {
      const end = unchecked(this.qSliceEnd[cq]);
      const expire = !this.flag(cq, F_MUST_DISPATCH) && now > end;
      if (!expire) {
        if (!this.sortEmpty(cq)) return cq;
        if (this.classSync(cq) && now < end && this.armSliceTimer(q, cq)) return -1;
      }
      this.sliceExpired(q, false);
    }
    return this.setActiveQueue(q);
  }

  // ------------------------------------------------------------------ requests
  // cfq_remove_request: off the fifo, the sort list (cfq_del_crq_rb) and the hash
  private removeRequest(rq: i32): void {
    const cq = unchecked(this.crqQueue[rq]);
    const fifo = unchecked(this.qFifo[cq]);
    if (fifo.links.linked(rq)) fifo.remove(rq);
    const s = unchecked(this.crqSync[rq]) ? 1 : 0;
    unchecked((this.qQueued[2 * cq + s] -= 1));
    if (unchecked(this.qNext[cq]) == rq) unchecked((this.qNext[cq] = this.findNextCrq(cq, rq))); // cfq_update_next_crq
    unchecked(this.qSort[cq]).remove(rq);
    if (this.flag(cq, F_ON_RR) && this.sortEmpty(cq)) this.delCfqqRr(cq);
  }

  // cfq_dispatch_insert
  private dispatchInsert(q: ElvQueue, rq: i32): void {
    const cq = unchecked(this.crqQueue[rq]);
    unchecked((this.qNext[cq] = this.findNextCrq(cq, rq)));
    this.removeRequest(rq);
    const s = unchecked(this.crqSync[rq]) ? 1 : 0;
    unchecked((this.qOnDispatch[2 * cq + s] += 1));
    q.dispatchSort(rq);
  }

  // cfq_add_crq_rb: an alias (same start sector in this queue) goes to the dispatch list first
  private addCrqRb(q: ElvQueue, rq: i32): void {
    const cq = unchecked(this.crqQueue[rq]);
    const s = unchecked(this.crqSync[rq]) ? 1 : 0;
    unchecked((this.qQueued[2 * cq + s] += 1));
    const list = unchecked(this.qSort[cq]);
    const sector = rqSector(rq);
    for (let a = list.first(); a >= 0 && rqSector(a) <= sector; a = list.nextOf(a)) {
      if (rqSector(a) == sector) {
        this.dispatchInsert(q, a);
        break;
      }
    }
    list.addSorted(rq);
    if (!this.flag(cq, F_ON_RR)) this.addCfqqRr(cq);
    unchecked((this.qNext[cq] = this.chooseReq(unchecked(this.qNext[cq]), rq)));
  }

  // cfq_check_fifo: the queue's oldest request, if past fifo_expire (once per slice)
  private checkFifo(q: ElvQueue, cq: i32): i32 {
    if (this.flag(cq, F_FIFO_EXPIRE)) return -1;
    const fifo = unchecked(this.qFifo[cq]);
    if (!fifo.empty()) {
      const rq = fifo.first();
      const expire = unchecked(this.fifoExpire[this.classSync(cq) ? SYNC : ASYNC]);
      if (q.jiffies() > q.jiffiesAt(rqStartNs(rq)) + expire) {
        this.mark(cq, F_FIFO_EXPIRE);
        return rq;
      }
    }
    return -1;
  }

  // __cfq_dispatch_requests
  private dispatchFrom(q: ElvQueue, cq: i32, maxDispatch: i64): i32 {
    let n = 0;
    do {
      let rq = this.checkFifo(q, cq);
      if (rq < 0) rq = unchecked(this.qNext[cq]);
      this.dispatchInsert(q, rq);
      this.dispatchSlice++;
      n++;
      if (this.activeCic < 0) this.activeCic = unchecked(this.crqCic[rq]);
      if (this.sortEmpty(cq)) break;
    } while (<i64>n < maxDispatch);
    // the slice starts with the first dispatch; sync if a sync request went out
    if (unchecked(this.qSliceEnd[cq]) == 0) unchecked((this.qSliceEnd[cq] = this.prioToSlice(cq) + q.jiffies()));
    // an async queue ends when it has used its requests; an idle-class queue after each round
    if ((!this.cfqqSync(cq) && this.dispatchSlice >= this.prioToMaxrq(cq)) || unchecked(this.qClass[cq]) == IOPRIO_CLASS_IDLE) {
      this.sliceExpired(q, false);
    }
    return n;
  }

  // cfq_forced_dispatch
  private forcedDispatch(q: ElvQueue): i32 {
    let n = 0;
    for (let l = 0; l < CFQ_PRIO_LISTS + 3; l++) {
      const list = this.list(l);
      let cq = list.first();
      while (cq >= 0) {
        const nextQ = list.nextOf(cq);
        while (unchecked(this.qNext[cq]) >= 0) {
          this.dispatchInsert(q, unchecked(this.qNext[cq]));
          n++;
        }
        cq = nextQ;
      }
    }
    this.sliceExpired(q, false);
    return n;
  }

  // ------------------------------------------------------------------ processes and queues
  // cfq_get_io_context: the process's cfq_io_context (a fresh one for a new process)
  private getCic(q: ElvQueue, ioc: i32): void {
    if (unchecked(this.cicLive[ioc]) && !unchecked(this.cicExited[ioc])) return;
    unchecked((this.cicLive[ioc] = true));
    unchecked((this.cicExited[ioc] = false));
    unchecked((this.cicQueue[ioc] = -1));
    unchecked((this.cicLastEnd[ioc] = q.jiffies())); // cfq_alloc_io_context
    unchecked((this.cicTtimeTotal[ioc] = 0));
    unchecked((this.cicTtimeSamples[ioc] = 0));
    unchecked((this.cicTtimeMean[ioc] = 0));
  }

  // __cfq_find_cfq_hash: a queue with this key whose priority value is `prio` (or any, prio < 0)
  private findQueue(key: i32, prio: i32): i32 {
    for (let cq = this.liveQueues.first(); cq >= 0; cq = this.liveQueues.nextOf(cq)) {
      if (unchecked(this.qKey[cq]) != key) continue;
      if (prio < 0 || ioprioValue(unchecked(this.qClass[cq]), unchecked(this.qPrio[cq])) == prio) return cq;
    }
    return -1;
  }

  // cfq_get_queue: find or make the queue for (key, ioprio); the caller's reference taken
  private getQueue(q: ElvQueue, key: i32, prio: i32): i32 {
    let cq = this.findQueue(key, prio);
    if (cq < 0) {
      cq = this.qFree;
      assert(cq >= 0, "cfq: more queues than processes and requests");
      this.qFree = unchecked(this.qNext[cq]);
      this.liveQueues.addTail(cq);
      unchecked((this.qKey[cq] = key));
      unchecked((this.qRef[cq] = 0));
      unchecked((this.qNext[cq] = -1));
      for (let i = 0; i < 2; i++) {
        unchecked((this.qQueued[2 * cq + i] = 0));
        unchecked((this.qAllocated[2 * cq + i] = 0));
        unchecked((this.qOnDispatch[2 * cq + i] = 0));
      }
      unchecked((this.qServiceLast[cq] = 0));
      unchecked((this.qSliceEnd[cq] = 0));
      unchecked((this.qSliceLeft[cq] = 2 * this.sliceIdle)); // "to allow preemption for a new process"
      unchecked((this.qFlags[cq] = F_IDLE_WINDOW));
      this.initPrioData(cq, prio);
    }
    unchecked((this.qRef[cq] += 1));
    return cq;
  }

  // cfq_init_prio_data (at creation: prio_changed is set only then; no sys_ioprio_set here)
  private initPrioData(cq: i32, prio: i32): void {
    const c = ioprioClass(prio);
    if (c == IOPRIO_CLASS_RT || c == IOPRIO_CLASS_BE) {
      unchecked((this.qClass[cq] = c));
      unchecked((this.qPrio[cq] = ioprioData(prio)));
    } else if (c == IOPRIO_CLASS_IDLE) {
      unchecked((this.qClass[cq] = IOPRIO_CLASS_IDLE));
      unchecked((this.qPrio[cq] = 7));
      this.clear(cq, F_IDLE_WINDOW);
    } else {
      // IOPRIO_CLASS_NONE (and a bad class): the middle of BE by nice
      unchecked((this.qClass[cq] = IOPRIO_CLASS_BE));
      unchecked((this.qPrio[cq] = NICE_IOPRIO));
    }
  }

  // cfq_put_queue: drop a reference; the last one frees the queue
  private putQueue(q: ElvQueue, cq: i32): void {
    const r = unchecked(this.qRef[cq]) - 1;
    unchecked((this.qRef[cq] = r));
    if (r > 0) return;
    if (this.activeQueue == cq) this.sliceExpiredOf(q, cq, false);
    this.unlink(cq);
    this.liveQueues.remove(cq);
    unchecked((this.qNext[cq] = this.qFree));
    this.qFree = cq;
  }

  // cfq_queue_pid: the process's key for reads and sync writes, the async key otherwise
  @inline private keyOf(bio: i32): i32 {
    return bioDir(bio) == 0 || bioIsSync(bio) ? bioIoc(bio) + 1 : CFQ_KEY_ASYNC;
  }

  // ------------------------------------------------------------------ elevator_ops
  // cfq_set_request
  setRequest(q: ElvQueue, rq: i32, bio: i32): void {
    const ioc = bioIoc(bio);
    this.getCic(q, ioc);
    let cq = unchecked(this.cicQueue[ioc]);
    if (cq < 0) {
      cq = this.getQueue(q, this.keyOf(bio), bioIoprio(bio));
      unchecked((this.cicQueue[ioc] = cq));
    }
    unchecked((this.qAllocated[2 * cq + bioDir(bio)] += 1));
    this.clear(cq, F_MUST_ALLOC);
    unchecked((this.qRef[cq] += 1));
    unchecked((this.crqQueue[rq] = cq));
    unchecked((this.crqCic[rq] = ioc));
    unchecked((this.crqSync[rq] = bioDir(bio) == 0 || bioIsSync(bio)));
  }

  // cfq_put_request
  putRequest(q: ElvQueue, rq: i32): void {
    const cq = unchecked(this.crqQueue[rq]);
    unchecked((this.qAllocated[2 * cq + rqDir(rq)] -= 1));
    this.putQueue(q, cq);
  }

  // cfq_may_queue → __cfq_may_queue: a queue waiting for a request (or that must allocate) may
  // pass a full request list once per slice
  mayQueue(q: ElvQueue, dir: i32, bio: i32): i32 {
    const cq = this.findQueue(this.keyOf(bio), bioIoprio(bio));
    if (cq < 0) return ELV_MQUEUE_MAY;
    if ((this.flag(cq, F_WAIT_REQUEST) || this.flag(cq, F_MUST_ALLOC)) && !this.flag(cq, F_MUST_ALLOC_SLICE)) {
      this.mark(cq, F_MUST_ALLOC_SLICE);
      return ELV_MQUEUE_MUST;
    }
    return ELV_MQUEUE_MAY;
  }

  // cfq_insert_request
  addRequest(q: ElvQueue, rq: i32): void {
    const cq = unchecked(this.crqQueue[rq]);
    this.addCrqRb(q, rq);
    unchecked(this.qFifo[cq]).addTail(rq);
    this.crqEnqueued(q, cq, rq);
  }

  // cfq_crq_enqueued: think time, idle window, and whether to stop idling or preempt
  private crqEnqueued(q: ElvQueue, cq: i32, rq: i32): void {
    unchecked((this.qNext[cq] = this.chooseReq(unchecked(this.qNext[cq]), rq)));
    if (!unchecked(this.crqSync[rq])) return; // never wait for, nor preempt with, an async request
    const cic = unchecked(this.crqCic[rq]);
    const now = q.jiffies();
    // cfq_update_io_thinktime: EWMA 7/8, fixed point 256, each sample at most 2 · slice_idle
    const ttime = min(now - unchecked(this.cicLastEnd[cic]), 2 * this.sliceIdle);
    const samples = (7 * unchecked(this.cicTtimeSamples[cic]) + 256) / 8;
    const total = (7 * unchecked(this.cicTtimeTotal[cic]) + 256 * ttime) / 8;
    unchecked((this.cicTtimeSamples[cic] = samples));
    unchecked((this.cicTtimeTotal[cic] = total));
    unchecked((this.cicTtimeMean[cic] = (total + 128) / samples));
    // cfq_update_idle_window: judged once the samples are valid (> 80)
    let enable = this.flag(cq, F_IDLE_WINDOW);
    if (unchecked(this.cicExited[cic]) || this.sliceIdle == 0) enable = false;
    else if (samples > 80) enable = unchecked(this.cicTtimeMean[cic]) <= this.sliceIdle;
    if (enable) this.mark(cq, F_IDLE_WINDOW);
    else this.clear(cq, F_IDLE_WINDOW);
    if (cq == this.activeQueue) {
      // the request we idled for: let it rip now, and do not expire the queue just yet
      if (this.flag(cq, F_WAIT_REQUEST)) {
        this.mark(cq, F_MUST_DISPATCH);
        q.elvTimerCancel(T_IDLE_SLICE);
        q.runNow(); // cfq_start_queueing
      }
    } else if (this.shouldPreempt(cq, rq)) {
      this.preemptQueue(q, cq);
      this.mark(cq, F_MUST_DISPATCH);
      q.runNow();
    }
  }

  // cfq_should_preempt
  private shouldPreempt(cq: i32, rq: i32): bool {
    if (unchecked(this.qClass[cq]) == IOPRIO_CLASS_IDLE) return false;
    const act = this.activeQueue;
    if (act < 0) return true;
    if (unchecked(this.qClass[act]) == IOPRIO_CLASS_IDLE) return true;
    if (!this.flag(cq, F_WAIT_REQUEST)) return false;
    if (unchecked(this.qSliceLeft[cq]) < this.sliceIdle) return false; // no slice left
    return unchecked(this.crqSync[rq]) && !this.cfqqSync(act);
  }

  // cfq_preempt_queue: cq takes the disk, with what was left of its slice (else half a slice)
  private preemptQueue(q: ElvQueue, cq: i32): void {
    let e = this.curRr.first();
    while (e >= 0) {
      const nx = this.curRr.nextOf(e);
      this.resortRrList(e, true);
      e = nx;
    }
    if (unchecked(this.qSliceLeft[cq]) == 0) unchecked((this.qSliceLeft[cq] = this.prioToSlice(cq) / 2));
    unchecked((this.qSliceEnd[cq] = unchecked(this.qSliceLeft[cq]) + q.jiffies()));
    this.sliceExpiredOf(q, cq, true);
    this.setActive(q, cq);
  }

  // cfq_dispatch_requests
  dispatch(q: ElvQueue, force: bool): i32 {
    if (this.busyQueues == 0) return 0;
    if (force) return this.forcedDispatch(q);
    const cq = this.selectQueue(q);
    if (cq < 0) return 0;
    // without the idle window, let requests build up in the driver only to max_depth
    if (!this.flag(cq, F_IDLE_WINDOW) && <i64>this.rqInDriver >= this.maxDepth) return 0;
    this.clear(cq, F_MUST_DISPATCH | F_WAIT_REQUEST);
    q.elvTimerCancel(T_IDLE_SLICE);
    const maxDispatch = unchecked(this.qClass[cq]) == IOPRIO_CLASS_IDLE ? <i64>1 : this.quantum;
    return this.dispatchFrom(q, cq, maxDispatch);
  }

  // cfq_merge: a back merge by end sector over all queues, a front merge in the submitter's queue
  merge(q: ElvQueue, bio: i32): i32 {
    const start = bioSector(bio);
    let back = -1; // cfq_find_rq_hash: the first mergeable request ending where the bio starts
    for (let cq = this.liveQueues.first(); cq >= 0 && back < 0; cq = this.liveQueues.nextOf(cq)) {
      const list = unchecked(this.qSort[cq]);
      for (let rq = list.first(); rq >= 0; rq = list.nextOf(rq)) {
        if (rqEndSector(rq) == start && mergeable(rq)) {
          back = rq;
          break;
        }
      }
    }
    if (back >= 0 && rqDir(back) == bioDir(bio)) {
      q.mergeReq = back;
      return ELEVATOR_BACK_MERGE;
    }
    // cfq_find_rq_rb: the queue keyed by the current pid, any priority
    const own = this.findQueue(bioIoc(bio) + 1, -1);
    if (own >= 0) {
      const end = bioEndSector(bio);
      const list = unchecked(this.qSort[own]);
      for (let rq = list.first(); rq >= 0 && rqSector(rq) <= end; rq = list.nextOf(rq)) {
        if (rqSector(rq) == end) {
          if (mergeable(rq) && rqDir(rq) == bioDir(bio)) {
            q.mergeReq = rq;
            return ELEVATOR_FRONT_MERGE;
          }
          break;
        }
      }
    }
    return ELEVATOR_NO_MERGE;
  }

  // cfq_merged_request: a front merge moved the key; reposition (cfq_reposition_crq_rb)
  merged(q: ElvQueue, rq: i32): void {
    const cq = unchecked(this.crqQueue[rq]);
    const list = unchecked(this.qSort[cq]);
    const prev = list.prevOf(rq);
    const next = list.nextOf(rq);
    const s = rqSector(rq);
    if ((prev < 0 || rqSector(prev) < s) && (next < 0 || rqSector(next) > s)) return;
    if (unchecked(this.qNext[cq]) == rq) unchecked((this.qNext[cq] = this.findNextCrq(cq, rq)));
    list.remove(rq);
    const sy = unchecked(this.crqSync[rq]) ? 1 : 0;
    unchecked((this.qQueued[2 * cq + sy] -= 1));
    this.addCrqRb(q, rq);
  }

  // cfq_merged_requests: rq absorbed `next`
  mergeRequests(q: ElvQueue, rq: i32, next: i32): void {
    this.merged(q, rq);
    const fifo = unchecked(this.qFifo[unchecked(this.crqQueue[rq])]);
    // reposition in the fifo if next is older (queue.ts has already given rq the older start_time,
    // as attempt_merge does before elv_merge_requests, so this holds only for equal queues' order)
    if (fifo.links.linked(rq) && fifo.links.linked(next) && unchecked(this.crqQueue[next]) == unchecked(this.crqQueue[rq]) && rqStartNs(next) < rqStartNs(rq)) {
      fifo.remove(rq);
      fifo.insertAfter(next, rq);
    }
    this.removeRequest(next);
  }

  activate(q: ElvQueue, rq: i32): void {
    this.rqInDriver++;
  }
  deactivate(q: ElvQueue, rq: i32): void {
    this.rqInDriver--;
  }

  queueEmpty(q: ElvQueue): bool {
    return this.busyQueues == 0;
  }

  // cfq_completed_request
  completed(q: ElvQueue, rq: i32): void {
    const cq = unchecked(this.crqQueue[rq]);
    const now = q.jiffies();
    const sync = unchecked(this.crqSync[rq]);
    this.rqInDriver--;
    unchecked((this.qOnDispatch[2 * cq + (sync ? 1 : 0)] -= 1));
    if (unchecked(this.qClass[cq]) != IOPRIO_CLASS_IDLE) this.lastEndRequest = now;
    if (this.dispatched(cq) == 0) {
      if (this.flag(cq, F_ON_RR)) {
        unchecked((this.qServiceLast[cq] = now));
        this.resortRrList(cq, false);
      }
      this.scheduleDispatch(q);
    }
    if (sync) unchecked((this.cicLastEnd[unchecked(this.crqCic[rq])] = now));
  }

  former(q: ElvQueue, rq: i32): i32 {
    const l = unchecked(this.qSort[unchecked(this.crqQueue[rq])]);
    return l.links.linked(rq) ? l.prevOf(rq) : -1;
  }
  latter(q: ElvQueue, rq: i32): i32 {
    const l = unchecked(this.qSort[unchecked(this.crqQueue[rq])]);
    return l.links.linked(rq) ? l.nextOf(rq) : -1;
  }

  // cfq_idle_slice_timer (0) / cfq_idle_class_timer (1)
  timer(q: ElvQueue, which: i32): void {
    const now = q.jiffies();
    if (which == T_IDLE_CLASS) {
      const end = this.lastEndRequest + this.idleGrace;
      if (now < end) q.elvTimerArm(end, T_IDLE_CLASS); // raced with a non-idle queue
      else this.scheduleDispatch(q);
      return;
    }
    const cq = this.activeQueue;
    if (cq >= 0) {
      const end = unchecked(this.qSliceEnd[cq]);
      if (!(now > end)) {
        if (this.busyQueues == 0) {
          // only expire if other queues have requests: keep waiting
          q.elvTimerArm(min(now + this.sliceIdle, end), T_IDLE_SLICE);
          return;
        }
        if (!this.sortEmpty(cq)) {
          this.mark(cq, F_MUST_DISPATCH); // not expired and a request pending: let it dispatch
          this.scheduleDispatch(q);
          return;
        }
      }
    }
    this.sliceExpired(q, false);
    this.scheduleDispatch(q);
  }

  // cfq_exit_io_context: the task drops its queue; an active one expires
  exitIoc(q: ElvQueue, ioc: i32): void {
    if (!unchecked(this.cicLive[ioc])) return;
    unchecked((this.cicExited[ioc] = true));
    const cq = unchecked(this.cicQueue[ioc]);
    if (cq < 0) return;
    if (cq == this.activeQueue) this.sliceExpiredOf(q, cq, false);
    this.putQueue(q, cq);
    unchecked((this.cicQueue[ioc] = -1));
  }
}

// rq_mergeable
@inline function mergeable(rq: i32): bool {
  return (rqFlags(rq) & (RQ_STARTED | RQ_NOMERGE)) == 0;
}
