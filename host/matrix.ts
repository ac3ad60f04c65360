// The trick matrix: one scenario, every guest congestion control, without and with a VMM policy —
// Table 2 of seed 001 generalised to any path.
import { CONGESTION_CONTROLS, type CongestionControl } from "./congestion.ts";
import { parseScenario, type Scenario } from "./scenario.ts";
import { simulate } from "./simulate.ts";
import type { Core } from "./core.ts";
import type { VmmPolicyName } from "./vmm.ts";

export interface MatrixRow {
  algorithm: CongestionControl;
  withoutKBps: number;
  withKBps: number;
  change: number; // with / without − 1
  retransmitsWithout: number;
  retransmitsWith: number;
}

export function variant(s: Scenario, cc: CongestionControl, policy: VmmPolicyName): Scenario {
  return parseScenario({ ...s, flows: s.flows.map((f) => ({ ...f, cc })), sender: { ...s.sender, placement: "guest", vmm: { ...s.sender.vmm, policy } } });
}

export async function trickMatrix(newCore: () => Promise<Core>, s: Scenario, policy: Exclude<VmmPolicyName, "none">, progress?: (done: number, total: number, label: string) => void): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  for (const [i, cc] of CONGESTION_CONTROLS.entries()) {
    progress?.(i, CONGESTION_CONTROLS.length, cc);
    const without = simulate(await newCore(), variant(s, cc, "none")).result;
    const withPolicy = simulate(await newCore(), variant(s, cc, policy)).result;
    rows.push({
      algorithm: cc,
      withoutKBps: without.goodputKBps,
      withKBps: withPolicy.goodputKBps,
      change: withPolicy.goodputKBps / without.goodputKBps - 1,
      retransmitsWithout: without.retransmits,
      retransmitsWith: withPolicy.retransmits,
    });
  }
  return rows;
}
