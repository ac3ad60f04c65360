// Re-armable timers over the event queue. TCP re-arms its retransmission timer on nearly every
// ACK; pushing an event each time would flood the heap. Instead a timer keeps its deadline and
// at most one pending event: moving the deadline later costs nothing now, and when the stale
// event fires it is re-pushed at the new deadline (a lazy timer, as in Linux's mod_timer users
// that only push expiry forward). Moving it earlier pushes a new event; the old one finds
// `pendingAt` no longer matching and is ignored.
import { NEVER, now } from "./clock";
import { queuePush, packEvent } from "./queue";
import { EV_TIMER } from "./kinds";

let deadline = new StaticArray<i64>(0);
let pendingAt = new StaticArray<i64>(0);

export function timersInit(count: i32): void {
  deadline = new StaticArray<i64>(count);
  pendingAt = new StaticArray<i64>(count);
  for (let i = 0; i < count; i++) {
    unchecked((deadline[i] = NEVER));
    unchecked((pendingAt[i] = NEVER));
  }
}

export function timerSet(id: i32, at: i64): void {
  unchecked((deadline[id] = at));
  if (at < unchecked(pendingAt[id])) {
    unchecked((pendingAt[id] = at));
    queuePush(at, packEvent(EV_TIMER, id));
  }
}

export function timerCancel(id: i32): void {
  unchecked((deadline[id] = NEVER));
}

@inline export function timerPending(id: i32): bool {
  return unchecked(deadline[id]) != NEVER;
}

@inline export function timerDeadline(id: i32): i64 {
  return unchecked(deadline[id]);
}

// Called for an EV_TIMER event that fired at `now()`; true when the timer really expires.
export function timerExpired(id: i32, firedAt: i64): bool {
  if (firedAt != unchecked(pendingAt[id])) return false; // superseded by an earlier re-arm
  unchecked((pendingAt[id] = NEVER));
  const d = unchecked(deadline[id]);
  if (d == NEVER) return false;
  if (d > now()) {
    unchecked((pendingAt[id] = d));
    queuePush(d, packEvent(EV_TIMER, id));
    return false;
  }
  unchecked((deadline[id] = NEVER));
  return true;
}
