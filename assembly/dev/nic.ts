// The physical NIC of a host: transmit puts a packet on the host's link (its transmit queue is the
// first link of its chain, net/link.ts); a packet leaving a chain reaches the NIC of the host it is
// addressed to, which hands it to that host's receive path — the host's own stack, or, on a host
// with VMs, the VMM's bridge (vmm/vnic.ts). Every NIC captures what it sends and receives: the
// sending side's host at CAP_WIRE (tcpdump on the sender host), the receiving end at CAP_PEER.
import { inject, countDelivered } from "../net/wire";
import { linkSinkSet } from "../net/link";
import { capture, CAP_WIRE, CAP_PEER } from "../net/capture";
import { pFlow } from "../net/packet";
import { MAX_MACHINES, hostOf, destinationOf, flowFrom, machineInput } from "../machine/machines";

export type NicReceiver = (p: i32) => void;

const nicLink = new StaticArray<i32>(MAX_MACHINES); // the host's transmit link; -1: no NIC
const nicRx = new StaticArray<NicReceiver>(MAX_MACHINES);

// At simulation init, after linksReset.
export function nicsReset(): void {
  for (let h = 0; h < MAX_MACHINES; h++) {
    unchecked((nicLink[h] = -1));
    unchecked((nicRx[h] = toStack));
  }
  linkSinkSet(nicArrive);
}

export function nicAttach(host: i32, link: i32): void {
  unchecked((nicLink[host] = link));
}

export function hasNic(host: i32): bool {
  return unchecked(nicLink[host]) >= 0;
}

// What receives this host's packets instead of its own stack (the VMM's bridge).
export function nicReceiverSet(host: i32, rx: NicReceiver): void {
  unchecked((nicRx[host] = rx));
}

function toStack(p: i32): void {
  machineInput(destinationOf(p), p);
}

@inline function point(host: i32, p: i32): i32 {
  return hostOf(flowFrom(unchecked(pFlow[p]))) == host ? CAP_WIRE : CAP_PEER;
}

export function nicTransmit(host: i32, p: i32): void {
  capture(point(host, p), p);
  inject(unchecked(nicLink[host]), p);
}

// A packet left the last link of its chain: it is at the NIC of the host it is addressed to.
function nicArrive(p: i32): void {
  countDelivered();
  const h = hostOf(destinationOf(p));
  capture(point(h, p), p);
  unchecked(nicRx[h])(p);
}
