// TCP's timer ids: each flow owns four consecutive ids of the range the stack registered with the
// engine (engine/timer.ts timerRange), from `firstId`.
export const TIMER_RTO: i32 = 0;
export const TIMER_DELACK: i32 = 1;
export const TIMER_PERSIST: i32 = 2;
export const TIMER_REO: i32 = 3; // RACK's reordering timer (ICSK_TIME_REO_TIMEOUT)
export const TIMERS_PER_FLOW: i32 = 4;

let firstId: i32 = 0;

export function flowTimersAt(first: i32): void {
  firstId = first;
}

@inline export function flowTimer(f: i32, which: i32): i32 {
  return firstId + f * TIMERS_PER_FLOW + which;
}
