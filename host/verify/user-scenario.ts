// `foxsim verify <scenario.json>`: the network invariants (host/verify/invariants.ts) on a user's own
// scenario, run under random seeds and random drops at the bottleneck (data) and on the reverse path
// (ACKs); an FVM host scenario under random seeds, against the controller's invariants; a storage
// scenario under random seeds (host/verify/storage-invariants.ts); an inter-VM path scenario, whose
// model draws no random numbers, stopped at random instants (host/verify/paths-invariants.ts).
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadNodeCore } from "../node.ts";
import type { Scenario } from "../scenario.ts";
import type { FvmScenario } from "../fvm/scenario.ts";
import { simulate } from "../simulate.ts";
import { simulateFvm } from "../fvm/simulate.ts";
import type { StorageScenario } from "../storage/scenario.ts";
import { simulateStorage } from "../storage/simulate.ts";
import { testbedOf, type PathsScenario } from "../outsourcing/scenario.ts";
import { runTestbed } from "../outsourcing/model.ts";
import { assertNetworkInvariants } from "./invariants.ts";
import { assertStorageInvariants } from "./storage-invariants.ts";
import { assertPathsInvariants } from "./paths-invariants.ts";
import { property, type Property } from "./property.ts";

const RUNS = 25; // each run is the user's whole scenario: fewer than the suites' small cases
const MAX_DROPS = 20; // per direction and run
const SEEDS = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const UNLIMITED_FLOW_PACKETS = 10_000; // where drops may land for a flow with no byte count (bytes 0)

// Drop indices count arrivals at a link; a drop past the run's last arrival never happens, so the
// range is about the packets the scenario sends (each flow's segments, or a guess for unlimited ones).
function packetsAbout(s: Scenario): number {
  return s.flows.reduce((a, f) => a + (f.bytes > 0 ? Math.ceil(f.bytes / s.tcp.mss) : UNLIMITED_FLOW_PACKETS), 0);
}

const drops = (max: number) => fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, max - 1) }), { maxLength: MAX_DROPS }).map((a) => a.sort((x, y) => x - y));

export function networkScenarioProperty(s: Scenario): Property {
  const packets = packetsAbout(s);
  return property({
    name: s.name,
    summary: "the network invariants under random seeds and drops",
    runs: RUNS,
    arbitrary: fc.record({ seed: SEEDS, forward: drops(packets), reverse: drops(packets) }),
    document: (v) => ({ scenario: { ...s, seed: v.seed }, drops: { forward: v.forward, reverse: v.reverse } }),
    async check(v) {
      const scenario = { ...s, seed: v.seed };
      const { result } = simulate(await loadNodeCore(), scenario, { drops: { forward: v.forward, reverse: v.reverse } });
      assertNetworkInvariants(scenario, result);
    },
  });
}

export function fvmScenarioProperty(s: FvmScenario): Property {
  return property({
    name: s.name,
    summary: "the FVM controller's invariants under random seeds",
    runs: RUNS,
    arbitrary: SEEDS,
    document: (seed) => ({ ...s, seed }),
    async check(seed) {
      const r = simulateFvm(await loadNodeCore(), { ...s, seed });
      if (r.invariants.maxActiveOverLimit !== null) assert.ok(r.invariants.maxActiveOverLimit <= 0, `active threads exceeded the limit by ${r.invariants.maxActiveOverLimit}`);
      assert.equal(r.invariants.rateStepsAboveMpl1, 0, "rate control above MPL 1");
      assert.ok(r.cpuUtilisation >= 0 && r.cpuUtilisation <= 1 + 1e-9, `CPU ${r.cpuUtilisation}`);
    },
  });
}

export function storageScenarioProperty(s: StorageScenario): Property {
  return property({
    name: s.name,
    summary: "the storage world's invariants under random seeds",
    runs: RUNS,
    arbitrary: SEEDS,
    document: (seed) => ({ ...s, seed }),
    async check(seed) {
      const scenario = { ...s, seed };
      assertStorageInvariants(scenario, simulateStorage(await loadNodeCore(), scenario));
    },
  });
}

const STOP_STEPS = 1000; // the measured span is cut at one of this many instants

// Counts conserved and bounds kept must hold at any instant, not only at the scenario's end: each run
// stops the scenario at a random point of its measured span.
export function pathsScenarioProperty(s: PathsScenario): Property {
  const stopAt = (k: number) => ({ ...s, durationMs: s.warmupMs + ((s.durationMs - s.warmupMs) * k) / STOP_STEPS });
  return property({
    name: s.name,
    summary: "the inter-VM path invariants, stopped at random instants",
    runs: RUNS,
    arbitrary: fc.integer({ min: 1, max: STOP_STEPS }),
    document: stopAt,
    async check(k) {
      const spec = testbedOf(stopAt(k));
      assertPathsInvariants(spec, runTestbed(await loadNodeCore(), spec));
    },
  });
}
