// Linux 2.6.16's clock as its congestion-control modules read it: tcp_time_stamp = (u32)jiffies at
// CONFIG_HZ, which on the seed testbed was 100 (shared/refs/anchors-wave2.md §1.0). Unlike today's
// modules (tcp/cc/jiffies.ts, HZ 1000, µs stamps for HyStart), every 2.6.16 module times in these
// ticks. HZ is a parameter global to the core instance, set before a run as the testbed profile
// says (like CUBIC's hystart): one kernel build has one HZ for all its sockets.
import { now } from "../../../engine/clock";

const UPTIME_S: i32 = 3600; // assumed host uptime at the start of a run (see tcpTimeStamp)
let hz: u32 = 100; // CONFIG_HZ of the 2.6.16 Xen testbed (anchors-wave2.md §1.0)
let nsPerJiffy: i64 = 1_000_000_000 / 100;

// Accepts the HZ values 2.6.16 offered (CONFIG_HZ_100/250/1000); anything else is refused (false).
export function cc2616SetHz(value: u32): bool {
  if (value != 100 && value != 250 && value != 1000) return false;
  hz = value;
  nsPerJiffy = 1_000_000_000 / <i64>value;
  return true;
}

@inline export function HZ(): u32 {
  return hz;
}

// tcp_time_stamp: jiffies counted from INITIAL_JIFFIES (-300 s, include/linux/jiffies.h) plus an
// assumed uptime of one hour when the run starts. The uptime matters: CUBIC 2.0 tests
// (s32)(tcp_time_stamp - epoch_start) < HZ with epoch_start 0, which is true for the first 300 s
// after boot (jiffies still negative as s32) and false later; a testbed host is not booted minutes
// before each run. Named assumption: 3600 s.
@inline export function tcpTimeStamp(): u32 {
  return jiffiesAt(now());
}

// The jiffies counter at simulated time `ns` (a send time, for an RTT taken as two stamps' difference).
@inline export function jiffiesAt(ns: i64): u32 {
  return <u32>(ns / nsPerJiffy) + <u32>((UPTIME_S - 300) * <i32>hz);
}

// msecs_to_jiffies (2.6.16 include/linux/jiffies.h: rounds up when HZ divides 1000).
@inline export function msecsToJiffies(ms: u32): u32 {
  const per: u32 = 1000 / hz;
  return (ms + per - 1) / per;
}

// An RTT sample as 2.6.16 modules got it in jiffies: tcp_time_stamp now minus the stamp at send
// (tcp_time_stamp - rcv_tsecr, or now - TCP_SKB_CB(skb)->when), so a 25 ms RTT reads 2 or 3 ticks
// at HZ 100 depending on where the tick boundaries fall.
@inline export function rttJiffies(rttNs: i64): u32 {
  return tcpTimeStamp() - jiffiesAt(now() - rttNs);
}
