// XenLoop's shared-memory FIFOs between co-resident guests: one per direction of each guest pair,
// 2^XENLOOP_ENTRY_ORDER entries of sizeof(bf_data_t) bytes (2^15 × 8 B = 64 pages: XenLoop 2.0
// main.h / bififo.h, WillMerges/XenLoop). A packet takes one header entry plus ceil(skb->len / 8)
// entries (xmit_large_pkt); when they are not free it waits in the sender's out_queue, in order,
// until the receiver has copied packets out (xmit_packets retries from its pending thread).
// skb->len is the IP packet: payload plus TCP/IP headers.
import { P_FIFO_ENTRIES, P_FIFO_ENTRY_BYTES, paramNs } from "../cpu/costs";
import { MAX_MACHINES } from "./paths";

const IP_TCP_HEADER_BYTES: i32 = 52; // IPv4 20 + TCP 20 + timestamp option 12 (RFC 791, 793, 7323)

// per ordered pair (x, y): entries in use, and the packets waiting for room (linked by `next`)
const used = new StaticArray<i64>(MAX_MACHINES * MAX_MACHINES);
const waitHead = new StaticArray<i32>(MAX_MACHINES * MAX_MACHINES);
const waitTail = new StaticArray<i32>(MAX_MACHINES * MAX_MACHINES);
const peak = new StaticArray<i64>(MAX_MACHINES * MAX_MACHINES);

export function fifosReset(): void {
  for (let i = 0; i < MAX_MACHINES * MAX_MACHINES; i++) {
    unchecked((used[i] = 0));
    unchecked((waitHead[i] = -1));
    unchecked((waitTail[i] = -1));
    unchecked((peak[i] = 0));
  }
}

// Entries a packet of `payload` bytes takes in the FIFO.
export function fifoEntries(payload: i32): i64 {
  const per = paramNs(P_FIFO_ENTRY_BYTES);
  return 1 + (<i64>(payload + IP_TCP_HEADER_BYTES) + per - 1) / per;
}

// Whether a packet of `payload` bytes fits an empty FIFO at all (xmit_packets: larger ones take
// the normal path).
export function fifoFits(payload: i32): bool {
  return fifoEntries(payload) <= paramNs(P_FIFO_ENTRIES);
}

// Packet p (`entries` entries) from x to y asks for room: true when admitted now; otherwise it
// waits, and `admitted` is called for it when room frees up.
export function fifoEnter(x: i32, y: i32, p: i32, entries: i64, next: StaticArray<i32>): bool {
  const k = x * MAX_MACHINES + y;
  if (unchecked(waitHead[k]) < 0 && unchecked(used[k]) + entries <= paramNs(P_FIFO_ENTRIES)) {
    take(k, entries);
    return true;
  }
  unchecked((next[p] = -1));
  const t = unchecked(waitTail[k]);
  if (t < 0) unchecked((waitHead[k] = p));
  else unchecked((next[t] = p));
  unchecked((waitTail[k] = p));
  return false;
}

function take(k: i32, entries: i64): void {
  const u = unchecked(used[k]) + entries;
  unchecked((used[k] = u));
  if (u > unchecked(peak[k])) unchecked((peak[k] = u));
}

// The receiver copied a packet of `entries` entries out of x→y's FIFO: admit waiting packets in
// order while they fit; `admitted(p)` moves each on.
export function fifoLeave(x: i32, y: i32, entries: i64, next: StaticArray<i32>, entriesOf: (p: i32) => i64, admitted: (p: i32) => void): void {
  const k = x * MAX_MACHINES + y;
  unchecked((used[k] -= entries));
  let p = unchecked(waitHead[k]);
  while (p >= 0) {
    const e = entriesOf(p);
    if (unchecked(used[k]) + e > paramNs(P_FIFO_ENTRIES)) break;
    take(k, e);
    const n = unchecked(next[p]);
    unchecked((waitHead[k] = n));
    if (n < 0) unchecked((waitTail[k] = -1));
    admitted(p);
    p = n;
  }
}

export function fifoUsed(x: i32, y: i32): i64 {
  return unchecked(used[x * MAX_MACHINES + y]);
}
export function fifoPeak(x: i32, y: i32): i64 {
  return unchecked(peak[x * MAX_MACHINES + y]);
}
