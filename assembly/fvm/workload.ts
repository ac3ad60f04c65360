// The workloads of seed 003 §5 inside the VMs. The memory benchmark (§5.1): each thread loops on a
// work unit over its own buffer; the benchmark forks all its threads at once. The web server
// (§5.2): closed-loop httperf sessions; each request joins the server's accept queue and gets a CGI
// thread (touching its buffer, computing, answering) when the thread limit allows; the session then
// thinks and asks again. Whether a thread may run is MPL control's call (mpl.ts), not this file's.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { rngUniform, STREAM_WORKLOAD } from "../engine/rng";
import { FvmEvent } from "./kinds";
import { countWorkDone } from "./stats";
import {
  web, tBase, tCount, tState, tWork, tVm, rqHead, rqTail, suHead, suTail, active, suspended, curThread,
  listPush, listRemove, activate, filled, T_FREE, T_SUSPENDED,
} from "./vm";

export let workNs: i64 = 0; // CPU time of one work unit
let thinkNs: i64 = 0;
// web: CGI slots (session s of a VM owns slot-space index s for its accept-queue entry)
let tSession = new StaticArray<i32>(0);
let freeStack = new StaticArray<i32>(0); // free slots, a stack from tBase of each VM
let freeTop = new StaticArray<i32>(0);
let reqRing = new StaticArray<i32>(0); // the accept queue, a ring from tBase of each VM
let reqHead = new StaticArray<i32>(0);
export let reqLen = new StaticArray<i32>(0);

export function workloadInit(V: i32, T: i32, work: i64, think: i64): void {
  workNs = work;
  thinkNs = think;
  tSession = filled(T, -1);
  freeStack = new StaticArray<i32>(T);
  freeTop = new StaticArray<i32>(V);
  reqRing = new StaticArray<i32>(T);
  reqHead = new StaticArray<i32>(V);
  reqLen = new StaticArray<i32>(V);
}

// VM v's workload at time 0.
export function workloadStartVm(v: i32): void {
  const b = unchecked(tBase[v]);
  const n = unchecked(tCount[v]);
  if (web) {
    // every slot free (stack top = lowest index); httperf opens the sessions over the first think
    // time (uniformly at random), not all in the same instant
    for (let k = 0; k < n; k++) {
      unchecked((tState[b + k] = T_FREE));
      unchecked((freeStack[b + k] = b + n - 1 - k));
      queuePush(<i64>(rngUniform(STREAM_WORKLOAD) * <f64>thinkNs), packEvent(FvmEvent.Request, b + k));
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
}

// web: session s's request joins its server's accept queue; returns the VM.
export function requestArrives(s: i32): i32 {
  const v = unchecked(tVm[s]);
  const b = unchecked(tBase[v]);
  unchecked((reqRing[b + (reqHead[v] + reqLen[v]) % tCount[v]] = s));
  unchecked((reqLen[v] = reqLen[v] + 1));
  return v;
}

// web: the oldest queued request gets a CGI thread, in the most recently freed slot (the guest
// reuses hot pages first, so a slot's chunks stand for the memory the next CGI gets). False when
// no request waits or no slot is free.
export function forkQueued(v: i32): bool {
  if (unchecked(reqLen[v]) == 0 || unchecked(freeTop[v]) == 0) return false;
  const b = unchecked(tBase[v]);
  const s = unchecked(reqRing[b + reqHead[v]]);
  unchecked((reqHead[v] = (reqHead[v] + 1) % tCount[v]));
  unchecked((reqLen[v] = reqLen[v] - 1));
  const top = unchecked(freeTop[v]) - 1;
  unchecked((freeTop[v] = top));
  const t = unchecked(freeStack[b + top]);
  unchecked((tSession[t] = s));
  unchecked((tWork[t] = workNs));
  activate(v, t);
  return true;
}

// Thread t of VM v finished a work unit. The benchmark thread loops; a CGI answers and exits (its
// session thinks, then asks again). True when a thread left the run queue (MPL control may admit
// another).
export function workDone(v: i32, t: i32): bool {
  countWorkDone(v);
  if (!web) {
    unchecked((tWork[t] = workNs));
    return false;
  }
  listRemove(rqHead, rqTail, v, t);
  unchecked((active[v] = active[v] - 1));
  unchecked((tState[t] = T_FREE));
  unchecked((freeStack[tBase[v] + freeTop[v]] = t));
  unchecked((freeTop[v] = freeTop[v] + 1));
  queuePush(now() + thinkNs, packEvent(FvmEvent.Request, unchecked(tSession[t])));
  unchecked((tSession[t] = -1));
  unchecked((curThread[v] = -1));
  return true;
}
