// A congestion-control module on a bench: flow 0 driven by synthetic ACKs and losses, with no
// network. The hooks are called in the order tcp/sender.ts calls them, so a unit test can check a
// module's rules (its window after so many ACKs, its ssthresh after a loss) exactly;
// test/cc-hook-order.test.ts holds each harness event to the hooks the real sender calls for it.
import { setNow } from "../../engine/clock";
import { ccOps } from "./registry";
import {
  flowsInit, fCc, fMss, sndUna, sndNxt, sndCwnd, sndCwndCnt, sndSsthresh, priorCwnd, caState,
  isCwndLimited, maxPacketsOut, cwndUsageSeq, srttNs, minRttNs, CA_OPEN, CA_DISORDER, CA_RECOVERY, CA_LOSS, CA_EVENT_LOSS,
  CA_EVENT_TX_START, CA_EVENT_COMPLETE_CWR, CA_ACK_SLOWPATH, priorSsthresh,
} from "../sock";
import { senderInit } from "../sender";

const MSS: i32 = 1448;

export function harnessInit(cc: i32, initialCwnd: u32, ssthresh: u32): void {
  setNow(0);
  flowsInit(1);
  unchecked((fCc[0] = cc));
  unchecked((fMss[0] = MSS));
  senderInit(0, initialCwnd);
  if (ssthresh > 0) unchecked((sndSsthresh[0] = ssthresh));
  ccOps(cc).init(0);
}

// One ACK at time `atNs` acknowledging `acked` segments with RTT sample `rttNs` (-1: none), while
// `inFlight` segments stay outstanding after it. The flight is cwnd-limited when it fills cwnd.
export function harnessAck(atNs: i64, acked: u32, rttNs: i64, inFlight: u32): void {
  deliverAck(atNs, acked, rttNs, inFlight, 0);
}

// The same off TCP's fast path (CA_ACK_SLOWPATH): with `acked` 0 a duplicate ACK (no growth; in Open
// it moves TCP to Disorder, as the sender's first duplicate ACK does); else an ACK that also changed
// the window.
export function harnessSlowAck(atNs: i64, acked: u32, rttNs: i64, inFlight: u32): void {
  deliverAck(atNs, acked, rttNs, inFlight, CA_ACK_SLOWPATH);
}

function deliverAck(atNs: i64, acked: u32, rttNs: i64, inFlight: u32, flags: u32): void {
  setNow(atNs);
  const mss = <i64>MSS;
  unchecked((sndUna[0] += <i64>acked * mss));
  unchecked((sndNxt[0] = sndUna[0] + <i64>inFlight * mss));
  const limited = inFlight + acked >= unchecked(sndCwnd[0]);
  unchecked((isCwndLimited[0] = limited));
  unchecked((maxPacketsOut[0] = inFlight + acked));
  unchecked((cwndUsageSeq[0] = sndNxt[0]));
  const ops = ccOps(unchecked(fCc[0]));
  ops.inAckEvent(0, flags);
  if (acked == 0) {
    ops.pktsAcked(0, 0, -1); // as tcp/sender.ts: every ACK with data outstanding reaches the module
    if (unchecked(caState[0]) == CA_OPEN) {
      unchecked((caState[0] = CA_DISORDER));
      ops.setState(0, CA_DISORDER);
    }
    return;
  }
  if (rttNs > 0) {
    const s = unchecked(srttNs[0]);
    unchecked((srttNs[0] = s == 0 ? rttNs : (7 * s + rttNs) >> 3));
    if (rttNs < unchecked(minRttNs[0])) unchecked((minRttNs[0] = rttNs));
  }
  ops.pktsAcked(0, acked, rttNs);
  if (unchecked(caState[0]) == CA_DISORDER) {
    unchecked((caState[0] = CA_OPEN)); // new data acknowledged: back to Open before growing
    ops.setState(0, CA_OPEN);
  }
  if (unchecked(caState[0]) == CA_OPEN) ops.congAvoid(0, acked);
}

// A loss detected by three duplicate ACKs, recovered at once: ssthresh from the module, then cwnd
// = ssthresh on the full ACK (RFC 6582 §3.2 step 3 with FlightSize ≥ ssthresh), the end of the
// reduction announced as tcp_end_cwnd_reduction does.
export function harnessFastLoss(atNs: i64): void {
  setNow(atNs);
  const ops = ccOps(unchecked(fCc[0]));
  unchecked((priorCwnd[0] = sndCwnd[0]));
  unchecked((sndSsthresh[0] = ops.ssthresh(0)));
  unchecked((caState[0] = CA_RECOVERY));
  ops.setState(0, CA_RECOVERY);
  unchecked((sndCwnd[0] = sndSsthresh[0]));
  unchecked((sndCwndCnt[0] = 0));
  unchecked((caState[0] = CA_OPEN));
  ops.setState(0, CA_OPEN);
  ops.cwndEvent(0, CA_EVENT_COMPLETE_CWR);
}

// A retransmission timeout: ssthresh from the module, the loss event, cwnd back to one segment,
// the retransmission, then recovered at once.
export function harnessTimeout(atNs: i64): void {
  setNow(atNs);
  const ops = ccOps(unchecked(fCc[0]));
  unchecked((priorCwnd[0] = sndCwnd[0]));
  unchecked((sndSsthresh[0] = ops.ssthresh(0)));
  ops.cwndEvent(0, CA_EVENT_LOSS);
  unchecked((sndCwnd[0] = 1));
  unchecked((sndCwndCnt[0] = 0));
  unchecked((caState[0] = CA_LOSS));
  ops.setState(0, CA_LOSS);
  ops.cwndEvent(0, CA_EVENT_TX_START); // the retransmission leaves with nothing in flight
  unchecked((caState[0] = CA_OPEN));
  ops.setState(0, CA_OPEN);
}

// A fast retransmit that turns out spurious: the reduction as in harnessFastLoss, then undone in
// recovery as tcp_try_undo_recovery does (cwnd from the module's undoCwnd, ssthresh back to
// prior_ssthresh = tcp_current_ssthresh at entry), then Open.
export function harnessUndoneLoss(atNs: i64): void {
  setNow(atNs);
  const ops = ccOps(unchecked(fCc[0]));
  const cwnd = unchecked(sndCwnd[0]);
  unchecked((priorCwnd[0] = cwnd));
  unchecked((priorSsthresh[0] = max(unchecked(sndSsthresh[0]), (cwnd >> 1) + (cwnd >> 2))));
  unchecked((sndSsthresh[0] = ops.ssthresh(0)));
  unchecked((caState[0] = CA_RECOVERY));
  ops.setState(0, CA_RECOVERY);
  unchecked((sndCwnd[0] = sndSsthresh[0]));
  unchecked((sndCwndCnt[0] = 0));
  unchecked((sndCwnd[0] = ops.undoCwnd(0)));
  if (unchecked(priorSsthresh[0]) > unchecked(sndSsthresh[0])) unchecked((sndSsthresh[0] = priorSsthresh[0]));
  unchecked((caState[0] = CA_OPEN));
  ops.setState(0, CA_OPEN);
}

export function harnessCwnd(): u32 {
  return unchecked(sndCwnd[0]);
}
export function harnessSsthresh(): u32 {
  return unchecked(sndSsthresh[0]);
}
// The module's min_cwnd (the floor of 2.6.16's rate halving; Reno's ssthresh/2 for 6.x modules).
export function harnessMinCwnd(): u32 {
  return ccOps(unchecked(fCc[0])).minCwnd(0);
}
