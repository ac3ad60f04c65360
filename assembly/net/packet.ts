// The packet pool: struct-of-arrays, fixed capacity chosen per run, handles are i32 indices.
// A packet is a TCP segment (data or pure ACK) of one flow; sequence numbers are 64-bit byte
// offsets from the start of the flow (the wire format truncates them to 32 bits).

export const PKT_DATA: i32 = 1;
export const PKT_ACK: i32 = 2;

// Header bytes on the wire: Ethernet 14 + IPv4 20 + TCP 20 + timestamps option 12 (Linux default).
export const HEADER_BYTES: i32 = 66;

export let pFlow = new StaticArray<i32>(0);
export let pKind = new StaticArray<i32>(0);
export let pSeq = new StaticArray<i64>(0); // first payload byte (data) or 0
export let pLen = new StaticArray<i32>(0); // payload bytes
export let pAck = new StaticArray<i64>(0); // cumulative ACK (next byte expected)
export let pWnd = new StaticArray<i64>(0); // advertised receive window, bytes (already scaled)
export let pTsVal = new StaticArray<i64>(0); // sender's clock at transmission (ns)
export let pTsEcr = new StaticArray<i64>(0); // echoed timestamp (ns)
export let pCsum = new StaticArray<u32>(0); // TCP checksum as on the wire (net/tcp-header.ts)
export let pLink = new StaticArray<i32>(0); // link the packet is on
export let pNext = new StaticArray<i32>(0); // next packet in a queue, or the free list
// SACK option of an ACK (RFC 2018): the number of blocks and, in a side table, SACK_MAX_BLOCKS
// (start, end) byte pairs per packet; a D-SACK (RFC 2883) is the first block when present.
// 3 blocks: 40 bytes of option space less 12 for timestamps, 4 + 8 per block (tcp_established_options).
export const SACK_MAX_BLOCKS: i32 = 3;
export let pSackN = new StaticArray<u8>(0);
export let pSackBlk = new StaticArray<i64>(0);

let freeHead: i32 = -1;
let inUse: i32 = 0;
let exhausted: bool = false;

export function packetsInit(cap: i32): void {
  pFlow = new StaticArray<i32>(cap);
  pKind = new StaticArray<i32>(cap);
  pSeq = new StaticArray<i64>(cap);
  pLen = new StaticArray<i32>(cap);
  pAck = new StaticArray<i64>(cap);
  pWnd = new StaticArray<i64>(cap);
  pTsVal = new StaticArray<i64>(cap);
  pTsEcr = new StaticArray<i64>(cap);
  pCsum = new StaticArray<u32>(cap);
  pLink = new StaticArray<i32>(cap);
  pNext = new StaticArray<i32>(cap);
  pSackN = new StaticArray<u8>(cap);
  pSackBlk = new StaticArray<i64>(cap * 2 * SACK_MAX_BLOCKS);
  for (let i = 0; i < cap; i++) unchecked((pNext[i] = i + 1 < cap ? i + 1 : -1));
  freeHead = cap > 0 ? 0 : -1;
  inUse = 0;
  exhausted = false;
}

// Returns -1 when the pool is empty; the run loop then stops with an error.
export function packetAlloc(): i32 {
  const p = freeHead;
  if (p < 0) {
    exhausted = true;
    return -1;
  }
  freeHead = unchecked(pNext[p]);
  unchecked((pNext[p] = -1));
  inUse++;
  return p;
}

export function packetFree(p: i32): void {
  assert(p >= 0 && p < pNext.length && inUse > 0, "packet pool: freeing a handle outside the pool, or more than were taken");
  unchecked((pNext[p] = freeHead));
  freeHead = p;
  inUse--;
}

export function packetsInUse(): i32 {
  return inUse;
}

export function packetsExhausted(): bool {
  return exhausted;
}

// The SACK option: NOP, NOP, kind 5, length, then 8 bytes per block (RFC 2018 §3).
@inline export function sackOptionBytes(p: i32): i32 {
  const n = <i32>unchecked(pSackN[p]);
  return n > 0 ? 4 + 8 * n : 0;
}

@inline export function wireBytes(p: i32): i32 {
  return unchecked(pLen[p]) + HEADER_BYTES + sackOptionBytes(p);
}
