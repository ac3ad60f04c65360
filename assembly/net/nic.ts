// The sender host's network interface as its TCP stack sees it: the physical NIC (a native
// sender) or a virtual NIC under the VMM (a guest). TCP hands segments to nicSend and takes ACKs
// from nicReceive, and never knows which it is talking to.
import { pNext } from "./packet";
import { inject } from "./wire";
import { capture, CAP_WIRE } from "./capture";
import { stampChecksum } from "./tcp-header";
import { vnicFromGuest, vnicFromWire, guestWake, vnicHandOver } from "../vmm/vnic";
import { senderOnAck } from "../tcp/sender";
import { fFwdLink } from "../tcp/sock";

let virtual = new StaticArray<bool>(0);

export function nicInit(flows: i32): void {
  virtual = new StaticArray<bool>(flows);
}

export function nicVirtualize(f: i32): void {
  unchecked((virtual[f] = true));
}

export function nicSend(f: i32, p: i32): void {
  stampChecksum(p);
  if (unchecked(virtual[f])) vnicFromGuest(f, p);
  else {
    capture(CAP_WIRE, p);
    inject(unchecked(fFwdLink[f]), p);
  }
}

// An ACK reached the sender host's physical NIC.
export function nicReceive(f: i32, p: i32): void {
  if (unchecked(virtual[f])) vnicFromWire(f, p);
  else {
    capture(CAP_WIRE, p);
    senderOnAck(f, p);
  }
}

// The guest runs and its stack takes what the virtual NIC holds for it.
export function nicGuestWake(f: i32): void {
  let p = guestWake(f);
  while (p >= 0) {
    const next = unchecked(pNext[p]);
    vnicHandOver(f, p);
    senderOnAck(f, p);
    p = next;
  }
}
