// The host of seed 003 §5 as an event model: one CPU shared round-robin by VMs, host memory with
// global LRU and a paging disk (memory.ts), and VMs made of threads. Each VM is a single virtual CPU
// (a UML guest runs one of its threads at a time, and a host page fault of that thread stalls the
// whole VM). Each VM's virtual clock ticks at a fixed rate; a tick is delivered only when the VM can
// take it (it is on the CPU, or idle), so a VM that waits for the CPU or for the paging disk gets
// its pending tick late: VCT is the real time between two delivered ticks (§2.1). FVM's monitor
// and controller (monitor.ts, controller.ts) run inside the VM, in its timer interrupt.
//
// Workloads: the memory benchmark of §5.1 (each thread loops on a work unit over its own 1 MB
// buffer) and the web server of §5.2 (closed-loop sessions; each request forks a CGI thread that
// touches 1 MB, computes and answers).
import { now, setNow } from "../engine/clock";
import { queueInit, queuePush, packEvent } from "../engine/queue";
import { runLoop, loopReset, eventsExecuted, KEEP_GOING } from "../engine/loop";
import { rngSeed, rngUniform, STREAM_WORKLOAD } from "../engine/rng";
import { memoryInit, chunkSetOwner, chunkAccess, diskDone, residentChunks, EV_FVM_DISK_DONE, faults, evictions, diskBusyNs, zeroFills } from "./memory";
import { monitorInit, monitorSample, monitorPeriodEnd, monitorEwma, monitorLastR } from "./monitor";
import { controllerInit, controllerStep, controllerLimit, controllerRate, RATE_OFF } from "./controller";
import {
  params, param, paramNs, P_TICK_NS, P_HOST_SLICE_NS, P_GUEST_SLICE_NS, P_SWITCH_NS, P_FRAMES, P_READ_NS, P_WRITE_NS,
  P_VM_CHUNKS, P_THREAD_CHUNKS, P_WORK_NS, P_THINK_NS, P_WORKLOAD, P_FVM, P_TC_NS, P_WINDOW, P_GAMMA, P_H,
  P_INITIAL_LIMIT, P_AI_THREADS, P_AI_RATE_HZ, P_MD, P_RELEASE_HZ, P_STOP_NS, P_WARMUP_NS, P_SAMPLE_NS, P_LRU_SAMPLES,
} from "./params";

export const FVM_ERR_CONFIG: i32 = -3; // fvmRun's other statuses are engine/loop.ts's

const MAX_VMS: i32 = 64;
export const SERIES_PER_VM: i32 = 5; // vct ms, work units/s, thread limit, rate Hz (0 = off), active threads

// Event kinds of this run loop (the engine's queue is shared; kinds are local to a loop).
const EV_CPU_DONE: i32 = 11;
const EV_TICK: i32 = 12; // arg: VM
// EV_FVM_DISK_DONE = 13 (memory.ts)
const EV_WAKE: i32 = 14; // arg: VM, end of a forced sleep
const EV_REQUEST: i32 = 15; // arg: session (web)
const EV_SAMPLE: i32 = 16;

const WORK_BENCH: i32 = 0;

// VM states. IDLE and RUNNING can take a clock tick at once; the others leave it pending.
const VM_IDLE: i32 = 0; // no runnable thread
const VM_READY: i32 = 1; // waiting for the host CPU
const VM_RUNNING: i32 = 2;
const VM_STALLED: i32 = 3; // waiting for the paging disk
const VM_SLEEPING: i32 = 4; // forced sleep (rate control)

// Thread states.
const T_ACTIVE: i32 = 0; // on its VM's run queue
const T_SUSPENDED: i32 = 1; // stopped by the controller, or (not yet) forked because of the limit
const T_FREE: i32 = 2; // web: an unused CGI slot

// --- configuration ---
let vmCount: i32 = 0;
const vmThreadsCfg = new StaticArray<i32>(MAX_VMS);
let web: bool = false;
let fvm: bool = false;
let stopAt: i64 = 0;
let warmupAt: i64 = 0;
let tickNs: i64 = 0;
let hostSliceNs: i64 = 0;
let guestSliceTicks: i32 = 0;
let switchNs: i64 = 0;
let workNs: i64 = 0;
let thinkNs: i64 = 0;
let tcNs: i64 = 0;
let threshold: f64 = 0;
let vmChunks: i32 = 0;
let threadChunks: i32 = 0;
let sampleNs: i64 = 0;

// --- VMs ---
let vmState = new StaticArray<i32>(0);
let tBase = new StaticArray<i32>(0); // first thread (and session) of each VM
let tCountV = new StaticArray<i32>(0);
let vmChunkBase = new StaticArray<i32>(0);
let rqHead = new StaticArray<i32>(0);
let rqTail = new StaticArray<i32>(0);
let active = new StaticArray<i32>(0);
let suHead = new StaticArray<i32>(0);
let suTail = new StaticArray<i32>(0);
let suspended = new StaticArray<i32>(0);
let freeTop = new StaticArray<i32>(0); // web: CGI slots free (stack in freeStack from tBase)
let reqHead = new StaticArray<i32>(0); // web: queued requests (ring in reqRing from tBase)
let reqLen = new StaticArray<i32>(0);
let curThread = new StaticArray<i32>(0);
let basePos = new StaticArray<i32>(0); // next chunk of the VM's own footprint to touch
let guestLeft = new StaticArray<i32>(0); // ticks left in the current thread's quantum
let hostLeft = new StaticArray<i64>(0);
let pendingTick = new StaticArray<bool>(0);
let discardNext = new StaticArray<bool>(0);
let lastTickAt = new StaticArray<i64>(0);
let nextControlAt = new StaticArray<i64>(0);
let controlDue = new StaticArray<bool>(0);
// statistics
let doneWin = new StaticArray<i64>(0); // work units completed after the warm-up
let ticksWin = new StaticArray<i64>(0);
let vctSumWin = new StaticArray<f64>(0);
let doneIv = new StaticArray<i64>(0); // in the current time-series interval
let ticksIv = new StaticArray<i64>(0);
let vctSumIv = new StaticArray<f64>(0);
let controlSteps = new StaticArray<i64>(0);
let decreases = new StaticArray<i64>(0);
let sleptNs = new StaticArray<i64>(0);

// --- threads (web: CGI slots; session s of a VM owns slot-space index s for its queue entry) ---
let tVm = new StaticArray<i32>(0);
let tState = new StaticArray<i32>(0);
let tPrev = new StaticArray<i32>(0);
let tNext = new StaticArray<i32>(0);
let tWork = new StaticArray<i64>(0);
let tSession = new StaticArray<i32>(0);
let tChunkBase = new StaticArray<i32>(0);
let freeStack = new StaticArray<i32>(0);
let reqRing = new StaticArray<i32>(0);

// --- host CPU ---
let hostQ = new StaticArray<i32>(0); // FIFO ring of READY VMs
let hqHead: i32 = 0;
let hqLen: i32 = 0;
let cpuVm: i32 = -1;
let lastOnCpu: i32 = -1;
let segLen: i64 = 0;
let cpuBusyNs: i64 = 0;
let switches: i64 = 0;

// --- invariants, checked as the run goes (read by the property tests) ---
let maxExcess: i32 = i32.MIN_VALUE; // max over time of active threads − limit
let rateAboveMpl1: i64 = 0; // control steps with rate control engaged while the limit is above 1

let series = new StaticArray<f64>(0);
let seriesRows: i32 = 0;
let seriesCap: i32 = 0;
let lastSampleAt: i64 = 0;

export function fvmParam(id: i32, value: f64): void {
  if (id >= 0 && id < params.length) unchecked((params[id] = value));
}

export function fvmReset(): void {
  vmCount = 0;
}

export function fvmAddVm(threads: i32): i32 {
  if (vmCount >= MAX_VMS || threads < 1) return -1;
  unchecked((vmThreadsCfg[vmCount] = threads));
  return vmCount++;
}

// Allocate the run's state and schedule its first events.
export function fvmStart(seed: u64): i32 {
  const V = vmCount;
  if (V < 1 || param(P_FRAMES) < 2 || param(P_TICK_NS) < 1 || param(P_HOST_SLICE_NS) < 1 || param(P_GUEST_SLICE_NS) < 1 || param(P_WORK_NS) < 1 || param(P_TC_NS) < 1 || param(P_WINDOW) < 1) return FVM_ERR_CONFIG;
  setNow(0);
  rngSeed(seed);
  web = param(P_WORKLOAD) != <f64>WORK_BENCH;
  fvm = param(P_FVM) != 0;
  stopAt = paramNs(P_STOP_NS);
  warmupAt = paramNs(P_WARMUP_NS);
  tickNs = paramNs(P_TICK_NS);
  hostSliceNs = paramNs(P_HOST_SLICE_NS);
  // the guest scheduler counts its quantum in timer ticks it has received (Linux 2.4: p->counter
  // drops by one per tick), so a VM that waits for the CPU or the disk gives its threads less CPU
  // per quantum, and a thrashing VM switches threads (and faults) more often per unit of work
  guestSliceTicks = max(1, <i32>Math.round(param(P_GUEST_SLICE_NS) / param(P_TICK_NS)));
  switchNs = paramNs(P_SWITCH_NS);
  workNs = paramNs(P_WORK_NS);
  thinkNs = paramNs(P_THINK_NS);
  tcNs = paramNs(P_TC_NS);
  threshold = param(P_H);
  vmChunks = <i32>param(P_VM_CHUNKS);
  threadChunks = <i32>param(P_THREAD_CHUNKS);
  sampleNs = paramNs(P_SAMPLE_NS);

  let T = 0;
  for (let v = 0; v < V; v++) T += unchecked(vmThreadsCfg[v]);
  allocate(V, T);
  const chunks = V * vmChunks + T * threadChunks;
  memoryInit(chunks, <i32>param(P_FRAMES), V, paramNs(P_READ_NS), paramNs(P_WRITE_NS), <i32>param(P_LRU_SAMPLES));
  monitorInit(V, param(P_GAMMA), <i32>param(P_WINDOW));
  controllerInit(V, <i32>param(P_INITIAL_LIMIT), <i32>param(P_AI_THREADS), param(P_AI_RATE_HZ), param(P_MD), param(P_RELEASE_HZ));
  queueInit(4 * V + T + 16);

  let c = 0;
  let t = 0;
  for (let v = 0; v < V; v++) {
    const n = unchecked(vmThreadsCfg[v]);
    unchecked((tBase[v] = t));
    unchecked((tCountV[v] = n));
    unchecked((vmChunkBase[v] = c));
    for (let k = 0; k < vmChunks; k++) chunkSetOwner(c++, v);
    for (let k = 0; k < n; k++) {
      unchecked((tVm[t] = v));
      unchecked((tChunkBase[t] = c));
      for (let j = 0; j < threadChunks; j++) chunkSetOwner(c++, v);
      t++;
    }
  }
  for (let v = 0; v < V; v++) {
    const b = unchecked(tBase[v]);
    const n = unchecked(tCountV[v]);
    if (web) {
      // every slot free (stack top = lowest index); httperf opens the sessions over the first think
      // time (uniformly at random), not all in the same instant
      for (let k = 0; k < n; k++) {
        unchecked((tState[b + k] = T_FREE));
        unchecked((freeStack[b + k] = b + n - 1 - k));
        queuePush(<i64>(rngUniform(STREAM_WORKLOAD) * <f64>thinkNs), packEvent(EV_REQUEST, b + k));
      }
      unchecked((freeTop[v] = n));
    } else {
      // the benchmark forks its threads at once; forks over the limit wait (suspended) until allowed
      for (let k = 0; k < n; k++) {
        unchecked((tState[b + k] = T_SUSPENDED));
        unchecked((tWork[b + k] = workNs));
        listPush(suHead, suTail, v, b + k);
      }
      unchecked((suspended[v] = n));
    }
    // clocks out of phase, so VMs do not all tick at the same instant (fixed, deterministic offsets)
    const phase = (tickNs * <i64>v) / <i64>V;
    unchecked((lastTickAt[v] = 0));
    unchecked((nextControlAt[v] = tcNs));
    queuePush(phase + tickNs, packEvent(EV_TICK, v));
  }
  if (!web)
    for (let v = 0; v < V; v++) {
      applyLimit(v);
      makeReadyOrIdle(v);
    }
  if (sampleNs > 0) {
    seriesCap = <i32>(stopAt / sampleNs) + 2;
    series = new StaticArray<f64>(seriesCap * (1 + SERIES_PER_VM * V));
    queuePush(sampleNs, packEvent(EV_SAMPLE, 0));
  }
  return 0;
}

function allocate(V: i32, T: i32): void {
  vmState = new StaticArray<i32>(V);
  tBase = new StaticArray<i32>(V);
  tCountV = new StaticArray<i32>(V);
  vmChunkBase = new StaticArray<i32>(V);
  rqHead = filled(V, -1);
  rqTail = filled(V, -1);
  active = new StaticArray<i32>(V);
  suHead = filled(V, -1);
  suTail = filled(V, -1);
  suspended = new StaticArray<i32>(V);
  freeTop = new StaticArray<i32>(V);
  reqHead = new StaticArray<i32>(V);
  reqLen = new StaticArray<i32>(V);
  curThread = filled(V, -1);
  basePos = new StaticArray<i32>(V);
  guestLeft = new StaticArray<i32>(V);
  hostLeft = new StaticArray<i64>(V);
  pendingTick = new StaticArray<bool>(V);
  discardNext = new StaticArray<bool>(V);
  lastTickAt = new StaticArray<i64>(V);
  nextControlAt = new StaticArray<i64>(V);
  controlDue = new StaticArray<bool>(V);
  doneWin = new StaticArray<i64>(V);
  ticksWin = new StaticArray<i64>(V);
  vctSumWin = new StaticArray<f64>(V);
  doneIv = new StaticArray<i64>(V);
  ticksIv = new StaticArray<i64>(V);
  vctSumIv = new StaticArray<f64>(V);
  controlSteps = new StaticArray<i64>(V);
  decreases = new StaticArray<i64>(V);
  sleptNs = new StaticArray<i64>(V);
  tVm = new StaticArray<i32>(T);
  tState = new StaticArray<i32>(T);
  tPrev = filled(T, -1);
  tNext = filled(T, -1);
  tWork = new StaticArray<i64>(T);
  tSession = filled(T, -1);
  tChunkBase = new StaticArray<i32>(T);
  freeStack = new StaticArray<i32>(T);
  reqRing = new StaticArray<i32>(T);
  hostQ = new StaticArray<i32>(V);
  hqHead = 0;
  hqLen = 0;
  cpuVm = -1;
  lastOnCpu = -1;
  segLen = 0;
  cpuBusyNs = 0;
  switches = 0;
  maxExcess = i32.MIN_VALUE;
  rateAboveMpl1 = 0;
  loopReset();
  seriesRows = 0;
  seriesCap = 0;
  lastSampleAt = 0;
}

function filled(n: i32, value: i32): StaticArray<i32> {
  const a = new StaticArray<i32>(n);
  for (let i = 0; i < n; i++) unchecked((a[i] = value));
  return a;
}

// --- intrusive thread lists (run queue and suspended list of each VM) ---
function listPush(head: StaticArray<i32>, tail: StaticArray<i32>, v: i32, t: i32): void {
  const last = unchecked(tail[v]);
  unchecked((tPrev[t] = last));
  unchecked((tNext[t] = -1));
  if (last >= 0) unchecked((tNext[last] = t));
  else unchecked((head[v] = t));
  unchecked((tail[v] = t));
}

function listRemove(head: StaticArray<i32>, tail: StaticArray<i32>, v: i32, t: i32): void {
  const p = unchecked(tPrev[t]);
  const n = unchecked(tNext[t]);
  if (p >= 0) unchecked((tNext[p] = n));
  else unchecked((head[v] = n));
  if (n >= 0) unchecked((tPrev[n] = p));
  else unchecked((tail[v] = p));
  unchecked((tPrev[t] = -1));
  unchecked((tNext[t] = -1));
}

// The k-th thread of a list (k < its length).
function listAt(head: StaticArray<i32>, v: i32, k: i32): i32 {
  let t = unchecked(head[v]);
  for (let i = 0; i < k; i++) t = unchecked(tNext[t]);
  return t;
}

function randomIndex(n: i32): i32 {
  return min(n - 1, <i32>(rngUniform(STREAM_WORKLOAD) * <f64>n));
}

// --- MPL control: suspend / resume randomly chosen threads, refuse forks over the limit (§4) ---
@inline function limitOf(v: i32): i32 {
  return fvm ? controllerLimit(v) : i32.MAX_VALUE;
}

function activate(v: i32, t: i32): void {
  unchecked((tState[t] = T_ACTIVE));
  listPush(rqHead, rqTail, v, t);
  unchecked((active[v] = active[v] + 1));
}

function applyLimit(v: i32): void {
  const lim = limitOf(v);
  while (unchecked(active[v]) > lim) {
    const t = listAt(rqHead, v, randomIndex(unchecked(active[v])));
    listRemove(rqHead, rqTail, v, t);
    unchecked((active[v] = active[v] - 1));
    unchecked((tState[t] = T_SUSPENDED));
    listPush(suHead, suTail, v, t);
    unchecked((suspended[v] = suspended[v] + 1));
  }
  while (unchecked(active[v]) < lim) {
    if (unchecked(suspended[v]) > 0) {
      const t = listAt(suHead, v, randomIndex(unchecked(suspended[v])));
      listRemove(suHead, suTail, v, t);
      unchecked((suspended[v] = suspended[v] - 1));
      activate(v, t);
    } else if (web && unchecked(reqLen[v]) > 0 && unchecked(freeTop[v]) > 0) {
      const b = unchecked(tBase[v]);
      const s = unchecked(reqRing[b + reqHead[v]]);
      unchecked((reqHead[v] = (reqHead[v] + 1) % tCountV[v]));
      unchecked((reqLen[v] = reqLen[v] - 1));
      fork(v, s);
    } else break;
  }
  checkLimit(v);
}

function checkLimit(v: i32): void {
  if (!fvm) return;
  const excess = unchecked(active[v]) - controllerLimit(v);
  if (excess > maxExcess) maxExcess = excess;
}

// web: a CGI thread for session s's request, in the most recently freed slot (the guest reuses hot
// pages first, so a slot's chunks stand for the memory the next CGI gets).
function fork(v: i32, s: i32): void {
  const b = unchecked(tBase[v]);
  const top = unchecked(freeTop[v]) - 1;
  unchecked((freeTop[v] = top));
  const t = unchecked(freeStack[b + top]);
  unchecked((tSession[t] = s));
  unchecked((tWork[t] = workNs));
  activate(v, t);
  checkLimit(v);
}

// web: the request joins the server's accept queue and gets a CGI thread if the limit allows.
function onRequest(s: i32): void {
  const v = unchecked(tVm[s]);
  const b = unchecked(tBase[v]);
  unchecked((reqRing[b + (reqHead[v] + reqLen[v]) % tCountV[v]] = s));
  unchecked((reqLen[v] = reqLen[v] + 1));
  applyLimit(v);
  if (unchecked(vmState[v]) == VM_IDLE) makeReadyOrIdle(v);
}

function workDone(v: i32, t: i32): void {
  if (now() >= warmupAt) unchecked((doneWin[v] = doneWin[v] + 1));
  unchecked((doneIv[v] = doneIv[v] + 1));
  if (!web) {
    unchecked((tWork[t] = workNs)); // the benchmark thread loops
    return;
  }
  // the CGI answers and exits; its session thinks, then asks again
  listRemove(rqHead, rqTail, v, t);
  unchecked((active[v] = active[v] - 1));
  unchecked((tState[t] = T_FREE));
  unchecked((freeStack[tBase[v] + freeTop[v]] = t));
  unchecked((freeTop[v] = freeTop[v] + 1));
  queuePush(now() + thinkNs, packEvent(EV_REQUEST, unchecked(tSession[t])));
  unchecked((tSession[t] = -1));
  unchecked((curThread[v] = -1));
  applyLimit(v);
}

// --- virtual clock, monitor and controller ---
function deliverTick(v: i32): void {
  const t = now();
  unchecked((pendingTick[v] = false));
  if (unchecked(discardNext[v])) {
    // the interval spans a forced sleep: the VM asked for that delay, it is no slowdown
    unchecked((discardNext[v] = false));
  } else {
    const x = <f64>(t - unchecked(lastTickAt[v]));
    monitorSample(v, x);
    if (t >= warmupAt) {
      unchecked((ticksWin[v] = ticksWin[v] + 1));
      unchecked((vctSumWin[v] = vctSumWin[v] + x));
    }
    unchecked((ticksIv[v] = ticksIv[v] + 1));
    unchecked((vctSumIv[v] = vctSumIv[v] + x));
  }
  unchecked((lastTickAt[v] = t));
  if (unchecked(vmState[v]) == VM_RUNNING && unchecked(curThread[v]) >= 0) unchecked((guestLeft[v] = guestLeft[v] - 1));
  if (t >= unchecked(nextControlAt[v])) {
    let nc = unchecked(nextControlAt[v]);
    while (nc <= t) nc += tcNs;
    unchecked((nextControlAt[v] = nc));
    unchecked((controlDue[v] = true));
    // on the CPU the handler finishes the current stretch of work first (see onCpuDone)
    if (unchecked(vmState[v]) == VM_IDLE) {
      control(v);
      if (unchecked(vmState[v]) == VM_IDLE && unchecked(active[v]) > 0) makeReadyOrIdle(v);
    }
  }
}

function onTick(v: i32): void {
  queuePush(now() + tickNs, packEvent(EV_TICK, v));
  const s = unchecked(vmState[v]);
  if (s == VM_IDLE || s == VM_RUNNING) deliverTick(v);
  else unchecked((pendingTick[v] = true)); // a pending timer signal: later ones coalesce into it
}

function control(v: i32): void {
  unchecked((controlDue[v] = false));
  const r = monitorPeriodEnd(v);
  if (!fvm) return;
  unchecked((controlSteps[v] = controlSteps[v] + 1));
  const lim = controllerLimit(v);
  const demand = unchecked(active[v]) + unchecked(suspended[v]) + (web ? unchecked(reqLen[v]) : 0);
  const congested = r > threshold;
  if (congested) unchecked((decreases[v] = decreases[v] + 1));
  controllerStep(v, congested, demand >= lim);
  const rate = controllerRate(v);
  if (rate != RATE_OFF && controllerLimit(v) > 1) rateAboveMpl1++;
  applyLimit(v);
  if (rate != RATE_OFF) {
    // rate control: the whole VM sleeps Ts = 1/rate now
    const ts = <i64>Math.round(1e9 / rate);
    unchecked((vmState[v] = VM_SLEEPING));
    unchecked((discardNext[v] = true));
    unchecked((sleptNs[v] = sleptNs[v] + ts));
    queuePush(now() + ts, packEvent(EV_WAKE, v));
  }
}

// --- host CPU ---
function makeReadyOrIdle(v: i32): void {
  if (unchecked(active[v]) > 0) {
    unchecked((vmState[v] = VM_READY));
    unchecked((hostQ[(hqHead + hqLen) % hostQ.length] = v));
    hqLen++;
    if (cpuVm < 0) dispatch();
  } else {
    unchecked((vmState[v] = VM_IDLE));
    if (unchecked(pendingTick[v])) deliverTick(v);
  }
}

function dispatch(): void {
  while (cpuVm < 0 && hqLen > 0) {
    const v = unchecked(hostQ[hqHead]);
    hqHead = (hqHead + 1) % hostQ.length;
    hqLen--;
    unchecked((vmState[v] = VM_RUNNING));
    cpuVm = v;
    if (unchecked(pendingTick[v])) deliverTick(v);
    if (unchecked(controlDue[v])) control(v);
    if (unchecked(vmState[v]) == VM_SLEEPING) {
      cpuVm = -1;
      continue;
    }
    guestResched(v);
    if (unchecked(active[v]) == 0) {
      unchecked((vmState[v] = VM_IDLE));
      cpuVm = -1;
      continue;
    }
    unchecked((hostLeft[v] = hostSliceNs));
    if (!startSegment(v)) cpuVm = -1;
  }
}

// Guest round robin: a thread whose quantum is used up goes to the back of its VM's run queue.
function guestResched(v: i32): void {
  const t = unchecked(curThread[v]);
  if (t < 0 || unchecked(guestLeft[v]) > 0) return;
  unchecked((curThread[v] = -1));
  if (unchecked(tState[t]) == T_ACTIVE && unchecked(rqHead[v]) == t) {
    listRemove(rqHead, rqTail, v, t);
    listPush(rqHead, rqTail, v, t);
  }
}

// Run VM v's current thread for its next stretch. Memory is touched as the work goes: each stretch
// touches the next chunk of the VM's own footprint (guest kernel and caches, swept in turn) and the
// chunk of the thread's buffer under its current work position (a work unit sweeps its buffer once,
// so a stretch never crosses a chunk boundary). A chunk that is not resident stalls the whole VM.
function startSegment(v: i32): bool {
  const t = unchecked(rqHead[v]);
  if (t != unchecked(curThread[v])) {
    unchecked((curThread[v] = t));
    unchecked((guestLeft[v] = guestSliceTicks));
  }
  if (vmChunks > 0) {
    if (!chunkAccess(unchecked(vmChunkBase[v]) + unchecked(basePos[v]))) {
      unchecked((vmState[v] = VM_STALLED));
      return false;
    }
    unchecked((basePos[v] = (basePos[v] + 1) % vmChunks));
  }
  const left = unchecked(tWork[t]);
  let seg = min(unchecked(hostLeft[v]), left);
  if (threadChunks > 0) {
    const done = workNs - left;
    const idx = <i32>((done * <i64>threadChunks) / workNs);
    if (!chunkAccess(unchecked(tChunkBase[t]) + idx)) {
      unchecked((vmState[v] = VM_STALLED));
      return false;
    }
    const boundary = ((<i64>(idx + 1)) * workNs + <i64>threadChunks - 1) / <i64>threadChunks; // ceil
    seg = min(seg, max<i64>(1, boundary - done));
  }
  let cost: i64 = 0;
  if (lastOnCpu != v) {
    cost = switchNs;
    switches++;
    lastOnCpu = v;
  }
  segLen = seg;
  cpuBusyNs += seg;
  queuePush(now() + cost + seg, packEvent(EV_CPU_DONE, v));
  return true;
}

function onCpuDone(v: i32): void {
  const t = unchecked(curThread[v]);
  unchecked((tWork[t] = tWork[t] - segLen));
  unchecked((hostLeft[v] = hostLeft[v] - segLen));
  if (unchecked(tWork[t]) <= 0) workDone(v, t);
  if (unchecked(controlDue[v])) control(v);
  guestResched(v);
  if (unchecked(vmState[v]) == VM_SLEEPING) {
    cpuVm = -1;
    dispatch();
    return;
  }
  if (unchecked(active[v]) == 0) {
    unchecked((vmState[v] = VM_IDLE));
    cpuVm = -1;
    dispatch();
    return;
  }
  if (unchecked(hostLeft[v]) <= 0) {
    if (hqLen > 0) {
      cpuVm = -1;
      makeReadyOrIdle(v);
      dispatch();
      return;
    }
    unchecked((hostLeft[v] = hostSliceNs));
  }
  if (!startSegment(v)) {
    cpuVm = -1;
    dispatch();
  }
}

function onDiskDone(): void {
  const v = diskDone();
  makeReadyOrIdle(v);
}

function onWake(v: i32): void {
  makeReadyOrIdle(v);
}

function sample(): void {
  const t = now();
  const V = vmCount;
  if (seriesRows < seriesCap) {
    const stride = 1 + SERIES_PER_VM * V;
    const row = seriesRows * stride;
    const iv = <f64>(t - lastSampleAt);
    unchecked((series[row] = <f64>t / 1e9));
    for (let v = 0; v < V; v++) {
      const o = row + 1 + SERIES_PER_VM * v;
      const n = unchecked(ticksIv[v]);
      unchecked((series[o] = n > 0 ? unchecked(vctSumIv[v]) / <f64>n / 1e6 : iv / 1e6));
      unchecked((series[o + 1] = <f64>unchecked(doneIv[v]) / (iv / 1e9)));
      unchecked((series[o + 2] = fvm ? <f64>controllerLimit(v) : <f64>unchecked(tCountV[v])));
      unchecked((series[o + 3] = fvm ? controllerRate(v) : 0));
      unchecked((series[o + 4] = <f64>unchecked(active[v])));
      unchecked((ticksIv[v] = 0));
      unchecked((vctSumIv[v] = 0));
      unchecked((doneIv[v] = 0));
    }
    seriesRows++;
  }
  lastSampleAt = t;
  queuePush(t + sampleNs, packEvent(EV_SAMPLE, 0));
}

// One event of the FVM host simulation (engine/loop.ts calls it).
function onEvent(kind: i32, arg: i32): i32 {
  switch (kind) {
    case EV_TICK:
      onTick(arg);
      break;
    case EV_CPU_DONE:
      onCpuDone(arg);
      break;
    case EV_FVM_DISK_DONE:
      onDiskDone();
      break;
    case EV_WAKE:
      onWake(arg);
      break;
    case EV_REQUEST:
      onRequest(arg);
      break;
    case EV_SAMPLE:
      sample();
      break;
  }
  return KEEP_GOING;
}

export function fvmRun(maxEvents: i64): i32 {
  return runLoop(maxEvents, stopAt, onEvent);
}

// --- results ---
export function fvmVmStat(v: i32, stat: i32): f64 {
  switch (stat) {
    case 0: return <f64>unchecked(doneWin[v]);
    case 1: return <f64>unchecked(ticksWin[v]);
    case 2: return unchecked(vctSumWin[v]);
    case 3: return fvm ? <f64>controllerLimit(v) : -1;
    case 4: return fvm ? controllerRate(v) : 0;
    case 5: return <f64>unchecked(active[v]);
    case 6: return <f64>unchecked(suspended[v]);
    case 7: return <f64>unchecked(controlSteps[v]);
    case 8: return <f64>unchecked(decreases[v]);
    case 9: return <f64>unchecked(sleptNs[v]);
    case 10: return monitorEwma(v);
    case 11: return monitorLastR(v);
  }
  return NaN;
}

export function fvmStat(stat: i32): f64 {
  switch (stat) {
    case 0: return <f64>eventsExecuted();
    case 1: return <f64>now();
    case 2: return <f64>cpuBusyNs;
    case 3: return <f64>faults;
    case 4: return <f64>evictions;
    case 5: return <f64>diskBusyNs;
    case 6: return <f64>zeroFills;
    case 7: return <f64>switches;
    case 8: return fvm ? <f64>maxExcess : NaN;
    case 9: return <f64>rateAboveMpl1;
    case 10: return <f64>residentChunks();
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
  return 1 + SERIES_PER_VM * vmCount;
}
