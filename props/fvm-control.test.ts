// Properties of the FVM monitor and controller in the wasm core: the monitor's R follows eqs 1–2
// exactly (checked against an independent reference), the controller engages rate control only at
// MPL = 1, and in the host model active threads never exceed the limit.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { FvmControllerBench, FvmMonitorBench } from "../host/core-fvm.ts";
import { loadNodeCore } from "../host/node.ts";
import { parseFvmScenario } from "../host/fvm/scenario.ts";
import { simulateFvm } from "../host/fvm/simulate.ts";

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

const op = fc.oneof(
  fc.record({ tick: fc.double({ min: 1e3, max: 1e10, noNaN: true }) }),
  fc.constant({ period: true as const }),
);

test("fvm monitor: R follows eqs 1–2 exactly for any tick sequence", async () => {
  const core = await loadNodeCore();
  fc.assert(
    fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 16 }), fc.array(op, { maxLength: 200 }), (gamma, w, ops) => {
      const m = new FvmMonitorBench(core, gamma, w);
      const ref = new ReferenceMonitor(gamma, w);
      for (const o of ops) {
        if ("tick" in o) {
          m.tick(o.tick);
          ref.tick(o.tick);
        } else assert.equal(m.periodEnd(), ref.periodEnd());
      }
    }),
    { numRuns: 200 },
  );
});

test("fvm controller: rate control engages only at MPL = 1, and the limit stays ≥ 1", async () => {
  const core = await loadNodeCore();
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), fc.array(fc.tuple(fc.boolean(), fc.boolean()), { maxLength: 300 }), (initialLimit, steps) => {
      const c = new FvmControllerBench(core, { initialLimit, aiThreads: 1, aiRateHz: 0.1, md: 1.5, releaseHz: 2 });
      for (const [congested, binds] of steps) {
        const before = { limit: c.limit, rate: c.rateHz };
        c.step(congested, binds);
        assert.ok(c.limit >= 1);
        if (c.rateHz !== 0) assert.equal(c.limit, 1, "rate control with MPL above 1");
        if (before.rate === 0 && c.rateHz !== 0) assert.equal(before.limit, 1, "rate control engaged from MPL above 1");
      }
    }),
    { numRuns: 200 },
  );
});

test("fvm host: active threads never exceed the limit; rate control only at MPL = 1", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 100, max: 400 }),
      fc.boolean(),
      fc.integer({ min: 0, max: 1000 }),
      async (vms, threads, memoryMB, web, seed) => {
        const r = simulateFvm(await loadNodeCore(), parseFvmScenario({
          vms, seed, durationS: 60, host: { memoryMB },
          workload: web ? { kind: "web", sessionsPerVm: threads, thinkMs: 500 } : { kind: "benchmark", threadsPerVm: threads },
          fvm: { controlPeriodS: 1, windowS: 5 },
        }));
        assert.ok(r.invariants.maxActiveOverLimit !== null && r.invariants.maxActiveOverLimit <= 0, `active exceeded the limit by ${r.invariants.maxActiveOverLimit}`);
        assert.equal(r.invariants.rateStepsAboveMpl1, 0);
      },
    ),
    { numRuns: 25 },
  );
});
