// SACK loss recovery as the flow's kernel profile does it (net/ipv4/tcp_input.c
// tcp_fastretrans_alert and its helpers; net/ipv4/tcp_recovery.c for RACK): when to enter
// Recovery, which segments are lost, how cwnd falls during it and where it lands at the end, and
// the undo of a reduction that D-SACKs or timestamps prove spurious. The sender (sender.ts)
// moves the data; this module only decides.
import {
  fKernel, fJiffyNs, sndUna, sndMax, sndCwnd, sndCwndCnt, sndSsthresh, priorCwnd, priorSsthresh,
  caState, recoverSeq, prrDelivered, prrOut, undoMarker, undoRetrans, retransStamp, retransOut,
  reordering, lostOut, sackedOut, fastRecoveries, undos, inFlightSegs, fCc, fMss, sndNxt, segTag, segRetrans,
  ringSlot, retransHint, highSacked, frto, tlpHighSeq, tlpRetrans, backoff, TAG_LOST, TAG_SACKED,
  CA_OPEN, CA_DISORDER, CA_RECOVERY, CA_LOSS, CA_CWR, CA_EVENT_COMPLETE_CWR, INFINITE_SSTHRESH,
} from "./sock";
import { ccOps } from "./cc/registry";
import { kernelProfile } from "./profile/registry";
import { RECOVERY_FACK_RATE_HALVING } from "./profile/profile";
import { markHeadLost, facketsOut, rackDetectLoss, rackMarked } from "./scoreboard";
import { pSackN, pSackBlk, SACK_MAX_BLOCKS } from "../net/packet";
import { prrCwnd, cwndDown, moderateCwnd } from "./recovery-cwnd";

@inline function fack(f: i32): bool {
  return kernelProfile(unchecked(fKernel[f])).recovery == RECOVERY_FACK_RATE_HALVING;
}

// tcp_current_ssthresh: what to restore on undo — at least 3/4 of cwnd outside a reduction.
export function currentSsthresh(f: i32): u32 {
  const st = unchecked(caState[f]);
  const ss = unchecked(sndSsthresh[f]);
  if (st == CA_CWR || st == CA_RECOVERY) return ss;
  const c = unchecked(sndCwnd[f]);
  return max(ss, (c >> 1) + (c >> 2));
}

function setState(f: i32, st: i32): void {
  if (unchecked(caState[f]) == st) return;
  unchecked((caState[f] = st));
  ccOps(unchecked(fCc[f])).setState(f, st);
}

// tcp_init_cwnd_reduction (6.x; the same steps in 2.6.16's tcp_enter_recovery and
// __tcp_enter_cwr): high_seq = snd_nxt, a new ssthresh from the module, PRR's counters from zero.
function initCwndReduction(f: i32): void {
  unchecked((recoverSeq[f] = sndMax[f]));
  unchecked((tlpHighSeq[f] = 0));
  unchecked((sndCwndCnt[f] = 0));
  unchecked((priorCwnd[f] = sndCwnd[f]));
  unchecked((prrDelivered[f] = 0));
  unchecked((prrOut[f] = 0));
  unchecked((sndSsthresh[f] = ccOps(unchecked(fCc[f])).ssthresh(f)));
}

// tcp_enter_recovery with tcp_init_undo. From CWR the reduction already under way goes on (no
// second ssthresh: `if (icsk_ca_state < TCP_CA_CWR)` in both eras); 2.6.16 moves high_seq anyway.
function enterRecovery(f: i32): void {
  unchecked((undoMarker[f] = sndUna[f]));
  unchecked((undoRetrans[f] = <i32>unchecked(retransOut[f])));
  unchecked((priorSsthresh[f] = 0));
  if (unchecked(caState[f]) < CA_CWR) {
    unchecked((priorSsthresh[f] = currentSsthresh(f)));
    initCwndReduction(f);
  } else if (fack(f)) unchecked((recoverSeq[f] = sndMax[f]));
  setState(f, CA_RECOVERY);
  unchecked((fastRecoveries[f] += 1));
}

// tcp_enter_cwr: the sender's own queue refused a segment (local congestion, tcp_transmit_skb's
// NET_XMIT_DROP): reduce once per window, no retransmission, no undo. 2.6.16's __tcp_enter_cwr
// also clamps cwnd to what is in flight + 1 at once; 6.x lets PRR bring it down.
export function enterCwr(f: i32): void {
  unchecked((priorSsthresh[f] = 0));
  if (unchecked(caState[f]) >= CA_CWR) return;
  unchecked((undoMarker[f] = -1));
  initCwndReduction(f);
  if (fack(f)) unchecked((sndCwnd[f] = min(unchecked(sndCwnd[f]), inFlightSegs(f) + 1)));
  setState(f, CA_CWR);
}

// tcp_packet_delayed: nothing retransmitted in the episode, or the ACK echoes a timestamp older
// than the first retransmission, compared on the profile's timestamp clock.
function packetDelayed(f: i32, tsEcr: i64): bool {
  const rs = unchecked(retransStamp[f]);
  if (rs == 0) return true;
  if (tsEcr <= 0) return false;
  const unit: i64 = kernelProfile(unchecked(fKernel[f])).tsInJiffies ? unchecked(fJiffyNs[f]) : 1_000_000;
  return tsEcr / unit < rs / unit;
}

// tcp_may_undo: every retransmission of the episode came back as a D-SACK, or the original
// transmission is what got through.
function mayUndo(f: i32, tsEcr: i64): bool {
  if (unchecked(undoMarker[f]) < 0) return false;
  return unchecked(undoRetrans[f]) <= 0 || packetDelayed(f, tsEcr);
}

// tcp_undo_cwnd_reduction (6.x) / tcp_undo_cwr (2.6.16): the module's undo_cwnd and the ssthresh
// from before the episode (2.6.16's partial undo keeps ssthresh); with `unmarkLoss`, what was
// marked lost is in flight again. 2.6.16 then moderates cwnd to in flight + 3.
function undo(f: i32, restoreSsthresh: bool, unmarkLoss: bool): void {
  const fk = fack(f);
  if (unmarkLoss) unmarkLost(f);
  if (unchecked(priorSsthresh[f]) != 0) {
    unchecked((sndCwnd[f] = ccOps(unchecked(fCc[f])).undoCwnd(f)));
    if (restoreSsthresh && unchecked(priorSsthresh[f]) > unchecked(sndSsthresh[f])) unchecked((sndSsthresh[f] = priorSsthresh[f]));
  } else if (fk) unchecked((sndCwnd[f] = max(unchecked(sndCwnd[f]), unchecked(sndSsthresh[f]))));
  if (fk) moderateCwnd(f);
  unchecked((undoMarker[f] = -1));
  unchecked((undos[f] += 1));
}

// The lost marks go (tcp_undo_cwnd_reduction's walk, 2.6.16 tcp_try_undo_loss): those segments
// count as in flight again and the retransmit walk starts over.
function unmarkLost(f: i32): void {
  const mss = <i64>unchecked(fMss[f]);
  const nxt = unchecked(sndNxt[f]);
  for (let q = unchecked(sndUna[f]); q < nxt; q += mss) {
    const slot = ringSlot(f, q);
    unchecked((segTag[slot] &= ~TAG_LOST));
  }
  unchecked((lostOut[f] = 0));
  unchecked((retransHint[f] = sndUna[f]));
}

// tcp_try_keep_open: Open, or Disorder while anything is SACKed, lost or retransmitted.
function tryKeepOpen(f: i32): i32 {
  const disorder = unchecked(sackedOut[f]) > 0 || unchecked(retransOut[f]) > 0 || unchecked(lostOut[f]) > 0;
  const st = disorder ? CA_DISORDER : CA_OPEN;
  if (unchecked(caState[f]) != st) {
    setState(f, st);
    unchecked((recoverSeq[f] = sndMax[f]));
  }
  return st;
}

// snd_una reached high_seq in Recovery: tcp_try_undo_recovery, then the end of the reduction —
// 6.x tcp_end_cwnd_reduction sets cwnd to ssthresh unless undone, 2.6.16 tcp_complete_cwr takes
// min(cwnd, ssthresh) either way.
function exitRecovery(f: i32, tsEcr: i64): void {
  if (mayUndo(f, tsEcr)) undo(f, true, false);
  if (fack(f)) unchecked((sndCwnd[f] = min(unchecked(sndCwnd[f]), unchecked(sndSsthresh[f]))));
  else if (unchecked(sndSsthresh[f]) < INFINITE_SSTHRESH && unchecked(undoMarker[f]) >= 0) unchecked((sndCwnd[f] = sndSsthresh[f]));
  ccOps(unchecked(fCc[f])).cwndEvent(f, CA_EVENT_COMPLETE_CWR);
  setState(f, CA_OPEN);
}

// snd_una passed high_seq in CWR (something *above* it, as Linux waits for): the reduction ends as
// at the end of Recovery, cwnd = ssthresh (6.x) or min(cwnd, ssthresh) (2.6.16).
function exitCwr(f: i32): void {
  if (fack(f)) unchecked((sndCwnd[f] = min(unchecked(sndCwnd[f]), unchecked(sndSsthresh[f]))));
  else if (unchecked(sndSsthresh[f]) < INFINITE_SSTHRESH) unchecked((sndCwnd[f] = sndSsthresh[f]));
  ccOps(unchecked(fCc[f])).cwndEvent(f, CA_EVENT_COMPLETE_CWR);
  setState(f, CA_OPEN);
}

// tcp_try_undo_partial: a partial ACK in Recovery whose echo shows the hole was filled by the
// original, delayed segment. Both eras raise tp->reordering to what was seen (tcp_update_reordering,
// at most TCP_MAX_REORDERING = 127; 6.x tcp_check_sack_reordering, at most sysctl_tcp_max_reordering
// = 300). 2.6.16 undoes cwnd (not ssthresh) and stays in Recovery; 6.x waits while retransmissions
// are out (returns true: no loss marking on this ACK), else undoes fully and leaves Recovery.
function tryUndoPartial(f: i32, tsEcr: i64, priorUna: i64, ackedSegs: u32): bool {
  if (unchecked(undoMarker[f]) < 0) return false;
  const fk = fack(f);
  if (fk ? !mayUndo(f, tsEcr) : !packetDelayed(f, tsEcr)) return false;
  const mss = <i64>unchecked(fMss[f]);
  const seen: u32 = fk
    ? <u32>facketsOut(f) + ackedSegs
    : <u32>((max(unchecked(highSacked[f]), unchecked(sndUna[f])) - priorUna + mss - 1) / mss);
  const cap: u32 = fk ? 127 : 300;
  if (seen > unchecked(reordering[f])) unchecked((reordering[f] = min(seen, cap)));
  if (fk) {
    if (unchecked(retransOut[f]) == 0) unchecked((retransStamp[f] = 0));
    const marker = unchecked(undoMarker[f]);
    undo(f, false, false);
    unchecked((undoMarker[f] = marker)); // tcp_undo_cwr leaves the episode open
    return false;
  }
  if (unchecked(retransOut[f]) > 0) return true;
  unchecked((retransStamp[f] = 0));
  undo(f, true, true);
  tryKeepOpen(f);
  return false;
}

// tcp_try_undo_loss: an ACK in Loss proves the RTO spurious (tcp_may_undo, or F-RTO's proof):
// undo with the lost marks cleared and go Open.
function tryUndoLoss(f: i32, tsEcr: i64, frtoUndo: bool): bool {
  if (!frtoUndo && !mayUndo(f, tsEcr)) return false;
  undo(f, true, true);
  setState(f, CA_OPEN);
  return true;
}

// Set by an ACK in Loss when F-RTO sends new data instead of retransmitting (REXMIT_NEW).
let rexmitNewData: bool = false;
export function takeRexmitNew(): bool {
  const r = rexmitNewData;
  rexmitNewData = false;
  return r;
}

// An ACK in Loss (after an RTO). 2.6.16: snd_una at high_seq ends it (tcp_try_undo_recovery),
// any other ACK may prove it spurious (tcp_try_undo_loss), else cwnd is moderated. 6.x
// tcp_process_loss with F-RTO (RFC 5682 §3.1, SACK-enhanced): data never retransmitted
// acknowledged or SACKed proves the timeout spurious (step 3b); the first ACK that moves snd_una
// sends new data rather than retransmissions (step 2b); a SACK or duplicate ACK after that shows
// the loss real (3a). Returns the state after it.
function processLoss(f: i32, ack: i64, unaAdvanced: bool, dupack: bool, newlySacked: u32, tsEcr: i64, origAcked: bool): i32 {
  const recovered = ack >= unchecked(recoverSeq[f]);
  if (fack(f)) {
    if (recovered) {
      if (mayUndo(f, tsEcr)) undo(f, true, false);
      setState(f, CA_OPEN);
      return CA_OPEN;
    }
    return tryUndoLoss(f, tsEcr, false) ? CA_OPEN : CA_LOSS;
  }
  if (unaAdvanced && tryUndoLoss(f, tsEcr, false)) return CA_OPEN;
  if (unchecked(frto[f])) {
    if (origAcked && tryUndoLoss(f, tsEcr, true)) return CA_OPEN;
    if (unchecked(sndNxt[f]) > unchecked(recoverSeq[f])) {
      if (newlySacked > 0 || dupack) unchecked((frto[f] = false));
    } else if (unaAdvanced && !recovered) {
      unchecked((recoverSeq[f] = sndNxt[f]));
      rexmitNewData = true; // the sender falls back to retransmitting if no new data can go
      return CA_LOSS;
    }
  }
  if (recovered) {
    if (mayUndo(f, tsEcr)) undo(f, true, false);
    setState(f, CA_OPEN);
    return CA_OPEN;
  }
  return CA_LOSS;
}

// FLAG_ORIG_SACK_ACKED, for F-RTO: does this ACK newly acknowledge or SACK a segment that was
// never retransmitted and ends at or below high_seq? Read before the scoreboard takes the ACK.
export function origDataAcked(f: i32, p: i32, una: i64, ack: i64): bool {
  const mss = <i64>unchecked(fMss[f]);
  const high = unchecked(recoverSeq[f]);
  const nxt = unchecked(sndNxt[f]);
  for (let q = una; q < ack; q += mss) if (origSegment(f, q, high, nxt)) return true;
  const n = <i32>unchecked(pSackN[p]);
  const base = p * 2 * SACK_MAX_BLOCKS;
  for (let b = 0; b < n; b++) {
    const s = max(unchecked(pSackBlk[base + 2 * b]), ack);
    const e = min(unchecked(pSackBlk[base + 2 * b + 1]), nxt);
    for (let q = ((s + mss - 1) / mss) * mss; q < e; q += mss) if (origSegment(f, q, high, nxt)) return true;
  }
  return false;
}
@inline function origSegment(f: i32, q: i64, high: i64, nxt: i64): bool {
  const slot = ringSlot(f, q);
  const end = min(q + <i64>unchecked(fMss[f]), nxt);
  return unchecked(segRetrans[slot]) == 0 && (unchecked(segTag[slot]) & TAG_SACKED) == 0 && end <= high;
}

// The RTO fired (tcp_enter_loss): the undo episode and F-RTO as the profile's kernel starts them.
// `newSsthresh`: this timeout reduced ssthresh. 2.6.16 keeps an undo marker only if nothing
// outstanding was ever retransmitted; 6.x starts one with each reduction (tcp_init_undo) and arms
// F-RTO (sysctl_tcp_frto) unless an earlier recovery is under way, short of a repeated timeout.
export function recoveryOnRto(f: i32, priorState: i32, newSsthresh: bool): void {
  unchecked((tlpHighSeq[f] = 0));
  if (fack(f)) {
    unchecked((undoMarker[f] = sndUna[f]));
    unchecked((undoRetrans[f] = 0));
    const mss = <i64>unchecked(fMss[f]);
    const nxt = unchecked(sndNxt[f]);
    for (let q = unchecked(sndUna[f]); q < nxt; q += mss) {
      if (unchecked(segRetrans[ringSlot(f, q)]) != 0) {
        unchecked((undoMarker[f] = -1));
        break;
      }
    }
    unchecked((frto[f] = false));
    return;
  }
  if (newSsthresh) {
    unchecked((undoMarker[f] = sndUna[f]));
    unchecked((undoRetrans[f] = 0));
  }
  unchecked((frto[f] = kernelProfile(unchecked(fKernel[f])).frto && (priorState < CA_RECOVERY || unchecked(backoff[f]) > 0)));
}

// Per-ACK bookkeeping for the recovery-bound check (recoveryBoundHolds).
let ackSends: i32 = 0;
let prrApplied: bool = false; // PRR set cwnd on this ACK (it delivered something)
let onAck: bool = false;
export function ackBegin(): void {
  ackSends = 0;
  onAck = true;
}
export function ackEnd(): void {
  onAck = false;
}

// Reordering-timer wait the last loss detection asked for (0: none), ns.
export let reoWaitNs: i64 = 0;

// The recovery half of tcp_ack (tcp_fastretrans_alert and the cwnd update) for an ACK that moved
// snd_una from `priorUna` by `ackedSegs` segments, of which `fresh` not SACKed before, and newly
// SACKed `newlySacked`; `dupack` when it neither moved snd_una nor changed the window; `dsack` when
// it carried a D-SACK; `origAcked` as origDataAcked. Leaves cwnd and the state set; the sender
// then retransmits what is lost and sends what cwnd allows.
export function recoveryOnAck(f: i32, priorUna: i64, ack: i64, ackedSegs: u32, fresh: u32, newlySacked: u32, dupack: bool, dsack: bool, tsEcr: i64, origAcked: bool): void {
  const ops = ccOps(unchecked(fCc[f]));
  const fk = fack(f);
  const delivered = fresh + newlySacked;
  const unaAdvanced = ackedSegs > 0;
  let state = unchecked(caState[f]);
  let newlyLost: u32 = 0;
  let holdLosses = state == CA_LOSS; // RACK does not run on an ACK that finds the flow in Loss
  reoWaitNs = 0;
  rexmitNewData = false;
  prrApplied = false;
  // state exits once snd_una has reached high_seq (CWR: passed it)
  if (state == CA_RECOVERY && ack >= unchecked(recoverSeq[f])) {
    exitRecovery(f, tsEcr);
    state = CA_OPEN;
  } else if (state == CA_CWR && ack > unchecked(recoverSeq[f])) {
    exitCwr(f);
    state = CA_OPEN;
  } else if (state == CA_LOSS) {
    state = processLoss(f, ack, unaAdvanced, dupack, newlySacked, tsEcr, origAcked);
  } else if (state == CA_RECOVERY) {
    if (unaAdvanced) holdLosses = tryUndoPartial(f, tsEcr, priorUna, ackedSegs);
    // 6.x: a D-SACK that completes the proof undoes Recovery too (tcp_try_undo_dsack)
    if (!fk && !holdLosses && unchecked(caState[f]) == CA_RECOVERY && dsack && tryUndoDsack(f)) tryKeepOpen(f);
    state = unchecked(caState[f]);
  }
  // RACK marks by time (tcp_identify_packet_loss), outside Loss
  if (!fk && state != CA_LOSS && !holdLosses) {
    reoWaitNs = rackDetectLoss(f);
    newlyLost = rackMarked;
  }
  if (state == CA_OPEN || state == CA_DISORDER || state == CA_CWR) {
    // tcp_time_to_recover: lost segments (6.x: found by RACK); 2.6.16 also FACK's
    // forward-most count beyond tp->reordering
    if (unchecked(lostOut[f]) > 0 || (fk && facketsOut(f) > <i32>unchecked(reordering[f]))) {
      enterRecovery(f);
      state = CA_RECOVERY;
      if (fk) newlyLost += markHeadLost(f, max(1, facketsOut(f) - <i32>unchecked(reordering[f])), false, unchecked(recoverSeq[f]));
    }
  } else if (state == CA_RECOVERY && fk && dupack) {
    // tcp_update_scoreboard on a duplicate ACK in Recovery (FACK)
    newlyLost += markHeadLost(f, max(1, facketsOut(f) - <i32>unchecked(reordering[f])), false, unchecked(recoverSeq[f]));
  }
  if (state == CA_RECOVERY || state == CA_CWR) {
    if (fk) cwndDown(f, ops.minCwnd(f));
    else {
      prrCwnd(f, delivered, newlyLost, unaAdvanced);
      prrApplied = delivered > 0;
    }
  } else {
    // tcp_may_raise_cwnd: growth outside Recovery and CWR
    if (ackedSegs > 0) ops.congAvoid(f, ackedSegs);
    if (state == CA_LOSS) {
      if (fk) moderateCwnd(f); // 2.6.16 tcp_fastretrans_alert, Loss not undone
    } else {
      // a D-SACK that completes the proof undoes the last reduction (tcp_try_undo_dsack)
      if (dsack) tryUndoDsack(f);
      const disorder = unchecked(sackedOut[f]) > 0 || unchecked(retransOut[f]) > 0 || unchecked(lostOut[f]) > 0;
      setState(f, disorder ? CA_DISORDER : CA_OPEN);
      if (disorder && fk) moderateCwnd(f);
    }
  }
}

// tcp_process_tlp_ack: the ACK reached the tail loss probe's snd_nxt. A probe of new data, or a
// retransmission whose original also arrived (a D-SACK, or a plain duplicate ACK), ends the episode
// with no loss; an ACK beyond it shows the probe repaired a loss: one cwnd reduction, done at once
// (CWR, then cwnd = ssthresh). Named simplification: any D-SACK counts as the probe's
// (FLAG_DSACK_TLP checks that it covers the probe).
export function processTlpAck(f: i32, ack: i64, unaAdvanced: bool, pureDupack: bool, dsack: bool): void {
  const high = unchecked(tlpHighSeq[f]);
  if (ack < high) return;
  if (!unchecked(tlpRetrans[f]) || dsack) {
    unchecked((tlpHighSeq[f] = 0));
  } else if (ack > high) {
    initCwndReduction(f);
    setState(f, CA_CWR);
    if (unchecked(sndSsthresh[f]) < INFINITE_SSTHRESH) unchecked((sndCwnd[f] = sndSsthresh[f]));
    ccOps(unchecked(fCc[f])).cwndEvent(f, CA_EVENT_COMPLETE_CWR);
    tryKeepOpen(f);
  } else if (pureDupack && !unaAdvanced) unchecked((tlpHighSeq[f] = 0));
}

// tcp_try_undo_dsack: every retransmission of the episode has come back as a D-SACK.
function tryUndoDsack(f: i32): bool {
  if (unchecked(undoMarker[f]) < 0 || unchecked(undoRetrans[f]) > 0) return false;
  undo(f, true, false);
  return true;
}

// RACK's reordering timer fired (tcp_rack_reo_timeout): mark what is now overdue; if that found
// a loss outside Recovery, enter it with one segment of PRR quota.
export function recoveryOnReoTimeout(f: i32): bool {
  const before = inFlightSegs(f);
  reoWaitNs = rackDetectLoss(f);
  if (inFlightSegs(f) == before) return false;
  if (unchecked(caState[f]) != CA_RECOVERY && unchecked(caState[f]) != CA_LOSS) {
    enterRecovery(f);
    prrCwnd(f, 1, 0, false);
  }
  return true;
}

// The profile's bound on what may leave during Recovery, checked at every transmission an ACK
// triggers: rate-halving lets at most one segment go per ACK (cwnd ≤ in flight + 1); PRR keeps
// prr_out within ssthresh/prior_cwnd of prr_delivered (rounded up, at least the fast
// retransmit) unless what is in flight stays within ssthresh (its slow-start part). An ACK that
// delivers nothing (a D-SACK, a duplicate ACK on which RACK's timer marks losses) leaves cwnd as
// it was — tcp_cwnd_reduction returns early — and then cwnd alone bounds what it sends.
export function recoveryBoundHolds(f: i32): bool {
// Called before the segment leaves and before prr_out counts it.
  if (!onAck || unchecked(caState[f]) != CA_RECOVERY) return true;
  ackSends++;
  if (fack(f)) return ackSends <= 1;
  if (!prrApplied) return inFlightSegs(f) + 1 <= unchecked(sndCwnd[f]);
  if (inFlightSegs(f) + 1 <= unchecked(sndSsthresh[f])) return true;
  const prior = <u64>unchecked(priorCwnd[f]);
  const quota = (<u64>unchecked(sndSsthresh[f]) * <u64>unchecked(prrDelivered[f]) + prior - 1) / prior;
  return <u64>unchecked(prrOut[f]) + 1 <= max(quota, <u64>1);
}
