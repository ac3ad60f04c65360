// Timer ids: 0 is the trace sampler; each flow owns four consecutive ids.
export const TIMER_TRACE: i32 = 0;
export const TIMER_RTO: i32 = 0;
export const TIMER_DELACK: i32 = 1;
export const TIMER_PERSIST: i32 = 2;
export const TIMER_REO: i32 = 3; // RACK's reordering timer (ICSK_TIME_REO_TIMEOUT)
export const TIMERS_PER_FLOW: i32 = 4;

@inline export function flowTimer(f: i32, which: i32): i32 {
  return 1 + f * TIMERS_PER_FLOW + which;
}
