// The physical NIC of a host: transmit puts a packet on the host's link (its transmit queue is the
// first link of its chain, net/link.ts); a packet leaving a chain reaches the NIC of the host it is
// addressed to, which hands it to that host's receive path — the stack of the machine it is for,
// or, on a host with VMs, the VMM's bridge (vmm/vnic.ts). Every NIC captures what it sends and
// receives: the sending side's host at CAP_WIRE (tcpdump on the sender host), the receiving end at
// CAP_PEER.
import { inject, countDelivered } from "../net/wire";
import { linkSinkKind } from "../net/link";
import { registerKinds } from "../engine/dispatch";
import { capture, capturing, CAP_WIRE, CAP_PEER } from "../net/capture";
import { pFlow } from "../net/packet";
import { MAX_MACHINES, hostOf, destinationOf, flowFrom, machineInput } from "../machine/machines";

// receiver(m, p): packet p for machine m (the host itself or one of its VMs)
export type NicReceiver = (m: i32, p: i32) => void;

const nicLink: usize = memory.data(MAX_MACHINES * 4); // i32: the host's transmit link; -1 no NIC (raw: machine/machines.ts says why)
// a receive path other than the stack (the VMM's bridge): function-table index, 0 none
// (engine/dispatch.ts says why an index)
const nicRx: usize = memory.data(MAX_MACHINES * 4);

// At simulation init, after dispatchReset and linksReset.
export function nicsReset(): void {
  for (let h = 0; h < MAX_MACHINES; h++) {
    store<i32>(nicLink + (<usize>h << 2), -1);
    store<u32>(nicRx + (<usize>h << 2), 0);
  }
  linkSinkKind(registerKinds(1, nicArrive));
}

export function nicAttach(host: i32, link: i32): void {
  store<i32>(nicLink + (<usize>host << 2), link);
}

export function hasNic(host: i32): bool {
  return load<i32>(nicLink + (<usize>host << 2)) >= 0;
}

// What receives this host's packets instead of the stacks (the VMM's bridge).
export function nicReceiverSet(host: i32, rx: NicReceiver): void {
  store<u32>(nicRx + (<usize>host << 2), rx.index);
}

@inline function point(host: i32, p: i32): i32 {
  return hostOf(flowFrom(unchecked(pFlow[p]))) == host ? CAP_WIRE : CAP_PEER;
}

// False when the host's transmit queue (its qdisc) was full and dropped p.
export function nicTransmit(host: i32, p: i32): bool {
  if (capturing()) capture(point(host, p), p);
  return inject(load<i32>(nicLink + (<usize>host << 2)), p);
}

// A packet left the last link of its chain: it is at the NIC of the host it is addressed to.
function nicArrive(kind: i32, p: i32): void {
  countDelivered();
  const m = destinationOf(p);
  const h = hostOf(m);
  if (capturing()) capture(point(h, p), p);
  const rx = load<u32>(nicRx + (<usize>h << 2));
  if (rx == 0) machineInput(m, p);
  else call_indirect<void>(rx, m, p);
}
