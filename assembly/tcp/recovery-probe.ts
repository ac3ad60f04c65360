// The two recovery cwnd rules on a one-flow state set by hand, for unit tests derived from the
// Linux source (docs/ABI.md: recoveryProbe*). In flight = `inFlight` segments of 1 byte each.
import {
  flowsInit, fMss, sndUna, sndNxt, sndCwnd, sndCwndCnt, sndSsthresh, priorCwnd, prrDelivered, prrOut,
  sackedOut, lostOut, retransOut,
} from "./sock";
import { prrCwnd, cwndDown } from "./recovery-cwnd";

function setup(cwnd: u32, ssthresh: u32, inFlight: u32): void {
  flowsInit(1);
  unchecked((fMss[0] = 1));
  unchecked((sndUna[0] = 0));
  unchecked((sndNxt[0] = <i64>inFlight));
  unchecked((sackedOut[0] = 0));
  unchecked((lostOut[0] = 0));
  unchecked((retransOut[0] = 0));
  unchecked((sndCwnd[0] = cwnd));
  unchecked((sndSsthresh[0] = ssthresh));
}

// tcp_cwnd_reduction with the given PRR state; returns the new cwnd.
export function recoveryProbePrr(ssthresh: u32, priorCwndSegs: u32, delivered: u32, out: u32, inFlight: u32, newly: u32, newlyLost: u32, unaAdvanced: i32): u32 {
  setup(priorCwndSegs, ssthresh, inFlight);
  unchecked((priorCwnd[0] = priorCwndSegs));
  unchecked((prrDelivered[0] = delivered));
  unchecked((prrOut[0] = out));
  prrCwnd(0, newly, newlyLost, unaAdvanced != 0);
  return unchecked(sndCwnd[0]);
}

// tcp_cwnd_down with cwnd, snd_cwnd_cnt, min_cwnd and in flight; returns cwnd × 2 + snd_cwnd_cnt.
export function recoveryProbeCwndDown(cwnd: u32, cnt: u32, minCwnd: u32, inFlight: u32): u32 {
  setup(cwnd, 2 * minCwnd, inFlight);
  unchecked((sndCwndCnt[0] = cnt));
  cwndDown(0, minCwnd);
  return unchecked(sndCwnd[0]) * 2 + unchecked(sndCwndCnt[0]);
}
