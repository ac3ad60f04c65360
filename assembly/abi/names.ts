// The ABI's name tables: for each kind of id the host passes or reads (a congestion control, a
// statistic, a trace column …), the name of every id, in id order. The host declares the same
// tables (host/congestion.ts, host/vmm.ts, host/core.ts, host/simulate.ts, host/pcap.ts,
// host/core-fvm.ts, host/storage/elevators.ts) and host/core.ts checks them against these once per compiled module, so a
// renamed, reordered or missing id fails at load instead of silently selecting the wrong thing.
// Where the core has id constants the table is built from them (an id moves, its name moves with
// it). A StaticArray's length is no compile-time constant, so the host also checks the trace and
// capture tables against traceFields()/captureFields(), the widths the core writes.
import { ccOps, ccCount } from "../tcp/cc/registry";
import { vmmPolicy, vmmPolicyCount } from "../vmm/registry";
import { WAKE_EXPONENTIAL, WAKE_CONSTANT, WAKE_UNIFORM } from "../vmm/device";
import { deviceType, deviceTypeCount } from "../vmm/devices";
import { elevatorName, elevatorCount } from "../block/registry";
import {
  P_COUNT, P_TICK_NS, P_HOST_SLICE_NS, P_GUEST_SLICE_NS, P_SWITCH_NS, P_FRAMES, P_READ_NS, P_WRITE_NS, P_VM_CHUNKS,
  P_THREAD_CHUNKS, P_WORK_NS, P_THINK_NS, P_WORKLOAD, P_FVM, P_TC_NS, P_WINDOW, P_GAMMA, P_H, P_INITIAL_LIMIT,
  P_AI_THREADS, P_AI_RATE_HZ, P_MD, P_RELEASE_HZ, P_STOP_NS, P_WARMUP_NS, P_SAMPLE_NS, P_LRU_SAMPLES, P_CHUNK_BYTES,
} from "../fvm/params";
import { RUN_DONE, RUN_MORE, ERR_QUEUE_FULL } from "../engine/loop";
import { VmmStat, MachineStat, FoxyVegasStat, FvmStat, FvmVmStat, DeviceStat } from "./stats";
import { RUN_CAPTURE_FULL, ERR_POOL_EMPTY, ERR_CONFIG } from "../sim";

// Kinds of table (the first argument of abiNameCount/abiNameLength/abiName); append only.
export const NAMES_CONGESTION_CONTROLS: i32 = 0; // registry ids (tcp_congestion_ops.name, "@kernel" for an era variant)
export const NAMES_VMM_POLICIES: i32 = 1; // VMM device policy ids (vmm/registry.ts)
export const NAMES_WAKE_DISTRIBUTIONS: i32 = 2; // the guest wake-up delay distributions (vmm/device.ts)
export const NAMES_FLOW_STATS: i32 = 3; // flowStat ids
export const NAMES_LINK_STATS: i32 = 4; // linkStat ids
export const NAMES_TRACE_COLUMNS: i32 = 5; // trace row fields (trace.ts)
export const NAMES_CAPTURE_COLUMNS: i32 = 6; // capture record fields (net/capture.ts)
export const NAMES_FVM_PARAMS: i32 = 7; // fvmParam ids (fvm/params.ts)
export const NAMES_RUN_CODES: i32 = 8; // statuses of start/run/addFlow/…: index = code − RUN_CODE_MIN
export const NAMES_VMM_STATS: i32 = 9; // vmmStat ids (abi/stats.ts)
export const NAMES_MACHINE_STATS: i32 = 10; // machineStat ids
export const NAMES_FOXYVEGAS_STATS: i32 = 11; // foxyVegasStat ids
export const NAMES_FVM_STATS: i32 = 12; // fvmStat ids
export const NAMES_FVM_VM_STATS: i32 = 13; // fvmVmStat ids
export const NAMES_DEVICE_TYPES: i32 = 14; // virtual device types (vmm/devices.ts)
export const NAMES_DEVICE_STATS: i32 = 15; // deviceStat ids
export const NAMES_ELEVATORS: i32 = 16; // I/O scheduler ids (block/registry.ts)
export const NAMES_KINDS: i32 = 17;
export const RUN_CODE_MIN: i32 = ERR_CONFIG;

// Names set by id: `ids[i]` gets `names[i]`; every slot must be filled exactly once.
function byId(count: i32, ids: i32[], names: string[]): StaticArray<string | null> {
  const t = new StaticArray<string | null>(count);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    assert(id >= 0 && id < count && t[id] == null, "name table: an id out of range or named twice");
    t[id] = names[i];
  }
  for (let i = 0; i < count; i++) assert(t[i] != null, "name table: an id without a name");
  return t;
}

// flowStat and linkStat ids: assembly/index.ts's switch cases in the same order.
export const FLOW_STAT_NAMES: StaticArray<string> = [
  "delivered", "doneAtNs", "segsSent", "retransmits", "timeouts", "fastRecoveries", "meanCwnd", "cwnd", "ssthresh",
  "srttNs", "minRttNs", "sndUna", "dupSegments", "acksSent", "rcvNxt", "startNs", "windowViolations", "minCwnd", "minSsthresh",
  "sackLies", "lostButSacked", "dsacks", "undos", "recoveryOverruns", "lossProbes", "localDrops",
];
export const LINK_STAT_NAMES: StaticArray<string> = ["arrivals", "drops", "dataDrops", "sent", "sentBytes", "maxQueuedBytes", "queuedBytes"];

// trace.ts traceSample's row and net/capture.ts capture()'s record, field by field.
const TRACE_COLUMN_NAMES: StaticArray<string> = ["time_s", "flow", "cwnd_segments", "ssthresh_segments", "rwnd_bytes", "srtt_ms", "bytes_acked", "inflight_bytes"];
const CAPTURE_COLUMN_NAMES: StaticArray<string> = [
  "timeNs", "point", "flow", "kind", "seq", "ack", "wndBytes", "len", "tsVal", "tsEcr", "csum",
  "sackBlocks", "sack0Start", "sack0End", "sack1Start", "sack1End", "sack2Start", "sack2End",
];

const WAKE_NAMES = byId(WAKE_UNIFORM + 1, [WAKE_EXPONENTIAL, WAKE_CONSTANT, WAKE_UNIFORM], ["exponential", "constant", "uniform"]);

const FVM_PARAM_NAMES = byId(P_COUNT, [
  P_TICK_NS, P_HOST_SLICE_NS, P_GUEST_SLICE_NS, P_SWITCH_NS, P_FRAMES, P_READ_NS, P_WRITE_NS, P_VM_CHUNKS, P_THREAD_CHUNKS,
  P_WORK_NS, P_THINK_NS, P_WORKLOAD, P_FVM, P_TC_NS, P_WINDOW, P_GAMMA, P_H, P_INITIAL_LIMIT, P_AI_THREADS, P_AI_RATE_HZ,
  P_MD, P_RELEASE_HZ, P_STOP_NS, P_WARMUP_NS, P_SAMPLE_NS, P_LRU_SAMPLES, P_CHUNK_BYTES,
], [
  "tickNs", "hostSliceNs", "guestSliceNs", "switchNs", "frames", "readNs", "writeNs", "vmChunks", "threadChunks",
  "workNs", "thinkNs", "workload", "fvm", "tcNs", "window", "gamma", "threshold", "initialLimit", "aiThreads", "aiRateHz",
  "md", "releaseHz", "stopNs", "warmupNs", "sampleNs", "lruSamples", "chunkBytes",
]);

const RUN_CODE_NAMES = byId(RUN_CAPTURE_FULL - RUN_CODE_MIN + 1, [
  ERR_CONFIG - RUN_CODE_MIN, ERR_POOL_EMPTY - RUN_CODE_MIN, ERR_QUEUE_FULL - RUN_CODE_MIN,
  RUN_DONE - RUN_CODE_MIN, RUN_MORE - RUN_CODE_MIN, RUN_CAPTURE_FULL - RUN_CODE_MIN,
], ["invalidConfig", "packetPoolExhausted", "eventQueueFull", "done", "more", "captureFull"]);

// abi/stats.ts's enums: each member named as the host declares it.
const VMM_STAT_NAMES = byId(VmmStat.COUNT, [VmmStat.heldInVmm, VmmStat.guestTxDrops, VmmStat.guestRxDrops], ["heldInVmm", "guestTxDrops", "guestRxDrops"]);
const MACHINE_STAT_NAMES = byId(MachineStat.COUNT, [
  MachineStat.backendBusyNs, MachineStat.backendServed, MachineStat.vnicHeld, MachineStat.vnicTxDrops, MachineStat.vnicRxDrops,
], ["backendBusyNs", "backendServed", "vnicHeld", "vnicTxDrops", "vnicRxDrops"]);
const FOXYVEGAS_STAT_NAMES = byId(FoxyVegasStat.COUNT, [
  FoxyVegasStat.windowSegments, FoxyVegasStat.rewrittenAcks, FoxyVegasStat.rttSamples, FoxyVegasStat.edgeViolations,
], ["windowSegments", "rewrittenAcks", "rttSamples", "edgeViolations"]);
const FVM_STAT_NAMES = byId(FvmStat.COUNT, [
  FvmStat.events, FvmStat.nowNs, FvmStat.cpuBusyNs, FvmStat.diskFaults, FvmStat.evictions, FvmStat.diskBusyNs, FvmStat.zeroFills,
  FvmStat.vmSwitches, FvmStat.maxActiveOverLimit, FvmStat.rateStepsAboveMpl1, FvmStat.residentChunks,
], [
  "events", "nowNs", "cpuBusyNs", "diskFaults", "evictions", "diskBusyNs", "zeroFills",
  "vmSwitches", "maxActiveOverLimit", "rateStepsAboveMpl1", "residentChunks",
]);
const FVM_VM_STAT_NAMES = byId(FvmVmStat.COUNT, [
  FvmVmStat.doneInWindow, FvmVmStat.ticksInWindow, FvmVmStat.vctSumNsInWindow, FvmVmStat.limit, FvmVmStat.rateHz, FvmVmStat.active,
  FvmVmStat.suspended, FvmVmStat.controlSteps, FvmVmStat.decreases, FvmVmStat.sleptNs, FvmVmStat.vctEwmaNs, FvmVmStat.lastR,
], [
  "doneInWindow", "ticksInWindow", "vctSumNsInWindow", "limit", "rateHz", "active",
  "suspended", "controlSteps", "decreases", "sleptNs", "vctEwmaNs", "lastR",
]);
const DEVICE_STAT_NAMES = byId(DeviceStat.COUNT, [
  DeviceStat.held, DeviceStat.refusedOut, DeviceStat.refusedIn, DeviceStat.takenByGuest, DeviceStat.vm,
], ["held", "refusedOut", "refusedIn", "takenByGuest", "vm"]);

// The name of id `i` in table `kind`, or null when there is no such table or id.
function nameOf(kind: i32, i: i32): string | null {
  if (i < 0 || i >= abiNameCount(kind)) return null;
  switch (kind) {
    case NAMES_CONGESTION_CONTROLS: return ccOps(i).name();
    case NAMES_VMM_POLICIES: return vmmPolicy(i).name();
    case NAMES_WAKE_DISTRIBUTIONS: return WAKE_NAMES[i];
    case NAMES_FLOW_STATS: return FLOW_STAT_NAMES[i];
    case NAMES_LINK_STATS: return LINK_STAT_NAMES[i];
    case NAMES_TRACE_COLUMNS: return TRACE_COLUMN_NAMES[i];
    case NAMES_CAPTURE_COLUMNS: return CAPTURE_COLUMN_NAMES[i];
    case NAMES_FVM_PARAMS: return FVM_PARAM_NAMES[i];
    case NAMES_RUN_CODES: return RUN_CODE_NAMES[i];
    case NAMES_VMM_STATS: return VMM_STAT_NAMES[i];
    case NAMES_MACHINE_STATS: return MACHINE_STAT_NAMES[i];
    case NAMES_FOXYVEGAS_STATS: return FOXYVEGAS_STAT_NAMES[i];
    case NAMES_FVM_STATS: return FVM_STAT_NAMES[i];
    case NAMES_FVM_VM_STATS: return FVM_VM_STAT_NAMES[i];
    case NAMES_DEVICE_TYPES: return deviceType(i).name;
    case NAMES_DEVICE_STATS: return DEVICE_STAT_NAMES[i];
    case NAMES_ELEVATORS: return elevatorName(i);
  }
  return null;
}

// How many ids table `kind` has; -1 for no such table.
export function abiNameCount(kind: i32): i32 {
  switch (kind) {
    case NAMES_CONGESTION_CONTROLS: return ccCount();
    case NAMES_VMM_POLICIES: return vmmPolicyCount();
    case NAMES_WAKE_DISTRIBUTIONS: return WAKE_NAMES.length;
    case NAMES_FLOW_STATS: return FLOW_STAT_NAMES.length;
    case NAMES_LINK_STATS: return LINK_STAT_NAMES.length;
    case NAMES_TRACE_COLUMNS: return TRACE_COLUMN_NAMES.length;
    case NAMES_CAPTURE_COLUMNS: return CAPTURE_COLUMN_NAMES.length;
    case NAMES_FVM_PARAMS: return FVM_PARAM_NAMES.length;
    case NAMES_RUN_CODES: return RUN_CODE_NAMES.length;
    case NAMES_VMM_STATS: return VMM_STAT_NAMES.length;
    case NAMES_MACHINE_STATS: return MACHINE_STAT_NAMES.length;
    case NAMES_FOXYVEGAS_STATS: return FOXYVEGAS_STAT_NAMES.length;
    case NAMES_FVM_STATS: return FVM_STAT_NAMES.length;
    case NAMES_FVM_VM_STATS: return FVM_VM_STAT_NAMES.length;
    case NAMES_DEVICE_TYPES: return deviceTypeCount();
    case NAMES_DEVICE_STATS: return DEVICE_STAT_NAMES.length;
    case NAMES_ELEVATORS: return elevatorCount();
  }
  return -1;
}

// The name's length in UTF-16 units (-1: no such name) and where its units lie in linear memory.
// The names are static or held by the tables above, so the address stays valid for the instance.
export function abiNameLength(kind: i32, i: i32): i32 {
  const s = nameOf(kind, i);
  return s == null ? -1 : s.length;
}
export function abiName(kind: i32, i: i32): usize {
  const s = nameOf(kind, i);
  return s == null ? 0 : changetype<usize>(s);
}
