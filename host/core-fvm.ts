// Typed wrapper over core.wasm's FVM exports (assembly/fvm/), beside host/core.ts: the host model
// run, and the monitor and controller benches used by the property tests.
import type { Core } from "./core.ts";
import { memView } from "./memview.ts";

// Parameter ids of assembly/fvm/params.ts, in the same order (index = id).
export const FVM_PARAMS = [
  "tickNs", "hostSliceNs", "guestSliceNs", "switchNs", "frames", "readNs", "writeNs", "vmChunks", "threadChunks",
  "workNs", "thinkNs", "workload", "fvm", "tcNs", "window", "gamma", "threshold", "initialLimit", "aiThreads",
  "aiRateHz", "md", "releaseHz", "stopNs", "warmupNs", "sampleNs", "lruSamples", "chunkBytes",
] as const;
export type FvmParamName = (typeof FVM_PARAMS)[number];
export type FvmParams = Record<FvmParamName, number>;

export const FvmVmStat = {
  doneInWindow: 0,
  ticksInWindow: 1,
  vctSumNsInWindow: 2,
  limit: 3,
  rateHz: 4,
  active: 5,
  suspended: 6,
  controlSteps: 7,
  decreases: 8,
  sleptNs: 9,
  vctEwmaNs: 10,
  lastR: 11,
} as const;

export const FvmStat = {
  events: 0,
  nowNs: 1,
  cpuBusyNs: 2,
  diskFaults: 3,
  evictions: 4,
  diskBusyNs: 5,
  zeroFills: 6,
  vmSwitches: 7,
  maxActiveOverLimit: 8,
  rateStepsAboveMpl1: 9,
  residentChunks: 10,
} as const;

export const FVM_SERIES_PER_VM = 5; // vct ms, work units/s, limit, rate Hz, active threads

interface FvmExports {
  memory: WebAssembly.Memory;
  fvmParam(id: number, value: number): void;
  fvmReset(): void;
  fvmAddVm(threads: number): number;
  fvmStart(seed: bigint): number;
  fvmRun(maxEvents: bigint): number;
  fvmVmStat(v: number, stat: number): number;
  fvmStat(stat: number): number;
  fvmSeriesPointer(): number;
  fvmSeriesRows(): number;
  fvmSeriesStride(): number;
  fvmMonitorHarnessInit(gamma: number, window: number): void;
  fvmMonitorHarnessTick(vctNs: number): void;
  fvmMonitorHarnessPeriod(): number;
  fvmMonitorHarnessEwma(): number;
  fvmControllerHarnessInit(initialLimit: number, aiThreads: number, aiRateHz: number, md: number, releaseHz: number): void;
  fvmControllerHarnessStep(congested: number, binds: number): void;
  fvmControllerHarnessLimit(): number;
  fvmControllerHarnessRate(): number;
}

const fx = (core: Core) => core.exports as unknown as FvmExports;

export class FvmCoreError extends Error {}

const ERRORS: Record<number, string> = {
  [-1]: "event queue full",
  [-3]: "invalid FVM configuration reached the core",
};

// One host-model run: parameters, VMs (threads, or sessions for the web workload), then run.
export class FvmHost {
  readonly #x: FvmExports;
  constructor(core: Core, params: FvmParams, vmThreads: readonly number[], seed: number) {
    this.#x = fx(core);
    FVM_PARAMS.forEach((name, id) => this.#x.fvmParam(id, params[name]));
    this.#x.fvmReset();
    for (const n of vmThreads) if (this.#x.fvmAddVm(n) < 0) throw new FvmCoreError(`VM with ${n} threads rejected (at most 64 VMs, at least 1 thread each)`);
    const rc = this.#x.fvmStart(BigInt(seed));
    if (rc !== 0) throw new FvmCoreError(ERRORS[rc] ?? `fvmStart failed (${rc})`);
  }
  // Runs up to maxEvents events; true when the run is over.
  step(maxEvents: number): boolean {
    const rc = this.#x.fvmRun(BigInt(maxEvents));
    if (rc < 0) throw new FvmCoreError(ERRORS[rc] ?? `fvmRun failed (${rc})`);
    return rc === 0;
  }
  vmStat(v: number, stat: number): number {
    return this.#x.fvmVmStat(v, stat);
  }
  stat(stat: number): number {
    return this.#x.fvmStat(stat);
  }
  // A copy of the time series: rows of [time s, then per VM FVM_SERIES_PER_VM values].
  series(): { stride: number; rows: number; data: Float64Array } {
    const stride = this.#x.fvmSeriesStride();
    const rows = this.#x.fvmSeriesRows();
    return { stride, rows, data: memView(Float64Array, this.#x, this.#x.fvmSeriesPointer(), rows * stride).slice() };
  }
}

// The monitor of one VM (eqs 1–2) on a bench.
export class FvmMonitorBench {
  readonly #x: FvmExports;
  constructor(core: Core, gamma: number, window: number) {
    this.#x = fx(core);
    this.#x.fvmMonitorHarnessInit(gamma, window);
  }
  tick(vctNs: number): void {
    this.#x.fvmMonitorHarnessTick(vctNs);
  }
  periodEnd(): number {
    return this.#x.fvmMonitorHarnessPeriod();
  }
  get ewma(): number {
    return this.#x.fvmMonitorHarnessEwma();
  }
}

// The AIMD controller of one VM on a bench. rateHz 0 = rate control not engaged.
export class FvmControllerBench {
  readonly #x: FvmExports;
  constructor(core: Core, o: { initialLimit: number; aiThreads: number; aiRateHz: number; md: number; releaseHz: number }) {
    this.#x = fx(core);
    this.#x.fvmControllerHarnessInit(o.initialLimit, o.aiThreads, o.aiRateHz, o.md, o.releaseHz);
  }
  step(congested: boolean, binds: boolean): void {
    this.#x.fvmControllerHarnessStep(congested ? 1 : 0, binds ? 1 : 0);
  }
  get limit(): number {
    return this.#x.fvmControllerHarnessLimit();
  }
  get rateHz(): number {
    return this.#x.fvmControllerHarnessRate();
  }
}
