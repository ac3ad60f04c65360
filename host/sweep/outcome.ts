// What travels between the main thread and a worker: a job (a validated scenario) and its outcome
// (the summary numbers, or why it failed). Kept free of zod and node:fs so the worker bundle is small.
import type { SimResult } from "../simulate.ts";
import type { FvmResult } from "../fvm/simulate.ts";
import type { Scenario } from "../scenario.ts";
import type { FvmScenario } from "../fvm/scenario.ts";

export type Job = { index: number; kind: "network"; scenario: Scenario } | { index: number; kind: "fvm"; scenario: FvmScenario };

export type Status = "ok" | "failed" | "trap";

export interface Outcome {
  index: number;
  status: Status;
  summary?: Record<string, number | null>;
  error?: string;
  wallS: number;
}

export const NETWORK_SUMMARY = ["goodputKBps", "completionTimeS", "bytesDelivered", "retransmits", "timeouts", "drops", "events", "simulatedS"] as const;
export const FVM_SUMMARY = ["throughput", "vctMs", "fairnessIndex", "jainIndex", "optimalPerVm", "cpuUtilisation", "diskFaults", "events"] as const;

export function networkSummary(r: SimResult): Record<string, number | null> {
  return Object.fromEntries(NETWORK_SUMMARY.map((k) => [k, r[k]]));
}

export function fvmSummary(r: FvmResult): Record<string, number | null> {
  return Object.fromEntries(FVM_SUMMARY.map((k) => [k, r[k]]));
}
