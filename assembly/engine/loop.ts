// The event loop every simulation runs (the network in sim.ts, the FVM host in fvm/host.ts): pop
// the earliest event, advance the clock, hand the event to the simulation's dispatch. It stops when
// the queue empties or the next event lies beyond the stop time (RUN_DONE), after `budget` events
// (RUN_MORE: the host calls again, showing progress in between), when the queue overflowed, or when
// the dispatch returns a status of its own.
import { now, setNow } from "./clock";
import { queuePop, queueSize, queueTopTime, queueTopData, queueOverflowed, eventKind, eventArg } from "./queue";

export const RUN_DONE: i32 = 0;
export const RUN_MORE: i32 = 1;
export const ERR_QUEUE_FULL: i32 = -1;
export const KEEP_GOING: i32 = i32.MIN_VALUE; // what a dispatch returns to let the loop go on

let executed: i64 = 0;

export function loopReset(): void {
  executed = 0;
}

export function eventsExecuted(): i64 {
  return executed;
}

export function runLoop(budget: i64, stopAt: i64, dispatch: (kind: i32, arg: i32) => i32): i32 {
  let n: i64 = 0;
  let status = RUN_MORE;
  while (n < budget) {
    if (queueSize() == 0) {
      status = RUN_DONE;
      break;
    }
    const t = queueTopTime();
    if (t > stopAt) {
      setNow(stopAt);
      status = RUN_DONE;
      break;
    }
    const d = queueTopData();
    queuePop();
    assert(t >= now(), "event queue: the next event lies before the clock");
    setNow(t);
    n++;
    const s = dispatch(eventKind(d), eventArg(d));
    if (queueOverflowed()) {
      status = ERR_QUEUE_FULL;
      break;
    }
    if (s != KEEP_GOING) {
      status = s;
      break;
    }
  }
  executed += n;
  return status;
}
