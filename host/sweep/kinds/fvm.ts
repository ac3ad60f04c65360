// Friendly VM scenarios (`foxsim fvm`, seed 003): a number of VMs sharing one host.
import { parseFvmScenario, type FvmScenario } from "../../fvm/scenario.ts";
import { simulateFvm, type FvmResult } from "../../fvm/simulate.ts";
import type { SweepKind, Summary } from "./types.ts";

export const FVM_SUMMARY = ["throughput", "vctMs", "fairnessIndex", "jainIndex", "optimalPerVm", "cpuUtilisation", "diskFaults", "events"] as const;

export function fvmSummary(r: FvmResult): Summary {
  return Object.fromEntries(FVM_SUMMARY.map((k) => [k, r[k]]));
}

export const fvm: SweepKind<FvmScenario> = {
  marker: "vms (a number)",
  // inter-VM path and network scenarios list their VMs; an FVM scenario counts them
  looksLike: (doc) => typeof doc.vms === "number",
  parse: parseFvmScenario,
  cost: (f) => f.vms * f.durationS,
  summarise: (core, s) => fvmSummary(simulateFvm(core, s)),
  fields: FVM_SUMMARY,
};
