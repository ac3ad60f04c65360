// Shared by the FVM reproductions: running one host-model scenario and the rows they report.
import { parseFvmScenario, type FvmScenarioInput } from "../fvm/scenario.ts";
import { simulateFvm, type FvmResult } from "../fvm/simulate.ts";
import type { ReproContext } from "./types.ts";

export async function runFvm(ctx: ReproContext, input: FvmScenarioInput): Promise<FvmResult> {
  const scenario = parseFvmScenario(input);
  ctx.used(scenario);
  return simulateFvm(await ctx.newCore(), scenario);
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
