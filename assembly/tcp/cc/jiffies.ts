// Linux's clocks as the congestion-control modules see them, from the simulated clock.
// tcp_jiffies32 is a wrapping u32 tick at HZ, and Linux starts it 300 s before the wrap
// (INITIAL_JIFFIES) so that code comparing stamps with `(s32)(a - b)` is exercised and a stamp is
// not 0 at boot; modules use 0 as "unset" (CUBIC/BIC epoch_start, H-TCP undo_last_cong), so the
// offset keeps those sentinels meaning what they mean in the kernel.
import { now } from "../../engine/clock";

export const HZ: u32 = 1000; // CONFIG_HZ_1000, the common distribution kernel setting
const NS_PER_JIFFY: i64 = 1_000_000_000 / <i64>HZ;
const INITIAL_JIFFIES: u32 = <u32>(-300 * <i32>HZ); // include/linux/jiffies.h

@inline export function tcpJiffies32(): u32 {
  return <u32>(now() / NS_PER_JIFFY) + INITIAL_JIFFIES;
}

// tcp_clock_us / tp->tcp_mstamp truncated to u32, as bictcp_clock_us reads it.
@inline export function tcpClockUs32(): u32 {
  return <u32>(now() / 1000);
}

// usecs_to_jiffies (rounds up, include/linux/jiffies.h).
@inline export function usecsToJiffies(us: u32): u32 {
  const perJiffy: u32 = 1_000_000 / HZ;
  return <u32>((<u64>us + perJiffy - 1) / perJiffy);
}

// msecs_to_jiffies for HZ dividing 1000 (rounds up).
@inline export function msecsToJiffies(ms: u32): u32 {
  const perJiffy: u32 = 1000 / HZ;
  return (ms + perJiffy - 1) / perJiffy;
}
