// The receiver's SACK list as Linux keeps it (net/ipv4/tcp_input.c): up to TCP_NUM_SACKS = 4
// blocks, the one that changed last first (RFC 2018 §4); a segment next to a block extends it
// (tcp_sack_extend) and moves it to the front, a new island takes the front and pushes the
// oldest block out when the list is full (tcp_sack_new_ofo_skb); blocks rcv_nxt has reached are
// removed (tcp_sack_remove). A duplicate segment sets a D-SACK block (tcp_dsack_set, RFC 2883),
// sent once, first, on the next ACK. An ACK carries at most 3 blocks beside timestamps.
import { pSackN, pSackBlk, SACK_MAX_BLOCKS } from "../net/packet";
import { rcvSackStart, rcvSackEnd, rcvSackNum, rcvDsackStart, rcvDsackEnd, rcvNxt, fSack, RCV_SACKS } from "./sock";

export function rcvSackReset(f: i32): void {
  unchecked((rcvSackNum[f] = 0));
  unchecked((rcvDsackEnd[f] = 0));
}

@inline function swapBlocks(a: i32, b: i32): void {
  const s = unchecked(rcvSackStart[a]);
  const e = unchecked(rcvSackEnd[a]);
  unchecked((rcvSackStart[a] = rcvSackStart[b]));
  unchecked((rcvSackEnd[a] = rcvSackEnd[b]));
  unchecked((rcvSackStart[b] = s));
  unchecked((rcvSackEnd[b] = e));
}

// A segment [seq, end) went into the out-of-order queue.
export function rcvSackNewOfo(f: i32, seq: i64, end: i64): void {
  const base = f * RCV_SACKS;
  let n = unchecked(rcvSackNum[f]);
  for (let i = 0; i < n; i++) {
    const b = base + i;
    if (seq <= unchecked(rcvSackEnd[b]) && unchecked(rcvSackStart[b]) <= end) {
      if (seq < unchecked(rcvSackStart[b])) unchecked((rcvSackStart[b] = seq));
      if (end > unchecked(rcvSackEnd[b])) unchecked((rcvSackEnd[b] = end));
      for (let j = i; j > 0; j--) swapBlocks(base + j, base + j - 1);
      coalesce(f);
      return;
    }
  }
  if (n == RCV_SACKS) n--; // the list is full: forget the oldest block
  for (let j = n; j > 0; j--) {
    unchecked((rcvSackStart[base + j] = rcvSackStart[base + j - 1]));
    unchecked((rcvSackEnd[base + j] = rcvSackEnd[base + j - 1]));
  }
  unchecked((rcvSackStart[base] = seq));
  unchecked((rcvSackEnd[base] = end));
  unchecked((rcvSackNum[f] = n + 1));
}

// tcp_sack_maybe_coalesce: the front block may now touch another; merge it into the front.
function coalesce(f: i32): void {
  const base = f * RCV_SACKS;
  let n = unchecked(rcvSackNum[f]);
  let i = 1;
  while (i < n) {
    const b = base + i;
    if (unchecked(rcvSackStart[b]) <= unchecked(rcvSackEnd[base]) && unchecked(rcvSackStart[base]) <= unchecked(rcvSackEnd[b])) {
      if (unchecked(rcvSackStart[b]) < unchecked(rcvSackStart[base])) unchecked((rcvSackStart[base] = rcvSackStart[b]));
      if (unchecked(rcvSackEnd[b]) > unchecked(rcvSackEnd[base])) unchecked((rcvSackEnd[base] = rcvSackEnd[b]));
      n--;
      for (let j = i; j < n; j++) {
        unchecked((rcvSackStart[base + j] = rcvSackStart[base + j + 1]));
        unchecked((rcvSackEnd[base + j] = rcvSackEnd[base + j + 1]));
      }
    } else i++;
  }
  unchecked((rcvSackNum[f] = n));
}

// rcv_nxt moved: drop the blocks it has reached (it covers all of such a block).
export function rcvSackRemove(f: i32): void {
  const base = f * RCV_SACKS;
  const nxt = unchecked(rcvNxt[f]);
  let n = unchecked(rcvSackNum[f]);
  let i = 0;
  while (i < n) {
    if (nxt >= unchecked(rcvSackStart[base + i])) {
      n--;
      for (let j = i; j < n; j++) {
        unchecked((rcvSackStart[base + j] = rcvSackStart[base + j + 1]));
        unchecked((rcvSackEnd[base + j] = rcvSackEnd[base + j + 1]));
      }
    } else i++;
  }
  unchecked((rcvSackNum[f] = n));
}

export function rcvDsackSet(f: i32, seq: i64, end: i64): void {
  unchecked((rcvDsackStart[f] = seq));
  unchecked((rcvDsackEnd[f] = end));
}

// Fill the ACK's SACK option: the pending D-SACK (then cleared), then the list, 3 blocks at most.
export function rcvSackWrite(f: i32, p: i32): void {
  let k = 0;
  if (unchecked(fSack[f])) {
    const out = p * 2 * SACK_MAX_BLOCKS;
    if (unchecked(rcvDsackEnd[f]) > 0) {
      unchecked((pSackBlk[out] = rcvDsackStart[f]));
      unchecked((pSackBlk[out + 1] = rcvDsackEnd[f]));
      unchecked((rcvDsackEnd[f] = 0));
      k = 1;
    }
    const base = f * RCV_SACKS;
    const n = unchecked(rcvSackNum[f]);
    for (let i = 0; i < n && k < SACK_MAX_BLOCKS; i++, k++) {
      unchecked((pSackBlk[out + 2 * k] = rcvSackStart[base + i]));
      unchecked((pSackBlk[out + 2 * k + 1] = rcvSackEnd[base + i]));
    }
  }
  unchecked((pSackN[p] = <u8>k));
}
