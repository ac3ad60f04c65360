// The messages between the playground's page (page.ts) and its Web Workers (worker.ts). The page
// compiles core.wasm once and hands the module to each run (a WebAssembly.Module is cloneable).
import type { Scenario } from "../scenario.ts";
import type { SimResult } from "../simulate.ts";
import type { StorageScenario } from "../storage/scenario.ts";
import type { StorageResult } from "../storage/simulate.ts";
import type { DiskMatrixRow } from "../storage/matrix.ts";
import type { FvmScenario } from "../fvm/scenario.ts";
import type { FvmResult } from "../fvm/simulate.ts";
import type { PathsScenario } from "../outsourcing/scenario.ts";
import type { PathsReport } from "../outsourcing/summary.ts";

// One network simulation: `live` runs stream the trace and the links' queues while they run (the
// main run); the trick matrix's runs only return their result.
export interface RunRequest {
  task: "network";
  module: WebAssembly.Module;
  scenario: Scenario;
  live: boolean;
}

// One storage run (`foxsim disk`), or its disk matrix (`foxsim disk-matrix`: every cell in turn on
// this worker, as host/storage/matrix.ts runs them).
export interface StorageRequest {
  task: "storage" | "disk-matrix";
  module: WebAssembly.Module;
  scenario: StorageScenario;
}

// One Friendly VMs run (`foxsim fvm`).
export interface FvmRequest {
  task: "fvm";
  module: WebAssembly.Module;
  scenario: FvmScenario;
}

// One inter-VM path run (`foxsim paths`).
export interface PathsRequest {
  task: "paths";
  module: WebAssembly.Module;
  scenario: PathsScenario;
}

export type Request = RunRequest | StorageRequest | FvmRequest | PathsRequest;

// What a live run has added since its last message: trace rows (TRACE_COLUMNS wide, flattened) and
// queue samples (rows of [time s, then each link's queued bytes in the order of links], flattened).
export interface Progress {
  kind: "progress";
  simulatedS: number;
  events: number;
  traceRows: Float64Array;
  links: string[]; // host/simulate.ts's link names, in its order (empty before the first sample)
  queues: Float64Array;
  traceTruncated: boolean;
}

// A storage, FVM or inter-VM path run's clock (their onProgress), at most every POST_EVERY_MS of wall time.
export interface ClockProgress {
  kind: "clock";
  simulatedS: number;
  events: number;
}

// The disk matrix: `done` of `total` cells finished.
export interface CellProgress {
  kind: "cells";
  done: number;
  total: number;
}

export interface Done {
  kind: "done";
  result: SimResult;
}

export interface StorageDone {
  kind: "storage-done";
  result: StorageResult;
}

export interface FvmDone {
  kind: "fvm-done";
  result: FvmResult;
}

// `foxsim paths --json`'s report (pathsReport), less provenance and wallTimeS.
export interface PathsDone {
  kind: "paths-done";
  report: PathsReport;
}

export interface DiskMatrixDone {
  kind: "disk-matrix-done";
  rows: DiskMatrixRow[];
}

export interface Failed {
  kind: "failed";
  message: string;
}

export type WorkerMessage = Progress | ClockProgress | CellProgress | Done | StorageDone | FvmDone | PathsDone | DiskMatrixDone | Failed;
