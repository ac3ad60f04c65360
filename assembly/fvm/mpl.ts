// FVM's actions inside a VM (seed 003 §4), once per control period: MPL control suspends and
// resumes randomly chosen threads and refuses forks over the thread limit; once the limit is down
// to one thread, rate control puts the whole VM to sleep. The monitor (monitor.ts) and controller
// (controller.ts) decide; this file applies their decision to the VM's threads.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { monitorPeriodEnd } from "./monitor";
import { controllerStep, controllerLimit, controllerRate, RATE_OFF } from "./controller";
import { FvmEvent } from "./kinds";
import { countControl, countSleep, noteActiveOverLimit, noteRateAboveMpl1 } from "./stats";
import { forkQueued, reqLen } from "./workload";
import {
  web, fvm, rqHead, rqTail, suHead, suTail, active, suspended, tState, vmState, discardNext, controlDue,
  listAt, listRemove, listPush, randomIndex, activate, T_SUSPENDED, VM_SLEEPING,
} from "./vm";

let threshold: f64 = 0; // H: a slowdown R above it is congestion

export function mplInit(h: f64): void {
  threshold = h;
}

@inline function limitOf(v: i32): i32 {
  return fvm ? controllerLimit(v) : i32.MAX_VALUE;
}

// Bring VM v's active threads to its limit: suspend at random above it; below it resume suspended
// threads at random, then fork CGIs for queued requests (web).
export function applyLimit(v: i32): void {
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
    } else if (!(web && forkQueued(v))) break;
  }
  if (fvm) noteActiveOverLimit(unchecked(active[v]) - controllerLimit(v));
}

// The control period of VM v (its timer handler): the monitor's slowdown R, the controller's step,
// the new limit applied, and under rate control a forced sleep of Ts = 1/rate starting now.
export function controlPeriod(v: i32): void {
  unchecked((controlDue[v] = false));
  const r = monitorPeriodEnd(v);
  if (!fvm) return;
  const lim = controllerLimit(v);
  const demand = unchecked(active[v]) + unchecked(suspended[v]) + (web ? unchecked(reqLen[v]) : 0);
  const congested = r > threshold;
  countControl(v, congested);
  controllerStep(v, congested, demand >= lim);
  const rate = controllerRate(v);
  if (rate != RATE_OFF && controllerLimit(v) > 1) noteRateAboveMpl1();
  applyLimit(v);
  if (rate != RATE_OFF) {
    const ts = <i64>Math.round(1e9 / rate);
    unchecked((vmState[v] = VM_SLEEPING));
    unchecked((discardNext[v] = true));
    countSleep(v, ts);
    queuePush(now() + ts, packEvent(FvmEvent.Wake, v));
  }
}
