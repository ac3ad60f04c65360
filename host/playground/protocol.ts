// The messages between the playground's page (page.ts) and its Web Workers (worker.ts). The page
// compiles core.wasm once and hands the module to each run (a WebAssembly.Module is cloneable).
import type { Scenario } from "../scenario.ts";
import type { SimResult } from "../simulate.ts";

// One simulation: `live` runs stream the trace and the bottleneck queue while they run (the main
// run); the trick matrix's runs only return their result.
export interface RunRequest {
  module: WebAssembly.Module;
  scenario: Scenario;
  live: boolean;
}

// What a live run has added since its last message: trace rows (TRACE_COLUMNS wide, flattened) and
// bottleneck queue samples ([time s, queued bytes] pairs, flattened).
export interface Progress {
  kind: "progress";
  simulatedS: number;
  events: number;
  traceRows: Float64Array;
  queue: Float64Array;
  traceTruncated: boolean;
}

export interface Done {
  kind: "done";
  result: SimResult;
}

export interface Failed {
  kind: "failed";
  message: string;
}

export type WorkerMessage = Progress | Done | Failed;
