// The cwnd statistics of the ns-3 validation (scripts/validate-ns3/cwnd-stats.ts) on synthetic traces whose answers are known.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cwndStats } from "../scripts/validate-ns3/cwnd-stats.ts";

const at10ms = (cwnd: number[]) => ({ t: cwnd.map((_, i) => i / 100), cwnd });

test("a Reno sawtooth 10→19, halving: one epoch per cycle, period = cycle length", () => {
  const cycle = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]; // 100 ms
  const s = cwndStats(at10ms(Array.from({ length: 10 }, () => cycle).flat()), 10);
  assert.equal(s.lossEpochs, 9);
  assert.equal(Math.round(s.sawtoothPeriodMs!), 100);
  assert.equal(s.meanCwnd, 14.5);
});

test("inflate-then-deflate within one recovery and a one-segment staircase are one epoch each", () => {
  const inflation = [20, 20, 13, 25, 10, 11, 12]; // cut, inflated, deflated 20 ms later
  const staircase = [28, 26, 25, 24, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16];
  assert.equal(cwndStats(at10ms(inflation), 1).lossEpochs, 1);
  assert.equal(cwndStats(at10ms([...staircase, ...staircase]), 1).lossEpochs, 2);
});

test("Vegas-like one-segment wobble is no epoch; samples after the end are ignored", () => {
  assert.equal(cwndStats(at10ms([30, 31, 30, 31, 30, 29, 30, 31]), 1).lossEpochs, 0);
  assert.equal(cwndStats(at10ms([20, 20, 20, 5]), 0.02).lossEpochs, 0);
});
