// The I/O scheduler interface, after Linux 2.6.16 `struct elevator_ops` (include/linux/elevator.h)
// as block/elevator.c calls it. One instance per queue (elevator_init_fn's elevator_data is the
// instance's own fields); a module overrides the hooks it has, the defaults are what elevator.c does
// when the hook is NULL. Every hook gets the queue as an `ElvQueue` (elvqueue.ts): all an elevator
// may use of it (the clock and jiffies at the queue's HZ, elv_dispatch_sort / elv_dispatch_add_tail,
// rq_in_driver, last_merge, two timers, a kick that schedules a queue run); queue.ts's RequestQueue
// is the rest. Requests and bios are ids into request.ts's pools; its accessors are what an
// elevator reads. Adding a scheduler is a file plus one line in registry.ts (and one in
// host/storage/elevators.ts); its unit tests drive one queue through host/core.ts BlockHarness
// (assembly/block/harness.ts: bios at given times, a device of chosen depth and service time, the
// order and times the driver took each request), as test/block-noop.test.ts does for noop.
// Process exit and io priorities reach the elevator as exitIoc and the bios' ioprio.
import { ElvQueue } from "./elvqueue";

// elevator_merge_fn results (ELEVATOR_*_MERGE)
export const ELEVATOR_NO_MERGE: i32 = 0;
export const ELEVATOR_FRONT_MERGE: i32 = 1;
export const ELEVATOR_BACK_MERGE: i32 = 2;

// elevator_may_queue_fn results (ELV_MQUEUE_*)
export const ELV_MQUEUE_MAY: i32 = 0;
export const ELV_MQUEUE_NO: i32 = 1;
export const ELV_MQUEUE_MUST: i32 = 2;

export class Elevator {
  // elevator_type.elevator_name ("noop", "deadline", "anticipatory", "cfq")
  name(): string {
    return "none";
  }
  // elevator_init_fn: called once when the queue is made, after the pools exist (size per-request
  // arrays by requestCapacity(), per-process ones by IOC_CAPACITY; tunables from the queue's hz).
  init(q: ElvQueue): void {}
  // A sysfs tunable by its name, in the units sysfs shows (ms for the jiffies ones: stored through
  // msecs_to_jiffies, as the store functions do). False for a name the module does not have.
  setTunable(q: ElvQueue, name: string, value: i64): bool {
    return false;
  }
  // elevator_merge_fn: find a request bio can be merged into beyond q.lastMerge (elv_merge tries
  // that one first). Returns ELEVATOR_*_MERGE and sets q.mergeReq (the `*req` out-parameter).
  merge(q: ElvQueue, bio: i32): i32 {
    return ELEVATOR_NO_MERGE;
  }
  // elevator_merged_fn: rq grew by a bio (its sector moved on a front merge)
  merged(q: ElvQueue, rq: i32): void {}
  // elevator_merge_req_fn: `next` was merged into rq and will be freed (take it off your lists)
  mergeRequests(q: ElvQueue, rq: i32, next: i32): void {}
  // elevator_dispatch_fn: move requests to the dispatch list (q.dispatchSort / q.dispatchAddTail);
  // returns how many. `force` (elv_drain_elevator): dispatch everything, anticipate nothing.
  dispatch(q: ElvQueue, force: bool): i32 {
    return 0;
  }
  // elevator_add_req_fn: a new request (its set_req already ran)
  addRequest(q: ElvQueue, rq: i32): void {}
  // elevator_activate_req_fn / deactivate: the driver took rq from the dispatch list / gave it back
  activate(q: ElvQueue, rq: i32): void {}
  deactivate(q: ElvQueue, rq: i32): void {}
  // elevator_queue_empty_fn: nothing left inside the elevator (the dispatch list is the queue's)
  queueEmpty(q: ElvQueue): bool {
    return true;
  }
  // elevator_completed_req_fn: the driver finished rq (sorted requests only)
  completed(q: ElvQueue, rq: i32): void {}
  // elevator_former_req_fn / latter: the request before / after rq by sector, -1 for none
  // (attempt_front_merge / attempt_back_merge try to merge rq with it)
  former(q: ElvQueue, rq: i32): i32 {
    return -1;
  }
  latter(q: ElvQueue, rq: i32): i32 {
    return -1;
  }
  // elevator_set_req_fn: rq is being allocated for bio (bio's process is `current`); set up the
  // request's private data. elevator_put_req_fn: rq is being freed.
  setRequest(q: ElvQueue, rq: i32, bio: i32): void {}
  putRequest(q: ElvQueue, rq: i32): void {}
  // elevator_may_queue_fn: may bio's process allocate a request in direction `dir` (0 read, 1
  // write)? ELV_MQUEUE_MUST lets it past a full request list (up to 3/2 · nr_requests).
  mayQueue(q: ElvQueue, dir: i32, bio: i32): i32 {
    return ELV_MQUEUE_MAY;
  }
  // The module's timer `which` (q.elvTimerArm: AS's antic timer; CFQ's idle-slice 0, idle-class 1) expired.
  timer(q: ElvQueue, which: i32): void {}
  // The process with io context `ioc` exited (exit_io_context → as/cfq exit_io_context, trim).
  exitIoc(q: ElvQueue, ioc: i32): void {}
}
