// Timer ids: 0 is the trace sampler; each flow owns three consecutive ids.
export const TIMER_TRACE: i32 = 0;
export const TIMER_RTO: i32 = 0;
export const TIMER_DELACK: i32 = 1;
export const TIMER_PERSIST: i32 = 2;
export const TIMERS_PER_FLOW: i32 = 3;

@inline export function flowTimer(f: i32, which: i32): i32 {
  return 1 + f * TIMERS_PER_FLOW + which;
}
