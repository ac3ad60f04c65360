// `foxsim fvm`'s summary text, shared by the CLI (host/cli.ts) and the playground (host/playground/),
// so that both print the same lines for the same run (only the wall time is each one's own).
import type { FvmResult } from "./simulate.ts";

export function fvmSummaryText(r: FvmResult, wallS: number): string {
  const lines = [
    `${r.scenario}  (${r.mode}, ${r.vms.length} VMs)`,
    `  throughput     ${r.throughput.toFixed(2)} work units/s in all (optimal share ${r.optimalPerVm.toFixed(2)} per VM)`,
    `  fairness       index (eq 16) ${r.fairnessIndex.toFixed(3)}, Jain ${r.jainIndex.toFixed(3)}`,
    `  host           CPU ${(100 * r.cpuUtilisation).toFixed(1)} % busy, ${r.diskFaults} page faults`,
    ...r.vms.map((v, i) => `  vm ${i}           ${v.throughput.toFixed(2)} units/s, VCT ${v.vctMs.toFixed(1)} ms${v.finalLimit === null ? "" : `, thread limit ${v.finalLimit}, ${v.controlDecreases} decreases, ${v.sleptS.toFixed(1)} s forced sleep`}`),
    `  engine         ${r.events} events in ${wallS.toFixed(2)} s wall`,
  ];
  return lines.join("\n");
}
