// The FoxyVegas testbed search's scoring (scripts/showcase/score.ts), on rows made by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scorePoints, directionMap, plausible } from "../scripts/showcase/score.ts";
import { CONGESTION_CONTROLS } from "../host/congestion.ts";
import { TABLE2 } from "../host/foxy-configs.ts";
import type { Row } from "../host/sweep/rows.ts";

const PROV = { version: "t", commit: "t" };

// One testbed point: every cell at the paper's value times `scale`, FoxyVegas raising the first
// `raise` loss-based guests (and lowering the rest).
function pointRows(testbed: Record<string, unknown>, raise: number, scale = 1): Row[] {
  const rows: Row[] = [];
  CONGESTION_CONTROLS.forEach((cc, i) => {
    const without = TABLE2[cc].without * scale;
    const withFoxy = cc === "vegas" ? without : i < raise ? without * 1.1 : without * 0.9;
    for (const [policy, kbps] of [["none", without], ["foxyvegas", withFoxy]] as const)
      rows.push({ key: `${JSON.stringify(testbed)}${cc}${policy}`, index: rows.length, values: { "flows.0.cc": cc, "sender.vmm.policy": policy, ...testbed }, replication: 0, seed: 1, status: "ok", summary: { goodputKBps: kbps }, foxsim: PROV, wallS: 0 });
  });
  return rows;
}

const A = { "path.forward.shaper.timerHz": 100, "path.forward.shaper.burstBytes": 30_000, "sender.virtualization.backendPeriodUs": 4000 };
const B = { "path.forward.shaper.timerHz": 100, "path.forward.shaper.burstBytes": 10_000, "sender.virtualization.backendPeriodUs": 1000 };

test("each testbed point: guests raised, fit error on the 'without' column, plausibility", () => {
  const scores = scorePoints([...pointRows(A, 8), ...pointRows(B, 3, 1.5)]);
  assert.equal(scores.length, 2);
  const [a, b] = scores;
  assert.equal(a!.raised, 8);
  assert.equal(b!.raised, 3);
  assert.ok(a!.fitErr < 1e-12);
  assert.ok(Math.abs(b!.fitErr - 0.5) < 1e-12);
  assert.equal(a!.plausible, true); // 30 000 B ≥ 2 000 000 B/s / 100 Hz
  assert.equal(b!.plausible, false); // 10 000 B < 20 000 B
  assert.equal(plausible({ "path.forward.shaper.timerHz": 0, "path.forward.shaper.burstBytes": 3028 }), true);
});

test("a point with a failed run is left out", () => {
  const rows = pointRows(A, 8);
  rows[3] = { ...rows[3]!, status: "failed", summary: undefined, error: "x" };
  assert.equal(scorePoints(rows).length, 0);
});

test("the direction map: the most and the mean raised per cell, axes in order", () => {
  const scores = scorePoints([...pointRows(A, 8), ...pointRows(B, 3), ...pointRows({ ...B, "path.forward.shaper.burstBytes": 9000 }, 5)]);
  const m = directionMap(scores, "sender.virtualization.backendPeriodUs", "path.forward.shaper.timerHz");
  assert.deepEqual(m.xOrder, ["1000", "4000"]);
  const cell = m.data.find((d) => d.x === "1000")!;
  assert.equal(cell.max, 5);
  assert.equal(cell.mean, 4);
  assert.equal(cell.points, 2);
});
