// The FoxyIdle reproductions end to end (quick scale, in this process): their rows have the
// documented shape (a preemption interval or a mode), the findings say what the rows say, FoxyIdle
// keeps the foreground near standalone while concurrent execution does not, and Table 3's
// calibrated standalone row matches the paper.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reproContext } from "../host/reproduce/context.ts";
import { foxyIdleFig7, foxyIdleFig8 } from "../host/reproduce/foxyidle.ts";
import { foxyIdleTable3 } from "../host/reproduce/foxyidle-table3.ts";
import type { FoxyRow } from "../host/reproduce/foxyidle.ts";

const ctx = () => reproContext({ full: false });

for (const repro of [foxyIdleFig7, foxyIdleFig8]) {
  test(`${repro.name}: rows, and findings that follow from them`, async () => {
    const out = await repro.run(ctx());
    const rows = out.json.rows as FoxyRow[];
    for (const r of rows) assert.ok((r.preemptionIntervalMs === undefined) !== (r.mode === undefined), "a row has an interval or a mode");
    for (const sch of new Set(rows.map((r) => r.scheduler))) {
      const rs = rows.filter((r) => r.scheduler === sch);
      const alone = rs!.find((r) => r.mode === "standalone")!.foregroundS;
      const conc = rs!.find((r) => r.mode === "concurrent")!.foregroundS;
      const at20 = rs!.find((r) => r.preemptionIntervalMs === 20)!.foregroundS;
      assert.ok(conc > 2 * alone, `${sch}: concurrent ${conc} s vs standalone ${alone} s`);
      assert.ok(at20 < 1.25 * alone, `${sch}: 20 ms ${at20} s vs standalone ${alone} s`);
      const concurrent = out.findings.find((f) => f.id.endsWith("-concurrent"))!;
      assert.match(String(concurrent.model), new RegExp(`${sch} \\+${(100 * (conc / alone - 1)).toFixed(1)} %`));
    }
    assert.equal(out.findings.find((f) => f.id.endsWith("-concurrent"))!.verdict, "PASS");
    assert.equal(out.plots.length, 1);
    assert.match(out.plots[0]!.svg, /^<svg/);
  });
}

test("foxyidle-table3: the calibrated standalone row is the paper's; FoxyIdle keeps grep near it; the median error is reported", async () => {
  const out = await foxyIdleTable3.run(ctx());
  const rows = out.json.rows as (FoxyRow & { paperForegroundS: number; paperBackgroundS: number })[];
  const alone = rows.find((r) => r.mode === "standalone")!;
  // calibrated with this build's schedulers; a scheduler added later shifts it until scripts/foxyidle-calibrate.ts runs again
  assert.ok(Math.abs(alone.foregroundS / 12.86 - 1) < 0.1 && Math.abs(alone.backgroundS / 78.11 - 1) < 0.1, `standalone ${alone.foregroundS} / ${alone.backgroundS} s`);
  const at20 = rows.find((r) => r.preemptionIntervalMs === 20)!;
  assert.ok(at20.foregroundS < 1.1 * alone.foregroundS);
  assert.ok(rows.find((r) => r.mode === "concurrent")!.foregroundS > 3 * alone.foregroundS);
  assert.deepEqual(rows.map((r) => r.paperForegroundS), [78.95, 23.8, 14.65, 13.44, 13.51, 12.86]);
  assert.match(String(out.findings.find((f) => f.id === "table3-median-error")!.model), /^\d+\.\d %$/);
});
