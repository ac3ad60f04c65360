// What a VMM policy may know about a packet: its TCP header as on the wire, and the physical
// clock. The point of this module is what it leaves out: nothing from assembly/tcp/ (the guest
// kernel) is reachable through it. Sequence numbers are given unwrapped to 64 bits — a VMM that
// tracks a connection unwraps the 32-bit field itself; that bookkeeping is skipped (named
// simplification), the values are the same modulo 2^32 as on the wire.
import { pSeq, pAck, pLen } from "../net/packet";
export { now } from "../engine/clock";
export { windowField, windowScale, rewriteWindowField } from "../net/tcp-header";

@inline export function headerSeq(p: i32): i64 {
  return unchecked(pSeq[p]);
}
@inline export function headerAck(p: i32): i64 {
  return unchecked(pAck[p]);
}
@inline export function payloadLength(p: i32): i32 {
  return unchecked(pLen[p]);
}
