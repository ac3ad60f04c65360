// One storage run (seed 001 §5's testbed) on the machine layer: a host (its VMM, dom0's backend
// CPU, dom0's queue and the 2006 drive) and one VM on it (a guest with its processes, page cache,
// CPU and block queue, and its virtual disk — a device of vmm/device.ts — under the VMM's disk
// policy). The host describes it (storageInit, storageAddProcess), then runs it until every
// process has exited and the guest's I/O has drained (storageRun says why).
// Everything is allocated in storageInit/storageAddProcess; storageRun allocates nothing.
import { setNow, now, NEVER } from "../engine/clock";
import { rngSeed, rngUniform, STREAM_PHASE } from "../engine/rng";
import { queueInit } from "../engine/queue";
import { runLoop, loopReset, eventsExecuted, KEEP_GOING, RUN_DONE } from "../engine/loop";
import { dispatchReset, dispatchEvent } from "../engine/dispatch";
import { timersInit, timerRange, timerSet } from "../engine/timer";
import { blockInit, blockTimers, queueCreate, RequestQueue } from "../block/queue";
import { elevatorCount } from "../block/registry";
import { requestPoolExhausted } from "../block/request";
import { iologInit, QueueLogger } from "../block/iolog";
import { Drive, drive2006 } from "../dev/drive";
import { pageCacheInit, pageCacheEvictions, PAGE_BYTES } from "../guest/pagecache";
import { mpageInit, pageEndIo, MAX_PROCS, mpageBios } from "../guest/mpage";
import { filesReset, fileCreate } from "../guest/files";
import { Fs } from "../fs/fs";
import { linuxTree } from "../fs/linux-tree";
import { fsFileCount, fsDirCount, fsFileBytes } from "../fs/fs";
import { schedInit, schedTimer, schedSwitches, schedBusyNs } from "../guest/sched";
import {
  processesInit, processAdd, processStep, processStartTimer, processWake, processIsBackground, processCount,
  processesDone, processStat, WL_SEQUENTIAL, WL_GREP, WL_UPDATEDB,
} from "../guest/process";
import { vdiskInit, vdiskQueues, vdiskCr3Write, vdiskNotification, vdiskStat, blkfront, ata2006, blkbackEndIo } from "../vmm/vdisk";
import { diskPolicyCount } from "../vmm/vdisk-policies";
import { machinesReset, machineAddHost, machineAddVm } from "../machine/machines";
import { devicesReset, backendOnHost, vcpuOfVm, backendBusyNs, WAKE_EXPONENTIAL, WAKE_UNIFORM } from "../vmm/device";
import { PI_FROM_COMPLETION, PI_FROM_ISSUE } from "../vmm/vdisk-policy";

export const STORAGE_ERR_CONFIG: i32 = -3;
const REQUESTS: i32 = 1024; // both queues' nr_requests · 3/2 per direction, with room
const BIOS: i32 = 16384;
// The guest's file system when it holds Linux trees: 4 GiB, a common size for a 2006 Xen guest's
// root image (our choice; the paper does not say). Each tree is a top-level directory of its own.
const FS_BYTES: i64 = 4 << 30;
const MAX_TREES: i32 = 4;
const treeRoot = new StaticArray<i32>(MAX_TREES);
// each copy's size as its walkers count it: the entries below its root, and the data pages grep reads
const treeEntries = new StaticArray<i64>(MAX_TREES);
const treePages = new StaticArray<i64>(MAX_TREES);
// each process's work in all, in the units it counts (pages read + entries walked): its progress
const pWork = new StaticArray<i64>(MAX_PROCS);
let trees: i32 = 0;

let host: i32 = -1;
let guestQ: RequestQueue | null = null;
let dom0Q: RequestQueue | null = null;
let notifyTimer0: i32 = 0;
let notifyDelayNs: i64 = 0;
let stopAt: i64 = NEVER;
let started: bool = false;

// a whole number in [0, n), from the phase stream
function below(n: i64): i64 {
  return min(<i64>(rngUniform(STREAM_PHASE) * <f64>n), n - 1);
}

function truthBackground(ioc: i32): bool {
  return ioc >= 0 && ioc < processCount() && processIsBackground(ioc);
}
// The preloaded library's message leaves before main() runs: with no delay it is there before the
// process's first request.
function onProcessStart(p: i32): void {
  if (!processIsBackground(p)) return;
  if (notifyDelayNs == 0) vdiskNotification();
  else timerSet(notifyTimer0 + p, now() + notifyDelayNs);
}
function onProcessExit(p: i32): void {
  guestQ!.exitIoc(p);
}
function notifyArrives(local: i32): void {
  vdiskNotification();
}

// A run: elevators by registry id (block/registry.ts) for the guest's queue and dom0's, both
// kernels' HZ, the disk policy (vmm/vdisk-policies.ts) with its preemption interval and where it
// starts (0 a foreground completion, 1 its issue), the delay of the background notification, the
// page cache's pages, where the guest's partition begins on the drive, the guest interrupt's
// delay (the vCPU's wake-up: its mean and distribution, vmm/device.ts WAKE_*), dom0's backend CPU
// per request each way and its scheduling period (vmm/device.ts), a time limit (0: none), and room
// for so many I/O-log records (block/iolog.ts; 0: off). Returns 0, or STORAGE_ERR_CONFIG for a value out of range.
export function storageInit(seed: u64, guestElevator: i32, dom0Elevator: i32, guestHz: i32, dom0Hz: i32, policy: i32,
  intervalNs: i64, intervalFrom: i32, notifyNs: i64, cachePages: i32, partitionSector: i64, irqNs: i64, irqDist: i32, backendCostNs: i64, backendPeriodNs: i64,
  stopAtNs: i64, iologCapacity: i32, linuxTrees: i32, fsSeed: u64): i32 {
  const n = elevatorCount();
  if (guestElevator < 0 || guestElevator >= n || dom0Elevator < 0 || dom0Elevator >= n) return STORAGE_ERR_CONFIG;
  if (guestHz <= 0 || 1000 % guestHz != 0 || dom0Hz <= 0 || 1000 % dom0Hz != 0) return STORAGE_ERR_CONFIG;
  if (policy < 0 || policy >= diskPolicyCount() || intervalNs < 0 || (intervalFrom != PI_FROM_COMPLETION && intervalFrom != PI_FROM_ISSUE)) return STORAGE_ERR_CONFIG;
  if (notifyNs < 0 || cachePages < 64 || partitionSector < 0 || irqNs < 0 || stopAtNs < 0 || iologCapacity < 0) return STORAGE_ERR_CONFIG;
  if (backendCostNs < 0 || backendPeriodNs < 0 || irqDist < WAKE_EXPONENTIAL || irqDist > WAKE_UNIFORM) return STORAGE_ERR_CONFIG;
  if (linuxTrees < 0 || linuxTrees > MAX_TREES) return STORAGE_ERR_CONFIG;
  __collect(); // the last run's arrays (assembly/sim.ts simInit says why here)
  setNow(0);
  rngSeed(seed); // the clocks' phases (STREAM_PHASE) and the vCPU's wake-ups (STREAM_VIRT); each process seeds its own stream
  queueInit(4096);
  dispatchReset();
  loopReset();
  timersInit(blockTimers(2) + 1 + 2 * MAX_PROCS + 2);
  machinesReset(0);
  host = machineAddHost();
  const vm = machineAddVm(host);
  devicesReset();
  backendOnHost(host, backendPeriodNs); // the first core of the run: always there
  vcpuOfVm(vm, irqNs, irqDist);
  blockInit(2, REQUESTS, BIOS);
  guestQ = queueCreate(guestHz, guestElevator, blkfront, pageEndIo);
  dom0Q = queueCreate(dom0Hz, dom0Elevator, ata2006, blkbackEndIo);
  // Where the run's t = 0 falls on each of the testbed's clocks, drawn from the run's seed: the
  // guest's and dom0's tick grids (two kernels, not aligned with each other) and the spindle's turn.
  // So runs of one scenario under other seeds are replications, as repeated runs on a real host.
  guestQ!.tickPhaseNs = below(1_000_000_000 / <i64>guestHz);
  dom0Q!.tickPhaseNs = below(1_000_000_000 / <i64>dom0Hz);
  const drive = new Drive(drive2006());
  drive.geo.spindleOffsetNs = below(drive.geo.phasePeriodNs);
  vdiskQueues(guestQ!, dom0Q!);
  iologInit(iologCapacity);
  if (iologCapacity > 0) {
    const logger = new QueueLogger();
    guestQ!.observer = logger;
    dom0Q!.observer = logger;
  }
  pageCacheInit(cachePages);
  mpageInit(guestQ!, processWake, BIOS);
  trees = linuxTrees;
  if (linuxTrees > 0) {
    // copies of the tree written one after another (tar x), each under its own directory
    const fs = new Fs(FS_BYTES, fsSeed);
    for (let t = 0; t < linuxTrees; t++) {
      const files0 = fsFileCount(fs);
      const dirs0 = fsDirCount(fs);
      unchecked((treeRoot[t] = linuxTree(fs, 0, fsSeed + <u64>t)));
      let pages: i64 = 0;
      for (let f = files0; f < fsFileCount(fs); f++) pages += (fsFileBytes(fs, f) + PAGE_BYTES - 1) / PAGE_BYTES;
      unchecked((treeEntries[t] = <i64>(fsFileCount(fs) - files0) + <i64>(fsDirCount(fs) - dirs0 - 1))); // its root is not an entry below it
      unchecked((treePages[t] = pages));
    }
    filesReset(fs);
  } else {
    filesReset(null);
  }
  schedInit(processStep, vdiskCr3Write, timerRange(1, schedTimer), guestHz, guestQ!.tickPhaseNs);
  processesInit(timerRange(MAX_PROCS, processStartTimer), onProcessStart, onProcessExit);
  notifyTimer0 = timerRange(MAX_PROCS, notifyArrives);
  notifyDelayNs = notifyNs;
  if (!vdiskInit(vm, backendCostNs, policy, intervalNs, intervalFrom, drive, partitionSector, truthBackground)) return STORAGE_ERR_CONFIG;
  stopAt = stopAtNs > 0 ? stopAtNs : NEVER;
  started = false;
  return 0;
}

// A process (guest/process.ts): sequential or random reads of a file of its own of `fileBytes`
// (whole pages, laid out after the previous process's file), or grep / updatedb over Linux tree
// copy `tree`. Returns its id, or STORAGE_ERR_CONFIG.
export function storageAddProcess(workload: i32, fileBytes: i64, tree: i32, background: bool, startNs: i64, ops: i64, readBytes: i64,
  cpuPerReadNs: i64, cpuPerPageNs: i64, cpuPerEntryNs: i64, ioprio: i32, seed: u64): i32 {
  if (started || workload < WL_SEQUENTIAL || workload > WL_UPDATEDB || startNs < 0) return STORAGE_ERR_CONFIG;
  if (ops < 0 || readBytes < PAGE_BYTES || readBytes > 128 * PAGE_BYTES || cpuPerReadNs < 0 || cpuPerPageNs < 0 || cpuPerEntryNs < 0) return STORAGE_ERR_CONFIG;
  let f: i32;
  let work: i64;
  if (workload >= WL_GREP) {
    if (tree < 0 || tree >= trees) return STORAGE_ERR_CONFIG;
    f = unchecked(treeRoot[tree]);
    work = unchecked(treeEntries[tree]) + (workload == WL_GREP ? unchecked(treePages[tree]) : 0);
  } else {
    if (fileBytes < PAGE_BYTES) return STORAGE_ERR_CONFIG;
    const pages = fileBytes / PAGE_BYTES;
    f = fileCreate(pages);
    if (f < 0) return STORAGE_ERR_CONFIG;
    // a random read is cut at the file's end (process.ts nextRead)
    work = workload == WL_SEQUENTIAL ? pages : ops * min(readBytes / PAGE_BYTES, pages);
  }
  const p = processAdd(workload, f, background, startNs, ops, readBytes, cpuPerReadNs, cpuPerPageNs, cpuPerEntryNs, ioprio, seed);
  if (p < 0) return STORAGE_ERR_CONFIG;
  unchecked((pWork[p] = work));
  return p;
}

// The run ends when every process has exited AND the guest's reads have drained. A process may
// exit with readahead still in flight (it never waits on those pages); a real host goes on serving
// that command: the drive finishes it, dom0 and the VMM complete it, the guest's interrupt ends the
// bio. Ending at the last exit instead cut that chain in the middle, so the VMM and drive had counted
// a request the guest had not completed, and the drive's busy time (charged when a command starts)
// ran past the end of the run. Every guest bio comes from the page cache (guest/mpage.ts) and is
// completed only after all the layers below it, so "submitted = completed on the guest's queue" is
// the one count that says nothing is in flight anywhere (ring, VMM hold, dom0, drive, interrupt).
// Processes' finish times do not change; the run's end time is the later drained time.
function guestIoDrained(): bool {
  return mpageBios() == guestQ!.biosCompleted;
}
function runOver(): bool {
  return processesDone() == processCount() && guestIoDrained();
}
function onEvent(kind: i32, arg: i32): i32 {
  dispatchEvent(kind, arg);
  return runOver() ? RUN_DONE : KEEP_GOING;
}

// Run up to `budget` events; RUN_DONE when every process has exited and the guest's I/O has
// drained (or the time limit passed: then I/O may still be in flight), RUN_MORE to be called again.
export function storageRun(budget: i64): i32 {
  started = true;
  if (runOver()) return RUN_DONE;
  return runLoop(budget, stopAt, onEvent);
}

// Run statistics by id (host/storage/simulate.ts StorageStat names them): 0 now (ns), 1 events, 2 VMM requests
// seen, 3 held, 4 misattributed, 5 background taken for foreground, 6 background started inside an
// active interval, 7 drive commands, 8 drive busy ns, 9 drive overlaps, 10 ns held in the VMM,
// 11 guest context switches, 12 guest CPU busy ns, 13 page-cache evictions, 14 guest bios,
// 15 request pool exhausted (0/1), 16 guest queue back merges, 17 dom0 queue back merges,
// 18 guest requests completed, 19 dom0 requests completed, 20 dom0's backend CPU busy ns.
export function storageStat(stat: i32): f64 {
  switch (stat) {
    case 0: return <f64>now();
    case 1: return <f64>eventsExecuted();
    case 2: return <f64>vdiskStat(0);
    case 3: return <f64>vdiskStat(1);
    case 4: return <f64>vdiskStat(2);
    case 5: return <f64>vdiskStat(3);
    case 6: return <f64>vdiskStat(4);
    case 7: return <f64>vdiskStat(5);
    case 8: return <f64>vdiskStat(6);
    case 9: return <f64>vdiskStat(7);
    case 10: return <f64>vdiskStat(8);
    case 11: return <f64>schedSwitches();
    case 12: return <f64>schedBusyNs();
    case 13: return <f64>pageCacheEvictions();
    case 14: return <f64>mpageBios();
    case 15: return requestPoolExhausted() ? 1 : 0;
    case 16: return <f64>guestQ!.backMerges;
    case 17: return <f64>dom0Q!.backMerges;
    case 18: return <f64>guestQ!.requestsCompleted;
    case 19: return <f64>dom0Q!.requestsCompleted;
    case 20: return <f64>backendBusyNs(host);
  }
  return NaN;
}

// Process p's statistics: 0 start ns, 1 finish ns (-1: still running), 2 reads, 3 pages read,
// 4 sleeps on a page, 5 directory entries walked, 6 the pages and entries it reads in all (3 + 5
// once it has exited: its progress is (3 + 5) / 6).
export function storageProcessStat(p: i32, stat: i32): f64 {
  if (p < 0 || p >= processCount()) return NaN;
  if (stat == 6) return <f64>unchecked(pWork[p]);
  return <f64>processStat(p, stat);
}
