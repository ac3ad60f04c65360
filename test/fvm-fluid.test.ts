// The FVM fluid model (003 eqs 3–8), its steady state and linearisation (eqs 9–15), and the
// fairness indices (eq 16, Jain).
import { test } from "node:test";
import assert from "node:assert/strict";
import { finalThreads, simulateAimd, simulatePi, PAPER_AIMD, PAPER_INITIAL_THREADS, PAPER_PI } from "../host/fvm/fluid.ts";
import { characteristicPolynomial, linearisedMatrix, loopPoles, numericJacobian, paperRoots, predictedPolynomial, steadyState } from "../host/fvm/stability.ts";
import { fairnessIndex, jainIndex } from "../host/fvm/fairness.ts";

test("fvm fluid: steady state solves n*²(n* + 2) = 2/(σ(K1V)²) = 320 for the paper's parameters", () => {
  const s = steadyState(PAPER_AIMD, 5);
  // c* = σ (K1 V n*)² = 6.25e-3 n*², and c*(1 + n*/2) = 1 (eq 9)
  assert.ok(Math.abs(s.threads ** 2 * (s.threads + 2) - 320) < 1e-9);
  assert.ok(Math.abs(s.signal * (1 + s.threads / 2) - 1) < 1e-12);
  assert.ok(Math.abs(s.price - (50 * s.threads) ** 2) < 1e-6);
});

test("fvm fluid: AIMD from 4, 7, 10, 13, 16 threads converges to n*, every VM within 1 %", () => {
  const n = steadyState(PAPER_AIMD, 5).threads;
  const tr = simulateAimd(PAPER_AIMD, PAPER_INITIAL_THREADS, { tEnd: 100 });
  for (const f of finalThreads(tr)) assert.ok(Math.abs(f - n) / n < 0.01, `final ${f} vs n* ${n}`);
  // g(0) = 0: c = 0 at first, so every VM adds threads at dn/dt = 1 before the price catches up
  const k = tr.t.findIndex((t) => t >= 1);
  tr.threads.forEach((s, v) => assert.ok(s[k]! > PAPER_INITIAL_THREADS[v]!, `VM${v + 1} grows first`));
});

test("fvm fluid: the RK4 step is small enough (halving it moves the end state by < 1e-6)", () => {
  const a = finalThreads(simulateAimd(PAPER_AIMD, PAPER_INITIAL_THREADS, { tEnd: 40, step: 0.01 }));
  const b = finalThreads(simulateAimd(PAPER_AIMD, PAPER_INITIAL_THREADS, { tEnd: 40, step: 0.005 }));
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-6));
});

test("fvm fluid: PI admission reaches P_T with the initial proportions (efficient, not fair)", () => {
  const tr = simulatePi(PAPER_PI, PAPER_INITIAL_THREADS, { tEnd: 100 });
  const p = tr.price[tr.price.length - 1]!;
  assert.ok(Math.abs(p - 1e5) / 1e5 < 0.01, `p = ${p}`);
  // m = K1·a·50 = √P_T ⇒ a* = 316.23/500; n_v = a*·d_v
  const a = Math.sqrt(1e5) / 500;
  finalThreads(tr).forEach((n, v) => assert.ok(Math.abs(n - a * PAPER_INITIAL_THREADS[v]!) < 1e-3, `VM${v + 1}: ${n}`));
  assert.ok(jainIndex(finalThreads(tr)) < 0.9);
  assert.ok(Math.max(...tr.admission) <= 1 && Math.min(...tr.admission) >= 0);
});

test("fvm stability: eqs 11–12 match the numeric Jacobian; eq 13's loop and −β give every eigenvalue", () => {
  for (const vms of [1, 2, 5, 8]) {
    const a = characteristicPolynomial(linearisedMatrix(PAPER_AIMD, vms));
    const n = characteristicPolynomial(numericJacobian(PAPER_AIMD, vms));
    const p = predictedPolynomial(PAPER_AIMD, vms);
    a.forEach((c, i) => {
      assert.ok(Math.abs(c - n[i]!) <= 1e-6 * Math.abs(c) + 1e-12, `V=${vms} coefficient ${i}: ${c} vs numeric ${n[i]}`);
      assert.ok(Math.abs(c - p[i]!) <= 1e-9 * Math.abs(c) + 1e-15, `V=${vms} coefficient ${i}: ${c} vs loop ${p[i]}`);
    });
  }
});

test("fvm stability: the loop is s² + (γ + c*/2)s + γ(c*/2 + 2/n*) — stable, but not eq 14's s² + s/G + 0.5", () => {
  const s = steadyState(PAPER_AIMD, 5);
  const { coefficients: [b, c], common } = loopPoles(PAPER_AIMD, 5);
  // α V K1 2m* γ σ = (2 + n*) σ (K1V)² n* γ = γ·2/n*, using c*(2 + n*) = 2
  assert.ok(Math.abs(b - (0.1 + s.signal / 2)) < 1e-12);
  assert.ok(Math.abs(c - 0.1 * (s.signal / 2 + 2 / s.threads)) < 1e-12);
  for (const z of common) assert.ok(z.re < 0);
  // eq 15 as printed: roots of s² + s/G + 0.5 with G = ∛(4σ(K1V)²) = ∛0.025
  const { G, roots } = paperRoots(PAPER_AIMD, 5);
  assert.ok(Math.abs(G - Math.cbrt(0.025)) < 1e-12);
  assert.ok(Math.abs(roots[0].re + roots[1].re + 1 / G) < 1e-12);
  assert.ok(Math.abs(roots[0].re * roots[1].re - 0.5) < 1e-12);
  // the paper's roots are real (G < √0.5); the linearised loop's are complex for these parameters
  assert.equal(roots[0].im, 0);
  assert.ok(common[0].im !== 0);
});

test("fvm fairness: eq 16 and Jain's index on hand-computed vectors", () => {
  assert.equal(fairnessIndex([5, 5], [5, 5]), 1);
  assert.ok(Math.abs(fairnessIndex([2, 0], [1, 1])) < 1e-15); // 1 − √2/√2
  assert.ok(Math.abs(fairnessIndex([0.5, 0.5], [1, 1]) - 0.5) < 1e-15); // equal but half as efficient
  assert.equal(jainIndex([3, 3, 3, 3]), 1);
  assert.equal(jainIndex([1, 0, 0, 0]), 0.25);
  assert.throws(() => fairnessIndex([1], [1, 1]), RangeError);
});
