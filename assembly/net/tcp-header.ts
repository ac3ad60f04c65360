// The TCP/IPv4 wire format of a packet in the pool: the header fields as they would appear on the
// wire (32-bit sequence numbers, the scaled 16-bit window, the TCP checksum), like smoltcp's `wire`
// module. The checksum is computed by the endpoint that builds a segment and must stay valid
// through any rewrite (a VMM module rewriting the window updates it incrementally, RFC 1624).
// Only a capture reads it, so the endpoints stamp it only while capturing (machine/netif.ts);
// otherwise pCsum holds a stale value that nothing reads, and a rewrite's update of it is moot.
import { NS_PER_MS } from "../engine/clock";
import { pFlow, pKind, pSeq, pLen, pAck, pWnd, pTsVal, pTsEcr, pCsum, pSackN, pSackBlk, sackOptionBytes, SACK_MAX_BLOCKS, PKT_DATA } from "./packet";

export const TCP_HEADER_BYTES: i32 = 32; // 20 + timestamps option (NOP, NOP, kind 8 len 10)
const TCPOPT_SACK: u32 = 5; // RFC 2018 §3: NOP, NOP, kind 5, length 2 + 8·blocks, after the timestamps (tcp_options_write)

// The TCP header with its options: timestamps on every segment, the SACK option on an ACK that
// carries blocks.
@inline export function tcpHeaderBytes(p: i32): i32 {
  return TCP_HEADER_BYTES + sackOptionBytes(p);
}
export const FLAG_ACK: i32 = 0x10;
export const FLAG_PSH: i32 = 0x08;

// Addresses and ports of flow f: sender 10.0.0.1:(32768+f) → receiver 10.0.1.1:9 (discard).
export const SENDER_IP: u32 = 0x0a000001;
export const RECEIVER_IP: u32 = 0x0a000101;
export const DISCARD_PORT: u32 = 9;
@inline export function senderPort(f: i32): u32 {
  return 32768 + <u32>f;
}

let wscale = new StaticArray<i32>(0); // per flow: the receiver's window scale (from its SYN)

export function headerInit(flows: i32): void {
  wscale = new StaticArray<i32>(flows);
}
export function setWindowScale(f: i32, ws: i32): void {
  unchecked((wscale[f] = ws));
}
@inline export function windowScale(f: i32): i32 {
  return unchecked(wscale[f]);
}

@inline export function seq32(p: i32): u32 {
  return <u32>unchecked(pSeq[p]);
}
@inline export function ack32(p: i32): u32 {
  return <u32>unchecked(pAck[p]);
}
// The 16-bit window field: the window in units of 2^wscale.
@inline export function windowField(p: i32): u32 {
  return <u32>(unchecked(pWnd[p]) >> windowScale(unchecked(pFlow[p])));
}
// TCP timestamps in milliseconds, as Linux's 1 kHz TS clock.
@inline export function tsVal32(p: i32): u32 {
  return <u32>(unchecked(pTsVal[p]) / NS_PER_MS);
}
@inline export function tsEcr32(p: i32): u32 {
  return <u32>(unchecked(pTsEcr[p]) / NS_PER_MS);
}
@inline export function flags(p: i32): i32 {
  return unchecked(pKind[p]) == PKT_DATA ? FLAG_ACK | FLAG_PSH : FLAG_ACK;
}

@inline function add32(sum: u32, v: u32): u32 {
  return sum + (v >>> 16) + (v & 0xffff);
}

function fold(sum: u32): u32 {
  while (sum >>> 16) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

// RFC 793 checksum over the pseudo-header, the header with its options, and the payload, which is
// all zero bytes in this model (a discard transfer) and so adds nothing but its length.
export function tcpChecksum(p: i32): u32 {
  const f = unchecked(pFlow[p]);
  const data = unchecked(pKind[p]) == PKT_DATA;
  const srcIp = data ? SENDER_IP : RECEIVER_IP;
  const dstIp = data ? RECEIVER_IP : SENDER_IP;
  const srcPort = data ? senderPort(f) : DISCARD_PORT;
  const dstPort = data ? DISCARD_PORT : senderPort(f);
  const hdr = <u32>tcpHeaderBytes(p);
  const tcpLen = hdr + <u32>unchecked(pLen[p]);
  let s: u32 = 0;
  s = add32(s, srcIp);
  s = add32(s, dstIp);
  s += 6 + tcpLen; // zero, protocol, TCP length
  s += srcPort + dstPort;
  s = add32(s, data ? seq32(p) : 0);
  s = add32(s, ack32(p));
  s += ((hdr >> 2) << 12) | <u32>flags(p); // data offset, flags
  s += windowField(p);
  // urgent pointer 0; options: NOP NOP (0x0101), kind 8 len 10 (0x080a), TSval, TSecr
  s += 0x0101 + 0x080a;
  s = add32(s, tsVal32(p));
  s = add32(s, tsEcr32(p));
  const n = <u32>unchecked(pSackN[p]);
  if (n > 0) {
    s += 0x0101 + ((TCPOPT_SACK << 8) | (2 + 8 * n)); // NOP NOP, kind 5, length
    const blk = p * 2 * SACK_MAX_BLOCKS;
    for (let i = 0; i < 2 * <i32>n; i++) s = add32(s, <u32>unchecked(pSackBlk[blk + i])); // 32-bit edges
  }
  return ~fold(s) & 0xffff;
}

export function stampChecksum(p: i32): void {
  unchecked((pCsum[p] = tcpChecksum(p)));
}

// Rewrite the window field to `field` (units of 2^wscale), keeping the checksum valid without
// recomputing it: HC' = ~(~HC + ~m + m') (RFC 1624 eqn. 3).
export function rewriteWindowField(p: i32, field: u32): void {
  const old = windowField(p);
  const ws = windowScale(unchecked(pFlow[p]));
  unchecked((pWnd[p] = <i64>field << ws));
  const hc = unchecked(pCsum[p]);
  const sum = (~hc & 0xffff) + (~old & 0xffff) + (field & 0xffff);
  unchecked((pCsum[p] = ~fold(sum) & 0xffff));
}
