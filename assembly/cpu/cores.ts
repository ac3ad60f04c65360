// CPU cores as work-conserving servers: each core serves its jobs one at a time for the job's
// cost in ns, and is never idle while a job waits. Kernel work (a packet's stages) goes before
// waiting application work, as interrupts and softirqs go before user processes; each class in
// arrival order. Named simplification: no preemption — a running application job finishes first. The network paths
// (vmm/paths.ts) queue every stage of a packet's processing here — a protocol stack's per-packet
// work, a copy, a VM exit, an RPC — so a path is slow because a core is busy, never because a rate
// was scripted. A vCPU is the host core it is pinned to (its work queues with the host's work on
// that core: named simplification, no second-level scheduler).
// A job that crosses into another domain (an event from a guest to the host or back) finds an idle
// core halted: it starts only after the wake-up delay, during which the core is not busy (it does
// no work) but does not start another job either.
// A scheduled core (coreAddScheduled) is a domain's CPU that the VMM runs every `period`: a job
// that finds it idle waits for the next period boundary (0: it starts at once, by an event), so
// jobs are served in batches — the split driver's backend CPU (vmm/device.ts) is one.
// Each core has an owner, told when a job is done: the default one of coresReset (the inter-VM
// path model), or its own (a scheduled core's).
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { registerKinds } from "../engine/dispatch";

export const MAX_CORES: i32 = 64;

// done(job): the job's cost has been served; its owner moves it on
export type JobDone = (job: i32) => void;

const EV_START: i32 = 0; // arg: core — an idle core takes its first job (after a wake-up)
const EV_DONE: i32 = 1; // arg: core — the running job's cost is served
let evBase: i32 = 0;

function noOwner(job: i32): void {
  unreachable(); // a job finished before coresReset named its owner
}
let onDone: JobDone = noOwner;
let wakeNs: i64 = 0;
let count: i32 = 0;
const cOwner = new StaticArray<u32>(MAX_CORES); // per core: its owner's function-table index (engine/dispatch.ts says why)
const cPeriod = new StaticArray<i64>(MAX_CORES); // per core: its scheduling period; -1 runs whenever it has work
const served = new StaticArray<i64>(MAX_CORES); // jobs started

let jobNext = new StaticArray<i32>(0);
let jobCost = new StaticArray<i64>(0);
const head = new StaticArray<i32>(MAX_CORES * 2); // per core: kernel queue (2c), application queue (2c + 1)
const tail = new StaticArray<i32>(MAX_CORES * 2);
const busy = new StaticArray<bool>(MAX_CORES); // serving, or waking up to serve
const running = new StaticArray<i32>(MAX_CORES); // the job in service, -1 none
const runningEnd = new StaticArray<i64>(MAX_CORES);
const busyNs = new StaticArray<i64>(MAX_CORES); // cost of every job started (the running one in full)
const wakes = new StaticArray<i64>(MAX_CORES);

// At init, after dispatchReset: jobs are numbered 0..maxJobs-1 by their owner.
export function coresReset(maxJobs: i32, owner: JobDone, wakeUpNs: i64): void {
  evBase = registerKinds(2, coreEvent);
  onDone = owner;
  wakeNs = wakeUpNs;
  count = 0;
  coreJobs(maxJobs);
}

// Jobs are numbered 0..maxJobs-1 from now on (before the run: the table is allocated afresh).
export function coreJobs(maxJobs: i32): void {
  jobNext = new StaticArray<i32>(maxJobs);
  jobCost = new StaticArray<i64>(maxJobs);
}

// A core whose done jobs go to coresReset's owner, woken after the wake-up delay by a crossing job.
export function coreAdd(): i32 {
  return add(onDone, -1);
}

// A core the VMM schedules every `periodNs` (≥ 0); its done jobs go to `done`.
export function coreAddScheduled(done: JobDone, periodNs: i64): i32 {
  return periodNs < 0 ? -1 : add(done, periodNs);
}

function add(done: JobDone, periodNs: i64): i32 {
  if (count >= MAX_CORES) return -1;
  const c = count++;
  unchecked((cOwner[c] = done.index));
  unchecked((cPeriod[c] = periodNs));
  unchecked((served[c] = 0));
  for (let q = 2 * c; q < 2 * c + 2; q++) {
    unchecked((head[q] = -1));
    unchecked((tail[q] = -1));
  }
  unchecked((busy[c] = false));
  unchecked((running[c] = -1));
  unchecked((runningEnd[c] = 0));
  unchecked((busyNs[c] = 0));
  unchecked((wakes[c] = 0));
  return c;
}

export function coreCount(): i32 {
  return count;
}

// Queue `job` on core c for `cost` ns; `crossing`: it arrives by an event from another domain;
// `app`: application work (waits behind kernel work).
export function coreSubmit(c: i32, job: i32, cost: i64, crossing: bool, app: bool): void {
  unchecked((jobNext[job] = -1));
  unchecked((jobCost[job] = cost));
  const q = 2 * c + (app ? 1 : 0);
  const t = unchecked(tail[q]);
  if (t < 0) unchecked((head[q] = job));
  else unchecked((jobNext[t] = job));
  unchecked((tail[q] = job));
  if (unchecked(busy[c])) return;
  unchecked((busy[c] = true));
  const every = unchecked(cPeriod[c]);
  if (every >= 0) {
    // a scheduled core runs at its next period boundary
    const t = now();
    queuePush(every > 0 ? (t / every + 1) * every : t, packEvent(evBase + EV_START, c));
  } else if (crossing && wakeNs > 0) {
    unchecked((wakes[c] += 1));
    queuePush(now() + wakeNs, packEvent(evBase + EV_START, c));
  } else startNext(c);
}

function startNext(c: i32): void {
  let q = 2 * c;
  if (unchecked(head[q]) < 0) q++;
  const j = unchecked(head[q]);
  if (j < 0) {
    unchecked((busy[c] = false));
    unchecked((running[c] = -1));
    return;
  }
  const next = unchecked(jobNext[j]);
  unchecked((head[q] = next));
  if (next < 0) unchecked((tail[q] = -1));
  const cost = unchecked(jobCost[j]);
  unchecked((busyNs[c] += cost));
  unchecked((served[c] += 1));
  unchecked((running[c] = j));
  unchecked((runningEnd[c] = now() + cost));
  queuePush(now() + cost, packEvent(evBase + EV_DONE, c));
}

function coreEvent(kind: i32, c: i32): void {
  if (kind - evBase == EV_DONE) {
    const j = unchecked(running[c]);
    unchecked((running[c] = -1));
    call_indirect<void>(unchecked(cOwner[c]), j); // may queue more work on c: it waits behind what is queued
  }
  startNext(c);
}

// Core c's busy time up to time t (t ≤ now: the running job counts up to t only).
export function coreBusyAt(c: i32, t: i64): i64 {
  let b = unchecked(busyNs[c]);
  if (unchecked(running[c]) >= 0 && unchecked(runningEnd[c]) > t) b -= unchecked(runningEnd[c]) - t;
  return b;
}
// Core c's busy time counting every job started in full (the running one's end may lie ahead).
export function coreStartedNs(c: i32): i64 {
  return unchecked(busyNs[c]);
}
export function coreServed(c: i32): i64 {
  return unchecked(served[c]);
}
export function coreWakes(c: i32): i64 {
  return unchecked(wakes[c]);
}
