// How a machine's stack sends a packet: through its network interface — the physical NIC of a host
// (dev/nic.ts) or the virtual NIC of a VM (vmm/vnic.ts). The stack builds the segment; the
// interface takes it as it is, checksum included, and never tells the stack which it is.
import { stampChecksum } from "../net/tcp-header";
import { nicTransmit } from "../dev/nic";
import { vnicFromGuest } from "../vmm/vnic";
import { sourceOf, isVm } from "./machines";

export function netSend(p: i32): void {
  stampChecksum(p);
  const m = sourceOf(p);
  if (isVm(m)) vnicFromGuest(m, p);
  else nicTransmit(m, p);
}
