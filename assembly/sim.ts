// One network simulation: configuration and registration. simInit resets the subsystems, each of
// which registers its event kinds (engine/dispatch.ts) and timer ids (engine/timer.ts); the host
// then describes links, machines (hosts, VMMs, VMs: machine/machines.ts) and flows placed on them.
// Everything a run needs is allocated in simInit/simStart; simRun allocates nothing.
import { setNow, NEVER, NS_PER_S } from "./engine/clock";
import { queueInit, queuePush, packEvent } from "./engine/queue";
import { runLoop, loopReset, RUN_DONE, KEEP_GOING } from "./engine/loop";
import { dispatchReset, registerKinds, dispatchEvent } from "./engine/dispatch";
import { timersInit, timerRange } from "./engine/timer";
import { rngSeed } from "./engine/rng";
import { packetsInit, packetsExhausted, pFlow, pKind, PKT_DATA } from "./net/packet";
import { linksReset, linkAdd, linkConnect, linkCountGet, linkReorder, linkTxNotify, linkTxHook } from "./net/link";
import { wireReset } from "./net/wire";
import { captureInit, captureFull } from "./net/capture";
import { headerInit, setWindowScale } from "./net/tcp-header";
import { machinesReset, machineAddHost, machineAddVm, machineCount, machineStack, placeFlow, isHost, isVm, hostOf, flowFrom } from "./machine/machines";
import { nicsReset, nicAttach, hasNic } from "./dev/nic";
import { vnicReset, vnicOnHost, vnicOfVm, vnicAttach } from "./vmm/vnic";
import { devicesReset, devicesStart, backendOnHost, hasBackend, vcpuOfVm, deviceAdd, deviceCount, MAX_DEVICES, WAKE_EXPONENTIAL, WAKE_UNIFORM } from "./vmm/device";
import { deviceType, deviceTypeCount, DEVICE_VNIC, DEVICE_VDISK } from "./vmm/devices";
import { vmmPolicyCount } from "./vmm/registry";
import { rttLogInit } from "./rttlog";
import {
  flowsInit, ringsInit, flowCount, fCc, fMss, fTotal, fStartAt, fRcvBuf, fWscale,
  ringMask, ringBase, sndWnd, fSack, fKernel, fJiffyNs,
} from "./tcp/sock";
import { senderTxComplete, senderInit, senderStart, senderRtoTimeout, senderPersistTimeout, senderReoTimeout, senderReset, senderOnAck, completed } from "./tcp/sender";
import { receiverInit, receiverOnData, receiverDelackTimeout } from "./tcp/receiver";
import { TIMER_RTO, TIMER_DELACK, TIMER_PERSIST, TIMER_REO, TIMERS_PER_FLOW, flowTimersAt } from "./tcp/timers";
import { KERNEL_COUNT, KERNEL_LINUX_6_12, kernelProfile } from "./tcp/profile/registry";
import { ccCount } from "./tcp/cc/registry";
import { traceInit, traceStart } from "./trace";

export const ERR_POOL_EMPTY: i32 = -2;
export const ERR_CONFIG: i32 = -3;
export const RUN_CAPTURE_FULL: i32 = 2; // drain the capture buffer, then call again

let stopAt: i64 = NEVER;
let unlimitedFlows: i32 = 0;
let initialCwnd = new StaticArray<u32>(0);
let evFlowStart: i32 = 0;

export function simInit(flows: i32, packetCap: i32, eventCap: i32, seed: u64, stopAtNs: i64, tracePeriodNs: i64, traceMaxRows: i32): void {
  // The core runs on AssemblyScript's minimal runtime (asconfig.json): no shadow stack on every
  // reference (the incremental collector's cost, a quarter of the per-packet time) and no
  // collection unless asked. Runs allocate only as they set up, so the one collection is here, where
  // a new run drops the last one's arrays: no wasm frame beneath holds a reference in a local.
  __collect();
  setNow(0);
  queueInit(eventCap);
  dispatchReset();
  packetsInit(packetCap);
  linksReset();
  linkTxHook(senderTxComplete);
  wireReset();
  senderReset();
  rngSeed(seed);
  flowsInit(flows);
  // the engine's timer ids: the trace sampler's first, then TCP's, four per flow
  timersInit(1 + flows * TIMERS_PER_FLOW);
  traceInit(tracePeriodNs, traceMaxRows);
  flowTimersAt(timerRange(flows * TIMERS_PER_FLOW, tcpTimer));
  evFlowStart = registerKinds(1, flowStart);
  initialCwnd = new StaticArray<u32>(flows);
  headerInit(flows);
  machinesReset(flows);
  nicsReset();
  devicesReset();
  vnicReset(flows);
  captureInit(0);
  rttLogInit(0);
  stopAt = stopAtNs > 0 ? stopAtNs : NEVER;
  loopReset();
  unlimitedFlows = 0;
}

export function simLink(rateBps: i64, delayNs: i64, limitBytes: i64, loss: f64, tbfRateBps: i64, tbfBurstBytes: i64, procNs: i64): i32 {
  return linkAdd(rateBps, delayNs, limitBytes, loss, tbfRateBps, tbfBurstBytes, procNs);
}

export { linkShaperTimer as simShaperTimer } from "./net/link";

// Link l holds back a share `rate` of its packets by `extraNs` more propagation delay.
export function simLinkReorder(l: i32, rate: f64, extraNs: i64): i32 {
  if (l < 0 || l >= linkCountGet() || !(rate >= 0.0 && rate <= 1.0) || extraNs < 0) return ERR_CONFIG;
  linkReorder(l, rate, extraNs);
  return 0;
}

export function simConnect(from: i32, to: i32): void {
  linkConnect(from, to);
}

// A physical host whose NIC transmits on link `nicLink` (the first of its chain). Returns its
// machine id, or ERR_CONFIG.
export function simHost(nicLink: i32): i32 {
  if (nicLink < 0 || nicLink >= linkCountGet()) return ERR_CONFIG;
  const h = machineAddHost();
  if (h < 0) return ERR_CONFIG;
  nicAttach(h, nicLink);
  linkTxNotify(nicLink);
  return h;
}

// Host h runs a split-driver VMM: its backend CPU runs every `periodNs` (vmm/device.ts) for all
// the host's VMs and serves a packet of their virtual NICs in `perPacketNs` (vmm/vnic.ts).
export function simVmm(h: i32, perPacketNs: i64, periodNs: i64): i32 {
  if (!isHost(h) || hasBackend(h) || perPacketNs < 0 || periodNs < 0) return ERR_CONFIG;
  if (!backendOnHost(h, periodNs)) return ERR_CONFIG; // no core left
  vnicOnHost(h, perPacketNs);
  return 0;
}

// A VM on host h (which runs a VMM): its vCPU wake-up delay (mean, distribution: vmm/device.ts
// WAKE_*) and the VMM policy on its virtual NIC. Returns its machine id, or ERR_CONFIG.
export function simVm(h: i32, wakeMeanNs: i64, wakeDist: i32, policy: i32): i32 {
  if (!isHost(h) || !hasBackend(h) || wakeMeanNs < 0 || deviceCount() >= MAX_DEVICES) return ERR_CONFIG;
  if (wakeDist < WAKE_EXPONENTIAL || wakeDist > WAKE_UNIFORM || policy < 0 || policy >= vmmPolicyCount()) return ERR_CONFIG;
  const v = machineAddVm(h);
  if (v < 0) return ERR_CONFIG;
  vcpuOfVm(v, wakeMeanNs, wakeDist);
  vnicOfVm(v, policy);
  return v;
}

// Another virtual device on VM v: of type `type` (vmm/devices.ts; not the NIC, which comes with
// simVm, nor the virtual disk, whose guest block layer only the storage world has), costing its host's backend CPU `costNs` per request, with the type's policy `policy`
// (0 none). Returns the device id, or ERR_CONFIG.
export function simDevice(v: i32, type: i32, costNs: i64, policy: i32): i32 {
  if (type <= DEVICE_VNIC || type == DEVICE_VDISK || type >= deviceTypeCount()) return ERR_CONFIG;
  const d = deviceAdd(v, deviceType(type), costNs, policy);
  return d < 0 ? ERR_CONFIG : d;
}

// Flow f: its sender runs on machine `from`, its receiver on machine `to` (each a host or a VM).
// Either the two are on different physical hosts, each with a NIC (the packets cross the wire), or
// they are two VMs of one host (co-resident: through the host's bridge, never on the wire).
export function simFlow(f: i32, cc: i32, mss: i32, totalBytes: i64, startNs: i64, from: i32, to: i32, rcvBufBytes: i64, initCwnd: u32): i32 {
  if (f < 0 || f >= flowCount || cc < 0 || cc >= ccCount() || mss <= 0 || rcvBufBytes < <i64>mss) return ERR_CONFIG;
  if (from < 0 || from >= machineCount() || to < 0 || to >= machineCount() || from == to) return ERR_CONFIG;
  if (hostOf(from) == hostOf(to) ? !isVm(from) || !isVm(to) : !hasNic(hostOf(from)) || !hasNic(hostOf(to))) return ERR_CONFIG;
  placeFlow(f, from, to);
  unchecked((fCc[f] = cc));
  unchecked((fMss[f] = mss));
  unchecked((fTotal[f] = totalBytes));
  unchecked((fStartAt[f] = startNs));
  unchecked((fRcvBuf[f] = rcvBufBytes));
  // window scale so the buffer fits the 16-bit field (tcp_select_initial_window)
  let space = rcvBufBytes;
  let ws = 0;
  while (space > 65535 && ws < 14) {
    space >>= 1;
    ws++;
  }
  unchecked((fWscale[f] = ws));
  setWindowScale(f, ws); // as the VMM reads it from the SYN
  unchecked((initialCwnd[f] = initCwnd));
  if (totalBytes <= 0) unlimitedFlows++;
  // today's kernel with SACK until flowTcp says otherwise
  unchecked((fSack[f] = true));
  unchecked((fKernel[f] = KERNEL_LINUX_6_12));
  unchecked((fJiffyNs[f] = NS_PER_S / <i64>kernelProfile(KERNEL_LINUX_6_12).defaultHz));
  return 0;
}

// Flow f's TCP options: SACK on or off (both ends), the kernel profile (profile/registry.ts) and
// the HZ of its timer clock (0: the profile's own).
export function simFlowTcp(f: i32, sack: i32, kernel: i32, hz: i32): i32 {
  if (f < 0 || f >= flowCount || kernel < 0 || kernel >= KERNEL_COUNT || hz < 0 || hz > 10000) return ERR_CONFIG;
  unchecked((fSack[f] = sack != 0));
  unchecked((fKernel[f] = kernel));
  const h = hz > 0 ? <i64>hz : <i64>kernelProfile(kernel).defaultHz;
  unchecked((fJiffyNs[f] = NS_PER_S / h));
  return 0;
}

// Size the per-segment rings, reset every flow and schedule the starts.
export function simStart(): i32 {
  for (let f = 0; f < flowCount; f++) if (flowFrom(f) < 0) return ERR_CONFIG; // a flow never added
  let total = 0;
  for (let f = 0; f < flowCount; f++) {
    const segs = <i32>(unchecked(fRcvBuf[f]) / <i64>unchecked(fMss[f])) + 4;
    let size = 1;
    while (size < segs) size <<= 1;
    unchecked((ringMask[f] = size - 1));
    unchecked((ringBase[f] = total));
    total += size;
  }
  ringsInit(total);
  // every machine runs the model's TCP stack
  for (let m = 0; m < machineCount(); m++) machineStack(m, tcpInput);
  for (let f = 0; f < flowCount; f++) {
    senderInit(f, unchecked(initialCwnd[f]));
    receiverInit(f);
    // the peer's window as announced in its SYN-ACK
    unchecked((sndWnd[f] = ((fRcvBuf[f] >> fWscale[f]) << fWscale[f])));
    queuePush(unchecked(fStartAt[f]), packEvent(evFlowStart, f));
    const from = flowFrom(f);
    if (isVm(from)) vnicAttach(from, f, unchecked(fMss[f]));
  }
  devicesStart();
  traceStart();
  return 0;
}

// The TCP stack's protocol input: a segment addressed to machine m (the flow names the socket).
function tcpInput(m: i32, p: i32): void {
  const f = unchecked(pFlow[p]);
  if (unchecked(pKind[p]) == PKT_DATA) receiverOnData(f, p);
  else senderOnAck(f, p);
}

function flowStart(kind: i32, f: i32): void {
  senderStart(f);
}

function tcpTimer(id: i32): void {
  const f = id / TIMERS_PER_FLOW;
  const which = id % TIMERS_PER_FLOW;
  if (which == TIMER_RTO) senderRtoTimeout(f);
  else if (which == TIMER_DELACK) receiverDelackTimeout(f);
  else if (which == TIMER_PERSIST) senderPersistTimeout(f);
  else if (which == TIMER_REO) senderReoTimeout(f);
}

function finished(): bool {
  return unlimitedFlows == 0 && completed() == flowCount;
}

// One event (engine/loop.ts calls it): its subsystem handles it, then the run's stop conditions.
function onEvent(kind: i32, arg: i32): i32 {
  dispatchEvent(kind, arg);
  if (packetsExhausted()) return ERR_POOL_EMPTY;
  if (finished()) return RUN_DONE;
  if (captureFull()) return RUN_CAPTURE_FULL;
  return KEEP_GOING;
}

// Run at most maxEvents events; RUN_MORE means call again (the host shows progress between calls).
export function simRun(maxEvents: i64): i32 {
  return runLoop(maxEvents, stopAt, onEvent);
}
