// Simulated time: integer nanoseconds since the start of the run.
export const NS_PER_MS: i64 = 1_000_000;
export const NS_PER_S: i64 = 1_000_000_000;
export const NEVER: i64 = i64.MAX_VALUE;

let current: i64 = 0;

@inline export function now(): i64 {
  return current;
}

export function setNow(t: i64): void {
  current = t;
}
