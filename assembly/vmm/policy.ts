// A VMM device policy sits in a VM's virtual NIC and sees only what a real VMM sees: packets
// crossing the virtual NIC, as header fields (vmm/view.ts PacketView), at physical time, on
// connections it tells apart by the ids it assigned itself (Conn). It may ask for header rewrites
// through the view. It cannot read guest kernel state or schedule events: a policy file imports
// only vmm/policy.ts, vmm/view.ts, algo/ and rttlog.ts (test/vmm-boundary.test.ts), and nothing
// it is handed leads anywhere else.
// A policy is one file and one line in vmm/registry.ts (and its name in host/vmm.ts).
import { Conn, PacketView } from "./view";

export class VmmPolicy {
  // The policy's name as host/vmm.ts lists it (read back through the ABI's name tables, abi/names.ts)
  name(): string {
    return "none";
  }
  // a new run: at most `conns` connections will attach
  reset(conns: i32): void {}
  // the VMM saw connection c's handshake: the MSS and the receiver's window scale it announced
  attach(c: Conn, mss: i32, windowScale: i32): void {}
  // the guest posts a segment on the virtual NIC's transmit ring
  onGuestTransmit(c: Conn, pkt: PacketView): void {}
  // a segment from the guest leaves for the physical NIC (after the backend served it)
  onWireTransmit(c: Conn, pkt: PacketView): void {}
  // an ACK from the physical NIC, before the guest gets it; the policy may rewrite it
  onWireAck(c: Conn, pkt: PacketView): void {}
  // the VMM hands a received packet to the guest (its vCPU runs and takes it)
  onGuestReceive(c: Conn, pkt: PacketView): void {}
}

export class NoPolicy extends VmmPolicy {}
