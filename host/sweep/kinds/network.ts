// Network scenarios (`foxsim run`): flows over a path.
import { parseScenario, type Scenario } from "../../scenario.ts";
import { simulate, type SimResult } from "../../simulate.ts";
import type { SweepKind, Summary } from "./types.ts";

export const NETWORK_SUMMARY = ["goodputKBps", "completionTimeS", "bytesDelivered", "retransmits", "timeouts", "drops", "events", "simulatedS"] as const;

export function networkSummary(r: SimResult): Summary {
  return Object.fromEntries(NETWORK_SUMMARY.map((k) => [k, r[k]]));
}

export const network: SweepKind<Scenario> = {
  marker: "flows",
  looksLike: (doc) => "flows" in doc,
  parse: parseScenario,
  // runs scale with the bytes sent (a timed run: its stop time at the bottleneck's rate)
  cost(n) {
    const shaper = n.path.forward.shaper?.rateKBps;
    const rateBps = Math.min((n.path.lineRateMbps * 1e6) / 8, shaper ? shaper * 1000 : Infinity);
    const timed = n.stopTimeS > 0 ? n.stopTimeS * rateBps : Infinity;
    return n.flows.reduce((sum, f) => sum + Math.min(f.bytes > 0 ? f.bytes : Infinity, timed), 0);
  },
  summarise: (core, s) => networkSummary(simulate(core, s).result),
  fields: NETWORK_SUMMARY,
};
