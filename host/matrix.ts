// The trick matrix: one scenario, every guest congestion control, without and with a VMM policy —
// Table 2 of seed 001 generalised to any path.
import { CONGESTION_CONTROLS, type CongestionControl } from "./congestion.ts";
import { parseScenario, type Scenario } from "./scenario.ts";
import { simulate, type SimOptions } from "./simulate.ts";
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

export interface MatrixProgress {
  // before each run: how many of the runs are done, their number, which run this is, its scenario
  onRun(done: number, total: number, label: string, scenario: Scenario): void;
  onProgress: SimOptions["onProgress"]; // during each run
}

export async function trickMatrix(newCore: () => Promise<Core>, s: Scenario, policy: Exclude<VmmPolicyName, "none">, progress?: MatrixProgress): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  const total = 2 * CONGESTION_CONTROLS.length;
  const run = async (done: number, label: string, v: Scenario) => {
    progress?.onRun(done, total, label, v);
    return simulate(await newCore(), v, { onProgress: progress?.onProgress }).result;
  };
  for (const [i, cc] of CONGESTION_CONTROLS.entries()) {
    const without = await run(2 * i, `${cc} without ${policy}`, variant(s, cc, "none"));
    const withPolicy = await run(2 * i + 1, `${cc} with ${policy}`, variant(s, cc, policy));
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
