// Each VM's virtual clock (seed 003 §2.1). It ticks at a fixed rate, but a tick is delivered only
// when the VM can take it (it is on the CPU, or idle): a VM that waits for the CPU or the paging
// disk gets its pending tick late, and later ticks coalesce into it (a pending timer signal). VCT
// is the real time between two delivered ticks; the monitor samples it, and every Tc the tick
// handler runs the control period (mpl.ts).
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { monitorSample } from "./monitor";
import { controlPeriod } from "./mpl";
import { FvmEvent } from "./kinds";
import { countTick } from "./stats";
import {
  vmCount, vmState, curThread, guestLeft, active, pendingTick, discardNext, lastTickAt, nextControlAt, controlDue,
  VM_IDLE, VM_RUNNING,
} from "./vm";

let tickNs: i64 = 0;
let tcNs: i64 = 0;

export function vclockInit(tick: i64, tc: i64): void {
  tickNs = tick;
  tcNs = tc;
}

// VM v's clock at time 0: out of phase with the others, so VMs do not all tick at the same
// instant (fixed, deterministic offsets); the first control period ends at Tc.
export function vclockStartVm(v: i32): void {
  const phase = (tickNs * <i64>v) / <i64>vmCount;
  unchecked((lastTickAt[v] = 0));
  unchecked((nextControlAt[v] = tcNs));
  queuePush(phase + tickNs, packEvent(FvmEvent.Tick, v));
}

// The Tick event: the next tick is scheduled; this one is delivered or left pending. True when an
// idle VM's control period gave it runnable threads: the caller makes it ready for the CPU.
export function vclockTick(v: i32): bool {
  queuePush(now() + tickNs, packEvent(FvmEvent.Tick, v));
  const s = unchecked(vmState[v]);
  if (s == VM_IDLE || s == VM_RUNNING) return deliverTick(v);
  unchecked((pendingTick[v] = true));
  return false;
}

// Deliver VM v's (pending) tick now. True as vclockTick.
export function deliverTick(v: i32): bool {
  const t = now();
  unchecked((pendingTick[v] = false));
  if (unchecked(discardNext[v])) {
    // the interval spans a forced sleep: the VM asked for that delay, it is no slowdown
    unchecked((discardNext[v] = false));
  } else {
    const x = <f64>(t - unchecked(lastTickAt[v]));
    monitorSample(v, x);
    countTick(v, x);
  }
  unchecked((lastTickAt[v] = t));
  if (unchecked(vmState[v]) == VM_RUNNING && unchecked(curThread[v]) >= 0) unchecked((guestLeft[v] = guestLeft[v] - 1));
  if (t < unchecked(nextControlAt[v])) return false;
  let nc = unchecked(nextControlAt[v]);
  while (nc <= t) nc += tcNs;
  unchecked((nextControlAt[v] = nc));
  unchecked((controlDue[v] = true));
  // on the CPU the handler finishes the current stretch of work first (cpu.ts)
  if (unchecked(vmState[v]) != VM_IDLE) return false;
  controlPeriod(v);
  return unchecked(vmState[v]) == VM_IDLE && unchecked(active[v]) > 0;
}
