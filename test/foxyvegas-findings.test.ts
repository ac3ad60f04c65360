// The published findings of seed 001 §4.3 that the calibrated model reproduces, checked at the
// paper's scale where it is cheap. (Table 2's directions are not reproduced; the reproduction
// prints that — see README "FoxyVegas: what matches and what does not".)
import { test } from "node:test";
import assert from "node:assert/strict";
import { foxyTable1, foxyFig4 } from "../host/reproduce/foxyvegas.ts";
import { newCore } from "./helpers.ts";

const ctx = (full: boolean) => ({ full, newCore, progress: () => {} });

test("Table 1 (60 s): native Vegas > FoxyVegas tricking BIC > guest Vegas, within 15 % median error", async () => {
  const out = await foxyTable1.run(ctx(true));
  const rows = out.json.rows as { config: string; modelMBps: number; paperMBps: number }[];
  const by = Object.fromEntries(rows.map((r) => [r.config, r.modelMBps]));
  assert.ok(by["native-vegas"]! > by["foxyvegas"]! && by["foxyvegas"]! > by["guest-vegas"]!, JSON.stringify(by));
  const errs = rows.map((r) => Math.abs(r.modelMBps - r.paperMBps) / r.paperMBps).sort((a, b) => a - b);
  assert.ok(errs[1]! <= 0.15, `median relative error ${errs[1]}`);
});

test("Figure 4: guest Vegas's RTTs are shifted and wider than native's; FoxyVegas's are close to native", async () => {
  const out = await foxyFig4.run(ctx(false));
  const rows = Object.fromEntries((out.json.rows as { config: string; medianMs: number; stdevMs: number }[]).map((r) => [r.config, r]));
  const [n, g, f] = [rows["native-vegas"]!, rows["guest-vegas"]!, rows["foxyvegas"]!];
  assert.ok(g.medianMs > n.medianMs + 0.5, `guest median ${g.medianMs} vs native ${n.medianMs}`);
  assert.ok(g.stdevMs > 10 * n.stdevMs, `guest stdev ${g.stdevMs} vs native ${n.stdevMs}`);
  assert.ok(Math.abs(f.medianMs - n.medianMs) / n.medianMs < 0.02, `FoxyVegas median ${f.medianMs} vs native ${n.medianMs}`);
  assert.ok(f.stdevMs < g.stdevMs / 10);
});
