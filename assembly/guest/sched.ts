// The guest's CPU scheduler: one vCPU, processes in a FIFO run queue, each on the CPU until it
// blocks, exits or uses up its time slice while another waits (2.6.16 DEF_TIMESLICE: 100 ms at any
// HZ, checked at the timer tick, 1/HZ). Switching to a process loads its page table: the CR3 write
// traps to the VMM, which is all the VMM learns of guest processes (Antfarm). Idle borrows the last
// process's address space (lazy TLB), so going idle writes no CR3.
// Named simplifications: the O(1) scheduler's priority arrays and interactivity bonus are not
// modelled (a woken process queues behind the runnable ones; with I/O-bound processes the run queue
// is nearly always empty); a context switch takes no time; the vCPU always runs (no other guests).
import { now, NS_PER_S } from "../engine/clock";
import { timerSet } from "../engine/timer";
import { MAX_PROCS } from "./mpage";

// what a process's step returns: compute ns (> 0) before its next step, or one of these
export const STEP_BLOCKED: i64 = -1;
export const STEP_EXITED: i64 = -2;
export type StepFn = (proc: i32) => i64;
export type Cr3Fn = (cr3: i64) => void;

const SLICE_MS: i64 = 100; // DEF_TIMESLICE = 100 * HZ / 1000 jiffies (kernel/sched.c)

let stepFn: u32 = 0;
let cr3Fn: u32 = 0;
let cpuTimer: i32 = 0;
let hz: i64 = 100;
const runq = new StaticArray<i32>(MAX_PROCS);
let rqHead: i32 = 0;
let rqLen: i32 = 0;
let current: i32 = -1;
let loadedCr3: i64 = -1;
let sliceEnd: i64 = 0;
let computeStart: i64 = 0;
let computeLeft: i64 = 0;
const procCr3 = new StaticArray<i64>(MAX_PROCS);
const procLeft = new StaticArray<i64>(MAX_PROCS); // compute a preempted process still has to do
let phase: i64 = 0;
let switches: i64 = 0;
let busyNs: i64 = 0;

// `tickPhase`: where the run's t = 0 falls within the guest kernel's tick (its queue's tickPhaseNs)
export function schedInit(step: StepFn, cr3Hook: Cr3Fn, timerId: i32, kernelHz: i32, tickPhase: i64): void {
  stepFn = step.index;
  cr3Fn = cr3Hook.index;
  cpuTimer = timerId;
  hz = <i64>kernelHz;
  phase = tickPhase;
  rqHead = 0;
  rqLen = 0;
  current = -1;
  loadedCr3 = -1;
  switches = 0;
  busyNs = 0;
  for (let p = 0; p < MAX_PROCS; p++) unchecked((procLeft[p] = 0));
}

export function schedSetCr3(p: i32, cr3: i64): void {
  unchecked((procCr3[p] = cr3));
}
export function schedSwitches(): i64 {
  return switches;
}
export function schedBusyNs(): i64 {
  return busyNs;
}

// the tick at or after t
@inline function tickAtOrAfter(t: i64): i64 {
  const j = ((t + phase) * hz + NS_PER_S - 1) / NS_PER_S;
  return (j * NS_PER_S + hz - 1) / hz - phase;
}

// try_to_wake_up: p becomes runnable; an idle CPU picks it at once (after the current event)
export function schedWake(p: i32): void {
  unchecked((runq[(rqHead + rqLen) % MAX_PROCS] = p));
  rqLen++;
  if (current < 0) timerSet(cpuTimer, now());
}

function pickNext(): void {
  if (rqLen == 0) {
    current = -1;
    return;
  }
  const p = unchecked(runq[rqHead]);
  rqHead = (rqHead + 1) % MAX_PROCS;
  rqLen--;
  current = p;
  switches++;
  const cr3 = unchecked(procCr3[p]);
  if (cr3 != loadedCr3) {
    loadedCr3 = cr3;
    call_indirect<void>(cr3Fn, cr3);
  }
  sliceEnd = tickAtOrAfter(now() + SLICE_MS * 1_000_000);
  computeLeft = unchecked(procLeft[p]);
  unchecked((procLeft[p] = 0));
  if (computeLeft > 0) {
    computeStart = now();
    timerSet(cpuTimer, min(now() + computeLeft, sliceEnd));
    return;
  }
  step();
}

// Run the current process until it asks for CPU time, blocks or exits.
function step(): void {
  const r = call_indirect<i64>(stepFn, current);
  if (r < 0) {
    current = -1;
    timerSet(cpuTimer, now()); // schedule(): the next runnable process, after this event
    return;
  }
  computeLeft = r;
  computeStart = now();
  timerSet(cpuTimer, min(now() + r, sliceEnd));
}

export function schedTimer(local: i32): void {
  if (current < 0) {
    pickNext();
    return;
  }
  const ran = now() - computeStart;
  busyNs += ran;
  computeLeft -= ran;
  computeStart = now();
  if (computeLeft <= 0) {
    step();
    return;
  }
  // the tick that ends the slice: round robin if someone waits
  if (rqLen > 0) {
    unchecked((procLeft[current] = computeLeft));
    unchecked((runq[(rqHead + rqLen) % MAX_PROCS] = current));
    rqLen++;
    current = -1;
    pickNext();
    return;
  }
  sliceEnd = tickAtOrAfter(now() + SLICE_MS * 1_000_000);
  timerSet(cpuTimer, min(now() + computeLeft, sliceEnd));
}
