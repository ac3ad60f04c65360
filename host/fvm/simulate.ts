// One run of the §5 host model from a validated FVM scenario: builds the core's parameters, runs
// it, and reports per-VM throughput and VCT, the fairness indices and the time series.
import type { Core } from "../core.ts";
import { FvmHost, FvmStat, FvmVmStat, FVM_SERIES_PER_VM, type FvmParams } from "../core-fvm.ts";
import { fairnessIndex, jainIndex } from "./fairness.ts";
import type { FvmScenario } from "./scenario.ts";
import { nsFrom, NS_PER_US, NS_PER_MS, NS_PER_S } from "../units.ts";

// events per call into the core between progress reports: ~15 ms at the ~15 M events/s measured
// on examples/fvm-benchmark.json (durationS=3000), several reports per status-line redraw (100 ms)
const STEP_EVENTS = 200_000;

export interface FvmVmResult {
  throughput: number; // work units per second over the measured span
  vctMs: number; // mean VCT over the measured span
  finalLimit: number | null; // null: vanilla
  controlDecreases: number;
  sleptS: number; // forced sleep (rate control)
}

export interface FvmSeries {
  timeS: Float64Array;
  vctMs: Float64Array[]; // per VM, mean over each sample period
  throughput: Float64Array[]; // per VM, work units/s in each sample period
  limit: Float64Array[];
  active: Float64Array[];
}

export interface FvmResult {
  scenario: string;
  mode: "fvm" | "vanilla";
  vms: FvmVmResult[];
  throughput: number; // total, work units/s
  vctMs: number; // mean over VMs
  fairnessIndex: number; // eq 16 against the optimal allocation below
  jainIndex: number;
  optimalPerVm: number;
  cpuUtilisation: number;
  diskFaults: number;
  events: number;
  invariants: { maxActiveOverLimit: number | null; rateStepsAboveMpl1: number };
  series: FvmSeries | null;
}

const chunksFor = (mb: number, chunkKB: number) => Math.ceil((mb * 1024) / chunkKB);

export function fvmCoreParams(s: FvmScenario): FvmParams {
  const w = s.workload;
  return {
    tickNs: nsFrom(s.host.tickMs, NS_PER_MS, "host.tickMs"),
    hostSliceNs: nsFrom(s.host.hostSliceMs, NS_PER_MS, "host.hostSliceMs"),
    guestSliceNs: nsFrom(s.host.guestSliceMs, NS_PER_MS, "host.guestSliceMs"),
    switchNs: nsFrom(s.host.vmSwitchUs, NS_PER_US, "host.vmSwitchUs"),
    frames: Math.floor((s.host.memoryMB * 1024) / s.host.chunkKB),
    readNs: nsFrom(s.host.swapReadMsPerChunk, NS_PER_MS, "host.swapReadMsPerChunk"),
    writeNs: nsFrom(s.host.swapWriteMsPerChunk, NS_PER_MS, "host.swapWriteMsPerChunk"),
    vmChunks: chunksFor(w.vmBaseMB, s.host.chunkKB),
    threadChunks: chunksFor(w.threadMB, s.host.chunkKB),
    workNs: nsFrom(w.workMs, NS_PER_MS, "workload.workMs"),
    thinkNs: w.kind === "web" ? nsFrom(w.thinkMs, NS_PER_MS, "workload.thinkMs") : 0,
    workload: w.kind === "web" ? 1 : 0,
    fvm: s.fvm.enabled ? 1 : 0,
    tcNs: nsFrom(s.fvm.controlPeriodS, NS_PER_S, "fvm.controlPeriodS"),
    window: Math.max(1, Math.round(s.fvm.windowS / s.fvm.controlPeriodS)),
    gamma: s.fvm.gamma,
    threshold: s.fvm.threshold,
    initialLimit: s.fvm.initialLimit,
    aiThreads: s.fvm.aiThreads,
    aiRateHz: s.fvm.aiRateHz,
    md: s.fvm.md,
    releaseHz: s.fvm.releaseHz,
    stopNs: nsFrom(s.durationS, NS_PER_S, "durationS"),
    warmupNs: nsFrom(s.warmupS, NS_PER_S, "warmupS"),
    sampleNs: nsFrom(s.sampleS, NS_PER_S, "sampleS"),
    lruSamples: s.host.lruSamples,
    chunkBytes: s.host.chunkKB * 1024,
  };
}

// The per-VM throughput of a perfectly fair and efficient allocation (the o_i of eq 16): the single
// CPU's capacity 1/work split evenly, unless the VM's own demand is lower (web sessions that are
// served at once still think between requests: at most sessions / (think + work) per second).
export function optimalPerVm(s: FvmScenario): number {
  const capacity = 1000 / s.workload.workMs / s.vms;
  if (s.workload.kind === "benchmark") return capacity;
  return Math.min(capacity, (s.workload.sessionsPerVm * 1000) / (s.workload.thinkMs + s.workload.workMs));
}

export interface FvmSimOptions {
  onProgress?: (simulatedS: number, events: number) => void; // between steps of the run
}

export function simulateFvm(core: Core, s: FvmScenario, opts: FvmSimOptions = {}): FvmResult {
  const threads = s.workload.kind === "web" ? s.workload.sessionsPerVm : s.workload.threadsPerVm;
  const host = new FvmHost(core, fvmCoreParams(s), new Array<number>(s.vms).fill(threads), s.seed);
  while (!host.step(STEP_EVENTS)) opts.onProgress?.(host.stat(FvmStat.nowNs) / NS_PER_S, host.stat(FvmStat.events));
  const spanS = s.durationS - s.warmupS;
  const vms: FvmVmResult[] = [];
  for (let v = 0; v < s.vms; v++) {
    const ticks = host.vmStat(v, FvmVmStat.ticksInWindow);
    vms.push({
      throughput: host.vmStat(v, FvmVmStat.doneInWindow) / spanS,
      // no tick delivered over the whole span: the VM never ran, its VCT is at least the span
      vctMs: ticks > 0 ? host.vmStat(v, FvmVmStat.vctSumNsInWindow) / ticks / NS_PER_MS : spanS * 1000,
      finalLimit: s.fvm.enabled ? host.vmStat(v, FvmVmStat.limit) : null,
      controlDecreases: host.vmStat(v, FvmVmStat.decreases),
      sleptS: host.vmStat(v, FvmVmStat.sleptNs) / NS_PER_S,
    });
  }
  const x = vms.map((v) => v.throughput);
  const o = optimalPerVm(s);
  const maxExcess = host.stat(FvmStat.maxActiveOverLimit);
  return {
    scenario: s.name,
    mode: s.fvm.enabled ? "fvm" : "vanilla",
    vms,
    throughput: x.reduce((a, b) => a + b, 0),
    vctMs: vms.reduce((a, v) => a + v.vctMs, 0) / vms.length,
    fairnessIndex: fairnessIndex(x, x.map(() => o)),
    jainIndex: jainIndex(x),
    optimalPerVm: o,
    cpuUtilisation: host.stat(FvmStat.cpuBusyNs) / (s.durationS * NS_PER_S),
    diskFaults: host.stat(FvmStat.diskFaults),
    events: host.stat(FvmStat.events),
    invariants: { maxActiveOverLimit: Number.isNaN(maxExcess) ? null : maxExcess, rateStepsAboveMpl1: host.stat(FvmStat.rateStepsAboveMpl1) },
    series: s.sampleS > 0 ? readSeries(host, s.vms) : null,
  };
}

function readSeries(host: FvmHost, vms: number): FvmSeries {
  const { stride, rows, data } = host.series();
  const col = (v: number, k: number) => Float64Array.from({ length: rows }, (_, r) => data[r * stride + 1 + FVM_SERIES_PER_VM * v + k]!);
  const per = (k: number) => Array.from({ length: vms }, (_, v) => col(v, k));
  return {
    timeS: Float64Array.from({ length: rows }, (_, r) => data[r * stride]!),
    vctMs: per(0),
    throughput: per(1),
    limit: per(2),
    active: per(4),
  };
}
