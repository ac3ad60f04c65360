// A VMM device policy sits in the virtual NIC and sees only what a real VMM sees: packets crossing
// the virtual NIC, by their header fields (assembly/vmm/view.ts), at physical time. It may
// rewrite header fields (through the view, which keeps checksums valid). It cannot read guest
// kernel state: policy files import only vmm/view.ts and the engine, and test/vmm-boundary.test.ts
// fails the build of any policy that imports assembly/tcp/*.

export class VmmPolicy {
  // The policy's name as host/vmm.ts lists it (read back through the ABI's name tables, abi/names.ts)
  name(): string {
    return "none";
  }
  // flow f starts (the VMM saw its handshake)
  attach(f: i32, mss: i32): void {}
  // the guest posts a segment on the virtual NIC's transmit ring
  onGuestTransmit(f: i32, p: i32): void {}
  // a segment from the guest leaves for the physical NIC (after the backend served it)
  onWireTransmit(f: i32, p: i32): void {}
  // an ACK from the physical NIC, before the guest gets it; the policy may rewrite it
  onWireAck(f: i32, p: i32): void {}
  // the VMM hands a received packet to the guest (the guest runs and takes it)
  onGuestReceive(f: i32, p: i32): void {}
}

export class NoPolicy extends VmmPolicy {}
