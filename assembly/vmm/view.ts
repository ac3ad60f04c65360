// What a VMM device policy may know, as types: a connection by the id the VMM gave it (`Conn`,
// from the 4-tuple it saw at the handshake), a packet by a copy of its TCP header fields as on the
// wire (`PacketView`), and the physical clock. A view holds values, not a handle: there is no
// packet index, flow index or pointer in it, so a policy has nothing to follow into the guest's
// kernel or the packet pool. A rewrite is a request that the VMM applies to the packet, keeping
// its checksum valid (net/tcp-header.ts, RFC 1624). This module imports only the clock: a policy
// that imports nothing else (test/vmm-boundary.test.ts) cannot name guest state or the event
// queue. Sequence numbers are given unwrapped to 64 bits — a VMM that tracks a connection unwraps
// the 32-bit field itself; that bookkeeping is skipped (named simplification), the values are the
// same modulo 2^32 as on the wire.
import { now } from "../engine/clock";

// A connection as the VMM numbers it: 0, 1, … in the order the VMM saw their handshakes.
export type Conn = i32;

export class PacketView {
  seq: i64 = 0; // first payload byte (data), 0 for a pure ACK
  ack: i64 = 0; // cumulative ACK
  payloadLength: i32 = 0;
  windowField: u32 = 0; // the 16-bit window field, in units of 2^windowScale
  windowScale: i32 = 0; // as the VMM read it from the receiver's SYN
  // a rewrite the policy asked for; the VMM applies it when the hook returns
  rewriteWindow: bool = false;
  newWindowField: u32 = 0;

  // Ask the VMM to rewrite the window field (units of 2^windowScale) before the packet goes on.
  rewriteWindowField(field: u32): void {
    this.rewriteWindow = true;
    this.newWindowField = field;
    this.windowField = field;
  }
}

// The physical clock (ns), as the VMM reads it.
@inline export function physicalNow(): i64 {
  return now();
}
