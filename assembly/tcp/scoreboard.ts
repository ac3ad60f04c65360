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
  rackReord, minRttNs, srttNs, sackLies, dsacksSeen, rcvNxt, oooLen, caState, ringBase, ringMask, CA_RECOVERY,
  TAG_SACKED, TAG_LOST, TAG_RETRANS,
} from "./sock";

const DUPTHRESH: u32 = 3; // sysctl_tcp_reordering default (TCP_FASTRETRANS_THRESH, include/net/tcp.h)

// What the last SACK blocks tagged, like Linux's recv_sack_cache (tcp_sacktag_write_queue): per
// flow up to SACK_MAX_BLOCKS ranges [start, end) of whole segments starting on multiples of the
// MSS, with the ring index of `end`. Every segment in them at or above snd_una stays SACKed until
// the cumulative ACK passes it (tags below snd_una are never read) or the receiver reneges
// (markAllLost forgets the ranges). A block mostly repeats one of the last ACK's, grown by a
// segment, so sackTag walks only its new part, and RACK's walk jumps over them: both skip SACKed
// segments, so the tags, counters and their order are those of the full walk. Sized by the flows
// that reset their scoreboard.
let cacheStart = new StaticArray<i64>(0);
let cacheEnd = new StaticArray<i64>(0);
let cacheEndIndex = new StaticArray<i32>(0);
let cacheN = new StaticArray<i32>(0);
// The ring index of snd_una as the last cumulative ACK left it (scoreboardClean walks to it): a
// walk from that sequence number (the next ones from snd_una, the retransmit walk's usual start)
// takes its index without a division.
let unaSeq = new StaticArray<i64>(0);
let unaIndex = new StaticArray<i32>(0);

function cacheGrow(f: i32): void {
  if (f < cacheN.length) return;
  const k = (f + 1) * SACK_MAX_BLOCKS;
  const n = new StaticArray<i32>(f + 1);
  const us = new StaticArray<i64>(f + 1);
  const ui = new StaticArray<i32>(f + 1);
  for (let i = 0; i < unaSeq.length; i++) {
    unchecked((us[i] = unaSeq[i]));
    unchecked((ui[i] = unaIndex[i]));
  }
  unaSeq = us;
  unaIndex = ui;
  const st = new StaticArray<i64>(k);
  const en = new StaticArray<i64>(k);
  const ei = new StaticArray<i32>(k);
  for (let i = 0; i < cacheN.length; i++) unchecked((n[i] = cacheN[i]));
  for (let i = 0; i < cacheStart.length; i++) {
    unchecked((st[i] = cacheStart[i]));
    unchecked((en[i] = cacheEnd[i]));
    unchecked((ei[i] = cacheEndIndex[i]));
  }
  cacheN = n;
  cacheStart = st;
  cacheEnd = en;
  cacheEndIndex = ei;
}

// skipCached's answer: the first segment at or after the one asked about that no cached range
// holds, its ring index, and where the next cached range above it starts (i64.MAX_VALUE: none).
let pastSeq: i64 = 0;
let pastIndex: i32 = 0;
let nextCachedSeq: i64 = 0;

function skipCached(f: i32, q: i64, index: i32): void {
  const n = unchecked(cacheN[f]);
  if (n == 0) {
    pastSeq = q;
    pastIndex = index;
    nextCachedSeq = i64.MAX_VALUE;
    return;
  }
  const c = f * SACK_MAX_BLOCKS;
  for (let moved = true; moved; ) {
    moved = false;
    for (let i = c; i < c + n; i++) {
      if (unchecked(cacheStart[i]) <= q && q < unchecked(cacheEnd[i])) {
        q = unchecked(cacheEnd[i]);
        index = unchecked(cacheEndIndex[i]);
        moved = true;
      }
    }
  }
  let next = i64.MAX_VALUE;
  for (let i = c; i < c + n; i++) {
    const st = unchecked(cacheStart[i]);
    if (st > q && st < next) next = st;
  }
  pastSeq = q;
  pastIndex = index;
  nextCachedSeq = next;
}

export function scoreboardReset(f: i32): void {
  cacheGrow(f);
  unchecked((cacheN[f] = 0));
  unchecked((unaSeq[f] = -1));
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

// The walks below step through consecutive segments, once per ACK or more, so they keep what
// does not change during a walk in locals (the ring's base and mask, the MSS, snd_nxt) and count
// ring indices instead of calling ringSlot, which divides the sequence number by the MSS (a 64-bit
// division per segment): segment q + k·mss has index q / mss + k, slot base + (index & mask), the
// slot ringSlot gives.
@inline function ringIndex(f: i32, seq: i64): i32 {
  return <i32>(seq / <i64>unchecked(fMss[f]));
}
@inline export function walkIndex(f: i32, seq: i64): i32 {
  return seq == unchecked(unaSeq[f]) ? unchecked(unaIndex[f]) : ringIndex(f, seq);
}

@inline function segEnd(f: i32, s: i64): i64 {
  const e = s + <i64>unchecked(fMss[f]);
  const nxt = unchecked(sndNxt[f]);
  return e < nxt ? e : nxt;
}

// tcp_rack_advance: a segment sent at `sentAt` ending at `end` is known delivered. A retransmitted
// one delivered faster than min_rtt may be the original's delivery: ambiguous, not taken.
@inline export function rackAdvance(f: i32, slot: i32, end: i64): void {
  const sentAt = unchecked(segSentAt[slot]);
  const rtt = now() - sentAt;
  if (unchecked(segRetrans[slot]) != 0 && rtt < unchecked(minRttNs[f])) return;
  unchecked((rackRttNs[f] = rtt));
  if (sentAt > unchecked(rackXmitAt[f]) || (sentAt == unchecked(rackXmitAt[f]) && end > unchecked(rackEndSeq[f]))) {
    unchecked((rackXmitAt[f] = sentAt));
    unchecked((rackEndSeq[f] = end));
  }
}

// Does the receiver hold the segment starting at q (ring slot `slot`, the receiver's ring indexed
// like the sender's)? An oracle for the property tests: the sender may only learn of data the
// receiver has (in order or queued out of order).
@inline function receiverHoldsSegment(f: i32, q: i64, slot: i32): bool {
  return q < unchecked(rcvNxt[f]) || unchecked(oooLen[slot]) != 0;
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
  const ringAt = unchecked(ringBase[f]);
  const mask = unchecked(ringMask[f]);
  let newly: u32 = 0;
  // this ACK's ranges, cached once all its blocks are walked (the walks below read the last ACK's)
  let ranges = 0;
  let r0s: i64 = 0, r0e: i64 = 0, r0i: i32 = 0, r1s: i64 = 0, r1e: i64 = 0, r1i: i32 = 0, r2s: i64 = 0, r2e: i64 = 0, r2i: i32 = 0;
  for (let b = first; b < n; b++) {
    const bs = unchecked(pSackBlk[base + 2 * b]);
    const be = unchecked(pSackBlk[base + 2 * b + 1]);
    // the block's edges here, each newly tagged segment below: the whole block would cost a walk per
    // ACK (the last segment's after the walk, which usually ends on its index)
    let quot = bs / mss;
    const firstHeld = receiverHoldsSegment(f, bs, ringAt + (<i32>quot & mask));
    let s = bs;
    if (s < una) {
      s = una;
      quot = una / mss;
    }
    const e = be > nxt ? nxt : be; // tcp_is_sackblock_valid would reject more; the model never sends one
    // only whole segments are SACKed (the receiver stores whole segments): start at the next boundary
    if (quot * mss != s) quot++;
    s = quot * mss;
    skipCached(f, s, <i32>quot);
    let q = pastSeq;
    let index = pastIndex;
    let cached = nextCachedSeq;
    // whole segments inside the block: q + mss <= e, or the last, shorter segment ending at snd_nxt
    for (; q < e; q += mss, index++) {
      if (q >= cached) {
        skipCached(f, q, index);
        cached = nextCachedSeq;
        if (pastSeq > q) {
          q = pastSeq - mss; // the loop's step lands on the first segment past the range
          index = pastIndex - 1;
          continue;
        }
      }
      const end = q + mss < nxt ? q + mss : nxt;
      if (end > e) break;
      const slot = ringAt + (index & mask);
      const tag = unchecked(segTag[slot]);
      if ((tag & TAG_SACKED) != 0) continue;
      if (!receiverHoldsSegment(f, q, slot)) unchecked((sackLies[f] += 1));
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
    // the walk stopped at the first segment at or past be when q − mss < be <= q: be − 1 lies in the
    // segment before, index − 1 (else divide)
    const lastIndex = q - mss < be && be <= q ? index - 1 : <i32>((be - 1) / mss);
    if (!firstHeld || !receiverHoldsSegment(f, be - 1, ringAt + (lastIndex & mask))) unchecked((sackLies[f] += 1));
    // [s, q): every whole segment in it is SACKed now
    if (q > s) {
      if (ranges == 0) {
        r0s = s;
        r0e = q;
        r0i = index;
      } else if (ranges == 1) {
        r1s = s;
        r1e = q;
        r1i = index;
      } else {
        r2s = s;
        r2e = q;
        r2i = index;
      }
      ranges++;
    }
  }
  const c = f * SACK_MAX_BLOCKS;
  unchecked((cacheStart[c] = r0s));
  unchecked((cacheEnd[c] = r0e));
  unchecked((cacheEndIndex[c] = r0i));
  unchecked((cacheStart[c + 1] = r1s));
  unchecked((cacheEnd[c + 1] = r1e));
  unchecked((cacheEndIndex[c + 1] = r1i));
  unchecked((cacheStart[c + 2] = r2s));
  unchecked((cacheEnd[c + 2] = r2e));
  unchecked((cacheEndIndex[c + 2] = r2i));
  unchecked((cacheN[f] = ranges));
  return newly;
}

// The cumulative ACK moved from `una` to `ack`: clear the tags of the segments it covers.
// Returns how many of them had not been SACKed before (newly delivered by this ACK).
export function scoreboardClean(f: i32, una: i64, ack: i64): u32 {
  const mss = <i64>unchecked(fMss[f]);
  let fresh: u32 = 0;
  const ringAt = unchecked(ringBase[f]);
  const mask = unchecked(ringMask[f]);
  let index = walkIndex(f, una);
  let q = una;
  for (; q < ack; q += mss, index++) {
    const slot = ringAt + (index & mask);
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
  if (q == ack) {
    unchecked((unaSeq[f] = ack));
    unchecked((unaIndex[f] = index));
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
  const una = unchecked(sndUna[f]);
  const ringAt = unchecked(ringBase[f]);
  const mask = unchecked(ringMask[f]);
  let index = walkIndex(f, una);
  for (let q = una; q < nxt; q += mss, index++) {
    const slot = ringAt + (index & mask);
    const tag = unchecked(segTag[slot]);
    if (!countSackedOnly || (tag & TAG_SACKED) != 0) cnt++;
    if (cnt > packets || (q + mss < nxt ? q + mss : nxt) > highSeq) break;
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
  const endSeq = unchecked(rackEndSeq[f]);
  const una = unchecked(sndUna[f]);
  if (endSeq <= una) return 0; // nothing below the RACK segment is outstanding (most ACKs)
  const mss = <i64>unchecked(fMss[f]);
  const nxt = unchecked(sndNxt[f]);
  const reoWnd = rackReoWnd(f);
  const xmitAt = unchecked(rackXmitAt[f]);
  const deadline = unchecked(rackRttNs[f]) + reoWnd - now(); // remaining = deadline + sentAt
  const ringAt = unchecked(ringBase[f]);
  const mask = unchecked(ringMask[f]);
  let wait: i64 = 0;
  skipCached(f, una, walkIndex(f, una));
  let q = pastSeq;
  let index = pastIndex;
  let cached = nextCachedSeq;
  for (; q < endSeq; q += mss, index++) {
    if (q >= cached) {
      skipCached(f, q, index);
      cached = nextCachedSeq;
      if (pastSeq > q) {
        q = pastSeq - mss; // the loop's step lands on the first segment past the range
        index = pastIndex - 1;
        continue;
      }
    }
    const slot = ringAt + (index & mask);
    const tag = unchecked(segTag[slot]);
    if ((tag & TAG_SACKED) != 0 || ((tag & TAG_LOST) != 0 && (tag & TAG_RETRANS) == 0)) continue;
    const sentAt = unchecked(segSentAt[slot]);
    const end = q + mss < nxt ? q + mss : nxt;
    if (!(xmitAt > sentAt || (xmitAt == sentAt && endSeq > end))) continue; // sent after the RACK segment
    const remaining = deadline + sentAt;
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
  const ringAt = unchecked(ringBase[f]);
  const mask = unchecked(ringMask[f]);
  let index = walkIndex(f, una);
  for (let q = una; q < nxt; q += mss, index++) {
    const slot = ringAt + (index & mask);
    if (!reneg && (unchecked(segTag[slot]) & TAG_SACKED) != 0) continue;
    unchecked((segTag[slot] = TAG_LOST));
    lost++;
  }
  if (reneg) {
    unchecked((cacheN[f] = 0)); // the SACK tags are gone
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
  const ringAt = unchecked(ringBase[f]);
  const mask = unchecked(ringMask[f]);
  for (let index = walkIndex(f, q); q < nxt; q += mss, index++) {
    if (unchecked(segTag[ringAt + (index & mask)]) == TAG_LOST) {
      unchecked((retransHint[f] = q));
      return q;
    }
  }
  unchecked((retransHint[f] = nxt));
  return -1;
}
