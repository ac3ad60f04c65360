// The published findings of seed 001 §4.3 that the calibrated model reproduces, checked at the
// paper's scale where it is cheap; a number that informed the calibration is never the check. (Table 2's directions are not reproduced; the reproduction
// prints that — see README "FoxyVegas: what matches and what does not".)
import { test } from "node:test";
import assert from "node:assert/strict";
import { foxyTable1, foxyFig4 } from "../host/reproduce/foxyvegas.ts";
import { reproContext } from "../host/reproduce/context.ts";
import { CONGESTION_CONTROLS } from "../host/congestion.ts";
import { seedCongestedPath, TABLE2 } from "../host/foxy-configs.ts";
import { runScenario } from "./helpers.ts";

const ctx = (full: boolean) => reproContext({ full });

test("Table 1 (60 s): native Vegas > FoxyVegas tricking BIC > guest Vegas", async () => {
  const out = await foxyTable1.run(ctx(true));
  const rows = out.json.rows as { config: string; modelMBps: number; paperMBps: number }[];
  const by = Object.fromEntries(rows.map((r) => [r.config, r.modelMBps]));
  // all three rows informed the calibration (host/testbed.ts), so only their order is checked here:
  // the fit does not impose it (it misses guest Vegas by −25 % and FoxyVegas by +25 %)
  assert.ok(by["native-vegas"]! > by["foxyvegas"]! && by["foxyvegas"]! > by["guest-vegas"]!, JSON.stringify(by));
});

test("Table 2, a prediction: the loss-based guests' throughput without FoxyVegas, at the paper's 400 MB", async () => {
  // NewReno's cell informed the calibration (host/testbed.ts); the other loss-based guests' cells did
  // not. Over those seven, the median error against the paper is under 20 % (README: Scalable is
  // the one far miss, +59 %).
  const errors = CONGESTION_CONTROLS.filter((cc) => cc !== "vegas" && cc !== "newreno").map(async (cc) => {
    const { result } = await runScenario(seedCongestedPath(cc, "guest", 400_000_000));
    return Math.abs(result.goodputKBps / TABLE2[cc].without - 1);
  });
  const sorted = (await Promise.all(errors)).sort((a, b) => a - b);
  assert.equal(sorted.length, 7);
  assert.ok(sorted[3]! < 0.2, `median relative error ${sorted[3]} (${sorted.map((e) => e.toFixed(2)).join(", ")})`);
});

test("Figure 4: guest Vegas's RTTs are shifted and wider than native's; FoxyVegas's are close to native", async () => {
  const out = await foxyFig4.run(ctx(false));
  const rows = Object.fromEntries((out.json.rows as { config: string; medianMs: number; iqrMs: number }[]).map((r) => [r.config, r]));
  const [n, g, f] = [rows["native-vegas"]!, rows["guest-vegas"]!, rows["foxyvegas"]!];
  assert.ok(g.medianMs > n.medianMs + 0.5, `guest median ${g.medianMs} vs native ${n.medianMs}`);
  // spread of the body (interquartile range): native Vegas's thin tail of queue-building RTTs would
  // dominate a standard deviation (seen under the 2.6.16 profile: stdev 0.57 native, 0.58 guest)
  assert.ok(g.iqrMs > 3 * n.iqrMs, `guest IQR ${g.iqrMs} vs native ${n.iqrMs}`);
  // the reproduction's criterion: within 10 % of native's median, and nearer to it than guest Vegas's
  assert.ok(Math.abs(f.medianMs - n.medianMs) / n.medianMs < 0.1, `FoxyVegas median ${f.medianMs} vs native ${n.medianMs}`);
  assert.ok(Math.abs(f.medianMs - n.medianMs) < Math.abs(g.medianMs - n.medianMs));
  assert.ok(f.iqrMs < g.iqrMs / 3, `FoxyVegas IQR ${f.iqrMs} vs guest ${g.iqrMs}`);
});
