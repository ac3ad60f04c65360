// The host's one CPU, shared round-robin by the VMs (a FIFO of ready VMs, a host quantum each, a
// cost to switch to another VM), and inside each VM the guest scheduler's round robin over its
// threads. A VM on the CPU runs its current thread in stretches; each stretch touches memory
// first, and a chunk that is not resident stalls the whole VM until the paging disk brings it in.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { chunkAccess } from "./memory";
import { applyLimit, controlPeriod } from "./mpl";
import { deliverTick } from "./vclock";
import { workDone, workNs } from "./workload";
import { FvmEvent } from "./kinds";
import {
  vmState, active, rqHead, rqTail, tState, tWork, tChunkBase, curThread, guestLeft, hostLeft, pendingTick, controlDue,
  vmChunkBase, basePos, vmChunks, threadChunks, listRemove, listPush,
  VM_IDLE, VM_READY, VM_RUNNING, VM_STALLED, VM_SLEEPING, T_ACTIVE,
} from "./vm";

let hostSliceNs: i64 = 0;
let guestSliceTicks: i32 = 0;
let switchNs: i64 = 0;
let hostQ = new StaticArray<i32>(0); // FIFO ring of READY VMs
let hqHead: i32 = 0;
let hqLen: i32 = 0;
let cpuVm: i32 = -1; // the VM on the CPU, or −1
let lastOnCpu: i32 = -1;
let segLen: i64 = 0;
let runEnd: i64 = 0; // the run's stop time: busy time is measured up to it

export let cpuBusyNs: i64 = 0;
export let switches: i64 = 0;

// `guestSliceTicks`: the guest scheduler counts its quantum in timer ticks it has received (Linux
// 2.4: p->counter drops by one per tick), so a VM that waits for the CPU or the disk gives its
// threads less CPU per quantum, and a thrashing VM switches threads (and faults) more often per
// unit of work.
export function cpuInit(V: i32, hostSlice: i64, guestSlice: i32, switchCost: i64, stopAt: i64): void {
  hostSliceNs = hostSlice;
  runEnd = stopAt;
  guestSliceTicks = guestSlice;
  switchNs = switchCost;
  hostQ = new StaticArray<i32>(V);
  hqHead = 0;
  hqLen = 0;
  cpuVm = -1;
  lastOnCpu = -1;
  segLen = 0;
  cpuBusyNs = 0;
  switches = 0;
}

// VM v may have become runnable (a wake-up, a fault served, new threads): it queues for the CPU,
// or, with nothing to run, goes idle and takes its pending tick.
export function cpuWake(v: i32): void {
  if (unchecked(active[v]) > 0) {
    unchecked((vmState[v] = VM_READY));
    unchecked((hostQ[(hqHead + hqLen) % hostQ.length] = v));
    hqLen++;
    if (cpuVm < 0) dispatch();
  } else {
    unchecked((vmState[v] = VM_IDLE));
    if (unchecked(pendingTick[v]) && deliverTick(v)) cpuWake(v);
  }
}

function dispatch(): void {
  while (cpuVm < 0 && hqLen > 0) {
    const v = unchecked(hostQ[hqHead]);
    hqHead = (hqHead + 1) % hostQ.length;
    hqLen--;
    unchecked((vmState[v] = VM_RUNNING));
    cpuVm = v;
    if (unchecked(pendingTick[v])) deliverTick(v); // RUNNING: it asks for no wake-up
    if (unchecked(controlDue[v])) controlPeriod(v);
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
  // busy for the part of the stretch inside the run: the stretch still running at the stop time
  // (its CpuDone lies past it and never runs) counts only up to the stop
  const start = now() + cost;
  cpuBusyNs += max<i64>(0, min<i64>(seg, runEnd - start));
  queuePush(now() + cost + seg, packEvent(FvmEvent.CpuDone, v));
  return true;
}

// The CpuDone event: VM v's stretch ended. Its timer handler runs now if a control period fell due
// during the stretch; then it goes on, yields the CPU at the end of its host quantum, or leaves it.
export function cpuDone(v: i32): void {
  const t = unchecked(curThread[v]);
  unchecked((tWork[t] = tWork[t] - segLen));
  unchecked((hostLeft[v] = hostLeft[v] - segLen));
  if (unchecked(tWork[t]) <= 0 && workDone(v, t)) applyLimit(v);
  if (unchecked(controlDue[v])) controlPeriod(v);
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
      cpuWake(v);
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
