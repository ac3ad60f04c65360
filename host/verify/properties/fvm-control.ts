// Properties of the FVM monitor and controller in the wasm core: the monitor's R follows eqs 1–2
// exactly (checked against an independent reference), the controller engages rate control only at
// MPL = 1, and in the host model active threads never exceed the limit.
import assert from "node:assert/strict";
import fc from "fast-check";
import { FvmControllerBench, FvmMonitorBench } from "../../core-fvm.ts";
import { loadNodeCore } from "../../node.ts";
import { parseFvmScenario, type FvmScenarioInput } from "../../fvm/scenario.ts";
import { simulateFvm } from "../../fvm/simulate.ts";
import { property, type Suite } from "../property.ts";

// Reference of eqs 1–2, written from the paper independently of assembly/fvm/monitor.ts.
class ReferenceMonitor {
  #avg: number | undefined;
  readonly #history: number[] = []; // VCT̄ at past period ends, newest last
  constructor(readonly gamma: number, readonly w: number) {}
  tick(x: number) {
    this.#avg = this.#avg === undefined ? x : (1 - this.gamma) * this.#avg + this.gamma * x;
  }
  periodEnd(): number {
    if (this.#avg === undefined) return 1;
    const past = this.#history.slice(-this.w); // VCT̄(t − i), i = 1 … w
    const r = past.length === 0 ? 1 : this.#avg / Math.min(...past);
    this.#history.push(this.#avg);
    return r;
  }
}

const op = fc.oneof(fc.record({ tick: fc.double({ min: 1e3, max: 1e10, noNaN: true }) }), fc.constant({ period: true as const }));

const hostCase = fc.record({
  vms: fc.integer({ min: 1, max: 4 }),
  threads: fc.integer({ min: 1, max: 120 }),
  memoryMB: fc.integer({ min: 100, max: 400 }),
  web: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1000 }),
});
type HostCase = typeof hostCase extends fc.Arbitrary<infer T> ? T : never;

function hostScenario(v: HostCase): FvmScenarioInput {
  return {
    vms: v.vms, seed: v.seed, durationS: 60, host: { memoryMB: v.memoryMB },
    workload: v.web ? { kind: "web", sessionsPerVm: v.threads, thinkMs: 500 } : { kind: "benchmark", threadsPerVm: v.threads },
    fvm: { controlPeriodS: 1, windowS: 5 },
  };
}

export const fvmControl: Suite = {
  name: "fvm-control",
  summary: "the FVM monitor (eqs 1–2), its AIMD/rate controller, and the thread limit in the host model",
  properties: [
    property({
      name: "monitor",
      summary: "R follows eqs 1–2 exactly for any tick sequence",
      runs: 200,
      arbitrary: fc.record({ gamma: fc.double({ min: 0.001, max: 0.999, noNaN: true }), w: fc.integer({ min: 1, max: 16 }), ops: fc.array(op, { maxLength: 200 }) }),
      async check({ gamma, w, ops }) {
        const m = new FvmMonitorBench(await loadNodeCore(), gamma, w);
        const ref = new ReferenceMonitor(gamma, w);
        for (const o of ops) {
          if ("tick" in o) {
            m.tick(o.tick);
            ref.tick(o.tick);
          } else assert.equal(m.periodEnd(), ref.periodEnd());
        }
      },
    }),
    property({
      name: "controller",
      summary: "rate control engages only at MPL = 1, and the limit stays ≥ 1",
      runs: 200,
      arbitrary: fc.record({ initialLimit: fc.integer({ min: 1, max: 100 }), steps: fc.array(fc.tuple(fc.boolean(), fc.boolean()), { maxLength: 300 }) }),
      async check({ initialLimit, steps }) {
        const c = new FvmControllerBench(await loadNodeCore(), { initialLimit, aiThreads: 1, aiRateHz: 0.1, md: 1.5, releaseHz: 2 });
        for (const [congested, binds] of steps) {
          const before = { limit: c.limit, rate: c.rateHz };
          c.step(congested, binds);
          assert.ok(c.limit >= 1);
          if (c.rateHz !== 0) assert.equal(c.limit, 1, "rate control with MPL above 1");
          if (before.rate === 0 && c.rateHz !== 0) assert.equal(before.limit, 1, "rate control engaged from MPL above 1");
        }
      },
    }),
    property({
      name: "host-limit",
      summary: "in the host model active threads never exceed the limit; rate control only at MPL = 1",
      runs: 25,
      arbitrary: hostCase,
      document: hostScenario,
      async check(v) {
        const r = simulateFvm(await loadNodeCore(), parseFvmScenario(hostScenario(v)));
        assert.ok(r.invariants.maxActiveOverLimit !== null && r.invariants.maxActiveOverLimit <= 0, `active exceeded the limit by ${r.invariants.maxActiveOverLimit}`);
        assert.equal(r.invariants.rateStepsAboveMpl1, 0);
      },
    }),
  ],
};
