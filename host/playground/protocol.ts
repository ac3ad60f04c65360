// The messages between the playground's page (page.ts) and its Web Workers (worker.ts). The page
// compiles core.wasm once and hands the module to each run (a WebAssembly.Module is cloneable).
import type { Scenario } from "../scenario.ts";
import type { SimResult } from "../simulate.ts";

// One simulation: `live` runs stream the trace and the links' queues while they run (the main
// run); the trick matrix's runs only return their result.
export interface RunRequest {
  module: WebAssembly.Module;
  scenario: Scenario;
  live: boolean;
}

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

export interface Done {
  kind: "done";
  result: SimResult;
}

export interface Failed {
  kind: "failed";
  message: string;
}

export type WorkerMessage = Progress | Done | Failed;
