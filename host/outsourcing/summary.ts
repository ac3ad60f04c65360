// `foxsim paths`'s summary text (of pathsReport), shared by the CLI (host/cli.ts) and the playground
// (host/playground/), so that both print the same lines for the same run (only the wall time is each one's own).
import type { pathsReport } from "./scenario.ts";

export type PathsReport = ReturnType<typeof pathsReport>;

export function pathsSummaryText(report: PathsReport, wallS: number): string {
  const lines = [
    `${report.scenario}  (${report.measuredMs} ms measured)`,
    ...report.connections.map((c) => `  ${c.from} (${c.fromPath}) → ${c.to} (${c.toPath})  ${c.app === "rr" ? `${c.transactionsPerS} trans/s, ${c.latencyUs} µs per transaction` : `${c.throughputMbps} Mb/s`}`),
    `  CPU busy      ${report.cores.map((c) => `${c.host}/${c.core} ${(100 * c.busy).toFixed(0)} %`).join(", ")}`,
    `  engine        ${report.events} events in ${wallS.toFixed(2)} s wall`,
  ];
  return lines.join("\n");
}
