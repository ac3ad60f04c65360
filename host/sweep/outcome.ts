// What travels between the main thread and a worker: a job (a validated scenario) and its outcome
// (the summary numbers, or why it failed). A sweep job gets the summary of its run back; a job with
// `output` set (a batch of host/batch.ts: the reproductions, the trick matrix) gets the whole output
// — the result, the trace and RTT samples it asked for, an FVM run's time series — with the large
// arrays moved, not copied (transferred ArrayBuffers). Types and plain data only: what a worker does
// with each kind of scenario is in ./kinds/.
import type { SimOutput, SimResult, Trace } from "../simulate.ts";
import type { FvmResult } from "../fvm/simulate.ts";
import type { Scenario } from "../scenario.ts";
import type { FvmScenario } from "../fvm/scenario.ts";
import type { StorageScenario } from "../storage/scenario.ts";
import type { PathsScenario } from "../outsourcing/scenario.ts";
import type { Summary } from "./kinds/index.ts";

// What a network batch run asks for besides its result (host/simulate.ts SimOptions).
export interface NetworkOutputOptions {
  withTrace?: boolean;
  rttSamples?: number;
}

export type Job =
  | { index: number; kind: "network"; scenario: Scenario; output?: NetworkOutputOptions }
  | { index: number; kind: "fvm"; scenario: FvmScenario; output?: true }
  // sweep jobs only (host/batch.ts runs network and FVM scenarios)
  | { index: number; kind: "storage"; scenario: StorageScenario; output?: undefined }
  | { index: number; kind: "paths"; scenario: PathsScenario; output?: undefined };

export type Status = "ok" | "failed" | "trap";

// A network run's output as posted: the RTT samples as Float64Arrays, whose buffers can be transferred.
export interface PostedNetworkOutput {
  kind: "network";
  result: SimResult;
  trace?: Trace;
  rtts?: { tcpMs: Float64Array; vmmMs: Float64Array; truncated: boolean };
}
export type PostedOutput = PostedNetworkOutput | { kind: "fvm"; result: FvmResult };

export interface Outcome {
  index: number;
  status: Status;
  summary?: Summary; // sweep jobs
  output?: PostedOutput; // jobs with `output`
  error?: string;
  wallS: number;
}

// The output to post and the buffers to move with it (each once: a buffer listed twice is an error).
export function postNetworkOutput(o: SimOutput): { output: PostedNetworkOutput; transfer: ArrayBuffer[] } {
  const rtts = o.rtts && { tcpMs: Float64Array.from(o.rtts.tcpMs), vmmMs: Float64Array.from(o.rtts.vmmMs), truncated: o.rtts.truncated };
  const arrays = [o.trace?.data, rtts?.tcpMs, rtts?.vmmMs].filter((a) => a !== undefined);
  return { output: { kind: "network", result: o.result, ...(o.trace ? { trace: o.trace } : {}), ...(rtts ? { rtts } : {}) }, transfer: buffersOf(arrays) };
}

export function postFvmOutput(r: FvmResult): { output: PostedOutput; transfer: ArrayBuffer[] } {
  const s = r.series;
  const arrays = s ? [s.timeS, ...s.vctMs, ...s.throughput, ...s.limit, ...s.active] : [];
  return { output: { kind: "fvm", result: r }, transfer: buffersOf(arrays) };
}

// Back to what simulate() returns: the same fields in the same order, RTT samples as number[].
export function receivedNetworkOutput(p: PostedNetworkOutput): SimOutput {
  const rtts = p.rtts && { tcpMs: Array.from(p.rtts.tcpMs), vmmMs: Array.from(p.rtts.vmmMs), truncated: p.rtts.truncated };
  return { result: p.result, trace: p.trace, ...(rtts ? { rtts } : {}) };
}

function buffersOf(arrays: Float64Array[]): ArrayBuffer[] {
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
