// The machines of a run: physical hosts, and VMs on them. A host owns a physical NIC (dev/nic.ts)
// and, when VMs run on it, the VMM's backend CPU (vmm/device.ts); a VM owns virtual devices (its
// NIC: vmm/vnic.ts) whose backend work runs on its host. A native sender or receiver is a host with
// no VMM in the way.
// Each flow is placed on two machines: its sender's and its receiver's, each a host or a VM, on two
// hosts (across the wire) or two VMs of one host (across its bridge, vmm/vnic.ts). Packets name their flow,
// and the flow its two ends, so where a packet comes from and goes to is a lookup (the 4-tuple a
// real bridge would read from the headers: every flow has its own port, net/tcp-header.ts).
// Each machine hands the packets addressed to it to the protocol handler its stack registered.
// The Friendly-VM host model (fvm/) places its VMs here too: one host, its VMs on it.
import { pFlow, pKind, PKT_DATA } from "../net/packet";

export const MAX_MACHINES: i32 = 128; // a host with the Friendly-VM model's 64 VMs fits (fvm/vm.ts MAX_VMS)

export type ProtocolInput = (m: i32, p: i32) => void;

function noStack(m: i32, p: i32): void {
  unreachable(); // a packet reached a machine with no protocol stack
}

// The per-packet lookups below read raw memory, not StaticArrays: a StaticArray reference read
// costs a shadow-stack store under the incremental GC, and these run for every packet (measured
// in README "Measured performance").
const mHost: usize = memory.data(MAX_MACHINES * 4); // i32: -1 a physical host; else the VM's host
const mVms = new StaticArray<i32>(MAX_MACHINES); // a host's VM count
const mInput: usize = memory.data(MAX_MACHINES * 4); // function-table indices (engine/dispatch.ts says why)
let count: i32 = 0;
let placement = new StaticArray<i32>(0); // per flow: the sender's machine, the receiver's (kept alive here)
let fPlace: usize = 0; // its data, read raw

export function machinesReset(flows: i32): void {
  count = 0;
  placement = new StaticArray<i32>(flows * 2);
  fPlace = changetype<usize>(placement);
  for (let i = 0; i < flows * 2; i++) unchecked((placement[i] = -1));
}

export function machineCount(): i32 {
  return count;
}

function add(host: i32): i32 {
  if (count >= MAX_MACHINES) return -1;
  const m = count++;
  store<i32>(mHost + (<usize>m << 2), host);
  unchecked((mVms[m] = 0));
  store<u32>(mInput + (<usize>m << 2), noStack.index);
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
  return m >= 0 && m < count && load<i32>(mHost + (<usize>m << 2)) < 0;
}
@inline export function isVm(m: i32): bool {
  return m >= 0 && m < count && load<i32>(mHost + (<usize>m << 2)) >= 0;
}
// The physical host a machine runs on (a host is its own).
@inline export function hostOf(m: i32): i32 {
  const h = load<i32>(mHost + (<usize>m << 2));
  return h < 0 ? m : h;
}
export function vmsOn(host: i32): i32 {
  return unchecked(mVms[host]);
}

// The stack of machine m takes packets addressed to it through `input`.
export function machineStack(m: i32, input: ProtocolInput): void {
  store<u32>(mInput + (<usize>m << 2), input.index);
}

@inline export function machineInput(m: i32, p: i32): void {
  call_indirect<void>(load<u32>(mInput + (<usize>m << 2)), m, p);
}

export function placeFlow(f: i32, from: i32, to: i32): void {
  store<i32>(fPlace + (<usize>f << 3), from);
  store<i32>(fPlace + (<usize>f << 3), to, 4);
}
@inline export function flowFrom(f: i32): i32 {
  return load<i32>(fPlace + (<usize>f << 3));
}
@inline export function flowTo(f: i32): i32 {
  return load<i32>(fPlace + (<usize>f << 3), 4);
}

// The machine that sent packet p (data from the flow's sender, ACKs from its receiver), and the one
// it is addressed to.
@inline export function sourceOf(p: i32): i32 {
  const ack = <usize>(unchecked(pKind[p]) != PKT_DATA);
  return load<i32>(fPlace + (<usize>unchecked(pFlow[p]) << 3) + (ack << 2));
}
@inline export function destinationOf(p: i32): i32 {
  const data = <usize>(unchecked(pKind[p]) == PKT_DATA);
  return load<i32>(fPlace + (<usize>unchecked(pFlow[p]) << 3) + (data << 2));
}
