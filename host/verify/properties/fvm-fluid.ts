// From any initial thread vector, 1–10 VMs under fluid AIMD (003 eqs 3–7) converge to the common
// steady state n* (eq 9) and to equal shares (Jain → 1).
import assert from "node:assert/strict";
import fc from "fast-check";
import { finalThreads, simulateAimd, PAPER_AIMD } from "../../fvm/fluid.ts";
import { steadyState } from "../../fvm/stability.ts";
import { jainIndex } from "../../fvm/fairness.ts";
import { property, type Suite } from "../property.ts";

export const fvmFluid: Suite = {
  name: "fvm-fluid",
  summary: "FVM convergence and fairness of the fluid AIMD model",
  properties: [
    property({
      name: "convergence",
      summary: "fluid AIMD converges to n* and to fairness for any start, 1–10 VMs",
      runs: 40,
      arbitrary: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 10 }),
      document: (initial) => ({ initialThreads: initial }),
      check(initial) {
        const n = steadyState(PAPER_AIMD, initial.length).threads;
        const f = finalThreads(simulateAimd(PAPER_AIMD, initial, { tEnd: 400, step: 0.02, samples: 2 }));
        for (const x of f) assert.ok(Math.abs(x - n) / n < 0.01, `VM at ${x}, n* = ${n}, start ${initial}`);
        assert.ok(jainIndex(f) > 0.9999, `Jain ${jainIndex(f)}`);
      },
    }),
  ],
};
