// The sender's SACK scoreboard (net/ipv4/tcp_input.c): a tag per sent segment (SACKED, LOST,
// RETRANS) in the flow's segment ring and the counters tcp_packets_in_flight reads. SACK blocks
// tag segments (tcp_sacktag_write_queue), a cumulative ACK clears them (tcp_clean_rtx_queue),
// loss marking is FACK's or RFC 6675's head marking (tcp_mark_head_lost) or RACK's time-based
// rule (net/ipv4/tcp_recovery.c), and the retransmit walk finds the next lost segment.
// Segments start at multiples of the MSS, so a segment is its ring slot.
import { now } from "../engine/clock";
import { pSackN, pSackBlk, SACK_MAX_BLOCKS } from "../net/packet";
import {
  fMss, sndUna, sndNxt, segTag, segRetrans, segSentAt, ringSlot, sackedOut, lostOut, retransOut,
  highSacked, retransHint, reordering, undoMarker, undoRetrans, rackXmitAt, rackEndSeq, rackRttNs,
  rackReord, minRttNs, srttNs, sackLies, dsacksSeen, rcvNxt, oooLen, caState, CA_RECOVERY,
  TAG_SACKED, TAG_LOST, TAG_RETRANS,
} from "./sock";

const DUPTHRESH: u32 = 3; // sysctl_tcp_reordering default (TCP_FASTRETRANS_THRESH, include/net/tcp.h)

export function scoreboardReset(f: i32): void {
  unchecked((sackedOut[f] = 0));
  unchecked((lostOut[f] = 0));
  unchecked((retransOut[f] = 0));
  unchecked((highSacked[f] = 0));
  unchecked((retransHint[f] = 0));
  unchecked((reordering[f] = DUPTHRESH));
  unchecked((undoMarker[f] = -1));
  unchecked((undoRetrans[f] = 0));
  unchecked((rackXmitAt[f] = 0));
  unchecked((rackEndSeq[f] = 0));
  unchecked((rackRttNs[f] = 0));
  unchecked((rackReord[f] = false));
}

@inline function segEnd(f: i32, s: i64): i64 {
  const e = s + <i64>unchecked(fMss[f]);
  const nxt = unchecked(sndNxt[f]);
  return e < nxt ? e : nxt;
}

// tcp_rack_advance: a segment sent at `sentAt` ending at `end` is known delivered. A retransmitted
// one delivered faster than min_rtt may be the original's delivery: ambiguous, not taken.
export function rackAdvance(f: i32, slot: i32, end: i64): void {
  const sentAt = unchecked(segSentAt[slot]);
  const rtt = now() - sentAt;
  if (unchecked(segRetrans[slot]) != 0 && rtt < unchecked(minRttNs[f])) return;
  unchecked((rackRttNs[f] = rtt));
  if (sentAt > unchecked(rackXmitAt[f]) || (sentAt == unchecked(rackXmitAt[f]) && end > unchecked(rackEndSeq[f]))) {
    unchecked((rackXmitAt[f] = sentAt));
    unchecked((rackEndSeq[f] = end));
  }
}

// Does the receiver hold [s, e)? An oracle for the property tests: the sender may only learn
// of data the receiver has (in order or queued out of order).
function receiverHolds(f: i32, s: i64, e: i64): bool {
  const mss = <i64>unchecked(fMss[f]);
  for (let q = s; q < e; q += mss) {
    if (q < unchecked(rcvNxt[f])) continue;
    if (unchecked(oooLen[ringSlot(f, q)]) == 0) return false;
  }
  return true;
}

// Tag the segments the ACK's SACK blocks cover. Returns the number newly SACKed. A first block
// below the cumulative ACK, or inside the second block, is a D-SACK (RFC 2883 §4): it counts a
// spurious retransmission against undo_retrans (tcp_check_dsack).
export function sackTag(f: i32, p: i32, ack: i64): u32 {
  const n = <i32>unchecked(pSackN[p]);
  if (n == 0) return 0;
  const mss = <i64>unchecked(fMss[f]);
  const base = p * 2 * SACK_MAX_BLOCKS;
  let first = 0;
  const s0 = unchecked(pSackBlk[base]);
  const e0 = unchecked(pSackBlk[base + 1]);
  if (s0 < ack || (n > 1 && s0 >= unchecked(pSackBlk[base + 2]) && e0 <= unchecked(pSackBlk[base + 3]))) {
    first = 1;
    unchecked((dsacksSeen[f] += 1));
    const um = unchecked(undoMarker[f]);
    if (um >= 0 && s0 >= um && unchecked(undoRetrans[f]) > 0) {
      const segs = <i32>((e0 - s0 + mss - 1) / mss);
      unchecked((undoRetrans[f] = max(0, unchecked(undoRetrans[f]) - segs)));
    }
    unchecked((rackReord[f] = true)); // a D-SACK is reordering evidence (tcp_rack_update_reo_wnd)
  }
  const una = unchecked(sndUna[f]);
  const nxt = unchecked(sndNxt[f]);
  let newly: u32 = 0;
  for (let b = first; b < n; b++) {
    let s = unchecked(pSackBlk[base + 2 * b]);
    let e = unchecked(pSackBlk[base + 2 * b + 1]);
    // the block's edges here, each newly tagged segment below: the whole block would cost a walk per ACK
    if (!receiverHolds(f, s, s + 1) || !receiverHolds(f, e - 1, e)) unchecked((sackLies[f] += 1));
    if (s < una) s = una;
    if (e > nxt) e = nxt; // tcp_is_sackblock_valid would reject it; the model never sends one
    // only whole segments are SACKed (the receiver stores whole segments)
    s = ((s + mss - 1) / mss) * mss;
    for (let q = s; q + mss <= e || (q < e && segEnd(f, q) <= e); q += mss) {
      const slot = ringSlot(f, q);
      const tag = unchecked(segTag[slot]);
      if ((tag & TAG_SACKED) != 0) continue;
      const end = segEnd(f, q);
      if (!receiverHolds(f, q, end)) unchecked((sackLies[f] += 1));
      // a never-retransmitted segment SACKed below the highest SACK was reordered (tcp_check_sack_reordering)
      if (unchecked(segRetrans[slot]) == 0 && end < unchecked(highSacked[f])) unchecked((rackReord[f] = true));
      if ((tag & TAG_LOST) != 0) unchecked((lostOut[f] -= 1));
      if ((tag & TAG_RETRANS) != 0) unchecked((retransOut[f] -= 1));
      unchecked((segTag[slot] = TAG_SACKED));
      unchecked((sackedOut[f] += 1));
      newly++;
      if (end > unchecked(highSacked[f])) unchecked((highSacked[f] = end));
      rackAdvance(f, slot, end);
    }
  }
  return newly;
}

// The cumulative ACK moved from `una` to `ack`: clear the tags of the segments it covers.
// Returns how many of them had not been SACKed before (newly delivered by this ACK).
export function scoreboardClean(f: i32, una: i64, ack: i64): u32 {
  const mss = <i64>unchecked(fMss[f]);
  let fresh: u32 = 0;
  for (let q = una; q < ack; q += mss) {
    const slot = ringSlot(f, q);
    const tag = unchecked(segTag[slot]);
    if ((tag & TAG_SACKED) != 0) unchecked((sackedOut[f] -= 1));
    else {
      fresh++;
      rackAdvance(f, slot, q + mss < ack ? q + mss : ack);
    }
    if ((tag & TAG_LOST) != 0) unchecked((lostOut[f] -= 1));
    if ((tag & TAG_RETRANS) != 0) unchecked((retransOut[f] -= 1));
    unchecked((segTag[slot] = 0));
  }
  if (unchecked(retransHint[f]) < ack) unchecked((retransHint[f] = ack));
  if (unchecked(sackedOut[f]) == 0) unchecked((highSacked[f] = 0));
  return fresh;
}

function markLost(f: i32, q: i64, slot: i32): void {
  const tag = unchecked(segTag[slot]);
  if ((tag & TAG_RETRANS) != 0) unchecked((retransOut[f] -= 1)); // a lost retransmission
  if ((tag & TAG_LOST) == 0) unchecked((lostOut[f] += 1));
  unchecked((segTag[slot] = TAG_LOST));
  if (q < unchecked(retransHint[f])) unchecked((retransHint[f] = q));
}

// tcp_mark_head_lost: walk from snd_una; mark lost every untagged segment until `packets`
// segments have been passed (FACK counts every segment; RFC 6675 / 6.x counts SACKed ones only)
// or the walk reaches `highSeq`. Returns the number newly marked.
export function markHeadLost(f: i32, packets: i32, countSackedOnly: bool, highSeq: i64): u32 {
  const mss = <i64>unchecked(fMss[f]);
  const nxt = unchecked(sndNxt[f]);
  let cnt = 0;
  let marked: u32 = 0;
  for (let q = unchecked(sndUna[f]); q < nxt; q += mss) {
    const slot = ringSlot(f, q);
    const tag = unchecked(segTag[slot]);
    if (!countSackedOnly || (tag & TAG_SACKED) != 0) cnt++;
    if (cnt > packets || segEnd(f, q) > highSeq) break;
    if (tag == 0) {
      markLost(f, q, slot);
      marked++;
    }
  }
  return marked;
}

// FACK's forward-most count (tcp_fackets_out): segments from snd_una through the highest SACKed.
export function facketsOut(f: i32): i32 {
  const hs = unchecked(highSacked[f]);
  const una = unchecked(sndUna[f]);
  if (hs <= una) return 0;
  const mss = <i64>unchecked(fMss[f]);
  return <i32>((hs - una + mss - 1) / mss);
}

// tcp_rack_reo_wnd: no settling time before reordering is seen once in recovery or with
// `reordering` segments SACKed (the DupThresh fallback); else min_rtt / 4, at most srtt.
function rackReoWnd(f: i32): i64 {
  if (!unchecked(rackReord[f])) {
    if (unchecked(caState[f]) >= CA_RECOVERY) return 0;
    if (unchecked(sackedOut[f]) >= unchecked(reordering[f])) return 0;
  }
  const w = unchecked(minRttNs[f]) >> 2;
  const srtt = unchecked(srttNs[f]);
  return w < srtt ? w : srtt;
}

// tcp_rack_detect_loss: a segment sent before the most recently sent delivered one is lost once
// rack.rtt + reo_wnd has passed since it was sent. Returns how long the earliest undecided
// segment still has (0: none), for the reordering timer; counts newly marked in `marked`.
export let rackMarked: u32 = 0;
export function rackDetectLoss(f: i32): i64 {
  rackMarked = 0;
  const mss = <i64>unchecked(fMss[f]);
  const reoWnd = rackReoWnd(f);
  const xmitAt = unchecked(rackXmitAt[f]);
  const endSeq = unchecked(rackEndSeq[f]);
  const t = now();
  let wait: i64 = 0;
  for (let q = unchecked(sndUna[f]); q < endSeq; q += mss) {
    const slot = ringSlot(f, q);
    const tag = unchecked(segTag[slot]);
    if ((tag & TAG_SACKED) != 0 || ((tag & TAG_LOST) != 0 && (tag & TAG_RETRANS) == 0)) continue;
    const sentAt = unchecked(segSentAt[slot]);
    const end = segEnd(f, q);
    if (!(xmitAt > sentAt || (xmitAt == sentAt && endSeq > end))) continue; // sent after the RACK segment
    const remaining = unchecked(rackRttNs[f]) + reoWnd - (t - sentAt);
    if (remaining <= 0) {
      markLost(f, q, slot);
      rackMarked++;
    } else if (remaining > wait) wait = remaining;
  }
  return wait;
}

// tcp_enter_loss (tcp_timeout_mark_lost): every segment not SACKed is lost; retransmission marks
// go. A SACKed head means the receiver reneged (dropped what it SACKed): then the SACK marks go too.
export function markAllLost(f: i32): void {
  const mss = <i64>unchecked(fMss[f]);
  const nxt = unchecked(sndNxt[f]);
  const una = unchecked(sndUna[f]);
  const reneg = una < nxt && (unchecked(segTag[ringSlot(f, una)]) & TAG_SACKED) != 0;
  let lost: u32 = 0;
  for (let q = una; q < nxt; q += mss) {
    const slot = ringSlot(f, q);
    if (!reneg && (unchecked(segTag[slot]) & TAG_SACKED) != 0) continue;
    unchecked((segTag[slot] = TAG_LOST));
    lost++;
  }
  if (reneg) {
    unchecked((sackedOut[f] = 0));
    unchecked((highSacked[f] = 0));
  }
  unchecked((lostOut[f] = lost));
  unchecked((retransOut[f] = 0));
  unchecked((retransHint[f] = una));
}

// The next segment to retransmit: lost, not SACKed, not already retransmitted (the walk of
// tcp_xmit_retransmit_queue from its hint). -1 when none.
export function nextLost(f: i32): i64 {
  const mss = <i64>unchecked(fMss[f]);
  const nxt = unchecked(sndNxt[f]);
  if (unchecked(lostOut[f]) == 0) return -1;
  let q = unchecked(retransHint[f]);
  if (q < unchecked(sndUna[f])) q = unchecked(sndUna[f]);
  for (; q < nxt; q += mss) {
    if (unchecked(segTag[ringSlot(f, q)]) == TAG_LOST) {
      unchecked((retransHint[f] = q));
      return q;
    }
  }
  unchecked((retransHint[f] = nxt));
  return -1;
}
