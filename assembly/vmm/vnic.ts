// The virtual NIC of each VM under a 2007-style split-driver VMM (Xen 3.0 netfront/netback): the
// first device type on vmm/device.ts's shared split driver, whose overhead is calibrated once
// (host/testbed.ts): the host's backend CPU serves a packet in `perPacketNs` (vnicOnHost), in both
// directions and for every VM, bounding the host's packet rate, in batches of the backend's
// period; received packets reach the guest when its vCPU next runs (device.ts says how).
// Each VM's transmit side is bounded as in the guest: the netfront ring (NET_TX_RING_SIZE 256) plus
// the guest's qdisc (txqueuelen 1000); a segment posted beyond that is dropped, as a full qdisc
// drops it, and the guest's TCP hears of it (NET_XMIT_DROP) and enters CWR (tcp/sender.ts). Its receive side holds at most NET_RX_RING_SIZE (256) packets.
// The VMM's bridge sits on the host's physical NIC: a packet for one of its VMs goes to that VM's
// virtual NIC, one for the host itself to the host's stack; a packet between two VMs of the host
// goes from one's backend to the other's across the bridge, both passes on the backend CPU.
// A device policy (vmm/policy.ts), one per VM, sees data as the guest posts it and as it leaves for
// the physical NIC, and ACKs as they arrive from it and as the guest takes them, at physical time,
// as a copy of the header fields (vmm/view.ts).
import { pFlow, pSeq, pAck, pLen, packetFree } from "../net/packet";
import { windowField, windowScale, rewriteWindowField } from "../net/tcp-header";
import { capture, CAP_VNIC } from "../net/capture";
import { nicTransmit, nicReceiverSet } from "../dev/nic";
import { MAX_MACHINES, hostOf, isVm, machineInput, destinationOf, flowFrom } from "../machine/machines";
import { vmmPolicy, vmmPolicyCount, vmmPoliciesReset } from "./registry";
import { PacketView } from "./view";
import {
  DeviceType, deviceAdd, devicePost, deviceFromHost, deviceVm, devicePolicy, deviceHeld, deviceRefusedOut, deviceRefusedIn,
  POINT_GUEST_POST, POINT_TO_HOST, POINT_FROM_HOST,
} from "./device";

const TX_SLOTS: i32 = 256 + 1000; // NET_TX_RING_SIZE (xen/interface/io/netif.h) + txqueuelen
const RX_SLOTS: i32 = 256; // NET_RX_RING_SIZE

// the backend's CPU time per packet, per host (vnicOnHost)
const perPacketNs = new StaticArray<i64>(MAX_MACHINES);
// per VM: its virtual NIC's device id, -1 none
const vnicDev = new StaticArray<i32>(MAX_MACHINES);
// the VMM's connection table: the id it gave each flow it saw open (by its 4-tuple), -1 none
let connOf = new StaticArray<i32>(0);
let conns: i32 = 0;
// what a policy is shown of a packet: a copy of its header fields (vmm/view.ts)
const view = new PacketView();

// At simulation init.
export function vnicReset(flows: i32): void {
  connOf = new StaticArray<i32>(flows);
  for (let f = 0; f < flows; f++) unchecked((connOf[f] = -1));
  conns = 0;
  vmmPoliciesReset(flows);
  for (let m = 0; m < MAX_MACHINES; m++) unchecked((vnicDev[m] = -1));
}

// Host h's backend (device.ts backendOnHost) serves a packet in `perPacket` ns; its bridge takes
// the packets its NIC receives.
export function vnicOnHost(h: i32, perPacket: i64): void {
  unchecked((perPacketNs[h] = perPacket));
  nicReceiverSet(h, bridge);
}

// VM v's virtual NIC, with VMM policy `policy` (vmm/registry.ts). Returns the device id, -1 none.
export function vnicOfVm(v: i32, policy: i32): i32 {
  const d = deviceAdd(v, VNIC, unchecked(perPacketNs[hostOf(v)]), policy);
  unchecked((vnicDev[v] = d));
  return d;
}

// Flow f's guest socket on VM v opens: the VMM sees its handshake, numbers the connection and
// tells the VM's policy.
export function vnicAttach(v: i32, f: i32, mss: i32): void {
  const c = conns++;
  unchecked((connOf[f] = c));
  vmmPolicy(devicePolicy(unchecked(vnicDev[v]))).attach(c, mss, windowScale(f));
}

// The VMM's id of flow f's connection (-1: not under a VMM).
export function vnicConnOf(f: i32): i32 {
  return unchecked(connOf[f]);
}

// The guest of VM v transmits a segment into its virtual NIC. False when the guest's queue was
// full and dropped it (NET_XMIT_DROP to the guest's TCP, which enters CWR: tcp/sender.ts).
export function vnicFromGuest(v: i32, p: i32): bool {
  capture(CAP_VNIC, p);
  if (devicePost(unchecked(vnicDev[v]), p)) return true;
  packetFree(p);
  return false;
}

// The bridge on the host's physical NIC (the NIC has captured the packet): p is for machine m.
function bridge(m: i32, p: i32): void {
  if (!isVm(m)) machineInput(m, p);
  else if (!deviceFromHost(unchecked(vnicDev[m]), p)) packetFree(p);
}

// The backend served a guest's segment: onto the host's physical NIC, or, for a VM on the same
// host, across the bridge to that VM's virtual NIC (never on the wire; the backend serves it a
// second time on its way in, as netback does for a co-resident peer).
function toWire(dev: i32, p: i32): void {
  const h = hostOf(deviceVm(dev));
  const to = destinationOf(p);
  if (hostOf(to) == h) bridge(to, p);
  else nicTransmit(h, p);
}

// The guest's vCPU takes a received packet (after the policy saw it: the guest's capture shows
// what the guest is handed).
function toGuest(dev: i32, p: i32): void {
  capture(CAP_VNIC, p);
  machineInput(deviceVm(dev), p);
}

// Show the device's policy packet p at `point`, and apply the rewrite it asks for.
function policyHook(dev: i32, point: i32, p: i32): void {
  const f = unchecked(pFlow[p]);
  // a VM's policy governs the connections its guest sends on (vnicAttach); a flow the VM receives
  // passes its device unseen (named simplification: no receive-side policy)
  if (flowFrom(f) != deviceVm(dev)) return;
  view.seq = unchecked(pSeq[p]);
  view.ack = unchecked(pAck[p]);
  view.payloadLength = unchecked(pLen[p]);
  view.windowField = windowField(p);
  view.windowScale = windowScale(f);
  view.rewriteWindow = false;
  const policy = vmmPolicy(devicePolicy(dev));
  const c = unchecked(connOf[f]);
  if (point == POINT_GUEST_POST) policy.onGuestTransmit(c, view);
  else if (point == POINT_TO_HOST) policy.onWireTransmit(c, view);
  else if (point == POINT_FROM_HOST) policy.onWireAck(c, view);
  else policy.onGuestReceive(c, view);
  if (view.rewriteWindow) rewriteWindowField(p, view.newWindowField);
}

function noStart(dev: i32): void {}

export const VNIC = new DeviceType("vnic", TX_SLOTS, RX_SLOTS, toWire, toGuest, policyHook, noStart, vmmPolicyCount());

// Totals over every VM (for the run's conservation and drop counts).
export function packetsInVmm(): i32 {
  let n = 0;
  for (let m = 0; m < MAX_MACHINES; m++) n += vnicHeld(m);
  return n;
}
export function vnicTxDrops(): i64 {
  let n: i64 = 0;
  for (let m = 0; m < MAX_MACHINES; m++) n += vnicTxDropsOf(m);
  return n;
}
export function vnicRxDrops(): i64 {
  let n: i64 = 0;
  for (let m = 0; m < MAX_MACHINES; m++) n += vnicRxDropsOf(m);
  return n;
}

// Per VM (docs/ABI.md machineStat); 0 for a machine without a virtual NIC.
export function vnicHeld(v: i32): i32 {
  const d = unchecked(vnicDev[v]);
  return d < 0 ? 0 : deviceHeld(d);
}
export function vnicTxDropsOf(v: i32): i64 {
  const d = unchecked(vnicDev[v]);
  return d < 0 ? 0 : deviceRefusedOut(d);
}
export function vnicRxDropsOf(v: i32): i64 {
  const d = unchecked(vnicDev[v]);
  return d < 0 ? 0 : deviceRefusedIn(d);
}
