// The context a reproduction runs in (host/reproduce/types.ts): its batches go to a runner
// (host/batch.ts) after their scenarios are recorded, in submission order — the order of the
// result's provenance.scenarios, whichever worker finishes first.
import { batchRunner, type BatchRunner } from "../batch.ts";
import type { Scenario } from "../scenario.ts";
import type { FvmScenario } from "../fvm/scenario.ts";
import type { TestbedSpec } from "../outsourcing/model.ts";
import type { StorageScenario } from "../storage/scenario.ts";
import type { ReproContext } from "./types.ts";

export interface ContextOptions {
  full: boolean;
  runner?: BatchRunner; // default: one after another in this thread
  progress?: ReproContext["progress"];
  used?: (scenario: Scenario | FvmScenario | StorageScenario | TestbedSpec) => void;
}

export function reproContext(o: ContextOptions): ReproContext {
  const runner = o.runner ?? batchRunner({ workers: 1 });
  const used = o.used ?? (() => {});
  return {
    full: o.full,
    progress: o.progress ?? (() => {}),
    recordTestbed: used,
    simulateAll: (runs) => {
      for (const r of runs) used(r.scenario);
      return runner.simulateAll(runs);
    },
    simulateFvmAll: (runs) => {
      for (const r of runs) used(r.scenario);
      return runner.simulateFvmAll(runs);
    },
    simulateStorageAll: (runs) => {
      for (const r of runs) used(r.scenario);
      return runner.simulateStorageAll(runs);
    },
  };
}
