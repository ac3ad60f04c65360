// A batch of independent simulations, their whole outputs back in the order given: on the worker
// pool (host/sweep/pool.ts, the sweep's), or with one worker one after another in this thread, as
// the reproductions and the trick matrix ran before the pool. Either way each run is simulate() /
// simulateFvm() on a fresh core instance of the same compiled module, so the outputs are the same
// (test/reproduce-pool.test.ts).
import type { Core } from "./core.ts";
import { loadNodeCore } from "./node.ts";
import { simulate, type SimOutput } from "./simulate.ts";
import { simulateFvm, type FvmResult } from "./fvm/simulate.ts";
import type { Scenario } from "./scenario.ts";
import type { FvmScenario } from "./fvm/scenario.ts";
import { simulateStorage, type StorageResult, type StorageWork } from "./storage/simulate.ts";
import type { StorageScenario } from "./storage/scenario.ts";
import { Pool } from "./sweep/pool.ts";
import { receivedNetworkOutput, type Job, type NetworkOutputOptions, type PostedOutput } from "./sweep/outcome.ts";

export interface NetworkRun extends NetworkOutputOptions {
  label: string; // for progress: which run this is
  scenario: Scenario;
}

export interface FvmRun {
  label: string;
  scenario: FvmScenario;
}

export interface StorageRun {
  label: string;
  scenario: StorageScenario;
}

export interface BatchProgress {
  // In this thread (one worker, and every storage run), before each run: its scenario, so that a
  // status line can follow it step by step through the cores it hands out (BatchOptions.newCore)
  // or, for a storage run, through onStep.
  onRun?(done: number, total: number, label: string, scenario: Scenario | FvmScenario | StorageScenario): void;
  // A storage run's clock and work between its steps (host/storage/simulate.ts onProgress): the
  // storage model steps its own loop, which a handed-out core's step does not see.
  onStep?(simulatedS: number, events: number, work: StorageWork): void;
  // On the pool, where a run's steps are out of sight: when the batch starts (label undefined) and
  // as each run finishes (its label), in the order they finish.
  onDone?(done: number, total: number, label: string | undefined): void;
}

export interface BatchOptions {
  workers: number; // 1: in this thread
  newCore?: () => Promise<Core>; // in this thread only
  progress?: BatchProgress;
}

export interface BatchRunner {
  simulateAll(runs: readonly NetworkRun[]): Promise<SimOutput[]>;
  simulateFvmAll(runs: readonly FvmRun[]): Promise<FvmResult[]>;
  // Storage runs go one after another in this thread whatever the worker count (the pool's jobs
  // are network and FVM runs; each storage run takes well under a second at quick scale).
  simulateStorageAll(runs: readonly StorageRun[]): Promise<StorageResult[]>;
}

export function batchRunner(o: BatchOptions): BatchRunner {
  const simulateStorageAll = async (runs: readonly StorageRun[]): Promise<StorageResult[]> => {
    const outputs: StorageResult[] = [];
    for (const [i, r] of runs.entries()) {
      o.progress?.onRun?.(i, runs.length, r.label, r.scenario);
      outputs.push(simulateStorage(await loadNodeCore(), r.scenario, { onProgress: o.progress?.onStep }));
    }
    return outputs;
  };
  if (o.workers <= 1) {
    const newCore = o.newCore ?? loadNodeCore;
    const inThread = async <R extends NetworkRun | FvmRun, T>(runs: readonly R[], go: (core: Core, r: R) => T): Promise<T[]> => {
      const outputs: T[] = [];
      for (const [i, r] of runs.entries()) {
        o.progress?.onRun?.(i, runs.length, r.label, r.scenario);
        outputs.push(go(await newCore(), r));
      }
      return outputs;
    };
    return {
      simulateAll: (runs) => inThread(runs, (core, r) => simulate(core, r.scenario, { withTrace: r.withTrace, rttSamples: r.rttSamples })),
      simulateFvmAll: (runs) => inThread(runs, (core, r) => simulateFvm(core, r.scenario)),
      simulateStorageAll,
    };
  }
  return {
    simulateAll: async (runs) => {
      const jobs = runs.map((r, index): Job => ({ index, kind: "network", scenario: r.scenario, output: { withTrace: r.withTrace, rttSamples: r.rttSamples } }));
      const posted = await onPool(jobs, runs, o);
      return posted.map((p) => receivedNetworkOutput(p as Extract<PostedOutput, { kind: "network" }>));
    },
    simulateFvmAll: async (runs) => {
      const jobs = runs.map((r, index): Job => ({ index, kind: "fvm", scenario: r.scenario, output: true }));
      const posted = await onPool(jobs, runs, o);
      return posted.map((p) => (p as Extract<PostedOutput, { kind: "fvm" }>).result);
    },
    simulateStorageAll,
  };
}

// Starts the jobs in the order given and stops at the first failure, thrown with the run's own
// message, as the same run throws in this thread.
async function onPool(jobs: readonly Job[], runs: readonly { label: string }[], o: BatchOptions): Promise<PostedOutput[]> {
  const outputs: PostedOutput[] = new Array(jobs.length);
  let failure: Error | undefined;
  let done = 0;
  o.progress?.onDone?.(0, jobs.length, undefined);
  await new Pool().run(jobs, o.workers, (outcome) => {
    if (outcome.status !== "ok" || !outcome.output) {
      failure = new Error(outcome.error ?? `${runs[outcome.index]!.label}: no output`);
      return false;
    }
    outputs[outcome.index] = outcome.output;
    o.progress?.onDone?.(++done, jobs.length, runs[outcome.index]!.label);
    return true;
  });
  if (failure) throw failure;
  return outputs;
}
