// The flat ABI of core.wasm: plain functions over i32/i64/f64 and offsets into linear memory.
import "./abi/coreAbort"; // routes abort() to a trap, so the core imports nothing
// docs/ABI.md documents every export; host/core.ts is the only TypeScript that calls them.
import { simInit, simLink, simConnect, simFlow, simStart, simRun, simEvents, simNow, simVirtualization, simVirtualizeFlow, simCapture } from "./sim";
import { captureCount, capturePtr, captureClear, CAPTURE_FIELDS } from "./net/capture";
import { rttLogInit, rttLogCount, rttLogPtr, rttLogOverflowed } from "./rttlog";
import { foxyVegasParams, foxyVegasWindow, foxyVegasRewrites, foxyVegasRttSamples, foxyVegasEdgeViolations } from "./vmm/foxyvegas";
import { dropListInit, lArrivals, lDrops, lDataDrops, lSent, lSentBytes, lMaxQueued, linkQueuedBytes } from "./net/link";
import { injected, deliveredPkts } from "./net/wire";
import { packetsInUse } from "./net/packet";
import { packetsInVmm, vnicTxDrops, vnicRxDrops } from "./vmm/vnic";
import { traceRows, tracePtr, traceTruncated, TRACE_FIELDS } from "./trace";
import {
  sndUna, sndCwnd, sndSsthresh, srttNs, minRttNs, doneAt, segsSent, segsRetrans, rtoCount,
  fastRecoveries, cwndSum, cwndSamples, windowViolations, minCwnd, minSsthresh, delivered, deliveryHash, dupSegs, acksSent, rcvNxt, fStartAt,
} from "./tcp/sock";
import { ccCount } from "./tcp/cc/registry";

export const ABI_VERSION: i32 = 1;

export function init(flows: i32, packetCap: i32, eventCap: i32, seed: u64, stopAtNs: i64, tracePeriodNs: i64, traceMaxRows: i32): void {
  simInit(flows, packetCap, eventCap, seed, stopAtNs, tracePeriodNs, traceMaxRows);
}
export function addLink(rateBps: i64, delayNs: i64, limitBytes: i64, loss: f64, tbfRateBps: i64, tbfBurstBytes: i64, procNs: i64): i32 {
  return simLink(rateBps, delayNs, limitBytes, loss, tbfRateBps, tbfBurstBytes, procNs);
}
export function connect(from: i32, to: i32): void {
  simConnect(from, to);
}
export function addFlow(f: i32, cc: i32, mss: i32, totalBytes: i64, startNs: i64, fwdLink: i32, revLink: i32, rcvBufBytes: i64, initCwnd: u32): i32 {
  return simFlow(f, cc, mss, totalBytes, startNs, fwdLink, revLink, rcvBufBytes, initCwnd);
}
// Reserve n drop indices for `link`; the host writes ascending arrival indices (i32) at the
// returned offset before start().
export function dropList(link: i32, n: i32): usize {
  return dropListInit(link, n);
}
// --- virtualization (assembly/vmm/) ---
export function virtualization(perPacketNs: i64, periodNs: i64, wakeMeanNs: i64): void {
  simVirtualization(perPacketNs, periodNs, wakeMeanNs);
}
export function virtualizeFlow(f: i32, policy: i32): i32 {
  return simVirtualizeFlow(f, policy);
}
export function foxyVegas(alpha: u32, beta: u32, gamma: u32, initialWindow: u32, halveOnLoss: bool): void {
  foxyVegasParams(alpha, beta, gamma, initialWindow, halveOnLoss);
}
export function foxyVegasStat(f: i32, stat: i32): f64 {
  switch (stat) {
    case 0: return <f64>foxyVegasWindow(f);
    case 1: return <f64>foxyVegasRewrites(f);
    case 2: return <f64>foxyVegasRttSamples(f);
    case 3: return <f64>foxyVegasEdgeViolations(f);
  }
  return NaN;
}

// --- packet capture: records of CAPTURE_FIELDS i64 (net/capture.ts); run() returns 2 when full ---
export function captureEnable(records: i32): void {
  simCapture(records);
}
export function captureFields(): i32 {
  return CAPTURE_FIELDS;
}
export function captureLength(): i32 {
  return captureCount();
}
export function capturePointer(): usize {
  return capturePtr();
}
export function captureDrained(): void {
  captureClear();
}

// --- RTT samples as policies saw them (assembly/rttlog.ts): pairs (source i64, rtt ns i64) ---
export function rttLogEnable(samples: i32): void {
  rttLogInit(samples);
}
export function rttLogLength(): i32 {
  return rttLogCount();
}
export function rttLogPointer(): usize {
  return rttLogPtr();
}
export function rttLogWasTruncated(): bool {
  return rttLogOverflowed();
}

export function start(): i32 {
  return simStart();
}
export function run(maxEvents: i64): i32 {
  return simRun(maxEvents);
}
export function congestionControls(): i32 {
  return ccCount();
}

// --- results ---
export function nowNs(): i64 {
  return simNow();
}
export function eventsExecuted(): i64 {
  return simEvents();
}
export function packetsInjected(): i64 {
  return injected;
}
export function packetsDelivered(): i64 {
  return deliveredPkts;
}
// Packets in links (queued or on the wire); packets held inside the VMM are not in the network.
export function packetsInNetwork(): i32 {
  return packetsInUse() - packetsInVmm();
}
export function vmmStat(stat: i32): f64 {
  switch (stat) {
    case 0: return <f64>packetsInVmm();
    case 1: return <f64>vnicTxDrops;
    case 2: return <f64>vnicRxDrops;
  }
  return NaN;
}

// Flow statistics by id (see docs/ABI.md).
export function flowStat(f: i32, stat: i32): f64 {
  switch (stat) {
    case 0: return <f64>unchecked(delivered[f]);
    case 1: return <f64>unchecked(doneAt[f]);
    case 2: return <f64>unchecked(segsSent[f]);
    case 3: return <f64>unchecked(segsRetrans[f]);
    case 4: return <f64>unchecked(rtoCount[f]);
    case 5: return <f64>unchecked(fastRecoveries[f]);
    case 6: return unchecked(cwndSamples[f]) > 0 ? unchecked(cwndSum[f]) / <f64>unchecked(cwndSamples[f]) : 0;
    case 7: return <f64>unchecked(sndCwnd[f]);
    case 8: return <f64>unchecked(sndSsthresh[f]);
    case 9: return <f64>unchecked(srttNs[f]);
    case 10: return unchecked(minRttNs[f]) == i64.MAX_VALUE ? -1 : <f64>unchecked(minRttNs[f]);
    case 11: return <f64>unchecked(sndUna[f]);
    case 12: return <f64>unchecked(dupSegs[f]);
    case 13: return <f64>unchecked(acksSent[f]);
    case 14: return <f64>unchecked(rcvNxt[f]);
    case 15: return <f64>unchecked(fStartAt[f]);
    case 16: return <f64>unchecked(windowViolations[f]);
    case 17: return <f64>unchecked(minCwnd[f]);
    case 18: return <f64>unchecked(minSsthresh[f]);
  }
  return NaN;
}
// The receiver's order-sensitive hash of delivered segment offsets (FNV-1a over seq).
export function flowDeliveryHash(f: i32): i64 {
  return unchecked(deliveryHash[f]);
}

// Link statistics by id (see docs/ABI.md).
export function linkStat(l: i32, stat: i32): f64 {
  switch (stat) {
    case 0: return <f64>unchecked(lArrivals[l]);
    case 1: return <f64>unchecked(lDrops[l]);
    case 2: return <f64>unchecked(lDataDrops[l]);
    case 3: return <f64>unchecked(lSent[l]);
    case 4: return <f64>unchecked(lSentBytes[l]);
    case 5: return <f64>unchecked(lMaxQueued[l]);
    case 6: return <f64>linkQueuedBytes(l);
  }
  return NaN;
}

// Trace rows of TRACE_FIELDS f64 each, at tracePointer().
export function traceFields(): i32 {
  return TRACE_FIELDS;
}
export function traceLength(): i32 {
  return traceRows();
}
export function tracePointer(): usize {
  return tracePtr();
}
export function traceWasTruncated(): bool {
  return traceTruncated();
}

// --- congestion-control harness (assembly/tcp/cc/harness.ts): a module without a network ---
export { harnessInit as ccHarnessInit, harnessAck as ccHarnessAck, harnessSlowAck as ccHarnessSlowAck, harnessFastLoss as ccHarnessFastLoss, harnessTimeout as ccHarnessTimeout, harnessCwnd as ccHarnessCwnd, harnessSsthresh as ccHarnessSsthresh } from "./tcp/cc/harness";

export { harnessUndoneLoss as ccHarnessUndoneLoss } from "./tcp/cc/harness";
// CUBIC's hystart module parameter (assembly/tcp/cc/cubic.ts), global to the instance like Linux's
export { cubicSetHystart } from "./tcp/cc/cubic";

// --- engine benchmark (assembly/engine/hold.ts) ---
export { holdBenchmark } from "./engine/hold";

// --- Friendly Virtual Machines (assembly/fvm/): host model, VCT monitor, AIMD controller ---
export { fvmParam, fvmReset, fvmAddVm, fvmStart, fvmRun, fvmVmStat, fvmStat, fvmSeriesPointer, fvmSeriesRows, fvmSeriesStride } from "./fvm/host";
export {
  fvmMonitorHarnessInit, fvmMonitorHarnessTick, fvmMonitorHarnessPeriod, fvmMonitorHarnessEwma,
  fvmControllerHarnessInit, fvmControllerHarnessStep, fvmControllerHarnessLimit, fvmControllerHarnessRate,
} from "./fvm/harness";
