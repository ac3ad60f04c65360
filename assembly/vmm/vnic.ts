// The virtual NIC of each VM under a 2007-style split-driver VMM (Xen 3.0 netfront/netback), and
// the overhead it adds — calibrated once (host/testbed.ts):
//  - the backend CPU (one per host, shared by every VM on it): the driver domain runs every
//    `periodNs`; a packet waiting for it waits for the next period boundary, so packets reach the
//    wire (and the guests) in batches; it serves its one FIFO a packet at a time, `perPacketNs`
//    each, in both directions and for every VM, bounding the host's packet rate;
//  - the VM's vCPU wake-up: received packets are taken by the guest only when its vCPU next runs,
//    after a delay of mean `wakeMeanNs` drawn from `wakeDist` (PRNG stream STREAM_VIRT):
//    exponential (a vCPU woken at a random point of other domains' slices), constant, or uniform
//    on [0, 2·mean]; everything that arrived for the VM before it runs is taken in the same batch,
//    for all its sockets. Which one a 2006 Xen guest saw is not published: it is one of the
//    testbed's unknowns (examples/sweeps/).
// Each VM's transmit side is bounded as in the guest: the netfront ring (NET_TX_RING_SIZE 256) plus
// the guest's qdisc (txqueuelen 1000); a segment posted beyond that is dropped, as a full qdisc
// drops it, and the guest's TCP hears of it (NET_XMIT_DROP) and enters CWR (tcp/sender.ts). Its receive side holds at most NET_RX_RING_SIZE (256) packets.
// The VMM's bridge sits on the host's physical NIC: a packet for one of its VMs goes to that VM's
// receive ring, one for the host itself to the host's stack.
// A device policy (vmm/policy.ts), one per VM, sees data as the guest posts it and as it leaves for
// the physical NIC, and ACKs as they arrive from it, at physical time.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { registerKinds } from "../engine/dispatch";
import { rngUniform, STREAM_VIRT } from "../engine/rng";
import { pFlow, pNext, pSeq, pAck, pLen, packetFree } from "../net/packet";
import { windowField, windowScale, rewriteWindowField } from "../net/tcp-header";
import { capture, CAP_VNIC } from "../net/capture";
import { nicTransmit, nicReceiverSet } from "../dev/nic";
import { MAX_MACHINES, hostOf, isVm, sourceOf, destinationOf, machineInput } from "../machine/machines";
import { vmmPolicy, vmmPoliciesReset, NO_POLICY } from "./registry";
import { PacketView } from "./view";

const TX_SLOTS: i32 = 256 + 1000; // NET_TX_RING_SIZE (xen/interface/io/netif.h) + txqueuelen
const RX_SLOTS: i32 = 256; // NET_RX_RING_SIZE

export const WAKE_EXPONENTIAL: i32 = 0;
export const WAKE_CONSTANT: i32 = 1;
export const WAKE_UNIFORM: i32 = 2;

// event kinds, local to the range registered in vnicReset
const EV_BACKEND: i32 = 0; // arg: packet the backend finished, or -1 - host for a batch start
const EV_GUEST_RX: i32 = 1; // arg: VM whose vCPU runs to take its received packets
let evBase: i32 = 0;

// per host: whether a VMM runs there; its backend CPU and its FIFO, linked through pNext (a packet in the VMM is on no link)
const vmm = new StaticArray<bool>(MAX_MACHINES);
const perPacketNs = new StaticArray<i64>(MAX_MACHINES);
const periodNs = new StaticArray<i64>(MAX_MACHINES);
const bHead = new StaticArray<i32>(MAX_MACHINES);
const bTail = new StaticArray<i32>(MAX_MACHINES);
const bBusy = new StaticArray<bool>(MAX_MACHINES); // serving a packet, or waiting for its period boundary
const bBusyNs = new StaticArray<i64>(MAX_MACHINES); // time spent serving packets
const bServed = new StaticArray<i64>(MAX_MACHINES);
// per VM: its vCPU's wake-up, its rings and the VMM policy on its virtual NIC
const wakeMeanNs = new StaticArray<f64>(MAX_MACHINES);
const wakeDist = new StaticArray<i32>(MAX_MACHINES);
const vPolicy = new StaticArray<i32>(MAX_MACHINES);
const txHeld = new StaticArray<i32>(MAX_MACHINES); // guest segments in the VMM, not yet on the wire
const rxHeld = new StaticArray<i32>(MAX_MACHINES); // received packets in the VMM, not yet taken by the guest
const txDrops = new StaticArray<i64>(MAX_MACHINES);
const rxDrops = new StaticArray<i64>(MAX_MACHINES);
const gHead = new StaticArray<i32>(MAX_MACHINES); // packets waiting for the vCPU to run
const gTail = new StaticArray<i32>(MAX_MACHINES);
const gWakeAt = new StaticArray<i64>(MAX_MACHINES); // when the vCPU next runs to take them; -1 none pending
// the VMM's connection table: the id it gave each flow it saw open (by its 4-tuple), -1 none
let connOf = new StaticArray<i32>(0);
let conns: i32 = 0;
// what a policy is shown of a packet: a copy of its header fields (vmm/view.ts)
const view = new PacketView();
const HOOK_GUEST_TX: i32 = 0;
const HOOK_WIRE_TX: i32 = 1;
const HOOK_WIRE_ACK: i32 = 2;
const HOOK_GUEST_RX: i32 = 3;

// At simulation init, after dispatchReset.
export function vnicReset(flows: i32): void {
  evBase = registerKinds(2, vnicEvent);
  connOf = new StaticArray<i32>(flows);
  for (let f = 0; f < flows; f++) unchecked((connOf[f] = -1));
  conns = 0;
  vmmPoliciesReset(flows);
  for (let m = 0; m < MAX_MACHINES; m++) {
    unchecked((vmm[m] = false));
    unchecked((bHead[m] = -1));
    unchecked((bTail[m] = -1));
    unchecked((bBusy[m] = false));
    unchecked((bBusyNs[m] = 0));
    unchecked((bServed[m] = 0));
    unchecked((txHeld[m] = 0));
    unchecked((rxHeld[m] = 0));
    unchecked((txDrops[m] = 0));
    unchecked((rxDrops[m] = 0));
    unchecked((gHead[m] = -1));
    unchecked((gTail[m] = -1));
    unchecked((gWakeAt[m] = -1));
  }
}

// Host h runs a VMM whose backend CPU serves a packet in `perPacket` ns, every `period` ns.
export function vmmOnHost(h: i32, perPacket: i64, period: i64): void {
  unchecked((perPacketNs[h] = perPacket));
  unchecked((periodNs[h] = period));
  unchecked((vmm[h] = true));
  nicReceiverSet(h, bridge);
}

export function hasVmm(h: i32): bool {
  return unchecked(vmm[h]);
}

// VM v's vCPU wake-up and the policy on its virtual NIC.
export function vnicOfVm(v: i32, wakeMean: i64, dist: i32, policy: i32): void {
  unchecked((wakeMeanNs[v] = <f64>wakeMean));
  unchecked((wakeDist[v] = dist));
  unchecked((vPolicy[v] = policy));
}

// Flow f's guest socket on VM v opens: the VMM sees its handshake, numbers the connection and
// tells the VM's policy.
export function vnicAttach(v: i32, f: i32, mss: i32): void {
  const c = conns++;
  unchecked((connOf[f] = c));
  vmmPolicy(unchecked(vPolicy[v])).attach(c, mss, windowScale(f));
}

// The VMM's id of flow f's connection (-1: not under a VMM).
export function vnicConnOf(f: i32): i32 {
  return unchecked(connOf[f]);
}

// Show VM v's policy packet p at one of its hooks, and apply the rewrite it asks for.
function hook(v: i32, which: i32, p: i32): void {
  const id = unchecked(vPolicy[v]);
  if (id == NO_POLICY) return;
  const f = unchecked(pFlow[p]);
  view.seq = unchecked(pSeq[p]);
  view.ack = unchecked(pAck[p]);
  view.payloadLength = unchecked(pLen[p]);
  view.windowField = windowField(p);
  view.windowScale = windowScale(f);
  view.rewriteWindow = false;
  const policy = vmmPolicy(id);
  const c = unchecked(connOf[f]);
  if (which == HOOK_GUEST_TX) policy.onGuestTransmit(c, view);
  else if (which == HOOK_WIRE_TX) policy.onWireTransmit(c, view);
  else if (which == HOOK_WIRE_ACK) policy.onWireAck(c, view);
  else policy.onGuestReceive(c, view);
  if (view.rewriteWindow) rewriteWindowField(p, view.newWindowField);
}

function vnicEvent(kind: i32, arg: i32): void {
  kind -= evBase;
  if (kind == EV_BACKEND) backendEvent(arg);
  else guestRun(arg);
}

function backendEnqueue(h: i32, p: i32): void {
  unchecked((pNext[p] = -1));
  const tail = unchecked(bTail[h]);
  if (tail < 0) unchecked((bHead[h] = p));
  else unchecked((pNext[tail] = p));
  unchecked((bTail[h] = p));
  if (!unchecked(bBusy[h])) {
    unchecked((bBusy[h] = true));
    // wait for the driver domain's next period boundary
    const period = unchecked(periodNs[h]);
    const at = period > 0 ? (now() / period + 1) * period : now();
    queuePush(at, packEvent(evBase + EV_BACKEND, -1 - h));
  }
}

// The guest of VM v transmits a segment into its virtual NIC. False when the guest's queue was
// full and dropped it (NET_XMIT_DROP to the guest's TCP).
export function vnicFromGuest(v: i32, p: i32): bool {
  capture(CAP_VNIC, p);
  if (unchecked(txHeld[v]) >= TX_SLOTS) {
    unchecked((txDrops[v] += 1));
    packetFree(p);
    return false;
  }
  unchecked((txHeld[v] += 1));
  hook(v, HOOK_GUEST_TX, p);
  backendEnqueue(hostOf(v), p);
  return true;
}

// The bridge on the host's physical NIC (the NIC has captured the packet): p is for machine m.
function bridge(m: i32, p: i32): void {
  if (isVm(m)) fromWire(m, p);
  else machineInput(m, p);
}

// A packet for VM v arrives from the physical NIC: the policy sees it first.
function fromWire(v: i32, p: i32): void {
  if (unchecked(rxHeld[v]) >= RX_SLOTS) {
    unchecked((rxDrops[v] += 1));
    packetFree(p);
    return;
  }
  unchecked((rxHeld[v] += 1));
  hook(v, HOOK_WIRE_ACK, p);
  backendEnqueue(hostOf(v), p);
}

// EV_BACKEND: `arg` finished service (or -1 - host: a batch begins); start the host's next packet.
function backendEvent(arg: i32): void {
  let h: i32;
  if (arg >= 0) {
    const src = sourceOf(arg);
    h = isVm(src) ? hostOf(src) : hostOf(destinationOf(arg));
    finish(arg);
  } else h = -1 - arg;
  const p = unchecked(bHead[h]);
  if (p < 0) {
    unchecked((bBusy[h] = false));
    return;
  }
  const next = unchecked(pNext[p]);
  unchecked((bHead[h] = next));
  if (next < 0) unchecked((bTail[h] = -1));
  const cost = unchecked(perPacketNs[h]);
  unchecked((bBusyNs[h] += cost));
  unchecked((bServed[h] += 1));
  queuePush(now() + cost, packEvent(evBase + EV_BACKEND, p));
}

function finish(p: i32): void {
  const src = sourceOf(p);
  if (isVm(src)) {
    // out of a guest, onto the host's physical NIC
    unchecked((txHeld[src] -= 1));
    hook(src, HOOK_WIRE_TX, p);
    nicTransmit(hostOf(src), p);
    return;
  }
  // to the guest, when its vCPU next runs
  const v = destinationOf(p);
  unchecked((pNext[p] = -1));
  const tail = unchecked(gTail[v]);
  if (tail < 0) unchecked((gHead[v] = p));
  else unchecked((pNext[tail] = p));
  unchecked((gTail[v] = p));
  if (unchecked(gWakeAt[v]) < 0) {
    const wake = wakeDelay(v);
    unchecked((gWakeAt[v] = now() + wake));
    queuePush(now() + wake, packEvent(evBase + EV_GUEST_RX, v));
  }
}

// How long until VM v's vCPU next runs (ns). A constant delay draws nothing, so it leaves the
// stream where it was; exponential is the inverse-CDF draw of the original model, unchanged.
function wakeDelay(v: i32): i64 {
  const mean = unchecked(wakeMeanNs[v]);
  if (mean <= 0) return 0;
  const dist = unchecked(wakeDist[v]);
  if (dist == WAKE_CONSTANT) return <i64>mean;
  const u = rngUniform(STREAM_VIRT);
  if (dist == WAKE_UNIFORM) return <i64>(2.0 * mean * u);
  return <i64>(-mean * Math.log(1.0 - u));
}

// EV_GUEST_RX: VM v's vCPU runs and its stack takes every packet waiting for it, in arrival order
// (the policy sees each hand-over).
function guestRun(v: i32): void {
  unchecked((gWakeAt[v] = -1));
  let p = unchecked(gHead[v]);
  unchecked((gHead[v] = -1));
  unchecked((gTail[v] = -1));
  while (p >= 0) {
    const next = unchecked(pNext[p]);
    unchecked((rxHeld[v] -= 1));
    capture(CAP_VNIC, p);
    hook(v, HOOK_GUEST_RX, p);
    machineInput(v, p);
    p = next;
  }
}

// Totals over every VM and host (for the run's conservation and drop counts).
export function packetsInVmm(): i32 {
  let n = 0;
  for (let m = 0; m < MAX_MACHINES; m++) n += unchecked(txHeld[m]) + unchecked(rxHeld[m]);
  return n;
}
export function vnicTxDrops(): i64 {
  let n: i64 = 0;
  for (let m = 0; m < MAX_MACHINES; m++) n += unchecked(txDrops[m]);
  return n;
}
export function vnicRxDrops(): i64 {
  let n: i64 = 0;
  for (let m = 0; m < MAX_MACHINES; m++) n += unchecked(rxDrops[m]);
  return n;
}

// Per machine (docs/ABI.md machineStat): a host's backend CPU, a VM's virtual NIC.
export function backendBusyNs(h: i32): i64 {
  return unchecked(bBusyNs[h]);
}
export function backendServed(h: i32): i64 {
  return unchecked(bServed[h]);
}
export function vnicHeld(v: i32): i32 {
  return unchecked(txHeld[v]) + unchecked(rxHeld[v]);
}
export function vnicTxDropsOf(v: i32): i64 {
  return unchecked(txDrops[v]);
}
export function vnicRxDropsOf(v: i32): i64 {
  return unchecked(rxDrops[v]);
}
