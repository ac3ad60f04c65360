// Shared by the FVM reproductions: one host-model run of a batch and the rows they report.
import { parseFvmScenario, type FvmScenarioInput } from "../fvm/scenario.ts";
import type { FvmResult } from "../fvm/simulate.ts";
import type { FvmRun } from "../batch.ts";

// One run of a batch (ReproContext.simulateFvmAll), validated here.
export const fvmRun = (label: string, input: FvmScenarioInput): FvmRun => ({ label, scenario: parseFvmScenario(input) });

export const round = (v: number, digits = 3) => Number(v.toFixed(digits));

export function resultRow(r: FvmResult) {
  return {
    mode: r.mode,
    vctMs: round(r.vctMs),
    throughput: round(r.throughput),
    fairnessIndex: round(r.fairnessIndex, 4),
    perVmThroughput: r.vms.map((v) => round(v.throughput)),
  };
}
