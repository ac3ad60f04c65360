import type { FvmRun, NetworkRun, StorageRun } from "../batch.ts";
import type { SimOutput } from "../simulate.ts";
import type { FvmResult } from "../fvm/simulate.ts";
import type { TestbedSpec } from "../outsourcing/model.ts";
import type { StorageResult } from "../storage/simulate.ts";

export interface ReproContext {
  full: boolean; // the paper's scale, else a quick one
  // A batch of independent runs (on the worker pool with --workers > 1), outputs in the order given.
  // Each run's scenario is recorded for the result's provenance as it is submitted, in that order.
  simulateAll: (runs: readonly NetworkRun[]) => Promise<SimOutput[]>;
  simulateFvmAll: (runs: readonly FvmRun[]) => Promise<FvmResult[]>;
  simulateStorageAll: (runs: readonly StorageRun[]) => Promise<StorageResult[]>;
  progress: (done: number, total: number, label: string) => void; // work that is not a batch of runs
  recordTestbed: (spec: TestbedSpec) => void; // an inter-VM path run made in this thread, for the provenance
}

export type Verdict = "PASS" | "DIFFERS";

// One published finding beside the model's number(s). Text and JSON output are both made from these.
export interface Finding {
  id: string; // unique within its reproduction, stable across versions (for scripts that compare runs)
  claim: string; // what the paper says
  verdict: Verdict;
  model: number | string; // the model's number, or its numbers in words where one number does not say it
  paper?: number | string; // the published number, where the paper gives one
  unit?: string;
}

export interface ReproOutput {
  title: string;
  text: string; // the table(s) and notes, for people; the findings are printed after it
  findings: Finding[]; // empty where the paper publishes no finding (a reference table)
  json: { rows: unknown[]; [key: string]: unknown };
  plots: { file: string; svg: string }[];
}

export interface Reproduction {
  name: string;
  summary: string;
  run(ctx: ReproContext): Promise<ReproOutput>;
}
