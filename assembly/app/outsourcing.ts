// The inter-VM path model of seed 004 (socket-outsourcing) and XenLoop, and its ABI: parameters
// (cpu/costs.ts), then cores, machines (vmm/paths.ts), links and connections, the applications on
// them (app/workloads.ts), start, run, results. Its own event loop on the shared engine, like the
// FVM host model (fvm/host.ts); it shares nothing with the TCP network simulation (sim.ts).
import { setNow, now } from "../engine/clock";
import { queueInit, queuePush, packEvent } from "../engine/queue";
import { runLoop, loopReset, eventsExecuted, KEEP_GOING } from "../engine/loop";
import { dispatchReset, registerKinds, dispatchEvent } from "../engine/dispatch";
import { coresReset, coreAdd, coreCount, coreBusyAt, coreWakes } from "../cpu/cores";
import { costParams, paramNs, P_COUNT, P_WAKE_NS, P_STOP_NS, P_WARMUP_NS, P_MSS, P_WIRE_OVERHEAD, P_FIFO_ENTRIES, P_FIFO_ENTRY_BYTES } from "../cpu/costs";
import { pathsReset, pathHost, pathVm, isHost, PATH_COUNT } from "../vmm/paths";
import { fifosReset, fifoPeak } from "../vmm/xenloop";
import {
  socketsReset, poolExhausted, jobDone, linkAdd, connAdd, connCount, connEnd, sentBytes, receivedBytes, bytesInFlight, MAX_CONNS,
} from "./socket";
import { workloadsReset, workloadsStart, onMessage, onAppJob, bulk, requestResponse, ntierShape, ntierChain, exchanges, exchangeNs } from "./workloads";
import { MAX_CORES } from "../cpu/cores";

export const OS_ERR_CONFIG: i32 = -3;
export const OS_ERR_POOL: i32 = -2;

let evWarmup: i32 = 0;
let warmBusy = new StaticArray<i64>(MAX_CORES);
let warmRcvd = new StaticArray<i64>(MAX_CONNS * 2);
let failed: bool = false;

export function osParam(id: i32, value: f64): void {
  if (id >= 0 && id < P_COUNT) unchecked((costParams[id] = value));
}

// Start describing a run (parameters set): `pool` packets and jobs at most in flight.
export function osReset(pool: i32): void {
  __collect(); // the last run's arrays (assembly/sim.ts simInit says why here)
  setNow(0);
  dispatchReset();
  loopReset();
  coresReset(pool, jobDone, paramNs(P_WAKE_NS));
  socketsReset(pool, onMessage, onAppJob);
  evWarmup = registerKinds(1, warmup);
  pathsReset();
  fifosReset();
  workloadsReset(paramNs(P_WARMUP_NS));
  queueInit(pool + MAX_CORES + 2 * MAX_CONNS + 16);
  failed = paramNs(P_MSS) < 1 || paramNs(P_WIRE_OVERHEAD) < 0 || paramNs(P_FIFO_ENTRIES) < 1 || paramNs(P_FIFO_ENTRY_BYTES) < 1;
}

function ok(id: i32): i32 {
  if (id < 0) failed = true;
  return id < 0 ? OS_ERR_CONFIG : id;
}

export function osCore(): i32 {
  return ok(coreAdd());
}
// A physical host; its VMM's backend (and bridge) runs on `backendCore`.
export function osHost(backendCore: i32): i32 {
  if (backendCore < 0 || backendCore >= coreCount()) return ok(-1);
  return ok(pathHost(backendCore));
}
// A VM on `host` whose network path is `path` (vmm/paths.ts PATH_*), its vCPU on `vcpuCore`.
export function osVm(host: i32, path: i32, vcpuCore: i32): i32 {
  if (!isHost(host) || path < 0 || path >= PATH_COUNT || vcpuCore < 0 || vcpuCore >= coreCount()) return ok(-1);
  return ok(pathVm(host, path, vcpuCore));
}
export function osLink(rateBps: i64, delayNs: i64): i32 {
  return ok(linkAdd(rateBps, delayNs));
}
export function osConn(a: i32, hostCoreA: i32, b: i32, hostCoreB: i32, linkAB: i32, linkBA: i32, window: i64): i32 {
  if (hostCoreA < 0 || hostCoreA >= coreCount() || hostCoreB < 0 || hostCoreB >= coreCount()) return ok(-1);
  return ok(connAdd(a, hostCoreA, b, hostCoreB, linkAB, linkBA, window));
}
export function osBulk(c: i32, writeBytes: i64): i32 {
  return ok(c >= 0 && c < connCount() && bulk(c, writeBytes) ? 0 : -1);
}
export function osRequestResponse(c: i32, request: i64, response: i64, serverNs: i64): i32 {
  return ok(c >= 0 && c < connCount() && requestResponse(c, request, response, serverNs) ? 0 : -1);
}
export function osNtierShape(web: i64, app: i64, db: i64, queries: i32, req: i64, appReq: i64, query: i64, row: i64, fragment: i64, page: i64): i32 {
  return ok(ntierShape(web, app, db, queries, req, appReq, query, row, fragment, page) ? 0 : -1);
}
export function osNtierClient(c0: i32, c1: i32, c2: i32): i32 {
  const n = connCount();
  return ok(c0 >= 0 && c0 < n && c1 >= 0 && c1 < n && c2 >= 0 && c2 < n && ntierChain(c0, c1, c2) ? 0 : -1);
}

export function osStart(): i32 {
  if (failed || paramNs(P_STOP_NS) <= paramNs(P_WARMUP_NS) || paramNs(P_WARMUP_NS) < 0) return OS_ERR_CONFIG;
  queuePush(paramNs(P_WARMUP_NS), packEvent(evWarmup, 0));
  workloadsStart(connCount());
  return poolExhausted() ? OS_ERR_POOL : 0;
}

function warmup(kind: i32, arg: i32): void {
  for (let c = 0; c < coreCount(); c++) unchecked((warmBusy[c] = coreBusyAt(c, now())));
  for (let i = 0; i < connCount() * 2; i++) unchecked((warmRcvd[i] = receivedBytes(i >> 1, i & 1)));
}

function onEvent(kind: i32, arg: i32): i32 {
  dispatchEvent(kind, arg);
  if (poolExhausted()) return OS_ERR_POOL;
  return KEEP_GOING;
}

export function osRun(maxEvents: i64): i32 {
  return runLoop(maxEvents, paramNs(P_STOP_NS), onEvent);
}

// Results. Per core (index: core): 0 busy ns in the measured window, 2 wake-ups (whole run).
// Per connection direction (index: 2c + d): 10 bytes received in the window, 11 sent, 12 received,
// 14 in flight (counted over the packets). Per connection (index: c): 20 exchanges in the window,
// 21 their total ns, 22 end A's machine, 23 end B's. Run: 40 simulated time (ns), 41 events, 42 XenLoop FIFO peak entries
// between machines (index: x·64 + y).
export function osStat(stat: i32, i: i32): f64 {
  const stop = now();
  switch (stat) {
    case 0: return <f64>(coreBusyAt(i, stop) - unchecked(warmBusy[i]));
    case 2: return <f64>coreWakes(i);
    case 10: return <f64>(receivedBytes(i >> 1, i & 1) - unchecked(warmRcvd[i]));
    case 11: return <f64>sentBytes(i >> 1, i & 1);
    case 12: return <f64>receivedBytes(i >> 1, i & 1);
    case 14: return <f64>bytesInFlight(i >> 1, i & 1);
    case 20: return <f64>exchanges(i);
    case 21: return <f64>exchangeNs(i);
    case 22: return <f64>connEnd(i, 0);
    case 23: return <f64>connEnd(i, 1);
    case 40: return <f64>stop;
    case 41: return <f64>eventsExecuted();
    case 42: return <f64>fifoPeak(i >> 6, i & 63);
  }
  return NaN;
}
