// Event dispatch by registration: each subsystem asks for a range of event kinds at init and
// names the function that handles them; the run loop calls through this table (one call_indirect)
// and knows no subsystem. Kinds are handed out in registration order from 1, so a simulation that
// registers the same subsystems in the same order gets the same kinds; the queue orders events by
// (time, push sequence) only, never by kind, so kind numbers never change a run.
export const MAX_KINDS: i32 = 16; // the network registers 7; other loops (fvm/kinds.ts) number theirs above

// handler(local kind, arg): local kind 0 .. n-1 within the range the subsystem registered
export type EventHandler = (kind: i32, arg: i32) => void;

function unregistered(kind: i32, arg: i32): void {
  unreachable(); // an event of an unregistered kind
}

const handlers = new StaticArray<EventHandler>(MAX_KINDS);
const bases = new StaticArray<i32>(MAX_KINDS);
let nextKind: i32 = 1;

export function dispatchReset(): void {
  for (let k = 0; k < MAX_KINDS; k++) {
    unchecked((handlers[k] = unregistered));
    unchecked((bases[k] = 0));
  }
  nextKind = 1;
}

// Reserve n consecutive kinds for `handler`; returns the first (the subsystem adds its local kind).
export function registerKinds(n: i32, handler: EventHandler): i32 {
  const base = nextKind;
  if (n <= 0 || base + n > MAX_KINDS) unreachable(); // kinds exhausted: raise MAX_KINDS
  for (let k = base; k < base + n; k++) {
    unchecked((handlers[k] = handler));
    unchecked((bases[k] = base));
  }
  nextKind = base + n;
  return base;
}

@inline export function dispatchEvent(kind: i32, arg: i32): void {
  unchecked(handlers[kind & (MAX_KINDS - 1)])(kind - unchecked(bases[kind & (MAX_KINDS - 1)]), arg);
}
