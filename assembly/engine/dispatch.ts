// Event dispatch by registration: each subsystem asks for a range of event kinds at init and
// names the function that handles them; the run loop calls through this table (one call_indirect)
// and knows no subsystem. Kinds are handed out in registration order from 1, so a simulation that
// registers the same subsystems in the same order gets the same kinds; the queue orders events by
// (time, push sequence) only, never by kind, so kind numbers never change a run.
// The table holds the functions' table indices in static memory, not Function objects: an object
// reference on the hot path costs shadow-stack traffic under the incremental GC (measured: 4 % of
// the per-packet rate, README "Measured performance").
export const MAX_KINDS: i32 = 16; // the network registers 8; other loops (fvm/kinds.ts) number theirs above

// handler(kind, arg): `kind` as pushed (the subsystem subtracts the base registerKinds returned)
export type EventHandler = (kind: i32, arg: i32) => void;

function unregistered(kind: i32, arg: i32): void {
  unreachable(); // an event of an unregistered kind
}

const table: usize = memory.data(MAX_KINDS * 4); // u32 function-table index per kind
let nextKind: i32 = 1;

export function dispatchReset(): void {
  for (let k = 0; k < MAX_KINDS; k++) store<u32>(table + (<usize>k << 2), unregistered.index);
  nextKind = 1;
}

// Reserve n consecutive kinds for `handler`; returns the first.
export function registerKinds(n: i32, handler: EventHandler): i32 {
  const base = nextKind;
  if (n <= 0 || base + n > MAX_KINDS) unreachable(); // kinds exhausted: raise MAX_KINDS
  for (let k = base; k < base + n; k++) store<u32>(table + (<usize>k << 2), handler.index);
  nextKind = base + n;
  return base;
}

@inline export function dispatchEvent(kind: i32, arg: i32): void {
  call_indirect<void>(load<u32>(table + ((<usize>kind & (MAX_KINDS - 1)) << 2)), kind, arg);
}
