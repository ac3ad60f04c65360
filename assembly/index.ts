// The flat ABI of core.wasm: plain functions over i32/i64/f64 and offsets into linear memory.
// docs/ABI.md documents every export; host/core.ts is the only TypeScript that calls them.
// Most exports are the implementing modules' own functions under their ABI names; functions here
// only where the ABI adds something (a statistic selected by id, a constant).
import "./abi/coreAbort"; // routes abort() to a trap, so the core imports nothing
// a failed assertion's message after a trap (the checked build; see abi/coreAbort.ts)
export { abortReasonLength, abortReason } from "./abi/coreAbort";
import { CAPTURE_FIELDS } from "./net/capture";
import { foxyVegasWindow, foxyVegasRewrites, foxyVegasRttSamples, foxyVegasEdgeViolations } from "./vmm/foxyvegas";
import { lArrivals, lDrops, lDataDrops, lSent, lSentBytes, lMaxQueued, linkQueuedBytes } from "./net/link";
import { packetsInUse } from "./net/packet";
import { injected, deliveredPkts } from "./net/wire";
import { packetsInVmm, vnicTxDrops, vnicRxDrops, vnicHeld, vnicTxDropsOf, vnicRxDropsOf, vnicConnOf } from "./vmm/vnic";
import { backendBusyNs, backendServed, deviceCount, deviceHeld, deviceRefusedOut, deviceRefusedIn, deviceTakenByGuest, deviceVm } from "./vmm/device";
import { TRACE_FIELDS } from "./trace";
import { VmmStat, MachineStat, FoxyVegasStat, DeviceStat } from "./abi/stats";
import {
  sndUna, sndCwnd, sndSsthresh, srttNs, minRttNs, doneAt, segsSent, segsRetrans, rtoCount,
  fastRecoveries, cwndSum, cwndSamples, windowViolations, minCwnd, minSsthresh, delivered, deliveryHash, dupSegs, acksSent, rcvNxt, fStartAt,
  sackLies, lostButSacked, dsacksSeen, undos, recoveryOverruns, lossProbes, localDrops,
} from "./tcp/sock";

export const ABI_VERSION: i32 = 2;

// --- the name of every id the ABI uses, by kind of id (assembly/abi/names.ts) ---
export { abiNameCount, abiNameLength, abiName } from "./abi/names";

// --- a network run (assembly/sim.ts) ---
export {
  simInit as init, simLink as addLink, simConnect as connect, simFlow as addFlow, simStart as start, simRun as run,
  simHost as addHost, simVmm as addVmm, simVm as addVm, simDevice as addDevice, simShaperTimer as shaperTimer,
  simFlowTcp as flowTcp, simLinkReorder as linkReorder,
} from "./sim";
// Reserve n drop indices for `link`; the host writes ascending arrival indices (i32) at the
// returned offset before start().
export { dropListInit as dropList } from "./net/link";
export { foxyVegasParams as foxyVegas } from "./vmm/foxyvegas";
export { ccCount as congestionControls } from "./tcp/cc/registry";
export { recoveryProbePrr, recoveryProbeCwndDown, senderProbeRtt, senderProbeRto } from "./tcp/recovery-probe";

// --- packet capture: records of CAPTURE_FIELDS i64 (net/capture.ts); run() returns 2 when full ---
export { captureInit as captureEnable, captureCount as captureLength, capturePtr as capturePointer, captureClear as captureDrained } from "./net/capture";
export function captureFields(): i32 {
  return CAPTURE_FIELDS;
}

// --- RTT samples as policies saw them (assembly/rttlog.ts): pairs (source i64, rtt ns i64) ---
export { rttLogInit as rttLogEnable, rttLogCount as rttLogLength, rttLogPtr as rttLogPointer, rttLogOverflowed as rttLogWasTruncated } from "./rttlog";

// --- results ---
export { now as nowNs } from "./engine/clock";
export { eventsExecuted } from "./engine/loop";
export function packetsInjected(): i64 {
  return injected;
}
export function packetsDelivered(): i64 {
  return deliveredPkts;
}
// FoxyVegas's state for flow f's connection, by the id the VMM gave it (ids: abi/stats.ts).
export function foxyVegasStat(f: i32, stat: i32): f64 {
  const c = vnicConnOf(f);
  if (c < 0) return NaN;
  switch (stat) {
    case FoxyVegasStat.windowSegments: return <f64>foxyVegasWindow(c);
    case FoxyVegasStat.rewrittenAcks: return <f64>foxyVegasRewrites(c);
    case FoxyVegasStat.rttSamples: return <f64>foxyVegasRttSamples(c);
    case FoxyVegasStat.edgeViolations: return <f64>foxyVegasEdgeViolations(c);
  }
  return NaN;
}
// Packets in links (queued or on the wire); packets held inside the VMM are not in the network.
export function packetsInNetwork(): i32 {
  return packetsInUse() - packetsInVmm();
}
// ids: abi/stats.ts VmmStat
export function vmmStat(stat: i32): f64 {
  switch (stat) {
    case VmmStat.heldInVmm: return <f64>packetsInVmm();
    case VmmStat.guestTxDrops: return <f64>vnicTxDrops();
    case VmmStat.guestRxDrops: return <f64>vnicRxDrops();
  }
  return NaN;
}
// Machine statistics by id (abi/stats.ts MachineStat, docs/ABI.md): a host's backend CPU (0 busy ns, 1 packets served),
// a VM's virtual NIC (2 packets held, 3 transmit drops, 4 receive drops).
export function machineStat(m: i32, stat: i32): f64 {
  switch (stat) {
    case MachineStat.backendBusyNs: return <f64>backendBusyNs(m);
    case MachineStat.backendServed: return <f64>backendServed(m);
    case MachineStat.vnicHeld: return <f64>vnicHeld(m);
    case MachineStat.vnicTxDrops: return <f64>vnicTxDropsOf(m);
    case MachineStat.vnicRxDrops: return <f64>vnicRxDropsOf(m);
  }
  return NaN;
}
// A virtual device's statistics by id (abi/stats.ts DeviceStat); NaN for no such device.
export function deviceStat(d: i32, stat: i32): f64 {
  if (d < 0 || d >= deviceCount()) return NaN;
  switch (stat) {
    case DeviceStat.held: return <f64>deviceHeld(d);
    case DeviceStat.refusedOut: return <f64>deviceRefusedOut(d);
    case DeviceStat.refusedIn: return <f64>deviceRefusedIn(d);
    case DeviceStat.takenByGuest: return <f64>deviceTakenByGuest(d);
    case DeviceStat.vm: return <f64>deviceVm(d);
  }
  return NaN;
}

// Flow statistics by id (see docs/ABI.md); the ids' names are abi/names.ts FLOW_STAT_NAMES.
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
    case 19: return <f64>unchecked(sackLies[f]);
    case 20: return <f64>unchecked(lostButSacked[f]);
    case 21: return <f64>unchecked(dsacksSeen[f]);
    case 22: return <f64>unchecked(undos[f]);
    case 23: return <f64>unchecked(recoveryOverruns[f]);
    case 24: return <f64>unchecked(lossProbes[f]);
    case 25: return <f64>unchecked(localDrops[f]);
  }
  return NaN;
}
// The receiver's order-sensitive hash of delivered segment offsets (FNV-1a over seq).
export function flowDeliveryHash(f: i32): i64 {
  return unchecked(deliveryHash[f]);
}

// Link statistics by id (see docs/ABI.md); the ids' names are abi/names.ts LINK_STAT_NAMES.
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
export { traceRows as traceLength, tracePtr as tracePointer, traceTruncated as traceWasTruncated } from "./trace";

// --- congestion-control harness (assembly/tcp/cc/harness.ts): a module without a network ---
export { harnessInit as ccHarnessInit, harnessAck as ccHarnessAck, harnessSlowAck as ccHarnessSlowAck, harnessFastLoss as ccHarnessFastLoss, harnessTimeout as ccHarnessTimeout, harnessCwnd as ccHarnessCwnd, harnessSsthresh as ccHarnessSsthresh } from "./tcp/cc/harness";

export { harnessUndoneLoss as ccHarnessUndoneLoss, harnessMinCwnd as ccHarnessMinCwnd } from "./tcp/cc/harness";
// every hook called on one module, for the test of the harness's hook order (assembly/tcp/cc/hooklog.ts)
export { ccHookLogStart } from "./tcp/cc/registry";
export { hookLogCount as ccHookLogLength, hookLogPtr as ccHookLogPointer } from "./tcp/cc/hooklog";
// CUBIC's hystart module parameter (assembly/tcp/cc/cubic.ts), global to the instance like Linux's
export { cubicSetHystart } from "./tcp/cc/cubic";
// Linux 2.6.16's clock rate (CONFIG_HZ) and sysctl net.ipv4.tcp_abc for the 2.6.16 modules
// (assembly/tcp/cc/linux-2.6.16/), global to the instance; each returns 0 for a value 2.6.16 lacked.
export { cc2616SetHz } from "./tcp/cc/linux-2.6.16/clock";
export { cc2616SetAbc } from "./tcp/cc/linux-2.6.16/cong";

// --- engine benchmark (assembly/engine/hold.ts) ---
export { holdBenchmark } from "./engine/hold";

// --- Friendly Virtual Machines (assembly/fvm/): host model, VCT monitor, AIMD controller ---
export { fvmParam, fvmReset, fvmAddVm, fvmStart, fvmRun, fvmVmStat, fvmStat, fvmSeriesPointer, fvmSeriesRows, fvmSeriesStride } from "./fvm/host";
export {
  fvmMonitorHarnessInit, fvmMonitorHarnessTick, fvmMonitorHarnessPeriod, fvmMonitorHarnessEwma,
  fvmControllerHarnessInit, fvmControllerHarnessStep, fvmControllerHarnessLimit, fvmControllerHarnessRate,
} from "./fvm/harness";

// --- one block request queue on a bench (assembly/block/harness.ts): elevator unit tests ---
export {
  blkHarnessInit, blkHarnessAdvance, blkHarnessSubmit, blkHarnessUnplug, blkHarnessComplete, blkHarnessExit,
  blkHarnessLimits, blkHarnessNameBuffer, blkHarnessTunable, blkHarnessLogLength, blkHarnessLogPointer, blkHarnessStat,
} from "./block/harness";

// --- the 2006 SATA drive on a bench (assembly/dev/drive-harness.ts) ---
export { driveTestReset, driveTestServe, driveTestSeekNs, driveTestLast, driveTestInfo, driveTestWhere } from "./dev/drive-harness";

// --- a storage run (assembly/storage/world.ts): guest processes, page cache, block queues, the virtual disk and its policy, the drive ---
export { storageInit, storageAddProcess, storageRun, storageStat, storageProcessStat } from "./storage/world";
export { iologRows, iologPointer, iologTruncated } from "./block/iolog";

// --- the ext3-like file system and the 2.6.16-like source tree on a bench (assembly/fs/harness.ts) ---
export { fsTestNew, fsTestLinuxTree, fsTestMkdir, fsTestCreateFile, fsTestFileBlock, fsTestIndirect, fsTestInodeBlock, fsTestDirBlock, fsTestCount, fsTestFile, fsTestDir, fsTestEntry } from "./fs/harness";
// --- Socket-outsourcing and XenLoop (assembly/app/, cpu/, vmm/paths.ts): paths on CPU cores ---
export { osParam, osReset, osCore, osHost, osVm, osLink, osConn, osBulk, osRequestResponse, osNtierShape, osNtierClient, osStart, osRun, osStat } from "./app/outsourcing";
