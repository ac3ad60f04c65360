// The VMs of one FVM host run: every VM's state in one place, indexed by its VM id (fvmAddVm's
// return value), and its threads', indexed by thread id (a VM's threads are tBase[v] … + tCount[v]
// − 1). The host and its VMs are the machine layer's (machine/machines.ts): the host is a physical
// host, which owns the CPU (cpu.ts) and the paging disk (dev/disk.ts, through memory.ts), and VM v
// is the v-th VM added on it (machine fvmHost + 1 + v). A VM is one virtual CPU (a UML guest runs
// one of its threads at a time, and a host page fault of that thread stalls the whole VM), its
// threads (run queue and suspended list), its virtual clock and its share of host memory (its own
// chunks, then each thread's buffer).
import { rngUniform, STREAM_WORKLOAD } from "../engine/rng";
import { chunkSetOwner } from "./memory";
import { machinesReset, machineAddHost, machineAddVm } from "../machine/machines";

export const MAX_VMS: i32 = 64;

// VM states. IDLE and RUNNING can take a clock tick at once; the others leave it pending.
export const VM_IDLE: i32 = 0; // no runnable thread
export const VM_READY: i32 = 1; // waiting for the host CPU
export const VM_RUNNING: i32 = 2;
export const VM_STALLED: i32 = 3; // waiting for the paging disk
export const VM_SLEEPING: i32 = 4; // forced sleep (rate control)

// Thread states.
export const T_ACTIVE: i32 = 0; // on its VM's run queue
export const T_SUSPENDED: i32 = 1; // stopped by the controller, or (not yet) forked because of the limit
export const T_FREE: i32 = 2; // web: an unused CGI slot

// --- the host, the VMs asked for (fvmAddVm), and the run's kind ---
let fvmHost: i32 = -1; // the physical host's machine id
export let vmCount: i32 = 0;
const vmThreadsCfg = new StaticArray<i32>(MAX_VMS);
export let web: bool = false; // the web workload (else the memory benchmark)
export let fvm: bool = false; // FVM control on (else vanilla)
export let vmChunks: i32 = 0; // per VM: chunks touched whenever the VM runs
export let threadChunks: i32 = 0; // per thread: chunks of its buffer

// --- per VM ---
export let vmState = new StaticArray<i32>(0);
export let tBase = new StaticArray<i32>(0); // first thread (and session) of each VM
export let tCount = new StaticArray<i32>(0);
export let vmChunkBase = new StaticArray<i32>(0);
export let rqHead = new StaticArray<i32>(0); // run queue
export let rqTail = new StaticArray<i32>(0);
export let active = new StaticArray<i32>(0);
export let suHead = new StaticArray<i32>(0); // suspended list
export let suTail = new StaticArray<i32>(0);
export let suspended = new StaticArray<i32>(0);
export let curThread = new StaticArray<i32>(0); // the thread the guest scheduler runs, or −1
export let basePos = new StaticArray<i32>(0); // next chunk of the VM's own footprint to touch
export let guestLeft = new StaticArray<i32>(0); // ticks left in the current thread's quantum
export let hostLeft = new StaticArray<i64>(0); // of the VM's host CPU quantum
// its virtual clock
export let pendingTick = new StaticArray<bool>(0);
export let discardNext = new StaticArray<bool>(0);
export let lastTickAt = new StaticArray<i64>(0);
export let nextControlAt = new StaticArray<i64>(0);
export let controlDue = new StaticArray<bool>(0);

// --- per thread ---
export let tVm = new StaticArray<i32>(0);
export let tState = new StaticArray<i32>(0);
export let tPrev = new StaticArray<i32>(0);
export let tNext = new StaticArray<i32>(0);
export let tWork = new StaticArray<i64>(0); // CPU time left in its work unit
export let tChunkBase = new StaticArray<i32>(0);

// A new host with no VMs (the machine table starts again: one instance runs one simulation).
export function vmReset(): void {
  machinesReset(0);
  fvmHost = machineAddHost();
  vmCount = 0;
}

// A VM on the host with `threads` threads; its id (0, 1, … in order), or -1.
export function vmAdd(threads: i32): i32 {
  if (vmCount >= MAX_VMS || threads < 1) return -1;
  if (machineAddVm(fvmHost) < 0) return -1;
  unchecked((vmThreadsCfg[vmCount] = threads));
  return vmCount++;
}


export function vmThreadsTotal(): i32 {
  let T = 0;
  for (let v = 0; v < vmCount; v++) T += unchecked(vmThreadsCfg[v]);
  return T;
}

// The state of every VM and thread for a run, each VM's threads and memory laid out in turn.
// Call after memoryInit (chunk owners).
export function vmStart(isWeb: bool, isFvm: bool, chunksPerVm: i32, chunksPerThread: i32): void {
  const V = vmCount;
  const T = vmThreadsTotal();
  web = isWeb;
  fvm = isFvm;
  vmChunks = chunksPerVm;
  threadChunks = chunksPerThread;
  vmState = new StaticArray<i32>(V);
  tBase = new StaticArray<i32>(V);
  tCount = new StaticArray<i32>(V);
  vmChunkBase = new StaticArray<i32>(V);
  rqHead = filled(V, -1);
  rqTail = filled(V, -1);
  active = new StaticArray<i32>(V);
  suHead = filled(V, -1);
  suTail = filled(V, -1);
  suspended = new StaticArray<i32>(V);
  curThread = filled(V, -1);
  basePos = new StaticArray<i32>(V);
  guestLeft = new StaticArray<i32>(V);
  hostLeft = new StaticArray<i64>(V);
  pendingTick = new StaticArray<bool>(V);
  discardNext = new StaticArray<bool>(V);
  lastTickAt = new StaticArray<i64>(V);
  nextControlAt = new StaticArray<i64>(V);
  controlDue = new StaticArray<bool>(V);
  tVm = new StaticArray<i32>(T);
  tState = new StaticArray<i32>(T);
  tPrev = filled(T, -1);
  tNext = filled(T, -1);
  tWork = new StaticArray<i64>(T);
  tChunkBase = new StaticArray<i32>(T);

  let c = 0;
  let t = 0;
  for (let v = 0; v < V; v++) {
    const n = unchecked(vmThreadsCfg[v]);
    unchecked((tBase[v] = t));
    unchecked((tCount[v] = n));
    unchecked((vmChunkBase[v] = c));
    for (let k = 0; k < vmChunks; k++) chunkSetOwner(c++, v);
    for (let k = 0; k < n; k++) {
      unchecked((tVm[t] = v));
      unchecked((tChunkBase[t] = c));
      for (let j = 0; j < threadChunks; j++) chunkSetOwner(c++, v);
      t++;
    }
  }
}

export function filled(n: i32, value: i32): StaticArray<i32> {
  const a = new StaticArray<i32>(n);
  for (let i = 0; i < n; i++) unchecked((a[i] = value));
  return a;
}

// --- intrusive thread lists (run queue and suspended list of each VM) ---
export function listPush(head: StaticArray<i32>, tail: StaticArray<i32>, v: i32, t: i32): void {
  const last = unchecked(tail[v]);
  unchecked((tPrev[t] = last));
  unchecked((tNext[t] = -1));
  if (last >= 0) unchecked((tNext[last] = t));
  else unchecked((head[v] = t));
  unchecked((tail[v] = t));
}

export function listRemove(head: StaticArray<i32>, tail: StaticArray<i32>, v: i32, t: i32): void {
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
export function listAt(head: StaticArray<i32>, v: i32, k: i32): i32 {
  let t = unchecked(head[v]);
  for (let i = 0; i < k; i++) t = unchecked(tNext[t]);
  return t;
}

export function randomIndex(n: i32): i32 {
  return min(n - 1, <i32>(rngUniform(STREAM_WORKLOAD) * <f64>n));
}

// Thread t joins its VM's run queue.
export function activate(v: i32, t: i32): void {
  unchecked((tState[t] = T_ACTIVE));
  listPush(rqHead, rqTail, v, t);
  unchecked((active[v] = active[v] + 1));
}
