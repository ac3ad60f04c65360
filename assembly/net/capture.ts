// Packet capture at named points, for pcap files: a fixed ring of records the host drains between
// calls to run(). When it fills, the run loop pauses (RUN_CAPTURE_FULL) so nothing is lost.
import { now } from "../engine/clock";
import { pFlow, pKind, pSeq, pLen, pAck, pWnd, pTsVal, pTsEcr, pCsum, pSackN, pSackBlk, SACK_MAX_BLOCKS } from "./packet";

export const CAP_WIRE: i32 = 0; // the sender host's physical NIC (what tcpdump on the host sees)
export const CAP_VNIC: i32 = 1; // the guest's virtual NIC (what tcpdump inside the guest sees)
export const CAP_PEER: i32 = 2; // the receiving host's physical NIC (tcpdump on the receiver)
// timeNs, point, flow, kind, seq, ack, wndBytes, len, tsVal, tsEcr, csum, then the SACK option: the
// number of blocks and SACK_MAX_BLOCKS (start, end) pairs (unused pairs 0)
export const CAPTURE_FIELDS: i32 = 12 + 2 * SACK_MAX_BLOCKS;

let enabled: bool = false;
let buf = new StaticArray<i64>(0);
let count: i32 = 0;
let capacity: i32 = 0;

export function captureInit(records: i32): void {
  enabled = records > 0;
  capacity = records;
  buf = new StaticArray<i64>(records * CAPTURE_FIELDS);
  count = 0;
}

@inline export function capturing(): bool {
  return enabled;
}

export function captureFull(): bool {
  return enabled && count >= capacity;
}

export function capture(point: i32, p: i32): void {
  if (!enabled || count >= capacity) return;
  const b = count * CAPTURE_FIELDS;
  unchecked((buf[b] = now()));
  unchecked((buf[b + 1] = point));
  unchecked((buf[b + 2] = pFlow[p]));
  unchecked((buf[b + 3] = pKind[p]));
  unchecked((buf[b + 4] = pSeq[p]));
  unchecked((buf[b + 5] = pAck[p]));
  unchecked((buf[b + 6] = pWnd[p]));
  unchecked((buf[b + 7] = pLen[p]));
  unchecked((buf[b + 8] = pTsVal[p]));
  unchecked((buf[b + 9] = pTsEcr[p]));
  unchecked((buf[b + 10] = pCsum[p]));
  const n = <i32>unchecked(pSackN[p]);
  unchecked((buf[b + 11] = n));
  const blk = p * 2 * SACK_MAX_BLOCKS;
  for (let i = 0; i < 2 * SACK_MAX_BLOCKS; i++) unchecked((buf[b + 12 + i] = i < 2 * n ? pSackBlk[blk + i] : 0));
  count++;
}

export function captureCount(): i32 {
  return count;
}
export function capturePtr(): usize {
  return changetype<usize>(buf);
}
export function captureClear(): void {
  count = 0;
}
