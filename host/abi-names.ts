// The host's side of the ABI's name tables (assembly/abi/names.ts): every id the host passes to the
// core or reads from it, by name in id order, gathered from the modules that declare them.
// host/core.ts reads the core's tables once per compiled module and refuses a core that differs
// (nameTableMismatch), so two swapped names fail at load instead of running the wrong algorithm.
import { CC_REGISTRY } from "./congestion.ts";
import { VMM_POLICIES, WAKE_DISTRIBUTIONS } from "./vmm.ts";
import { FVM_PARAMS, FvmStat, FvmVmStat } from "./core-fvm.ts";
import { ELEVATORS } from "./storage/elevators.ts";

export const FlowStat = {
  delivered: 0,
  doneAtNs: 1,
  segsSent: 2,
  retransmits: 3,
  timeouts: 4,
  fastRecoveries: 5,
  meanCwnd: 6,
  cwnd: 7,
  ssthresh: 8,
  srttNs: 9,
  minRttNs: 10,
  sndUna: 11,
  dupSegments: 12,
  acksSent: 13,
  rcvNxt: 14,
  startNs: 15,
  windowViolations: 16,
  minCwnd: 17,
  minSsthresh: 18,
  sackLies: 19,
  lostButSacked: 20,
  dsacks: 21,
  undos: 22,
  recoveryOverruns: 23,
  lossProbes: 24,
  localDrops: 25,
} as const;

export const LinkStat = {
  arrivals: 0,
  drops: 1,
  dataDrops: 2,
  sent: 3,
  sentBytes: 4,
  maxQueuedBytes: 5,
  queuedBytes: 6,
} as const;

// vmmStat, machineStat and foxyVegasStat ids (assembly/abi/stats.ts).
export const VmmStat = {
  heldInVmm: 0,
  guestTxDrops: 1,
  guestRxDrops: 2,
} as const;

export const MachineStat = {
  backendBusyNs: 0,
  backendServed: 1,
  vnicHeld: 2,
  vnicTxDrops: 3,
  vnicRxDrops: 4,
} as const;

export const FoxyVegasStat = {
  windowSegments: 0,
  rewrittenAcks: 1,
  rttSamples: 2,
  edgeViolations: 3,
} as const;

// Virtual device types (assembly/vmm/devices.ts), in id order: a new type adds its name here.
export const DEVICE_TYPES = ["vnic", "vdisk"] as const;

// deviceStat ids (assembly/abi/stats.ts DeviceStat).
export const DeviceStat = {
  held: 0,
  refusedOut: 1,
  refusedIn: 2,
  takenByGuest: 3,
  vm: 4,
} as const;

// One trace row's fields (assembly/trace.ts).
export const TRACE_COLUMNS = ["time_s", "flow", "cwnd_segments", "ssthresh_segments", "rwnd_bytes", "srtt_ms", "bytes_acked", "inflight_bytes"] as const;

// One capture record's fields (assembly/net/capture.ts), for host/pcap.ts.
export const CAPTURE_COLUMNS = [
  "timeNs", "point", "flow", "kind", "seq", "ack", "wndBytes", "len", "tsVal", "tsEcr", "csum",
  "sackBlocks", "sack0Start", "sack0End", "sack1Start", "sack1End", "sack2Start", "sack2End",
] as const;

// What start(), run(), addFlow() … return: ≥ 0 a status, < 0 an error.
export const RunCode = {
  invalidConfig: -3,
  packetPoolExhausted: -2,
  eventQueueFull: -1,
  done: 0,
  more: 1,
  captureFull: 2,
} as const;

// Table kinds, as assembly/abi/names.ts NAMES_*.
export const NameKind = {
  congestionControls: 0,
  vmmPolicies: 1,
  wakeDistributions: 2,
  flowStats: 3,
  linkStats: 4,
  traceColumns: 5,
  captureColumns: 6,
  fvmParams: 7,
  runCodes: 8,
  vmmStats: 9,
  machineStats: 10,
  foxyVegasStats: 11,
  fvmStats: 12,
  fvmVmStats: 13,
  deviceTypes: 14,
  deviceStats: 15,
  elevators: 16,
} as const;

export interface NameTable {
  kind: number;
  what: string; // the host's declaration, for the error message
  names: readonly string[]; // index i: the name of id i (run codes: of code i + first)
  first?: number; // the id of names[0] when it is not 0 (run codes)
}

// An id → name record as a list in id order (ids must be 0 … n-1, each once).
function inIdOrder(ids: Readonly<Record<string, number>>, first = 0): string[] {
  const names: string[] = [];
  for (const [name, id] of Object.entries(ids)) {
    if (names[id - first] !== undefined) throw new Error(`${name} and ${names[id - first]} share id ${id}`);
    names[id - first] = name;
  }
  return names;
}

export const DECLARED_NAME_TABLES: readonly NameTable[] = [
  { kind: NameKind.congestionControls, what: "host/congestion.ts CC_REGISTRY", names: CC_REGISTRY },
  { kind: NameKind.vmmPolicies, what: "host/vmm.ts VMM_POLICIES", names: VMM_POLICIES },
  { kind: NameKind.wakeDistributions, what: "host/vmm.ts WAKE_DISTRIBUTIONS", names: WAKE_DISTRIBUTIONS },
  { kind: NameKind.flowStats, what: "host/abi-names.ts FlowStat", names: inIdOrder(FlowStat) },
  { kind: NameKind.linkStats, what: "host/abi-names.ts LinkStat", names: inIdOrder(LinkStat) },
  { kind: NameKind.traceColumns, what: "host/abi-names.ts TRACE_COLUMNS", names: TRACE_COLUMNS },
  { kind: NameKind.captureColumns, what: "host/abi-names.ts CAPTURE_COLUMNS", names: CAPTURE_COLUMNS },
  { kind: NameKind.fvmParams, what: "host/core-fvm.ts FVM_PARAMS", names: FVM_PARAMS },
  { kind: NameKind.vmmStats, what: "host/abi-names.ts VmmStat", names: inIdOrder(VmmStat) },
  { kind: NameKind.machineStats, what: "host/abi-names.ts MachineStat", names: inIdOrder(MachineStat) },
  { kind: NameKind.foxyVegasStats, what: "host/abi-names.ts FoxyVegasStat", names: inIdOrder(FoxyVegasStat) },
  { kind: NameKind.fvmStats, what: "host/core-fvm.ts FvmStat", names: inIdOrder(FvmStat) },
  { kind: NameKind.fvmVmStats, what: "host/core-fvm.ts FvmVmStat", names: inIdOrder(FvmVmStat) },
  { kind: NameKind.deviceTypes, what: "host/abi-names.ts DEVICE_TYPES", names: DEVICE_TYPES },
  { kind: NameKind.deviceStats, what: "host/abi-names.ts DeviceStat", names: inIdOrder(DeviceStat) },
  { kind: NameKind.elevators, what: "host/storage/elevators.ts ELEVATORS", names: ELEVATORS },
  { kind: NameKind.runCodes, what: "host/abi-names.ts RunCode", names: inIdOrder(RunCode, RunCode.invalidConfig), first: RunCode.invalidConfig },
];

// The first difference between the declared tables and the core's (`coreNames(kind)`: the core's
// table, null when it has none), as a sentence; null when they agree.
export function nameTableMismatch(declared: readonly NameTable[], coreNames: (kind: number) => string[] | null): string | null {
  for (const t of declared) {
    const core = coreNames(t.kind);
    if (core === null) return `the core has no name table ${t.kind} for ${t.what}`;
    const n = Math.max(core.length, t.names.length);
    for (let i = 0; i < n; i++) {
      if (core[i] === t.names[i]) continue;
      const id = i + (t.first ?? 0);
      const said = (s: string | undefined) => (s === undefined ? "nothing" : JSON.stringify(s));
      return `${t.what} names id ${id} ${said(t.names[i])} but the core names it ${said(core[i])}`;
    }
  }
  return null;
}
