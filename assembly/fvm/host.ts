// The host of seed 003 §5 as an event model, and its ABI: the configuration (parameters and VMs),
// the start of a run, the run loop's event dispatch and the results. The parts, each in its file:
// the VMs (vm.ts), their workloads (workload.ts), FVM's control inside them (mpl.ts, with
// monitor.ts and controller.ts), their virtual clocks (vclock.ts), the host CPU (cpu.ts), host
// memory and its pager (memory.ts) on the host's disk (dev/disk.ts), and the measurements (stats.ts).
import { setNow, now } from "../engine/clock";
import { queueInit } from "../engine/queue";
import { runLoop, loopReset, eventsExecuted, KEEP_GOING } from "../engine/loop";
import { rngSeed } from "../engine/rng";
import { diskInit, diskComplete, diskBusyNs } from "../dev/disk";
import { memoryInit, residentChunks, faults, evictions, zeroFills } from "./memory";
import { monitorInit, monitorEwma, monitorLastR } from "./monitor";
import { controllerInit, controllerLimit, controllerRate } from "./controller";
import { FvmEvent } from "./kinds";
import { FvmStat, FvmVmStat } from "../abi/stats";
import { vmReset, vmAdd, vmStart, vmThreadsTotal, vmCount, web, fvm, vmState, active, suspended, VM_IDLE } from "./vm";
import { workloadInit, workloadStartVm, requestArrives } from "./workload";
import { mplInit, applyLimit } from "./mpl";
import { vclockInit, vclockStartVm, vclockTick } from "./vclock";
import { cpuInit, cpuWake, cpuDone, cpuBusyNs, switches } from "./cpu";
import {
  statsInit, statsStartSeries, sample, seriesStride, series, seriesRows, doneWin, ticksWin, vctSumWin, controlSteps,
  decreases, sleptNs, maxExcess, rateAboveMpl1,
} from "./stats";
import {
  params, param, paramNs, P_TICK_NS, P_HOST_SLICE_NS, P_GUEST_SLICE_NS, P_SWITCH_NS, P_FRAMES, P_READ_NS, P_WRITE_NS,
  P_VM_CHUNKS, P_THREAD_CHUNKS, P_WORK_NS, P_THINK_NS, P_WORKLOAD, P_FVM, P_TC_NS, P_WINDOW, P_GAMMA, P_H,
  P_INITIAL_LIMIT, P_AI_THREADS, P_AI_RATE_HZ, P_MD, P_RELEASE_HZ, P_STOP_NS, P_WARMUP_NS, P_SAMPLE_NS, P_LRU_SAMPLES,
  P_CHUNK_BYTES,
} from "./params";

export const FVM_ERR_CONFIG: i32 = -3; // fvmRun's other statuses are engine/loop.ts's

const WORK_BENCH: i32 = 0;

let stopAt: i64 = 0;

export function fvmParam(id: i32, value: f64): void {
  if (id >= 0 && id < params.length) unchecked((params[id] = value));
}

export function fvmReset(): void {
  __collect(); // the last run's arrays (assembly/sim.ts simInit says why here)
  vmReset();
}

export function fvmAddVm(threads: i32): i32 {
  return vmAdd(threads);
}

// Allocate the run's state and schedule its first events.
export function fvmStart(seed: u64): i32 {
  const V = vmCount;
  if (V < 1 || param(P_FRAMES) < 2 || param(P_TICK_NS) < 1 || param(P_HOST_SLICE_NS) < 1 || param(P_GUEST_SLICE_NS) < 1 || param(P_WORK_NS) < 1 || param(P_TC_NS) < 1 || param(P_WINDOW) < 1 || param(P_CHUNK_BYTES) < 1) return FVM_ERR_CONFIG;
  setNow(0);
  rngSeed(seed);
  stopAt = paramNs(P_STOP_NS);
  const T = vmThreadsTotal();
  const vmChunks = <i32>param(P_VM_CHUNKS);
  const threadChunks = <i32>param(P_THREAD_CHUNKS);
  const chunkBytes = paramNs(P_CHUNK_BYTES);
  loopReset();
  statsInit(V, paramNs(P_WARMUP_NS), paramNs(P_SAMPLE_NS));
  cpuInit(V, paramNs(P_HOST_SLICE_NS), max(1, <i32>Math.round(param(P_GUEST_SLICE_NS) / param(P_TICK_NS))), paramNs(P_SWITCH_NS), stopAt);
  vclockInit(paramNs(P_TICK_NS), paramNs(P_TC_NS));
  mplInit(param(P_H));
  workloadInit(V, T, paramNs(P_WORK_NS), paramNs(P_THINK_NS));
  // the host's disk; its only client here is the pager, with at most one fault per (stalled) VM
  diskInit(FvmEvent.DiskDone, V, chunkBytes, paramNs(P_READ_NS), paramNs(P_WRITE_NS));
  memoryInit(V * vmChunks + T * threadChunks, <i32>param(P_FRAMES), chunkBytes, <i32>param(P_LRU_SAMPLES));
  monitorInit(V, param(P_GAMMA), <i32>param(P_WINDOW));
  controllerInit(V, <i32>param(P_INITIAL_LIMIT), <i32>param(P_AI_THREADS), param(P_AI_RATE_HZ), param(P_MD), param(P_RELEASE_HZ));
  queueInit(4 * V + T + 16);
  vmStart(param(P_WORKLOAD) != <f64>WORK_BENCH, param(P_FVM) != 0, vmChunks, threadChunks);

  for (let v = 0; v < V; v++) {
    workloadStartVm(v);
    vclockStartVm(v);
  }
  if (!web)
    for (let v = 0; v < V; v++) {
      applyLimit(v);
      cpuWake(v);
    }
  statsStartSeries(stopAt);
  return 0;
}

// web: a session's request arrives; it may give an idle VM a thread to run.
function onRequest(s: i32): void {
  const v = requestArrives(s);
  applyLimit(v);
  if (unchecked(vmState[v]) == VM_IDLE) cpuWake(v);
}

// One event of the FVM host simulation (engine/loop.ts calls it).
function onEvent(kind: i32, arg: i32): i32 {
  switch (kind) {
    case FvmEvent.Tick:
      if (vclockTick(arg)) cpuWake(arg);
      break;
    case FvmEvent.CpuDone:
      cpuDone(arg);
      break;
    case FvmEvent.DiskDone:
      cpuWake(diskComplete()); // the VM whose fault was served
      break;
    case FvmEvent.Wake:
      cpuWake(arg);
      break;
    case FvmEvent.Request:
      onRequest(arg);
      break;
    case FvmEvent.Sample:
      sample();
      break;
  }
  return KEEP_GOING;
}

export function fvmRun(maxEvents: i64): i32 {
  return runLoop(maxEvents, stopAt, onEvent);
}

// --- results (ids: abi/stats.ts FvmVmStat and FvmStat, declared again in host/core-fvm.ts) ---
export function fvmVmStat(v: i32, stat: i32): f64 {
  switch (stat) {
    case FvmVmStat.doneInWindow: return <f64>unchecked(doneWin[v]);
    case FvmVmStat.ticksInWindow: return <f64>unchecked(ticksWin[v]);
    case FvmVmStat.vctSumNsInWindow: return unchecked(vctSumWin[v]);
    case FvmVmStat.limit: return fvm ? <f64>controllerLimit(v) : -1;
    case FvmVmStat.rateHz: return fvm ? controllerRate(v) : 0;
    case FvmVmStat.active: return <f64>unchecked(active[v]);
    case FvmVmStat.suspended: return <f64>unchecked(suspended[v]);
    case FvmVmStat.controlSteps: return <f64>unchecked(controlSteps[v]);
    case FvmVmStat.decreases: return <f64>unchecked(decreases[v]);
    case FvmVmStat.sleptNs: return <f64>unchecked(sleptNs[v]);
    case FvmVmStat.vctEwmaNs: return monitorEwma(v);
    case FvmVmStat.lastR: return monitorLastR(v);
  }
  return NaN;
}

export function fvmStat(stat: i32): f64 {
  switch (stat) {
    case FvmStat.events: return <f64>eventsExecuted();
    case FvmStat.nowNs: return <f64>now();
    case FvmStat.cpuBusyNs: return <f64>cpuBusyNs;
    case FvmStat.diskFaults: return <f64>faults;
    case FvmStat.evictions: return <f64>evictions;
    case FvmStat.diskBusyNs: return <f64>diskBusyNs;
    case FvmStat.zeroFills: return <f64>zeroFills;
    case FvmStat.vmSwitches: return <f64>switches;
    case FvmStat.maxActiveOverLimit: return fvm ? <f64>maxExcess : NaN;
    case FvmStat.rateStepsAboveMpl1: return <f64>rateAboveMpl1;
    case FvmStat.residentChunks: return <f64>residentChunks();
  }
  return NaN;
}

export function fvmSeriesPointer(): usize {
  return changetype<usize>(series);
}
export function fvmSeriesRows(): i32 {
  return seriesRows;
}
export function fvmSeriesStride(): i32 {
  return seriesStride();
}
