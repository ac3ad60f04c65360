// The trick matrix: one scenario, every guest congestion control, without and with a VMM policy —
// Table 2 of seed 001 generalised to any path.
import { CONGESTION_CONTROLS, type CongestionControl } from "./congestion.ts";
import { parseScenario, type Scenario } from "./scenario.ts";
import type { BatchRunner } from "./batch.ts";
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

// The 18 runs, independent of each other, go to the runner as one batch (on the worker pool with
// more than one worker).
export async function trickMatrix(runner: BatchRunner, s: Scenario, policy: Exclude<VmmPolicyName, "none">): Promise<MatrixRow[]> {
  const runs = CONGESTION_CONTROLS.flatMap((cc) => [
    { label: `${cc} without ${policy}`, scenario: variant(s, cc, "none") },
    { label: `${cc} with ${policy}`, scenario: variant(s, cc, policy) },
  ]);
  const outputs = await runner.simulateAll(runs);
  return CONGESTION_CONTROLS.map((cc, i) => {
    const [without, withPolicy] = [outputs[2 * i]!.result, outputs[2 * i + 1]!.result];
    return {
      algorithm: cc,
      withoutKBps: without.goodputKBps,
      withKBps: withPolicy.goodputKBps,
      change: withPolicy.goodputKBps / without.goodputKBps - 1,
      retransmitsWithout: without.retransmits,
      retransmitsWith: withPolicy.retransmits,
    };
  });
}
