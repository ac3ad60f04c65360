// One storage run on a core (assembly/storage/world.ts): the scenario turned into the core's
// integer units once (ns, pages, sectors; host/units.ts's rounding), run until every process has
// exited and its I/O has drained, and its statistics read back into a result. A typed wrapper over
// the storage exports, beside host/core.ts, as host/core-fvm.ts is for the FVM host.
import type { Core } from "../core.ts";
import { CoreError } from "../core.ts";
import { nsFrom, NS_PER_S } from "../units.ts";
import { elevatorId } from "./elevators.ts";
import { DISK_POLICIES } from "./policies.ts";
import { linuxTrees, type StorageScenario } from "./scenario.ts";
import type { BlockTraceAction, BlockTraceDevice, BlockTraceEvent } from "../iotrace/events.ts";
import { memView } from "../memview.ts";

interface StorageExports {
  storageInit(seed: bigint, guestElevator: number, dom0Elevator: number, guestHz: number, dom0Hz: number, policy: number,
    intervalNs: bigint, intervalFrom: number, notifyNs: bigint, cachePages: number, partitionSector: bigint, irqNs: bigint, irqDist: number, backendCostNs: bigint,
    backendPeriodNs: bigint, stopAtNs: bigint, iologCapacity: number,
    linuxTrees: number, fsSeed: bigint): number;
  storageAddProcess(workload: number, fileBytes: bigint, tree: number, background: number, startNs: bigint, ops: bigint, readBytes: bigint,
    cpuPerReadNs: bigint, cpuPerPageNs: bigint, cpuPerEntryNs: bigint, ioprio: number, seed: bigint): number;
  storageRun(budget: bigint): number;
  storageStat(stat: number): number;
  storageProcessStat(p: number, stat: number): number;
  iologRows(): number;
  iologPointer(): number;
  iologTruncated(): number;
  memory: WebAssembly.Memory;
}
const sx = (core: Core) => core.exports as unknown as StorageExports;

// assembly/storage/world.ts storageStat ids
export const StorageStat = {
  nowNs: 0, events: 1, vmmRequests: 2, vmmHeld: 3, misattributed: 4, backgroundAsForeground: 5, backgroundInInterval: 6,
  driveCommands: 7, driveBusyNs: 8, driveOverlaps: 9, vmmHeldNs: 10, contextSwitches: 11, guestCpuBusyNs: 12,
  evictions: 13, guestBios: 14, poolExhausted: 15, guestBackMerges: 16, dom0BackMerges: 17, guestRequests: 18, dom0Requests: 19,
  backendBusyNs: 20,
} as const;
const ProcessStat = { startNs: 0, finishNs: 1, reads: 2, pagesRead: 3, sleeps: 4, entries: 5, work: 6 } as const;

const WAKE_DISTS = ["exponential", "constant", "uniform"] as const; // assembly/vmm/device.ts WAKE_*
const WORKLOADS = ["sequential", "random", "grep", "updatedb"] as const; // assembly/guest/process.ts WL_*
const RUN_DONE = 0;
const RUN_MORE = 1;
// Events per storageRun call: the status line moves several times a second (~0.3–1.5 M events/s); the
// results do not depend on it (the loop stops between events).
const STEP_EVENTS = 250_000n;
const MB = 1024 * 1024;
const PAGE = 4096;
const IOPRIO_CLASS_BE = 2; // include/linux/ioprio.h
const IOPRIO_CLASS_IDLE = 3;

export interface ProcessResult {
  name: string;
  workload: (typeof WORKLOADS)[number];
  entries: number; // directory entries walked (grep, updatedb)
  background: boolean;
  startS: number;
  elapsedS: number | null; // null: still running when the run stopped
  reads: number;
  pagesRead: number;
  sleepsOnPages: number;
}

export interface StorageResult {
  ioTrace?: IoTrace; // with StorageOptions.ioLogCapacity
  scenario: string;
  guestElevator: string;
  dom0Elevator: string;
  policy: string;
  preemptionIntervalMs: number;
  processes: ProcessResult[];
  vmm: { requests: number; held: number; meanHoldMs: number; misattributed: number; backgroundAsForeground: number; backgroundInInterval: number };
  drive: { commands: number; busyS: number; overlaps: number };
  guest: { contextSwitches: number; cpuBusyS: number; pageCacheEvictions: number; bios: number; backMerges: number; requests: number };
  dom0: { backMerges: number; requests: number; backendBusyS: number };
  simulatedS: number;
  events: number;
}

// How far the processes have got: the pages they have read and the directory entries they have
// walked, of all they will read (the core's count, known before the run).
export interface StorageWork {
  done: number;
  total: number;
}

export interface StorageOptions {
  onProgress?: (simulatedS: number, events: number, work: StorageWork) => void;
  ioLogCapacity?: number; // records of block-layer events to keep for blktrace files (0: none)
}

// queue.ts TA_* in id order (9, S: a process sleeping for a request, has no blktrace action here)
const ACTIONS: (BlockTraceAction | null)[] = ["Q", "M", "F", "G", "I", "D", "C", "P", "U", null, "T"];
const IOLOG_FIELDS = 7;
// blktrace pids: process p's io context + 1 (so that -1, the kernel's own plug/unplug, is 0)
const XENBLKD_PID = 63 + 1; // assembly/vmm/vdisk.ts XENBLKD_IOC
// the three devices the I/O log names (assembly/block/iolog.ts): the guest's queue, dom0's, the VMM's virtual disk
const DEVICES = [
  { name: "guest-xvda", major: 202, minor: 0 }, // Xen's virtual block device major
  { name: "dom0-sda", major: 8, minor: 0 },
  { name: "vmm-vbd", major: 202, minor: 16 },
] as const;

export interface IoTrace {
  devices: BlockTraceDevice[];
  truncated: boolean;
}

export function simulateStorage(core: Core, s: StorageScenario, opts: StorageOptions = {}): StorageResult {
  const x = sx(core);
  const cachePages = Math.floor(((s.guest.ramMB - s.guest.reservedMB) * MB) / PAGE);
  const partitionSector = BigInt(Math.floor((s.vmm.partitionGB * 1e9) / 512 / 8) * 8);
  const logCap = opts.ioLogCapacity ?? 0;
  const rc = x.storageInit(
    BigInt(s.seed), elevatorId(s.guest.elevator), elevatorId(s.dom0.elevator), s.guest.hz, s.dom0.hz, DISK_POLICIES.indexOf(s.vmm.policy),
    BigInt(nsFrom(s.vmm.preemptionIntervalMs, 1e6, "vmm.preemptionIntervalMs")), s.vmm.intervalStart === "issue" ? 1 : 0,
    BigInt(nsFrom(s.vmm.notifyDelayUs, 1e3, "vmm.notifyDelayUs")), cachePages, partitionSector,
    BigInt(nsFrom(s.vmm.guestIrqUs, 1e3, "vmm.guestIrqUs")), WAKE_DISTS.indexOf(s.vmm.guestIrqDist), BigInt(nsFrom(s.vmm.perRequestUs, 1e3, "vmm.perRequestUs")),
    BigInt(nsFrom(s.vmm.backendPeriodUs, 1e3, "vmm.backendPeriodUs")), BigInt(nsFrom(s.stopTimeS, NS_PER_S, "stopTimeS")), logCap,
    linuxTrees(s), BigInt(s.seed),
  );
  if (rc !== 0) throw new CoreError(`storage run ${s.name}: the core refused its configuration`);
  for (const p of s.processes) {
    const fileBytes = p.fileMB === undefined ? 0 : Math.max(PAGE, Math.floor((p.fileMB * MB) / PAGE) * PAGE);
    const prio = (p.ioClass === "idle" ? IOPRIO_CLASS_IDLE : IOPRIO_CLASS_BE) << 13 | (p.ioClass === "idle" ? 0 : 4);
    const id = x.storageAddProcess(
      WORKLOADS.indexOf(p.workload), BigInt(fileBytes), p.tree ?? 0, p.background ? 1 : 0, BigInt(nsFrom(p.startMs, 1e6, "startMs")),
      BigInt(p.reads ?? 0), BigInt(p.readKB * 1024), BigInt(nsFrom(p.cpuPerReadUs, 1e3, "cpuPerReadUs")),
      BigInt(nsFrom(p.cpuPerPageUs, 1e3, "cpuPerPageUs")), BigInt(nsFrom(p.cpuPerEntryUs, 1e3, "cpuPerEntryUs")), prio, BigInt(s.seed),
    );
    if (id < 0) throw new CoreError(`storage run ${s.name}: the core refused process ${p.name}`);
  }
  const sumOver = (...stats: number[]) => s.processes.reduce((a, _, i) => a + stats.reduce((b, k) => b + x.storageProcessStat(i, k), 0), 0);
  const total = sumOver(ProcessStat.work);
  const report = () => opts.onProgress?.(x.storageStat(StorageStat.nowNs) / NS_PER_S, x.storageStat(StorageStat.events), { done: sumOver(ProcessStat.pagesRead, ProcessStat.entries), total });
  report();
  let status: number;
  while ((status = x.storageRun(STEP_EVENTS)) === RUN_MORE) report();
  if (status !== RUN_DONE) throw new CoreError(`storage run ${s.name}: the core stopped with status ${status} (event queue full)`);
  if (x.storageStat(StorageStat.poolExhausted) !== 0) throw new CoreError(`storage run ${s.name}: the core's request or bio pool ran out`);
  const st = (k: keyof typeof StorageStat) => x.storageStat(StorageStat[k]);
  const processes = s.processes.map((p, i): ProcessResult => {
    const start = x.storageProcessStat(i, ProcessStat.startNs);
    const finish = x.storageProcessStat(i, ProcessStat.finishNs);
    return {
      name: p.name, workload: p.workload, background: p.background, startS: start / NS_PER_S,
      elapsedS: finish < 0 ? null : (finish - start) / NS_PER_S,
      reads: x.storageProcessStat(i, ProcessStat.reads), pagesRead: x.storageProcessStat(i, ProcessStat.pagesRead),
      sleepsOnPages: x.storageProcessStat(i, ProcessStat.sleeps), entries: x.storageProcessStat(i, ProcessStat.entries),
    };
  });
  const held = st("vmmHeld");
  const ioTrace = logCap > 0 ? readIoTrace(x, s) : undefined;
  return {
    ...(ioTrace ? { ioTrace } : {}),
    scenario: s.name,
    guestElevator: s.guest.elevator,
    dom0Elevator: s.dom0.elevator,
    policy: s.vmm.policy,
    preemptionIntervalMs: s.vmm.preemptionIntervalMs,
    processes,
    vmm: {
      requests: st("vmmRequests"), held, meanHoldMs: held > 0 ? st("vmmHeldNs") / held / 1e6 : 0,
      // a policy that classifies nothing misattributes nothing
      misattributed: s.vmm.policy === "none" ? 0 : st("misattributed"),
      backgroundAsForeground: s.vmm.policy === "none" ? 0 : st("backgroundAsForeground"),
      backgroundInInterval: st("backgroundInInterval"),
    },
    drive: { commands: st("driveCommands"), busyS: st("driveBusyNs") / NS_PER_S, overlaps: st("driveOverlaps") },
    guest: { contextSwitches: st("contextSwitches"), cpuBusyS: st("guestCpuBusyNs") / NS_PER_S, pageCacheEvictions: st("evictions"), bios: st("guestBios"), backMerges: st("guestBackMerges"), requests: st("guestRequests") },
    dom0: { backMerges: st("dom0BackMerges"), requests: st("dom0Requests"), backendBusyS: st("backendBusyNs") / NS_PER_S },
    simulatedS: st("nowNs") / NS_PER_S,
    events: st("events"),
  };
}

// FoxyIdle's interval for people: 0 holds background requests only while a foreground request is
// outstanding (foxyidle.ts holdsBackground), the point a sweep of the interval starts from.
function preemptionInterval(ms: number): string {
  return ms === 0 ? "0 ms (background held only while a foreground request is outstanding)" : `${ms} ms`;
}

// Where a process stands at the end and what it got through: done (in how long), or cut off by
// stopTimeS after or before its start.
function progressOf(p: ProcessResult, endS: number): string {
  if (p.elapsedS === null && p.startS >= endS) return `not started (it starts at ${p.startS} s)`;
  return `${p.elapsedS === null ? "still running" : `done in ${p.elapsedS.toFixed(3)} s`} (${workDone(p)}, slept ${p.sleepsOnPages} times on a page)`;
}

// What a process got through: read() calls, and for a tree walk the entries (updatedb reads no file).
function workDone(p: ProcessResult): string {
  const reads = `${p.reads} reads, ${p.pagesRead} pages`;
  if (p.workload === "updatedb") return `${p.entries} entries`;
  return p.workload === "grep" ? `${p.entries} entries, ${reads}` : reads;
}

// The result for people (foxsim disk).
export function storageSummary(r: StorageResult, wallS: number): string {
  const pi = r.policy === "none" ? "" : ` ${preemptionInterval(r.preemptionIntervalMs)}`;
  const v = r.vmm;
  return [
    `${r.scenario}  (guest ${r.guestElevator}, dom0 ${r.dom0Elevator}, VMM policy ${r.policy}${pi})`,
    ...r.processes.map((p) => `  ${p.name.padEnd(14)} ${p.workload.padEnd(10)} ${p.background ? "background " : "foreground "} ${progressOf(p, r.simulatedS)}`),
    `  vmm            ${v.requests} requests, ${v.held} held (mean ${v.meanHoldMs.toFixed(2)} ms), ${v.misattributed} misattributed (${v.backgroundAsForeground} background taken for foreground), ${v.backgroundInInterval} background started inside an interval`,
    `  drive          ${r.drive.commands} commands, busy ${r.drive.busyS.toFixed(3)} s`,
    `  guest          ${r.guest.requests} requests from ${r.guest.bios} bios, CPU busy ${r.guest.cpuBusyS.toFixed(3)} s, ${r.guest.contextSwitches} context switches, ${r.guest.pageCacheEvictions} page-cache evictions`,
    `  dom0           ${r.dom0.requests} requests (${r.dom0.backMerges} back merges), backend CPU busy ${r.dom0.backendBusyS.toFixed(3)} s`,
    `  engine         ${r.events} events, ${r.simulatedS.toFixed(3)} simulated s in ${wallS.toFixed(2)} s wall`,
  ].join("\n");
}

function readIoTrace(x: StorageExports, s: StorageScenario): IoTrace {
  const n = x.iologRows();
  const v = memView(BigInt64Array, x, x.iologPointer(), n * IOLOG_FIELDS);
  const names = new Map<number, string>(s.processes.map((p, i) => [i + 1, p.name.slice(0, 15)]));
  names.set(XENBLKD_PID, "xenblkd");
  const devices: BlockTraceDevice[] = DEVICES.map((d) => ({ ...d, events: [], processNames: names }));
  for (let i = 0; i < n; i++) {
    const f = (k: number) => Number(v[i * IOLOG_FIELDS + k]);
    const action = ACTIONS[f(2)];
    if (!action) continue;
    const unplug = action === "U" || action === "T";
    const e: BlockTraceEvent = {
      timeNs: f(0), action, sector: unplug || action === "P" ? 0 : f(3), bytes: unplug || action === "P" ? 0 : f(4) * 512,
      pid: f(5) + 1, write: (f(6) & 1) !== 0, sync: (f(6) & 2) !== 0, ...(unplug ? { requests: f(4) } : {}),
    };
    devices[f(1)]!.events.push(e);
  }
  return { devices, truncated: x.iologTruncated() !== 0 };
}
