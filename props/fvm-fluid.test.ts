// Property: from any initial thread vector, 1–10 VMs under fluid AIMD (003 eqs 3–7) converge to the
// common steady state n* (eq 9) and to equal shares (Jain → 1).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { finalThreads, simulateAimd, PAPER_AIMD } from "../host/fvm/fluid.ts";
import { steadyState } from "../host/fvm/stability.ts";
import { jainIndex } from "../host/fvm/fairness.ts";

test("fvm fluid AIMD converges to n* and to fairness for any start, 1–10 VMs", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 10 }), (initial) => {
      const n = steadyState(PAPER_AIMD, initial.length).threads;
      const f = finalThreads(simulateAimd(PAPER_AIMD, initial, { tEnd: 400, step: 0.02, samples: 2 }));
      for (const x of f) assert.ok(Math.abs(x - n) / n < 0.01, `VM at ${x}, n* = ${n}, start ${initial}`);
      assert.ok(jainIndex(f) > 0.9999, `Jain ${jainIndex(f)}`);
    }),
    { numRuns: 40 },
  );
});
