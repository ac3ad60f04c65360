// The sending end of a bulk flow: window = min(cwnd, rwnd), RTT sampling under Karn's rule,
// RTO per RFC 6298 (with Linux's 200 ms floor and 120 s ceiling, exponential backoff),
// NewReno fast retransmit / fast recovery per RFC 6582 (cwnd inflation, partial ACKs, the
// "impatient" timer reset). Growth and the loss response come from the flow's congestion-control
// module, called at the points where Linux calls tcp_congestion_ops.
//
// RTT samples are timed by sequence (the oldest newly acked segment for the RTO, the newest for the
// module) unless Karn's rule forbids it, and then by the timestamp echo, as Linux does with
// timestamps on.
// Named simplifications: no SACK (as a NewReno sender), no limited transmit (RFC 3042), no F-RTO,
// no undo of spurious reductions; the connection is established at its start time (no
// handshake), so the first RTO is the RFC 6298 initial 1 s; a window probe sends one full segment.
import { now, NS_PER_MS, NS_PER_S } from "../engine/clock";
import { timerSet, timerCancel, timerPending } from "../engine/timer";
import { packetAlloc, packetFree, pFlow, pKind, pSeq, pLen, pAck, pWnd, pTsVal, pTsEcr, PKT_DATA } from "../net/packet";
import { nicSend } from "../net/nic";
import { rttLog, RTT_FROM_TCP } from "../rttlog";
import { ccOps } from "./cc/registry";
import { tcpJiffies32 } from "./cc/jiffies";
import {
  fCc, fMss, fTotal, fRcvBuf, fWscale, sndUna, sndNxt, sndMax, sndWnd, sndCwnd, sndCwndCnt, sndSsthresh,
  priorCwnd, priorSsthresh, caState, dupAcks, recoverSeq, partialSeen, srttNs, rttvarNs, rtoNs,
  backoff, minRttNs, isCwndLimited, maxPacketsOut, cwndUsageSeq, doneAt, segsSent, segsRetrans,
  rtoCount, fastRecoveries, cwndSum, cwndSamples, windowViolations, minCwnd, minSsthresh, segSentAt, segRetrans, ringSlot, inFlightSegs,
  sndCwndClamp, CA_OPEN, CA_DISORDER, CA_RECOVERY, CA_LOSS,
  CA_EVENT_LOSS, CA_EVENT_TX_START, CA_EVENT_COMPLETE_CWR, CA_ACK_SLOWPATH, INFINITE_SSTHRESH,
  lsndTime,
} from "./sock";
import { flowTimer, TIMER_RTO, TIMER_PERSIST } from "./timers";

const RTO_MIN_NS: i64 = 200 * NS_PER_MS; // TCP_RTO_MIN (include/net/tcp.h)
const RTO_MAX_NS: i64 = 120 * NS_PER_S; // TCP_RTO_MAX (include/net/tcp.h)
const RTO_INIT_NS: i64 = NS_PER_S; // RFC 6298 §2.1 initial RTO (TCP_TIMEOUT_INIT)
const CLOCK_G_NS: i64 = NS_PER_MS; // RFC 6298 clock granularity G: one 1000 Hz jiffy
const DUPTHRESH: i32 = 3; // sysctl_tcp_reordering default (RFC 5681 §3.2)

let completedFlows: i32 = 0;

export function completed(): i32 {
  return completedFlows;
}

export function senderReset(): void {
  completedFlows = 0;
}

export function senderInit(f: i32, initialCwnd: u32): void {
  unchecked((sndUna[f] = 0));
  unchecked((sndNxt[f] = 0));
  unchecked((sndMax[f] = 0));
  unchecked((sndCwnd[f] = initialCwnd));
  unchecked((sndCwndCnt[f] = 0));
  unchecked((sndCwndClamp[f] = u32.MAX_VALUE >> 1));
  unchecked((sndSsthresh[f] = INFINITE_SSTHRESH));
  unchecked((priorCwnd[f] = initialCwnd));
  unchecked((priorSsthresh[f] = 0));
  unchecked((caState[f] = CA_OPEN));
  unchecked((dupAcks[f] = 0));
  unchecked((recoverSeq[f] = 0));
  unchecked((partialSeen[f] = false));
  unchecked((srttNs[f] = 0));
  unchecked((rttvarNs[f] = 0));
  unchecked((rtoNs[f] = RTO_INIT_NS));
  unchecked((backoff[f] = 0));
  unchecked((minRttNs[f] = i64.MAX_VALUE));
  unchecked((isCwndLimited[f] = false));
  unchecked((maxPacketsOut[f] = 0));
  unchecked((cwndUsageSeq[f] = 0));
  unchecked((doneAt[f] = -1));
  unchecked((segsSent[f] = 0));
  unchecked((segsRetrans[f] = 0));
  unchecked((rtoCount[f] = 0));
  unchecked((fastRecoveries[f] = 0));
  unchecked((cwndSum[f] = 0));
  unchecked((cwndSamples[f] = 0));
  unchecked((windowViolations[f] = 0));
  unchecked((minCwnd[f] = initialCwnd));
  unchecked((minSsthresh[f] = INFINITE_SSTHRESH));
}

// Record the floors the property tests check (cwnd ≥ 1, ssthresh ≥ 2).
function noteWindow(f: i32): void {
  const c = unchecked(sndCwnd[f]);
  if (c < unchecked(minCwnd[f])) unchecked((minCwnd[f] = c));
  const s = unchecked(sndSsthresh[f]);
  if (s < unchecked(minSsthresh[f])) unchecked((minSsthresh[f] = s));
}

export function senderStart(f: i32): void {
  ccOps(unchecked(fCc[f])).init(f);
  senderOutput(f);
}

@inline function sendLimit(f: i32): i64 {
  const total = unchecked(fTotal[f]);
  return total > 0 ? total : i64.MAX_VALUE;
}

function currentRto(f: i32): i64 {
  let rto = unchecked(rtoNs[f]) << unchecked(backoff[f]);
  return rto > RTO_MAX_NS || rto <= 0 ? RTO_MAX_NS : rto;
}

// Every segment leaves through here. New data must fit min(cwnd, rwnd) — a window probe being the
// one allowed exception — and this independent re-check counts any path that breaks the rule.
function transmit(f: i32, seq: i64, len: i32, probe: bool = false): void {
  assert(unchecked(sndCwnd[f]) >= 1, "tcp: cwnd below one segment");
  const p = packetAlloc();
  if (p < 0) return;
  const slot = ringSlot(f, seq);
  const retrans = seq < unchecked(sndMax[f]);
  if (!retrans && !probe && (inFlightSegs(f) >= unchecked(sndCwnd[f]) || seq + len > unchecked(sndUna[f]) + unchecked(sndWnd[f])))
    unchecked((windowViolations[f] += 1));
  // tcp_event_data_sent: a segment leaving with nothing in flight (the first one, the retransmission
  // after an RTO, a window probe) starts a new transmission for the module
  if (inFlightSegs(f) == 0) ccOps(unchecked(fCc[f])).cwndEvent(f, CA_EVENT_TX_START);
  unchecked((lsndTime[f] = tcpJiffies32())); // tp->lsndtime, after the event as Linux sets it
  unchecked((segSentAt[slot] = now()));
  unchecked((segRetrans[slot] = retrans ? 1 : 0));
  if (retrans) unchecked((segsRetrans[f] += 1));
  unchecked((segsSent[f] += 1));
  unchecked((pFlow[p] = f));
  unchecked((pKind[p] = PKT_DATA));
  unchecked((pSeq[p] = seq));
  unchecked((pLen[p] = len));
  unchecked((pAck[p] = 0));
  // the sender's own receive buffer, idle in a one-way transfer (both hosts are configured alike)
  unchecked((pWnd[p] = (fRcvBuf[f] >> fWscale[f]) << fWscale[f]));
  unchecked((pTsVal[p] = now()));
  unchecked((pTsEcr[p] = 0));
  nicSend(f, p);
}

// Send what min(cwnd, rwnd) allows (tcp_write_xmit), then keep the timers right.
export function senderOutput(f: i32): void {
  const mss = unchecked(fMss[f]);
  const limit = sendLimit(f);
  const cwnd = unchecked(sndCwnd[f]);
  const rightEdge = unchecked(sndUna[f]) + unchecked(sndWnd[f]);
  let cwndLimited = false;
  while (true) {
    const nxt = unchecked(sndNxt[f]);
    if (nxt >= limit) break;
    if (inFlightSegs(f) >= cwnd) {
      cwndLimited = true;
      break;
    }
    const len = <i32>min(<i64>mss, limit - nxt);
    if (nxt + len > rightEdge) break;
    transmit(f, nxt, len);
    unchecked((sndNxt[f] = nxt + len));
    if (nxt + len > unchecked(sndMax[f])) unchecked((sndMax[f] = nxt + len));
  }
  cwndValidate(f, cwndLimited);
  const outstanding = unchecked(sndNxt[f]) > unchecked(sndUna[f]);
  if (outstanding) {
    if (!timerPending(flowTimer(f, TIMER_RTO))) timerSet(flowTimer(f, TIMER_RTO), now() + currentRto(f));
    timerCancel(flowTimer(f, TIMER_PERSIST));
  } else if (unchecked(sndNxt[f]) < limit) {
    // blocked by the receiver's window with nothing in flight: probe later (tcp_probe_timer)
    if (!timerPending(flowTimer(f, TIMER_PERSIST))) timerSet(flowTimer(f, TIMER_PERSIST), now() + currentRto(f));
  }
}

// tcp_cwnd_validate: remember whether the last window was used up by cwnd.
function cwndValidate(f: i32, cwndLimited: bool): void {
  const packetsOut = inFlightSegs(f);
  if (unchecked(sndUna[f]) >= unchecked(cwndUsageSeq[f]) || cwndLimited ||
      (!unchecked(isCwndLimited[f]) && packetsOut > unchecked(maxPacketsOut[f]))) {
    unchecked((isCwndLimited[f] = cwndLimited));
    unchecked((maxPacketsOut[f] = packetsOut));
    unchecked((cwndUsageSeq[f] = sndNxt[f]));
  }
}

// RFC 6298 §2: smoothed RTT and variance from a valid sample.
function rttUpdate(f: i32, r: i64): void {
  if (r < 1) r = 1;
  if (r < unchecked(minRttNs[f])) unchecked((minRttNs[f] = r));
  const srtt = unchecked(srttNs[f]);
  if (srtt == 0) {
    unchecked((srttNs[f] = r));
    unchecked((rttvarNs[f] = r >> 1));
  } else {
    const err = srtt > r ? srtt - r : r - srtt;
    unchecked((rttvarNs[f] = (3 * rttvarNs[f] + err) >> 2));
    unchecked((srttNs[f] = (7 * srtt + r) >> 3));
  }
  const v = 4 * unchecked(rttvarNs[f]);
  let rto = unchecked(srttNs[f]) + (v > CLOCK_G_NS ? v : CLOCK_G_NS);
  if (rto < RTO_MIN_NS) rto = RTO_MIN_NS;
  unchecked((rtoNs[f] = rto));
  unchecked((backoff[f] = 0)); // RFC 6298 §5.7: a valid sample ends the backoff
}

function enterRecovery(f: i32): void {
  const ops = ccOps(unchecked(fCc[f]));
  unchecked((priorCwnd[f] = sndCwnd[f]));
  unchecked((priorSsthresh[f] = sndSsthresh[f]));
  unchecked((sndSsthresh[f] = ops.ssthresh(f)));
  unchecked((recoverSeq[f] = sndMax[f]));
  unchecked((caState[f] = CA_RECOVERY));
  ops.setState(f, CA_RECOVERY);
  unchecked((fastRecoveries[f] += 1));
  unchecked((partialSeen[f] = false));
  retransmitHead(f);
  unchecked((sndCwnd[f] = sndSsthresh[f] + DUPTHRESH)); // RFC 6582 §3.2 step 2: ssthresh + 3 SMSS
  unchecked((sndCwndCnt[f] = 0));
  noteWindow(f);
}

function retransmitHead(f: i32): void {
  const una = unchecked(sndUna[f]);
  const len = <i32>min(<i64>unchecked(fMss[f]), unchecked(sndMax[f]) - una);
  if (len > 0) transmit(f, una, len);
}

function complete(f: i32): void {
  if (unchecked(doneAt[f]) >= 0) return;
  unchecked((doneAt[f] = now()));
  completedFlows++;
  timerCancel(flowTimer(f, TIMER_RTO));
  timerCancel(flowTimer(f, TIMER_PERSIST));
}

export function senderOnAck(f: i32, p: i32): void {
  const ack = unchecked(pAck[p]);
  const wnd = unchecked(pWnd[p]);
  const tsEcr = unchecked(pTsEcr[p]);
  packetFree(p);
  const una = unchecked(sndUna[f]);
  if (ack > unchecked(sndMax[f]) || ack < una) return; // ACKs nothing we sent, or an old one
  const winChanged = wnd != unchecked(sndWnd[f]);
  unchecked((sndWnd[f] = wnd));
  const ops = ccOps(unchecked(fCc[f]));
  const mss = <i64>unchecked(fMss[f]);
  const state = unchecked(caState[f]);
  // tcp_ack: snd_una moves, then the module hears of the ACK (tcp_in_ack_event). Header prediction
  // takes a pure ACK that advances snd_una with the window unchanged down the fast path; anything
  // else (a duplicate ACK, a window change) goes the slow path.
  unchecked((sndUna[f] = ack));
  if (unchecked(sndNxt[f]) < ack) unchecked((sndNxt[f] = ack));
  ops.inAckEvent(f, ack > una && !winChanged ? 0 : CA_ACK_SLOWPATH);
  // tcp_clean_rtx_queue runs for every ACK while data is outstanding: one that acknowledges
  // nothing still reaches the module, with no segments and no RTT sample
  if (ack == una && unchecked(sndNxt[f]) > una) ops.pktsAcked(f, 0, -1);

  if (ack > una) {
    // Walk the newly acknowledged segments for RTT samples (tcp_clean_rtx_queue): none at all if
    // any of them was retransmitted (Karn); else the oldest for RTO, the newest for the module.
    let firstAt: i64 = -1;
    let lastAt: i64 = -1;
    let retransAcked = false;
    for (let s = una; s < ack; s += mss) {
      const slot = ringSlot(f, s);
      if (unchecked(segRetrans[slot]) != 0) retransAcked = true;
      else {
        lastAt = unchecked(segSentAt[slot]);
        if (firstAt < 0) firstAt = lastAt;
      }
    }
    const ackedSegs = <u32>((ack - una + mss - 1) / mss);
    let caRtt: i64 = -1;
    if (firstAt >= 0 && !retransAcked) {
      rttUpdate(f, now() - firstAt);
      caRtt = now() - lastAt;
    } else if (tsEcr > 0) {
      // Karn's rule forbids timing retransmitted data by sequence, but the echoed timestamp is
      // unambiguous (RFC 7323 §4.1): Linux, with timestamps on, takes it for both samples
      // (tcp_ack_update_rtt), and the valid sample ends the RTO backoff.
      caRtt = now() - tsEcr;
      rttUpdate(f, caRtt);
    }
    if (caRtt >= 0) rttLog(RTT_FROM_TCP, caRtt);
    ops.pktsAcked(f, ackedSegs, caRtt);
    unchecked((dupAcks[f] = 0));

    let restartRto = true;
    if (state == CA_RECOVERY) {
      if (ack >= unchecked(recoverSeq[f])) {
        // full ACK (RFC 6582 §3.2 step 3, option 1): cwnd = min(ssthresh, FlightSize + 1 SMSS)
        const flight = inFlightSegs(f);
        unchecked((sndCwnd[f] = min(unchecked(sndSsthresh[f]), max(flight, <u32>1) + 1)));
        unchecked((caState[f] = CA_OPEN));
        ops.setState(f, CA_OPEN);
        ops.cwndEvent(f, CA_EVENT_COMPLETE_CWR); // tcp_end_cwnd_reduction
      } else {
        // partial ACK (step 4): retransmit the next hole, deflate by what was acked, add one back
        retransmitHead(f);
        const cwnd = unchecked(sndCwnd[f]);
        unchecked((sndCwnd[f] = (cwnd > ackedSegs ? cwnd - ackedSegs : 0) + 1));
        restartRto = !unchecked(partialSeen[f]); // "impatient" variant: only the first partial ACK
        unchecked((partialSeen[f] = true));
      }
    } else {
      if (state == CA_LOSS && ack >= unchecked(recoverSeq[f])) {
        unchecked((caState[f] = CA_OPEN));
        ops.setState(f, CA_OPEN);
      } else if (state == CA_DISORDER) {
        unchecked((caState[f] = CA_OPEN));
        ops.setState(f, CA_OPEN);
      }
      ops.congAvoid(f, ackedSegs);
    }
    unchecked((cwndSum[f] += <f64>unchecked(sndCwnd[f])));
    unchecked((cwndSamples[f] += 1));
    noteWindow(f);

    if (ack >= sendLimit(f)) {
      complete(f);
      return;
    }
    if (unchecked(sndNxt[f]) > ack) {
      if (restartRto) timerSet(flowTimer(f, TIMER_RTO), now() + currentRto(f));
    } else timerCancel(flowTimer(f, TIMER_RTO));
  } else if (unchecked(sndNxt[f]) > una && !winChanged) {
    // a duplicate ACK (RFC 5681 §2: same ack, same window, data outstanding)
    if (state == CA_RECOVERY) {
      unchecked((sndCwnd[f] += 1)); // RFC 6582 §3.2 step 3: inflate by one SMSS
    } else if (state != CA_LOSS) {
      const n = unchecked(dupAcks[f]) + 1;
      unchecked((dupAcks[f] = n));
      // RFC 6582 §4.1: no new recovery until the ACK covers the previous recovery point
      if (n >= DUPTHRESH && ack > unchecked(recoverSeq[f])) enterRecovery(f);
      else if (state == CA_OPEN) {
        unchecked((caState[f] = CA_DISORDER));
        ops.setState(f, CA_DISORDER);
      }
    }
  }
  senderOutput(f);
}

// Retransmission timeout (tcp_retransmit_timer → tcp_enter_loss): back off, cwnd to one segment,
// go back to the first unacknowledged byte.
export function senderRtoTimeout(f: i32): void {
  if (unchecked(sndNxt[f]) <= unchecked(sndUna[f]) || unchecked(doneAt[f]) >= 0) return;
  const ops = ccOps(unchecked(fCc[f]));
  const state = unchecked(caState[f]);
  unchecked((rtoCount[f] += 1));
  // a new ssthresh only for the first timeout of a loss episode, as tcp_enter_loss does
  if (state <= CA_DISORDER || (state == CA_LOSS && unchecked(backoff[f]) == 0)) {
    unchecked((priorSsthresh[f] = sndSsthresh[f]));
    unchecked((priorCwnd[f] = sndCwnd[f]));
    unchecked((sndSsthresh[f] = ops.ssthresh(f)));
    ops.cwndEvent(f, CA_EVENT_LOSS);
  }
  unchecked((sndCwnd[f] = 1));
  unchecked((sndCwndCnt[f] = 0));
  unchecked((recoverSeq[f] = sndMax[f]));
  unchecked((dupAcks[f] = 0));
  unchecked((caState[f] = CA_LOSS));
  ops.setState(f, CA_LOSS);
  noteWindow(f);
  if (currentRto(f) < RTO_MAX_NS) unchecked((backoff[f] += 1));
  unchecked((sndNxt[f] = sndUna[f]));
  senderOutput(f);
}

// Window probe: the receiver's window kept us idle for an RTO; send one segment past it.
export function senderPersistTimeout(f: i32): void {
  const nxt = unchecked(sndNxt[f]);
  const limit = sendLimit(f);
  if (nxt > unchecked(sndUna[f]) || nxt >= limit || unchecked(doneAt[f]) >= 0) return;
  const len = <i32>min(<i64>unchecked(fMss[f]), limit - nxt);
  transmit(f, nxt, len, true);
  unchecked((sndNxt[f] = nxt + len));
  if (nxt + len > unchecked(sndMax[f])) unchecked((sndMax[f] = nxt + len));
  timerSet(flowTimer(f, TIMER_RTO), now() + currentRto(f));
}
