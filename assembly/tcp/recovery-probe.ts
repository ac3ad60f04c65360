// The two recovery cwnd rules, and the sender's RTT sampling and RTO arithmetic, on a one-flow
// state set by hand, for unit tests derived from the Linux source (docs/ABI.md: recoveryProbe*,
// senderProbe*). In flight = `inFlight` segments of 1 byte each.
import {
  flowsInit, fMss, sndUna, sndNxt, sndCwnd, sndCwndCnt, sndSsthresh, priorCwnd, prrDelivered, prrOut,
  sackedOut, lostOut, retransOut,
} from "./sock";
import { prrCwnd, cwndDown } from "./recovery-cwnd";
import { ringsInit, ringMask, ringBase, segSentAt, segRetrans, fKernel, fJiffyNs, srttNs, rtoNs, backoff, minRttNs } from "./sock";
import { ackRttSamples, currentRto } from "./sender";
import { setNow } from "../engine/clock";

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

// One ACK at `ackAtNs` for segment 0, sent at `sentAtNs` (retransmitted or not), echoing `tsEcrNs`
// (0: no timestamp), under kernel profile `kernel` at `hz`. Returns the smoothed RTT the RTO
// estimator holds afterwards (0: no sample was taken).
export function senderProbeRtt(kernel: i32, hz: i32, sentAtNs: i64, retransmitted: i32, tsEcrNs: i64, ackAtNs: i64): i64 {
  flowsInit(1);
  ringsInit(1);
  unchecked((fMss[0] = 1));
  unchecked((ringMask[0] = 0));
  unchecked((ringBase[0] = 0));
  unchecked((fKernel[0] = kernel));
  unchecked((fJiffyNs[0] = 1_000_000_000 / <i64>hz));
  unchecked((srttNs[0] = 0));
  unchecked((minRttNs[0] = i64.MAX_VALUE));
  unchecked((segSentAt[0] = sentAtNs));
  unchecked((segRetrans[0] = <u8>retransmitted));
  setNow(ackAtNs);
  ackRttSamples(0, 0, 1, tsEcrNs);
  setNow(0);
  return unchecked(srttNs[0]);
}

// The RTO timer as the sender arms it for an estimator RTO of `rtoNs` after `backoffs` timeouts,
// at `hz`.
export function senderProbeRto(rtoNsIn: i64, backoffs: i32, hz: i32): i64 {
  flowsInit(1);
  unchecked((fJiffyNs[0] = 1_000_000_000 / <i64>hz));
  unchecked((rtoNs[0] = rtoNsIn));
  unchecked((backoff[0] = backoffs));
  return currentRto(0);
}
