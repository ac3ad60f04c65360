// One simulation: configuration, the event loop and its dispatch. Everything a run needs is
// allocated in simInit/simStart; simRun allocates nothing.
import { now, setNow, NEVER, NS_PER_S } from "./engine/clock";
import { queueInit, queuePush, packEvent } from "./engine/queue";
import { runLoop, loopReset, RUN_DONE, KEEP_GOING } from "./engine/loop";
import { timersInit, timerExpired } from "./engine/timer";
import { EV_TIMER, EV_TX_DONE, EV_ARRIVE, EV_SHAPER_WAKE, EV_FLOW_START, EV_BACKEND, EV_GUEST_RX } from "./engine/kinds";
import { rngSeed } from "./engine/rng";
import { packetsInit, packetsExhausted, pFlow, pKind, PKT_DATA } from "./net/packet";
import { linksReset, linkAdd, linkConnect, linkTxDone, linkShaperWake, linkArrive, linkCountGet } from "./net/link";
import { wireReset, countDelivered } from "./net/wire";
import { nicInit, nicVirtualize, nicReceive, nicGuestWake } from "./net/nic";
import { captureInit, captureFull } from "./net/capture";
import { headerInit, setWindowScale } from "./net/tcp-header";
import { vnicInit, vnicAttach, backendEvent, WAKE_EXPONENTIAL, WAKE_UNIFORM } from "./vmm/vnic";
import { foxyVegasInit } from "./vmm/foxyvegas";
import { vmmPolicyCount } from "./vmm/registry";
import { rttLogInit } from "./rttlog";
import {
  flowsInit, ringsInit, flowCount, fCc, fMss, fTotal, fStartAt, fFwdLink, fRevLink, fRcvBuf, fWscale,
  ringMask, ringBase, sndWnd, fSack, fKernel, fJiffyNs,
} from "./tcp/sock";
import { senderInit, senderStart, senderRtoTimeout, senderPersistTimeout, senderReoTimeout, senderReset, completed } from "./tcp/sender";
import { receiverInit, receiverOnData, receiverDelackTimeout } from "./tcp/receiver";
import { TIMER_TRACE, TIMER_RTO, TIMER_DELACK, TIMER_PERSIST, TIMER_REO, TIMERS_PER_FLOW } from "./tcp/timers";
import { KERNEL_COUNT, KERNEL_LINUX_6_12, kernelProfile } from "./tcp/profile/registry";
import { ccCount } from "./tcp/cc/registry";
import { traceInit, traceStart, traceSample } from "./trace";

export const ERR_POOL_EMPTY: i32 = -2;
export const ERR_CONFIG: i32 = -3;
export const RUN_CAPTURE_FULL: i32 = 2; // drain the capture buffer, then call again

let stopAt: i64 = NEVER;
let unlimitedFlows: i32 = 0;
let initialCwnd = new StaticArray<u32>(0);
let vmmPolicyOf = new StaticArray<i32>(0); // -1: a native sender

export function simInit(flows: i32, packetCap: i32, eventCap: i32, seed: u64, stopAtNs: i64, tracePeriodNs: i64, traceMaxRows: i32): void {
  setNow(0);
  queueInit(eventCap);
  packetsInit(packetCap);
  linksReset();
  wireReset();
  senderReset();
  rngSeed(seed);
  flowsInit(flows);
  timersInit(1 + flows * TIMERS_PER_FLOW);
  traceInit(tracePeriodNs, traceMaxRows);
  initialCwnd = new StaticArray<u32>(flows);
  vmmPolicyOf = new StaticArray<i32>(flows);
  for (let f = 0; f < flows; f++) unchecked((vmmPolicyOf[f] = -1));
  headerInit(flows);
  nicInit(flows);
  vnicInit(flows, 0, 0, 0, 0);
  foxyVegasInit(flows);
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

// The virtualization overhead of the sender host (vmm/vnic.ts), for all its guests.
export function simVirtualization(perPacketNs: i64, periodNs: i64, wakeMeanNs: i64, wakeDist: i32): i32 {
  if (wakeDist < WAKE_EXPONENTIAL || wakeDist > WAKE_UNIFORM) return ERR_CONFIG;
  vnicInit(flowCount, perPacketNs, periodNs, wakeMeanNs, wakeDist);
  return 0;
}

// Flow f's sender runs in a guest, with VMM policy `policy` on its virtual NIC.
export function simVirtualizeFlow(f: i32, policy: i32): i32 {
  if (f < 0 || f >= flowCount || policy < 0 || policy >= vmmPolicyCount()) return ERR_CONFIG;
  unchecked((vmmPolicyOf[f] = policy));
  return 0;
}

export function simConnect(from: i32, to: i32): void {
  linkConnect(from, to);
}

export function simFlow(f: i32, cc: i32, mss: i32, totalBytes: i64, startNs: i64, fwdLink: i32, revLink: i32, rcvBufBytes: i64, initCwnd: u32): i32 {
  if (f < 0 || f >= flowCount || cc < 0 || cc >= ccCount() || mss <= 0) return ERR_CONFIG;
  const links = linkCountGet();
  if (fwdLink < 0 || fwdLink >= links || revLink < 0 || revLink >= links || rcvBufBytes < <i64>mss) return ERR_CONFIG;
  unchecked((fCc[f] = cc));
  unchecked((fMss[f] = mss));
  unchecked((fTotal[f] = totalBytes));
  unchecked((fStartAt[f] = startNs));
  unchecked((fFwdLink[f] = fwdLink));
  unchecked((fRevLink[f] = revLink));
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
  for (let f = 0; f < flowCount; f++) {
    senderInit(f, unchecked(initialCwnd[f]));
    receiverInit(f);
    // the peer's window as announced in its SYN-ACK
    unchecked((sndWnd[f] = ((fRcvBuf[f] >> fWscale[f]) << fWscale[f])));
    queuePush(unchecked(fStartAt[f]), packEvent(EV_FLOW_START, f));
    const policy = unchecked(vmmPolicyOf[f]);
    if (policy >= 0) {
      nicVirtualize(f);
      vnicAttach(f, policy, unchecked(fFwdLink[f]), unchecked(fMss[f]));
    }
  }
  traceStart();
  return 0;
}

function finished(): bool {
  return unlimitedFlows == 0 && completed() == flowCount;
}

function onTimer(id: i32): void {
  if (id == TIMER_TRACE) {
    traceSample();
    return;
  }
  const f = (id - 1) / TIMERS_PER_FLOW;
  const which = (id - 1) % TIMERS_PER_FLOW;
  if (which == TIMER_RTO) senderRtoTimeout(f);
  else if (which == TIMER_DELACK) receiverDelackTimeout(f);
  else if (which == TIMER_PERSIST) senderPersistTimeout(f);
  else if (which == TIMER_REO) senderReoTimeout(f);
}

function deliver(p: i32): void {
  countDelivered();
  const f = unchecked(pFlow[p]);
  if (unchecked(pKind[p]) == PKT_DATA) receiverOnData(f, p);
  else nicReceive(f, p);
}

// One event of the network simulation (engine/loop.ts calls it).
function onEvent(kind: i32, arg: i32): i32 {
  switch (kind) {
    case EV_ARRIVE:
      if (linkArrive(arg)) deliver(arg);
      break;
    case EV_TX_DONE:
      linkTxDone(arg);
      break;
    case EV_TIMER:
      if (timerExpired(arg, now())) onTimer(arg);
      break;
    case EV_SHAPER_WAKE:
      linkShaperWake(arg);
      break;
    case EV_FLOW_START:
      senderStart(arg);
      break;
    case EV_BACKEND:
      backendEvent(arg);
      break;
    case EV_GUEST_RX:
      nicGuestWake(arg);
      break;
  }
  if (packetsExhausted()) return ERR_POOL_EMPTY;
  if (finished()) return RUN_DONE;
  if (captureFull()) return RUN_CAPTURE_FULL;
  return KEEP_GOING;
}

// Run at most maxEvents events; RUN_MORE means call again (the host shows progress between calls).
export function simRun(maxEvents: i64): i32 {
  return runLoop(maxEvents, stopAt, onEvent);
}


