// SACK loss recovery as the flow's kernel profile does it (net/ipv4/tcp_input.c
// tcp_fastretrans_alert and its helpers; net/ipv4/tcp_recovery.c for RACK): when to enter
// Recovery, which segments are lost, how cwnd falls during it and where it lands at the end, and
// the undo of a reduction that D-SACKs or timestamps prove spurious. The sender (sender.ts)
// moves the data; this module only decides.
import {
  fKernel, fJiffyNs, sndUna, sndMax, sndCwnd, sndCwndCnt, sndSsthresh, priorCwnd, priorSsthresh,
  caState, recoverSeq, prrDelivered, prrOut, undoMarker, undoRetrans, retransStamp, retransOut,
  reordering, lostOut, sackedOut, fastRecoveries, undos, inFlightSegs, fCc,
  CA_OPEN, CA_DISORDER, CA_RECOVERY, CA_LOSS, CA_CWR, CA_EVENT_COMPLETE_CWR, INFINITE_SSTHRESH,
} from "./sock";
import { ccOps } from "./cc/registry";
import { kernelProfile } from "./profile/registry";
import { RECOVERY_FACK_RATE_HALVING } from "./profile/profile";
import { markHeadLost, facketsOut, rackDetectLoss, rackMarked } from "./scoreboard";
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

// tcp_enter_recovery with tcp_init_undo and tcp_init_cwnd_reduction.
function enterRecovery(f: i32): void {
  const ops = ccOps(unchecked(fCc[f]));
  unchecked((undoMarker[f] = sndUna[f]));
  unchecked((undoRetrans[f] = <i32>unchecked(retransOut[f])));
  unchecked((priorSsthresh[f] = currentSsthresh(f)));
  unchecked((recoverSeq[f] = sndMax[f])); // high_seq = snd_nxt
  unchecked((sndCwndCnt[f] = 0));
  unchecked((priorCwnd[f] = sndCwnd[f]));
  unchecked((prrDelivered[f] = 0));
  unchecked((prrOut[f] = 0));
  unchecked((sndSsthresh[f] = ops.ssthresh(f)));
  setState(f, CA_RECOVERY);
  unchecked((fastRecoveries[f] += 1));
}

// tcp_may_undo: every retransmission of the episode came back as a D-SACK, or the ACK echoes a
// timestamp older than the first retransmission (tcp_packet_delayed), compared on the
// profile's timestamp clock.
function mayUndo(f: i32, tsEcr: i64): bool {
  if (unchecked(undoMarker[f]) < 0) return false;
  if (unchecked(undoRetrans[f]) == 0) return true;
  const rs = unchecked(retransStamp[f]);
  if (rs == 0 || tsEcr <= 0) return false;
  const unit: i64 = kernelProfile(unchecked(fKernel[f])).tsInJiffies ? unchecked(fJiffyNs[f]) : 1_000_000;
  return tsEcr / unit < rs / unit;
}

// tcp_undo_cwnd_reduction: the module's undo_cwnd, and the ssthresh from before the episode.
function undo(f: i32): void {
  if (unchecked(priorSsthresh[f]) != 0) {
    unchecked((sndCwnd[f] = ccOps(unchecked(fCc[f])).undoCwnd(f)));
    if (unchecked(priorSsthresh[f]) > unchecked(sndSsthresh[f])) unchecked((sndSsthresh[f] = priorSsthresh[f]));
  }
  unchecked((undoMarker[f] = -1));
  unchecked((undos[f] += 1));
}

// snd_una reached high_seq: tcp_try_undo_recovery, else end the reduction — 6.x
// tcp_end_cwnd_reduction sets cwnd to ssthresh, 2.6.16 tcp_complete_cwr to min(cwnd, ssthresh).
function exitRecovery(f: i32, tsEcr: i64): void {
  if (mayUndo(f, tsEcr)) undo(f);
  else if (fack(f)) unchecked((sndCwnd[f] = min(unchecked(sndCwnd[f]), unchecked(sndSsthresh[f]))));
  else if (unchecked(sndSsthresh[f]) < INFINITE_SSTHRESH && unchecked(undoMarker[f]) >= 0) unchecked((sndCwnd[f] = sndSsthresh[f]));
  ccOps(unchecked(fCc[f])).cwndEvent(f, CA_EVENT_COMPLETE_CWR);
  setState(f, CA_OPEN);
}

// Per-ACK bookkeeping for the recovery-bound check (recoveryBoundHolds).
let ackSends: i32 = 0;
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

// The recovery half of tcp_ack for an ACK that moved snd_una by `ackedSegs` segments and
// delivered `delivered` (cumulatively acked but not SACKed before, plus newly SACKed); `dupack`
// when it neither moved snd_una nor changed the window. Leaves cwnd and the state set; the
// sender then retransmits what is lost and sends what cwnd allows.
export function recoveryOnAck(f: i32, ack: i64, ackedSegs: u32, delivered: u32, dupack: bool, dsack: bool, tsEcr: i64): void {
  const ops = ccOps(unchecked(fCc[f]));
  const fk = fack(f);
  let state = unchecked(caState[f]);
  let newlyLost: u32 = 0;
  reoWaitNs = 0;
  // RACK marks by time on every ACK (tcp_rack_mark_lost from tcp_identify_packet_loss)
  if (!fk && state != CA_LOSS) {
    reoWaitNs = rackDetectLoss(f);
    newlyLost = rackMarked;
  }
  // state exits once snd_una has reached high_seq
  if (state == CA_RECOVERY && ack >= unchecked(recoverSeq[f])) {
    exitRecovery(f, tsEcr);
    state = CA_OPEN;
  } else if (state == CA_LOSS && ack >= unchecked(recoverSeq[f])) {
    setState(f, CA_OPEN);
    state = CA_OPEN;
  }
  if (state == CA_OPEN || state == CA_DISORDER) {
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
  if (state == CA_RECOVERY) {
    if (fk) cwndDown(f, ops.minCwnd(f));
    else prrCwnd(f, delivered, newlyLost, ackedSegs > 0);
  } else {
    // tcp_may_raise_cwnd: growth outside Recovery and CWR
    if (ackedSegs > 0) ops.congAvoid(f, ackedSegs);
    if (state != CA_LOSS) {
      // a D-SACK that completes the proof undoes the last reduction (tcp_try_undo_dsack)
      if (dsack && unchecked(undoMarker[f]) >= 0 && unchecked(undoRetrans[f]) == 0) undo(f);
      const disorder = unchecked(sackedOut[f]) > 0 || unchecked(retransOut[f]) > 0 || unchecked(lostOut[f]) > 0;
      setState(f, disorder ? CA_DISORDER : CA_OPEN);
      if (disorder && fk) moderateCwnd(f);
    }
  }
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
// retransmit) unless what is in flight stays within ssthresh (its slow-start part).
export function recoveryBoundHolds(f: i32): bool {
// Called before the segment leaves and before prr_out counts it.
  if (!onAck || unchecked(caState[f]) != CA_RECOVERY) return true;
  ackSends++;
  if (fack(f)) return ackSends <= 1;
  if (inFlightSegs(f) + 1 <= unchecked(sndSsthresh[f])) return true;
  const prior = <u64>unchecked(priorCwnd[f]);
  const quota = (<u64>unchecked(sndSsthresh[f]) * <u64>unchecked(prrDelivered[f]) + prior - 1) / prior;
  return <u64>unchecked(prrOut[f]) + 1 <= max(quota, <u64>1);
}
