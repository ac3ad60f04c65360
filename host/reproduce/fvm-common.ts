// Shared by the FVM reproductions: running one host-model scenario, and printing each of the
// paper's findings as a check beside the model's numbers (PASS or DIFFERS; mismatches are shown).
import { parseFvmScenario, type FvmScenarioInput } from "../fvm/scenario.ts";
import { simulateFvm, type FvmResult } from "../fvm/simulate.ts";
import type { ReproContext } from "./types.ts";

export interface Check {
  finding: string; // the paper's claim
  model: string; // the model's numbers
  pass: boolean;
}

export function formatChecks(checks: readonly Check[]): string {
  return ["Paper findings vs model:", ...checks.map((c) => `  ${c.pass ? "PASS   " : "DIFFERS"}  ${c.finding}\n           model: ${c.model}`)].join("\n");
}

export async function runFvm(ctx: ReproContext, input: FvmScenarioInput): Promise<FvmResult> {
  return simulateFvm(await ctx.newCore(), parseFvmScenario(input));
}

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
