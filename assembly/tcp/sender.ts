// The sending end of a bulk flow: window = min(cwnd, rwnd), RTT sampling under Karn's rule,
// RTO per RFC 6298 (with Linux's 200 ms floor and 120 s ceiling, exponential backoff),
// NewReno fast retransmit / fast recovery per RFC 6582 (cwnd inflation, partial ACKs, the
// "impatient" timer reset). Growth and the loss response come from the flow's congestion-control
// module, called at the points where Linux calls tcp_congestion_ops.
//
// RTT samples are timed by sequence (the oldest newly acked segment for the RTO, the newest for the
// module) unless Karn's rule forbids it, and then by the timestamp echo, as Linux does with
// timestamps on.
// With SACK (the default, as Linux), loss recovery follows the flow's kernel profile
// (sack-recovery.ts); without it, the NewReno machinery here.
// The TCP clock follows the profile: RTO-estimator samples in jiffies from the timestamp echo
// (2.6.16's tcp_ack_saw_tstamp) or in µs by sequence (6.x), the RTO in whole jiffies.
// A segment the sender's own queue refuses (local congestion) is not sent: it goes again later and
// the flow enters CWR (tcp_transmit_skb → tcp_enter_cwr). The 6.12 profile probes a tail loss
// (RACK-TLP, RFC 8985 §7) on the RTO timer, as Linux arms ICSK_TIME_LOSS_PROBE there, and keeps
// its own queue short with TCP small queues (tcp_small_queue_check) on a physical host.
// Named simplifications: no limited transmit (RFC 3042); without SACK no undo and no F-RTO (the
// NewReno machinery here); the RTO estimator is
// RFC 6298's (Linux's mdev/rttvar differs slightly); the connection is established at its start
// time (no handshake), so the first RTO is the RFC 6298 initial 1 s; a window probe sends one
// full segment.
import { now, NS_PER_MS, NS_PER_S } from "../engine/clock";
import { timerSet, timerCancel, timerPending } from "../engine/timer";
import { wireBytes, packetAlloc, packetFree, pFlow, pKind, pSeq, pLen, pAck, pWnd, pTsVal, pTsEcr, pSackN, PKT_DATA } from "../net/packet";
import { netSend } from "../machine/netif";
import { rttLog, RTT_FROM_TCP } from "../rttlog";
import { ccOps } from "./cc/registry";
import { tcpJiffies32 } from "./cc/jiffies";
import {
  fCc, fMss, fTotal, fRcvBuf, fWscale, sndUna, sndNxt, sndMax, sndWnd, sndCwnd, sndCwndCnt, sndSsthresh,
  priorCwnd, priorSsthresh, caState, dupAcks, recoverSeq, partialSeen, srttNs, rttvarNs, rtoNs,
  backoff, minRttNs, isCwndLimited, maxPacketsOut, cwndUsageSeq, doneAt, segsSent, segsRetrans,
  rtoCount, fastRecoveries, cwndSum, cwndSamples, windowViolations, minCwnd, minSsthresh, segSentAt, segRetrans, ringSlot, inFlightSegs,
  sndCwndClamp, ringBase, ringMask, CA_OPEN, CA_DISORDER, CA_RECOVERY, CA_LOSS,
  CA_EVENT_LOSS, CA_EVENT_TX_START, CA_EVENT_COMPLETE_CWR, CA_ACK_SLOWPATH, INFINITE_SSTHRESH,
  lsndTime, fSack, fKernel, fJiffyNs, segTag, TAG_RETRANS, retransOut, retransStamp, undoMarker, undoRetrans,
  prrOut, CA_CWR, recoveryOverruns, lostButSacked, TAG_SACKED, probePending, tlpHighSeq, tlpRetrans,
  lossProbes, localDrops, frto, packetsOut, tsqBytes, tsqThrottled, tsqOn, lostOut,
} from "./sock";
import { isVm, flowFrom } from "../machine/machines";
import { flowTimer, TIMER_RTO, TIMER_PERSIST, TIMER_REO } from "./timers";
import { kernelProfile } from "./profile/registry";
import { RECOVERY_FACK_RATE_HALVING } from "./profile/profile";
import { scoreboardReset, nextLost, markAllLost, sackTag, scoreboardClean, walkIndex } from "./scoreboard";
import {
  recoveryOnAck, recoveryOnReoTimeout, recoveryBoundHolds, ackBegin, ackEnd, currentSsthresh, reoWaitNs, enterCwr,
  origDataAcked, recoveryOnRto, takeRexmitNew, processTlpAck,
} from "./sack-recovery";
import { dsacksSeen } from "./sock";

const RTO_MIN_NS: i64 = 200 * NS_PER_MS; // TCP_RTO_MIN (include/net/tcp.h)
const RTO_MAX_NS: i64 = 120 * NS_PER_S; // TCP_RTO_MAX (include/net/tcp.h)
const RTO_INIT_NS: i64 = NS_PER_S; // RFC 6298 §2.1 initial RTO (TCP_TIMEOUT_INIT)
const DUPTHRESH: i32 = 3; // sysctl_tcp_reordering default (RFC 5681 §3.2)
const TIMEOUT_MIN_NS: i64 = 2 * NS_PER_MS; // TCP_TIMEOUT_MIN_US (include/net/tcp.h), the TLP's allowance for a delayed ACK behind it

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
  unchecked((retransStamp[f] = 0));
  unchecked((frto[f] = false));
  unchecked((probePending[f] = false));
  unchecked((tlpHighSeq[f] = 0));
  unchecked((tlpRetrans[f] = false));
  unchecked((lossProbes[f] = 0));
  unchecked((localDrops[f] = 0));
  unchecked((tsqBytes[f] = 0));
  unchecked((tsqThrottled[f] = false));
  scoreboardReset(f);
}

// Record the floors the property tests check (cwnd ≥ 1, ssthresh ≥ 2).
function noteWindow(f: i32): void {
  const c = unchecked(sndCwnd[f]);
  if (c < unchecked(minCwnd[f])) unchecked((minCwnd[f] = c));
  const s = unchecked(sndSsthresh[f]);
  if (s < unchecked(minSsthresh[f])) unchecked((minSsthresh[f] = s));
}

export function senderStart(f: i32): void {
  unchecked((tsqOn[f] = kernelProfile(unchecked(fKernel[f])).limitOutputBytes > 0 && !isVm(flowFrom(f))));
  ccOps(unchecked(fCc[f])).init(f);
  senderOutput(f);
}

@inline function sendLimit(f: i32): i64 {
  const total = unchecked(fTotal[f]);
  return total > 0 ? total : i64.MAX_VALUE;
}

// The RTO backed off, at most TCP_RTO_MAX, before its rounding to jiffies.
@inline function backedOffRto(f: i32): i64 {
  const rto = unchecked(rtoNs[f]) << unchecked(backoff[f]);
  return rto > RTO_MAX_NS || rto <= 0 ? RTO_MAX_NS : rto;
}

// The RTO timer as armed: backed off, at most TCP_RTO_MAX, in whole jiffies of the profile's HZ.
export function currentRto(f: i32): i64 {
  const rto = backedOffRto(f);
  const j = unchecked(fJiffyNs[f]);
  return ((rto + j - 1) / j) * j;
}

// An RTT sample as the profile's clock reads it: whole jiffies, at least one (2.6.16's
// tcp_rtt_estimator takes m = 0 as 1), or whole µs (tcp_mstamp, at least 1 as tcp_rtt_estimator).
function clockSample(f: i32, sentAt: i64): i64 {
  if (kernelProfile(unchecked(fKernel[f])).tsInJiffies) {
    const j = unchecked(fJiffyNs[f]);
    const ticks = now() / j - sentAt / j;
    return (ticks < 1 ? 1 : ticks) * j;
  }
  const us = (now() - sentAt) / 1000;
  return (us < 1 ? 1 : us) * 1000;
}
@inline function usSample(d: i64): i64 {
  const us = d / 1000;
  return (us < 1 ? 1 : us) * 1000;
}

// Every segment leaves through here. New data must fit min(cwnd, rwnd) — a window or loss probe
// being the allowed exception — and this independent re-check counts any path that breaks the rule.
// False when the sender's own queue refused it: then nothing about it counts as sent.
function transmit(f: i32, seq: i64, len: i32, probe: bool = false): bool {
  assert(unchecked(sndCwnd[f]) >= 1, "tcp: cwnd below one segment");
  const p = packetAlloc();
  if (p < 0) return false;
  const slot = ringSlot(f, seq);
  const retrans = seq < unchecked(sndMax[f]);
  const inFlight = inFlightSegs(f);
  const windowOk = retrans || probe || (inFlight < unchecked(sndCwnd[f]) && seq + len <= unchecked(sndUna[f]) + unchecked(sndWnd[f]));
  // the recovery bound is an assertion: only the checked build evaluates it (and counts overruns)
  const boundOk = ASC_NO_ASSERT || recoveryBoundHolds(f);
  // tcp_event_data_sent: a segment leaving with nothing in flight (the first one, the retransmission
  // after an RTO, a window probe) starts a new transmission for the module — before the queue
  // takes it or not, as in tcp_transmit_skb
  if (inFlight == 0) ccOps(unchecked(fCc[f])).cwndEvent(f, CA_EVENT_TX_START);
  unchecked((lsndTime[f] = tcpJiffies32())); // tp->lsndtime, after the event as Linux sets it
  unchecked((pFlow[p] = f));
  unchecked((pKind[p] = PKT_DATA));
  unchecked((pSeq[p] = seq));
  unchecked((pLen[p] = len));
  unchecked((pAck[p] = 0));
  // the sender's own receive buffer, idle in a one-way transfer (both hosts are configured alike)
  unchecked((pWnd[p] = (fRcvBuf[f] >> fWscale[f]) << fWscale[f]));
  unchecked((pTsVal[p] = now()));
  unchecked((pTsEcr[p] = 0));
  unchecked((pSackN[p] = 0));
  const size = wireBytes(p);
  if (!netSend(p)) {
    localDrop(f);
    return false;
  }
  if (smallQueues(f)) unchecked((tsqBytes[f] += size));
  const state = unchecked(caState[f]);
  if (state == CA_RECOVERY || state == CA_CWR) {
    if (!boundOk) unchecked((recoveryOverruns[f] += 1));
    unchecked((prrOut[f] += 1)); // tcp_write_xmit / tcp_xmit_retransmit_queue in a cwnd reduction
  }
  if (!windowOk) unchecked((windowViolations[f] += 1));
  unchecked((segSentAt[slot] = now()));
  if (retrans) {
    unchecked((segsRetrans[f] += 1));
    unchecked((segRetrans[slot] = 1)); // TCPCB_EVER_RETRANS: Karn's rule for good
    if (unchecked(fSack[f])) {
      if ((unchecked(segTag[slot]) & TAG_SACKED) != 0) unchecked((lostButSacked[f] += 1));
      unchecked((segTag[slot] |= TAG_RETRANS));
      unchecked((retransOut[f] += 1));
      if (unchecked(undoMarker[f]) >= 0) unchecked((undoRetrans[f] += 1));
    }
    if (unchecked(retransStamp[f]) == 0) unchecked((retransStamp[f] = now()));
  } else {
    unchecked((segRetrans[slot] = 0));
    unchecked((segTag[slot] = 0));
  }

  unchecked((segsSent[f] += 1));
  return true;
}

// The sender's own queue (host qdisc, guest txqueue and netfront ring) dropped a segment: CWR, as
// tcp_transmit_skb does on NET_XMIT_DROP. Without SACK the same reduction, held until snd_una
// passes high_seq (senderOnAck).
function localDrop(f: i32): void {
  unchecked((localDrops[f] += 1));
  if (unchecked(fSack[f])) {
    enterCwr(f);
    return;
  }
  const state = unchecked(caState[f]);
  if (state >= CA_CWR) return;
  const ops = ccOps(unchecked(fCc[f]));
  unchecked((sndSsthresh[f] = ops.ssthresh(f)));
  unchecked((sndCwnd[f] = max(<u32>1, min(unchecked(sndCwnd[f]), inFlightSegs(f) + 1))));
  unchecked((sndCwndCnt[f] = 0));
  unchecked((recoverSeq[f] = sndMax[f]));
  unchecked((caState[f] = CA_CWR));
  ops.setState(f, CA_CWR);
  noteWindow(f);
}

// TCP small queues apply to a sender on a physical host whose profile has them (decided once, at
// the flow's start). Named simplification: a guest's skbs are freed when netback takes them, so a
// guest is not limited.
@inline function smallQueues(f: i32): bool {
  return unchecked(tsqOn[f]);
}

// tcp_small_queue_check: hold the flow back while more than max(2 skbs, ~1 ms at the pacing rate)
// of it sits below TCP, at most tcp_limit_output_bytes (twice that for retransmissions, `factor` 1),
// unless at most one segment is out. Named simplification: an skb's truesize is its frame's size.
function smallQueueFull(f: i32, factor: i32): bool {
  const frame = <i64>unchecked(fMss[f]) + 66; // wireBytes of a full segment without SACK blocks
  if (unchecked(tsqBytes[f]) <= 2 * frame || !smallQueues(f)) return false; // within the floor: no need for the rate
  let limit = max(2 * frame, pacingRate(f) >> 10); // sk_pacing_shift = 10
  limit = min(limit, kernelProfile(unchecked(fKernel[f])).limitOutputBytes) << factor;
  if (unchecked(tsqBytes[f]) <= limit || packetsOut(f) <= 1) return false;
  unchecked((tsqThrottled[f] = true));
  return true;
}

// tcp_update_pacing_rate: mss · max(cwnd, packets_out) / srtt, × 2 in slow start below half of
// ssthresh (sysctl_tcp_pacing_ss_ratio = 200), else × 1.2 (sysctl_tcp_pacing_ca_ratio = 120); B/s.
function pacingRate(f: i32): i64 {
  const cwnd = unchecked(sndCwnd[f]);
  const ratio: i64 = cwnd < unchecked(sndSsthresh[f]) / 2 ? 200 : 120;
  const n = <i64>max(cwnd, packetsOut(f));
  const rate = <i64>unchecked(fMss[f]) * n * ratio;
  const srttUs = unchecked(srttNs[f]) / 1000;
  return srttUs > 0 ? (rate * 10_000) / srttUs : rate * 80_000; // no sample: the kernel's unscaled product
}

// TX completion of one of the flow's data packets at its host's NIC (tcp_wfree): the bytes leave
// the flow's count, and a flow TSQ held back sends again (tcp_tsq_handler). A packet lost on the
// wire right at the NIC (`sent` false) frees its bytes without a wake-up.
export function senderTxComplete(f: i32, bytes: i32, sent: bool): void {
  if (!smallQueues(f)) return;
  unchecked((tsqBytes[f] -= bytes));
  if (!sent || !unchecked(tsqThrottled[f]) || unchecked(doneAt[f]) >= 0) return;
  unchecked((tsqThrottled[f] = false));
  senderOutput(f);
}

// tcp_xmit_retransmit_queue: lost segments first, oldest first, while cwnd allows.
export function retransmitLost(f: i32): void {
  if (unchecked(lostOut[f]) == 0) return; // nothing lost (most ACKs): no walk, no in-flight count
  const mss = <i64>unchecked(fMss[f]);
  while (inFlightSegs(f) < unchecked(sndCwnd[f])) {
    const q = nextLost(f);
    if (q < 0 || smallQueueFull(f, 1)) break;
    if (!transmit(f, q, <i32>min(mss, unchecked(sndNxt[f]) - q))) break;
  }
}

// Send what min(cwnd, rwnd) allows (tcp_write_xmit), then keep the timers right.
export function senderOutput(f: i32): void {
  // F-RTO's step 2b sends new data first, and retransmits only if none could go (tcp_xmit_recovery)
  const newFirst = takeRexmitNew();
  if (unchecked(fSack[f]) && !newFirst) retransmitLost(f);
  const nxtBefore = unchecked(sndNxt[f]);
  const mss = unchecked(fMss[f]);
  const limit = sendLimit(f);
  const cwnd = unchecked(sndCwnd[f]);
  const rightEdge = unchecked(sndUna[f]) + unchecked(sndWnd[f]);
  let cwndLimited = false;
  // in flight counted up rather than recomputed (a division) per segment: snd_una and snd_nxt lie
  // on segment boundaries short of the send limit, so each new segment adds one, and sending new
  // data moves none of the scoreboard's counters
  let inFlight = inFlightSegs(f);
  while (true) {
    const nxt = unchecked(sndNxt[f]);
    if (nxt >= limit) break;
    if (inFlight >= cwnd) {
      cwndLimited = true;
      break;
    }
    const len = <i32>min(<i64>mss, limit - nxt);
    if (nxt + len > rightEdge || smallQueueFull(f, 0)) break;
    if (!transmit(f, nxt, len)) break;
    unchecked((sndNxt[f] = nxt + len));
    if (nxt + len > unchecked(sndMax[f])) unchecked((sndMax[f] = nxt + len));
    inFlight++;
    assert(inFlight == inFlightSegs(f), "tcp: the send loop's in-flight count drifted"); // the checked build's
  }
  if (newFirst && unchecked(sndNxt[f]) <= unchecked(recoverSeq[f])) {
    unchecked((frto[f] = false));
    retransmitLost(f);
  }
  cwndValidate(f, cwndLimited);
  const outstanding = unchecked(sndNxt[f]) > unchecked(sndUna[f]);
  if (outstanding) {
    // tcp_write_xmit: new data out → one loss probe per tail loss episode
    const sent = unchecked(sndNxt[f]) > nxtBefore;
    if (!(sent && scheduleLossProbe(f, false)) && !timerPending(flowTimer(f, TIMER_RTO))) armRto(f, now() + currentRto(f));
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
  const g = unchecked(fJiffyNs[f]); // clock granularity G: one jiffy
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
  let rto = unchecked(srttNs[f]) + (v > g ? v : g);
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

export function complete(f: i32): void {
  if (unchecked(doneAt[f]) >= 0) return;
  unchecked((doneAt[f] = now()));
  completedFlows++;
  timerCancel(flowTimer(f, TIMER_RTO));
  timerCancel(flowTimer(f, TIMER_PERSIST));
  timerCancel(flowTimer(f, TIMER_REO));
}

// Walk the newly acknowledged segments for RTT samples (tcp_clean_rtx_queue): none by sequence if
// any of them was retransmitted (Karn); else the oldest for the RTO, the newest for the module.
// Karn's rule forbids timing retransmitted data by sequence, but the echoed timestamp is
// unambiguous (RFC 7323 §4.1): Linux, with timestamps on, takes it (tcp_ack_update_rtt), and the
// valid sample ends the RTO backoff. 2.6.16 feeds its estimator from the echo alone
// (tcp_ack_saw_tstamp). Returns the module's sample (-1: none).
export function ackRttSamples(f: i32, una: i64, ack: i64, tsEcr: i64): i64 {
  const mss = <i64>unchecked(fMss[f]);
  let firstAt: i64 = -1;
  let lastAt: i64 = -1;
  let retransAcked = false;
  // ring indices counted from snd_una's (scoreboard.ts: no division per segment)
  const ringAt = unchecked(ringBase[f]);
  const mask = unchecked(ringMask[f]);
  let index = walkIndex(f, una);
  for (let s = una; s < ack; s += mss, index++) {
    const slot = ringAt + (index & mask);
    if (unchecked(segRetrans[slot]) != 0) retransAcked = true;
    else {
      lastAt = unchecked(segSentAt[slot]);
      if (firstAt < 0) firstAt = lastAt;
    }
  }
  let caRtt: i64 = -1;
  const byTs = kernelProfile(unchecked(fKernel[f])).tsInJiffies;
  if (firstAt >= 0 && !retransAcked) {
    if (!byTs || tsEcr <= 0) rttUpdate(f, clockSample(f, firstAt));
    else rttUpdate(f, clockSample(f, tsEcr));
    caRtt = usSample(now() - lastAt);
  } else if (tsEcr > 0) {
    caRtt = usSample(now() - tsEcr);
    rttUpdate(f, clockSample(f, tsEcr));
  }
  if (caRtt >= 0) rttLog(RTT_FROM_TCP, caRtt);
  return caRtt;
}

// Restart the RTO on an ACK that moved snd_una with data still out, stop it when all is acked.
export function rearmRto(f: i32, ack: i64, restart: bool): void {
  if (unchecked(sndNxt[f]) > ack) {
    if (restart) armRto(f, now() + currentRto(f));
  } else {
    timerCancel(flowTimer(f, TIMER_RTO));
    unchecked((probePending[f] = false));
  }
}

function armRto(f: i32, at: i64): void {
  timerSet(flowTimer(f, TIMER_RTO), at);
  unchecked((probePending[f] = false));
}

// tcp_schedule_loss_probe (6.x, sysctl_tcp_early_retrans = 3): with SACK, in Open or CWR, data out:
// probe in 2·srtt, plus TCP_RTO_MIN when a single segment is out (its ACK may be delayed) or
// TCP_TIMEOUT_MIN otherwise (1 s with no RTT sample), in whole jiffies, not after the RTO would
// fire (measured from now when an ACK restarts it, else from the head's send time). The probe
// takes the RTO timer's place. False when no probe is due.
function scheduleLossProbe(f: i32, advancingRto: bool): bool {
  if (!kernelProfile(unchecked(fKernel[f])).tailLossProbe || !unchecked(fSack[f])) return false;
  const state = unchecked(caState[f]);
  const una = unchecked(sndUna[f]);
  const outBytes = unchecked(sndNxt[f]) - una;
  if (outBytes <= 0 || (state != CA_OPEN && state != CA_CWR)) return false;
  const j = unchecked(fJiffyNs[f]);
  let timeout: i64;
  if (unchecked(srttNs[f]) > 0) {
    const single = outBytes <= <i64>unchecked(fMss[f]); // packets_out == 1
    const us = (2 * unchecked(srttNs[f])) / 1000 + (single ? RTO_MIN_NS : TIMEOUT_MIN_NS) / 1000;
    timeout = ((us * 1000 + j - 1) / j) * j; // usecs_to_jiffies rounds up
  } else timeout = RTO_INIT_NS;
  // rto_delta, from the RTO before its rounding to jiffies first: the rounding only lengthens it,
  // so when the unrounded one is not shorter than the probe's timeout neither is the armed one
  const since: i64 = advancingRto ? 0 : now() - unchecked(segSentAt[unchecked(ringBase[f]) + (walkIndex(f, una) & unchecked(ringMask[f]))]);
  if (backedOffRto(f) - since < timeout) {
    const rtoDelta = currentRto(f) - since;
    if (rtoDelta > 0 && rtoDelta < timeout) timeout = min(timeout, ((rtoDelta + j - 1) / j) * j);
  }
  timerSet(flowTimer(f, TIMER_RTO), now() + timeout);
  unchecked((probePending[f] = true));
  return true;
}

// tcp_send_loss_probe: one probe per episode (tlp_high_seq) — a new segment if the window allows,
// sent past cwnd, else the last segment again — then the RTO from now. Named simplification: a
// last segment already SACKed is not probed (RACK has the hole below it).
function sendLossProbe(f: i32): void {
  unchecked((probePending[f] = false));
  if (unchecked(tlpHighSeq[f]) == 0) {
    const mss = <i64>unchecked(fMss[f]);
    const nxt = unchecked(sndNxt[f]);
    const limit = sendLimit(f);
    let sent = false;
    unchecked((tlpRetrans[f] = false));
    if (nxt < limit && nxt + min(mss, limit - nxt) <= unchecked(sndUna[f]) + unchecked(sndWnd[f])) {
      const len = <i32>min(mss, limit - nxt);
      if (transmit(f, nxt, len, true)) {
        unchecked((sndNxt[f] = nxt + len));
        if (nxt + len > unchecked(sndMax[f])) unchecked((sndMax[f] = nxt + len));
        sent = true;
      }
    } else if (nxt > unchecked(sndUna[f])) {
      const last = ((nxt - 1) / mss) * mss;
      if ((unchecked(segTag[ringSlot(f, last)]) & TAG_SACKED) == 0 && transmit(f, last, <i32>(nxt - last))) {
        unchecked((tlpRetrans[f] = true));
        sent = true;
      }
    }
    if (sent) {
      unchecked((tlpHighSeq[f] = sndNxt[f]));
      unchecked((lossProbes[f] += 1));
    }
  }
  if (unchecked(sndNxt[f]) > unchecked(sndUna[f])) armRto(f, now() + currentRto(f));
}

export function senderOnAck(f: i32, p: i32): void {
  if (unchecked(fSack[f])) {
    sackOnAck(f, p);
    return;
  }
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
    const ackedSegs = <u32>((ack - una + mss - 1) / mss);
    const caRtt = ackRttSamples(f, una, ack, tsEcr);
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
    } else if (state == CA_CWR) {
      // local congestion: no growth until snd_una passes high_seq, then the reduction ends
      // (2.6.16 tcp_complete_cwr: min(cwnd, ssthresh); 6.x tcp_end_cwnd_reduction: ssthresh)
      if (ack > unchecked(recoverSeq[f])) {
        const ss = unchecked(sndSsthresh[f]);
        if (kernelProfile(unchecked(fKernel[f])).recovery == RECOVERY_FACK_RATE_HALVING) unchecked((sndCwnd[f] = min(unchecked(sndCwnd[f]), ss)));
        else unchecked((sndCwnd[f] = ss));
        ops.cwndEvent(f, CA_EVENT_COMPLETE_CWR);
        unchecked((caState[f] = CA_OPEN));
        ops.setState(f, CA_OPEN);
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
    rearmRto(f, ack, restartRto);
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

// An ACK with SACK on (tcp_ack): tag what its blocks cover, move snd_una, sample the RTT,
// clear what the cumulative ACK covers, let the profile's recovery decide, then retransmit what
// is lost and send new data as cwnd allows.
function sackOnAck(f: i32, p: i32): void {
  const ack = unchecked(pAck[p]);
  const wnd = unchecked(pWnd[p]);
  const tsEcr = unchecked(pTsEcr[p]);
  const una = unchecked(sndUna[f]);
  if (ack > unchecked(sndMax[f]) || ack < una) {
    packetFree(p);
    return;
  }
  const dsackBefore = unchecked(dsacksSeen[f]);
  const origAcked = unchecked(caState[f]) == CA_LOSS && unchecked(frto[f]) && origDataAcked(f, p, una, ack);
  const newlySacked = sackTag(f, p, ack);
  packetFree(p);
  const dsack = unchecked(dsacksSeen[f]) > dsackBefore;
  const winChanged = wnd != unchecked(sndWnd[f]);
  unchecked((sndWnd[f] = wnd));
  const ops = ccOps(unchecked(fCc[f]));
  unchecked((sndUna[f] = ack));
  if (unchecked(sndNxt[f]) < ack) unchecked((sndNxt[f] = ack));
  ops.inAckEvent(f, ack > una && !winChanged && newlySacked == 0 ? 0 : CA_ACK_SLOWPATH);
  let ackedSegs: u32 = 0;
  let fresh: u32 = 0;
  if (ack > una) {
    const mss = <i64>unchecked(fMss[f]);
    ackedSegs = <u32>((ack - una + mss - 1) / mss);
    const caRtt = ackRttSamples(f, una, ack, tsEcr);
    fresh = scoreboardClean(f, una, ack);
    ops.pktsAcked(f, ackedSegs, caRtt);
    if (unchecked(retransOut[f]) == 0 && unchecked(caState[f]) == CA_OPEN) unchecked((retransStamp[f] = 0));
  } else if (unchecked(sndNxt[f]) > una) ops.pktsAcked(f, 0, -1);
  ackBegin();
  const dupack = ack == una && !winChanged && unchecked(sndNxt[f]) > una;
  if (unchecked(tlpHighSeq[f]) != 0) processTlpAck(f, ack, ack > una, dupack && newlySacked == 0, dsack);
  recoveryOnAck(f, una, ack, ackedSegs, fresh, newlySacked, dupack, dsack, tsEcr, origAcked);
  if (reoWaitNs > 0) timerSet(flowTimer(f, TIMER_REO), now() + reoTimerNs(f, reoWaitNs));
  else timerCancel(flowTimer(f, TIMER_REO));
  unchecked((cwndSum[f] += <f64>unchecked(sndCwnd[f])));
  unchecked((cwndSamples[f] += 1));
  noteWindow(f);
  if (ack >= sendLimit(f)) {
    ackEnd();
    complete(f);
    return;
  }
  // tcp_set_xmit_timer: the loss probe if one is due, else the RTO
  if (ack > una && !scheduleLossProbe(f, true)) rearmRto(f, ack, true);
  senderOutput(f);
  ackEnd();
}

// The reordering timer in whole jiffies plus TCP_TIMEOUT_MIN = 2 jiffies (tcp_rack_mark_lost).
function reoTimerNs(f: i32, waitNs: i64): i64 {
  const j = unchecked(fJiffyNs[f]);
  return ((waitNs + j - 1) / j + 2) * j;
}

export function senderReoTimeout(f: i32): void {
  if (!unchecked(fSack[f]) || unchecked(doneAt[f]) >= 0) return;
  if (recoveryOnReoTimeout(f)) senderOutput(f);
  if (reoWaitNs > 0) timerSet(flowTimer(f, TIMER_REO), now() + reoTimerNs(f, reoWaitNs));
}

// Retransmission timeout (tcp_retransmit_timer → tcp_enter_loss): back off, cwnd to one segment,
// go back to the first unacknowledged byte.
// With a loss probe armed in its place, the timer sends the probe instead.
export function senderRtoTimeout(f: i32): void {
  if (unchecked(sndNxt[f]) <= unchecked(sndUna[f]) || unchecked(doneAt[f]) >= 0) return;
  if (unchecked(probePending[f])) {
    sendLossProbe(f);
    return;
  }
  const ops = ccOps(unchecked(fCc[f]));
  const state = unchecked(caState[f]);
  unchecked((rtoCount[f] += 1));
  // a new ssthresh only for the first timeout of a loss episode, as tcp_enter_loss does
  const sack = unchecked(fSack[f]);
  const newSsthresh = state <= CA_DISORDER || (state == CA_LOSS && unchecked(backoff[f]) == 0);
  if (newSsthresh) {
    unchecked((priorSsthresh[f] = sack ? currentSsthresh(f) : sndSsthresh[f]));
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
  if (sack) {
    // tcp_enter_loss: what is not SACKed is lost and goes again, in order, as cwnd allows; the
    // profile's undo episode and F-RTO start here (tcp_try_undo_loss and F-RTO end them)
    recoveryOnRto(f, state, newSsthresh);
    markAllLost(f);
    timerCancel(flowTimer(f, TIMER_REO));
  } else unchecked((sndNxt[f] = sndUna[f])); // go-back-N
  if (currentRto(f) < RTO_MAX_NS) unchecked((backoff[f] += 1));
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
