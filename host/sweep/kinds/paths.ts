// Inter-VM path scenarios (`foxsim paths`, seed 004): connections between hosts and VMs over the
// hosted, socket-outsourcing and XenLoop paths, on CPU cores.
import { parsePathsScenario, pathsReport, testbedOf, type PathsScenario } from "../../outsourcing/scenario.ts";
import { runTestbed } from "../../outsourcing/model.ts";
import type { SweepKind, Summary } from "./types.ts";

type Report = ReturnType<typeof pathsReport>;

// `foxsim paths --json` flattened: per connection i (its index in the scenario, as in --set paths)
// `connections.i.throughputMbps` and `.reverseThroughputMbps`, and for request–response ones
// `.transactionsPerS` and `.latencyUs`; per core `cores.<host>.<core>.busy` (fraction of the
// measured window); the engine's events.
export function summarisePaths(r: Report): Summary {
  const out: Summary = {};
  r.connections.forEach((c, i) => {
    out[`connections.${i}.throughputMbps`] = c.throughputMbps;
    out[`connections.${i}.reverseThroughputMbps`] = c.reverseThroughputMbps;
    if (c.transactionsPerS !== undefined) out[`connections.${i}.transactionsPerS`] = c.transactionsPerS;
    if (c.latencyUs !== undefined) out[`connections.${i}.latencyUs`] = c.latencyUs;
  });
  for (const c of r.cores) out[`cores.${c.host}.${c.core}.busy`] = c.busy;
  out.events = r.events;
  return out;
}

export const paths: SweepKind<PathsScenario> = {
  marker: "connections",
  looksLike: (doc) => "connections" in doc,
  parse: parsePathsScenario,
  // events grow with simulated time and with the connections carrying packets
  cost: (s) => s.durationMs * s.connections.length,
  summarise: (core, s) => summarisePaths(pathsReport(s, runTestbed(core, testbedOf(s)))),
};
