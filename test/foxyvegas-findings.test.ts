// The published findings of seed 001 §4.3 that the calibrated model reproduces, checked at the
// paper's scale where it is cheap. (Table 2's directions are not reproduced; the reproduction
// prints that — see README "FoxyVegas: what matches and what does not".)
import { test } from "node:test";
import assert from "node:assert/strict";
import { foxyTable1, foxyFig4 } from "../host/reproduce/foxyvegas.ts";
import { reproContext } from "../host/reproduce/context.ts";

const ctx = (full: boolean) => reproContext({ full });

test("Table 1 (60 s): native Vegas > FoxyVegas tricking BIC > guest Vegas", async () => {
  const out = await foxyTable1.run(ctx(true));
  const rows = out.json.rows as { config: string; modelMBps: number; paperMBps: number }[];
  const by = Object.fromEntries(rows.map((r) => [r.config, r.modelMBps]));
  assert.ok(by["native-vegas"]! > by["foxyvegas"]! && by["foxyvegas"]! > by["guest-vegas"]!, JSON.stringify(by));
  // native Vegas is the calibration target of the router's cost: it must land on the paper's row
  assert.ok(Math.abs(by["native-vegas"]! / 42.442 - 1) < 0.01, `native Vegas ${by["native-vegas"]} MB/s`);
});

test("Figure 4: guest Vegas's RTTs are shifted and wider than native's; FoxyVegas's are close to native", async () => {
  const out = await foxyFig4.run(ctx(false));
  const rows = Object.fromEntries((out.json.rows as { config: string; medianMs: number; stdevMs: number }[]).map((r) => [r.config, r]));
  const [n, g, f] = [rows["native-vegas"]!, rows["guest-vegas"]!, rows["foxyvegas"]!];
  assert.ok(g.medianMs > n.medianMs + 0.5, `guest median ${g.medianMs} vs native ${n.medianMs}`);
  assert.ok(g.stdevMs > 5 * n.stdevMs, `guest stdev ${g.stdevMs} vs native ${n.stdevMs}`);
  // the reproduction's criterion: within 10 % of native's median, and nearer to it than guest Vegas's
  assert.ok(Math.abs(f.medianMs - n.medianMs) / n.medianMs < 0.1, `FoxyVegas median ${f.medianMs} vs native ${n.medianMs}`);
  assert.ok(Math.abs(f.medianMs - n.medianMs) < Math.abs(g.medianMs - n.medianMs));
  assert.ok(f.stdevMs < g.stdevMs / 5, `FoxyVegas stdev ${f.stdevMs} vs guest ${g.stdevMs}`);
});
