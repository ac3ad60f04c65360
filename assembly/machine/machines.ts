// The machines of a run: physical hosts, and VMs on them. A host owns a physical NIC (dev/nic.ts)
// and, when VMs run on it, the VMM's backend CPU (vmm/vnic.ts); a VM owns a virtual NIC whose
// backend runs on its host. A native sender or the receiving end is a host with no VMM in the way.
// Each flow is placed on two machines: its sender's and its receiver's. Packets name their flow,
// and the flow its two ends, so where a packet comes from and goes to is a lookup (the 4-tuple a
// real bridge would read from the headers: every flow has its own port, net/tcp-header.ts).
// Each machine hands the packets addressed to it to the protocol handler its stack registered.
import { pFlow, pKind, PKT_DATA } from "../net/packet";

export const MAX_MACHINES: i32 = 64;

export type ProtocolInput = (m: i32, p: i32) => void;

function noStack(m: i32, p: i32): void {
  unreachable(); // a packet reached a machine with no protocol stack
}

const mHost = new StaticArray<i32>(MAX_MACHINES); // -1: a physical host; else the VM's host
const mVms = new StaticArray<i32>(MAX_MACHINES); // a host's VM count
const mInput = new StaticArray<ProtocolInput>(MAX_MACHINES);
let count: i32 = 0;
let fFrom = new StaticArray<i32>(0); // per flow: the sender's machine
let fTo = new StaticArray<i32>(0); // per flow: the receiver's machine

export function machinesReset(flows: i32): void {
  count = 0;
  fFrom = new StaticArray<i32>(flows);
  fTo = new StaticArray<i32>(flows);
  for (let f = 0; f < flows; f++) {
    unchecked((fFrom[f] = -1));
    unchecked((fTo[f] = -1));
  }
}

export function machineCount(): i32 {
  return count;
}

function add(host: i32): i32 {
  if (count >= MAX_MACHINES) return -1;
  const m = count++;
  unchecked((mHost[m] = host));
  unchecked((mVms[m] = 0));
  unchecked((mInput[m] = noStack));
  return m;
}

export function machineAddHost(): i32 {
  return add(-1);
}

// A VM on `host`; -1 when `host` is not a physical host or the table is full.
export function machineAddVm(host: i32): i32 {
  if (!isHost(host)) return -1;
  const m = add(host);
  if (m >= 0) unchecked((mVms[host] += 1));
  return m;
}

@inline export function isHost(m: i32): bool {
  return m >= 0 && m < count && unchecked(mHost[m]) < 0;
}
@inline export function isVm(m: i32): bool {
  return m >= 0 && m < count && unchecked(mHost[m]) >= 0;
}
// The physical host a machine runs on (a host is its own).
@inline export function hostOf(m: i32): i32 {
  const h = unchecked(mHost[m]);
  return h < 0 ? m : h;
}
export function vmsOn(host: i32): i32 {
  return unchecked(mVms[host]);
}

// The stack of machine m takes packets addressed to it through `input`.
export function machineStack(m: i32, input: ProtocolInput): void {
  unchecked((mInput[m] = input));
}

@inline export function machineInput(m: i32, p: i32): void {
  unchecked(mInput[m])(m, p);
}

export function placeFlow(f: i32, from: i32, to: i32): void {
  unchecked((fFrom[f] = from));
  unchecked((fTo[f] = to));
}
@inline export function flowFrom(f: i32): i32 {
  return unchecked(fFrom[f]);
}
@inline export function flowTo(f: i32): i32 {
  return unchecked(fTo[f]);
}

// The machine that sent packet p (data from the flow's sender, ACKs from its receiver), and the one
// it is addressed to.
@inline export function sourceOf(p: i32): i32 {
  const f = unchecked(pFlow[p]);
  return unchecked(pKind[p]) == PKT_DATA ? unchecked(fFrom[f]) : unchecked(fTo[f]);
}
@inline export function destinationOf(p: i32): i32 {
  const f = unchecked(pFlow[p]);
  return unchecked(pKind[p]) == PKT_DATA ? unchecked(fTo[f]) : unchecked(fFrom[f]);
}
