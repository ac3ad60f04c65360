// The virtual NIC of a guest under a 2007-style split-driver VMM (Xen 3.0 netfront/netback), and
// the overhead it adds — three parameters, calibrated once (host/virtualization.ts):
//  - backend period: the driver domain runs every `periodNs`; a packet waiting for it waits for the
//    next period boundary, so packets reach the wire (and the guest) in batches;
//  - per-packet cost: the backend serves its queue one packet at a time, `perPacketNs` each, in
//    both directions (one CPU shared by transmit and receive), bounding the packet rate;
//  - guest wake-up: received packets are taken by the guest only when it next runs, after a delay
//    of mean `wakeMeanNs` drawn from `wakeDist` (PRNG stream STREAM_VIRT): exponential (a guest
//    vCPU woken at a random point of other domains' slices), constant, or uniform on [0, 2·mean];
//    everything that arrives before it runs is taken in the same batch. Which one a 2006 Xen
//    guest saw is not published: it is one of the testbed's unknowns (examples/sweeps/).
// The transmit side is bounded as in the guest: the netfront ring (NET_TX_RING_SIZE 256) plus the
// guest's qdisc (txqueuelen 1000); a segment posted beyond that is dropped, as a full qdisc drops
// it (the guest's TCP then recovers it as a loss — Linux would also enter CWR: named
// simplification). The receive side holds at most NET_RX_RING_SIZE (256) packets.
// A device policy (vmm/policy.ts) sees data as the guest posts it and as it leaves for the
// physical NIC, and ACKs as they arrive from it, at physical time.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { EV_BACKEND, EV_GUEST_RX } from "../engine/kinds";
import { rngUniform, STREAM_VIRT } from "../engine/rng";
import { pFlow, pKind, pNext, PKT_DATA, packetFree } from "../net/packet";
import { capture, CAP_WIRE, CAP_VNIC } from "../net/capture";
import { inject } from "../net/wire";
import { vmmPolicy } from "./registry";

const TX_SLOTS: i32 = 256 + 1000; // NET_TX_RING_SIZE (xen/interface/io/netif.h) + txqueuelen
const RX_SLOTS: i32 = 256; // NET_RX_RING_SIZE

let perPacketNs: i64 = 0;
let periodNs: i64 = 0;
let wakeMeanNs: f64 = 0;
export const WAKE_EXPONENTIAL: i32 = 0;
export const WAKE_CONSTANT: i32 = 1;
export const WAKE_UNIFORM: i32 = 2;
let wakeDist: i32 = WAKE_EXPONENTIAL;

// backend FIFO, linked through pNext (a packet in the VMM is on no link)
let bHead: i32 = -1;
let bTail: i32 = -1;
let bBusy: bool = false; // serving a packet, or waiting for its period boundary
let txHeld: i32 = 0; // guest segments in the VMM, not yet on the wire
let rxHeld: i32 = 0; // received packets in the VMM, not yet taken by the guest
export let vnicTxDrops: i64 = 0;
export let vnicRxDrops: i64 = 0;

let fPolicy = new StaticArray<i32>(0);
let fWireLink = new StaticArray<i32>(0); // physical NIC link for the flow's data
let gHead = new StaticArray<i32>(0); // ACKs waiting for the guest to run
let gTail = new StaticArray<i32>(0);
let gWakeAt = new StaticArray<i64>(0); // when the guest next runs to take them; -1 none pending

export function vnicInit(flows: i32, perPacket: i64, period: i64, wakeMean: i64, dist: i32): void {
  perPacketNs = perPacket;
  periodNs = period;
  wakeMeanNs = <f64>wakeMean;
  wakeDist = dist;
  bHead = -1;
  bTail = -1;
  bBusy = false;
  txHeld = 0;
  rxHeld = 0;
  vnicTxDrops = 0;
  vnicRxDrops = 0;
  fPolicy = new StaticArray<i32>(flows);
  fWireLink = new StaticArray<i32>(flows);
  gHead = new StaticArray<i32>(flows);
  gTail = new StaticArray<i32>(flows);
  gWakeAt = new StaticArray<i64>(flows);
}

export function vnicAttach(f: i32, policy: i32, wireLink: i32, mss: i32): void {
  unchecked((fPolicy[f] = policy));
  unchecked((fWireLink[f] = wireLink));
  unchecked((gHead[f] = -1));
  unchecked((gTail[f] = -1));
  unchecked((gWakeAt[f] = -1));
  vmmPolicy(policy).attach(f, mss);
}

function backendEnqueue(p: i32): void {
  unchecked((pNext[p] = -1));
  if (bTail < 0) bHead = p;
  else unchecked((pNext[bTail] = p));
  bTail = p;
  if (!bBusy) {
    bBusy = true;
    // wait for the driver domain's next period boundary
    const at = periodNs > 0 ? (now() / periodNs + 1) * periodNs : now();
    queuePush(at, packEvent(EV_BACKEND, -1));
  }
}

// The guest transmits a segment into its virtual NIC.
export function vnicFromGuest(f: i32, p: i32): void {
  capture(CAP_VNIC, p);
  if (txHeld >= TX_SLOTS) {
    vnicTxDrops++;
    packetFree(p);
    return;
  }
  txHeld++;
  vmmPolicy(unchecked(fPolicy[f])).onGuestTransmit(f, p);
  backendEnqueue(p);
}

// An ACK for a virtualized flow arrives at the physical NIC: the policy sees it first.
export function vnicFromWire(f: i32, p: i32): void {
  capture(CAP_WIRE, p);
  if (rxHeld >= RX_SLOTS) {
    vnicRxDrops++;
    packetFree(p);
    return;
  }
  rxHeld++;
  vmmPolicy(unchecked(fPolicy[f])).onWireAck(f, p);
  backendEnqueue(p);
}

// EV_BACKEND: `done` finished service (or -1: a batch begins); start the next packet.
export function backendEvent(done: i32): void {
  if (done >= 0) finish(done);
  const p = bHead;
  if (p < 0) {
    bBusy = false;
    return;
  }
  bHead = unchecked(pNext[p]);
  if (bHead < 0) bTail = -1;
  queuePush(now() + perPacketNs, packEvent(EV_BACKEND, p));
}

function finish(p: i32): void {
  const f = unchecked(pFlow[p]);
  if (unchecked(pKind[p]) == PKT_DATA) {
    txHeld--;
    vmmPolicy(unchecked(fPolicy[f])).onWireTransmit(f, p);
    capture(CAP_WIRE, p);
    inject(unchecked(fWireLink[f]), p);
    return;
  }
  // to the guest, when it next runs
  unchecked((pNext[p] = -1));
  const tail = unchecked(gTail[f]);
  if (tail < 0) unchecked((gHead[f] = p));
  else unchecked((pNext[tail] = p));
  unchecked((gTail[f] = p));
  if (unchecked(gWakeAt[f]) < 0) {
    const wake = wakeDelay();
    unchecked((gWakeAt[f] = now() + wake));
    queuePush(now() + wake, packEvent(EV_GUEST_RX, f));
  }
}

// How long until the guest next runs (ns). A constant delay draws nothing, so it leaves the stream
// where it was; exponential is the inverse-CDF draw of the original model, unchanged.
function wakeDelay(): i64 {
  if (wakeMeanNs <= 0) return 0;
  if (wakeDist == WAKE_CONSTANT) return <i64>wakeMeanNs;
  const u = rngUniform(STREAM_VIRT);
  if (wakeDist == WAKE_UNIFORM) return <i64>(2.0 * wakeMeanNs * u);
  return <i64>(-wakeMeanNs * Math.log(1.0 - u));
}

// EV_GUEST_RX: the guest runs and takes every packet waiting for it. Returns the first of them,
// linked through pNext; the guest's stack takes them one by one through vnicHandOver.
export function guestWake(f: i32): i32 {
  unchecked((gWakeAt[f] = -1));
  const first = unchecked(gHead[f]);
  unchecked((gHead[f] = -1));
  unchecked((gTail[f] = -1));
  return first;
}

// One received packet goes to the guest's stack now (the policy sees the hand-over).
export function vnicHandOver(f: i32, p: i32): void {
  rxHeld--;
  capture(CAP_VNIC, p);
  vmmPolicy(unchecked(fPolicy[f])).onGuestReceive(f, p);
}

export function packetsInVmm(): i32 {
  return txHeld + rxHeld;
}
