// Re-armable timers over the event queue. TCP re-arms its retransmission timer on nearly every
// ACK; pushing an event each time would flood the heap. Instead a timer keeps its deadline and
// at most one pending event: moving the deadline later costs nothing now, and when the stale
// event fires it is re-pushed at the new deadline (a lazy timer, as in Linux's mod_timer users
// that only push expiry forward). Moving it earlier pushes a new event; the old one finds
// `pendingAt` no longer matching and is ignored.
// Owners register ranges of timer ids with the function that handles their expiry (the trace
// sampler one id, TCP four per flow), so this module knows none of them.
import { NEVER, now } from "./clock";
import { queuePush, packEvent } from "./queue";
import { registerKinds } from "./dispatch";

export type TimerHandler = (localId: i32) => void;

const MAX_OWNERS: i32 = 8;
let deadline = new StaticArray<i64>(0);
let pendingAt = new StaticArray<i64>(0);
let evTimer: i32 = 0;
const ownerBase = new StaticArray<i32>(MAX_OWNERS + 1); // id ranges, ascending; [owners] = ids in use
const ownerFn: usize = memory.data(MAX_OWNERS * 4); // function-table indices (dispatch.ts says why)
let owners: i32 = 0;

function noTimer(id: i32): void {}

// At simulation init, after dispatchReset: room for `count` timer ids in all.
export function timersInit(count: i32): void {
  deadline = new StaticArray<i64>(count);
  pendingAt = new StaticArray<i64>(count);
  for (let i = 0; i < count; i++) {
    unchecked((deadline[i] = NEVER));
    unchecked((pendingAt[i] = NEVER));
  }
  for (let o = 0; o < MAX_OWNERS; o++) store<u32>(ownerFn + (<usize>o << 2), noTimer.index);
  owners = 0;
  unchecked((ownerBase[0] = 0));
  evTimer = registerKinds(1, timerEvent);
}

// Reserve `count` consecutive timer ids; returns the first. Expiry calls handler(id - first).
export function timerRange(count: i32, handler: TimerHandler): i32 {
  const base = unchecked(ownerBase[owners]);
  if (owners >= MAX_OWNERS || base + count > deadline.length) unreachable(); // more ids than timersInit reserved
  store<u32>(ownerFn + (<usize>owners << 2), handler.index);
  owners++;
  unchecked((ownerBase[owners] = base + count));
  return base;
}

export function timerSet(id: i32, at: i64): void {
  unchecked((deadline[id] = at));
  if (at < unchecked(pendingAt[id])) {
    unchecked((pendingAt[id] = at));
    queuePush(at, packEvent(evTimer, id));
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

// A timer event fired at `now()`; true when the timer really expires.
function timerExpired(id: i32, firedAt: i64): bool {
  if (firedAt != unchecked(pendingAt[id])) return false; // superseded by an earlier re-arm
  unchecked((pendingAt[id] = NEVER));
  const d = unchecked(deadline[id]);
  if (d == NEVER) return false;
  if (d > now()) {
    unchecked((pendingAt[id] = d));
    queuePush(d, packEvent(evTimer, id));
    return false;
  }
  unchecked((deadline[id] = NEVER));
  return true;
}

function timerEvent(kind: i32, id: i32): void {
  if (!timerExpired(id, now())) return;
  let o = 0;
  while (id >= unchecked(ownerBase[o + 1])) o++;
  call_indirect<void>(load<u32>(ownerFn + (<usize>o << 2)), id - unchecked(ownerBase[o]));
}
