// How a machine's stack sends a packet: through its network interface — the physical NIC of a host
// (dev/nic.ts) or the virtual NIC of a VM (vmm/vnic.ts). The stack builds the segment; the
// interface takes it as it is, checksum included, and never tells the stack which it is. It does
// tell whether the machine's own transmit queue took the packet (false: it was full and dropped
// it, the NET_XMIT_DROP that Linux's dev_queue_xmit returns to TCP).
// The TCP checksum is computed only while packets are captured: a capture is the one place it is
// observed (a VMM rewrite only updates it), and a per-packet sum nothing reads cost 3–5 %.
import { stampChecksum } from "../net/tcp-header";
import { capturing } from "../net/capture";
import { nicTransmit } from "../dev/nic";
import { vnicFromGuest } from "../vmm/vnic";
import { sourceOf, isVm } from "./machines";

export function netSend(p: i32): bool {
  if (capturing()) stampChecksum(p);
  const m = sourceOf(p);
  if (isVm(m)) return vnicFromGuest(m, p);
  return nicTransmit(m, p);
}
