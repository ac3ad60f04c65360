// The FoxyIdle reproductions end to end (quick scale, in this process): their rows have the
// documented shape (a preemption interval or a mode), the findings say what the rows say, FoxyIdle
// keeps the foreground near standalone while concurrent execution does not (noop, deadline, CFQ
// guests; not anticipatory), CFQ's idle class does too, and Table 3's calibrated standalone row
// matches the paper.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reproContext } from "../host/reproduce/context.ts";
import { foxyIdleFig7, foxyIdleFig8 } from "../host/reproduce/foxyidle.ts";
import { foxyIdleTable3 } from "../host/reproduce/foxyidle-table3.ts";
import type { FoxyRow, Replication } from "../host/reproduce/foxyidle.ts";

const ctx = () => reproContext({ full: false });

// With the testbed's schedulers (dom0 anticipatory), FoxyIdle keeps the foreground near standalone
// under noop, deadline and CFQ in the guest. An anticipatory guest starves the foreground inside the
// guest (it anticipates the background's sequential stream until read_expire), where FoxyIdle sees no
// foreground request to start an interval from: its foreground stays about 2× standalone (DIFFERS).
const FOXYIDLE_HELPS = ["noop", "deadline", "cfq"];

for (const repro of [foxyIdleFig7, foxyIdleFig8]) {
  test(`${repro.name}: rows, and findings that follow from them`, async () => {
    const out = await repro.run(ctx());
    const rows = out.json.rows as FoxyRow[];
    // every FoxyIdle row replicated under six seeds, seed 1 being the row itself
    const reps = out.json.replications as Replication[];
    assert.equal(reps.length, 4 * 4);
    for (const r of reps) {
      assert.deepEqual(r.seeds, [1, 2, 3, 4, 5, 6]);
      assert.equal(r.foregroundS[0], rows.find((q) => q.scheduler === r.scheduler && q.preemptionIntervalMs === r.preemptionIntervalMs)!.foregroundS);
    }
    assert.match(out.text, /Replications \(seeds 1, 2, 3, 4, 5, 6/);
    for (const r of rows) assert.ok((r.preemptionIntervalMs === undefined) !== (r.mode === undefined), "a row has an interval or a mode");
    assert.deepEqual([...new Set(rows.map((r) => r.scheduler))], ["noop", "anticipatory", "deadline", "cfq"], "every elevator of the registry");
    for (const sch of new Set(rows.map((r) => r.scheduler))) {
      const rs = rows.filter((r) => r.scheduler === sch);
      const alone = rs.find((r) => r.mode === "standalone")!.foregroundS;
      const conc = rs.find((r) => r.mode === "concurrent")!.foregroundS;
      const at20 = rs.find((r) => r.preemptionIntervalMs === 20)!.foregroundS;
      assert.ok(conc > 1.5 * alone, `${sch}: concurrent ${conc} s vs standalone ${alone} s`);
      if (FOXYIDLE_HELPS.includes(sch)) {
        assert.ok(conc > 2 * alone, `${sch}: concurrent ${conc} s vs standalone ${alone} s`);
        assert.ok(at20 < 1.25 * alone, `${sch}: 20 ms ${at20} s vs standalone ${alone} s`);
        // the paper's "falls as the interval grows" DIFFERS: noop and deadline never leave the disk idle 5 ms
        const at5 = rs.find((r) => r.preemptionIntervalMs === 5)!.foregroundS;
        if (sch !== "cfq") assert.ok(Math.abs(at5 / at20 - 1) < 0.01, `${sch}: flat, 5 ms ${at5} s vs 20 ms ${at20} s`);
      } else assert.ok(at20 > 1.5 * alone, `anticipatory guest: 20 ms ${at20} s vs standalone ${alone} s (the finding the README reports)`);
      const concurrent = out.findings.find((f) => f.id.endsWith("-concurrent"))!;
      assert.match(String(concurrent.model), new RegExp(`${sch} \\+${(100 * (conc / alone - 1)).toFixed(1)} %`));
    }
    // beyond the paper: CFQ's idle class (ionice -c3) keeps the foreground near standalone, as FoxyIdle does
    const cfq = rows.filter((r) => r.scheduler === "cfq");
    const idle = cfq.find((r) => r.mode === "idle class")!;
    const alone = cfq.find((r) => r.mode === "standalone")!;
    assert.ok(idle.foregroundS < 1.25 * alone.foregroundS, `idle class ${idle.foregroundS} s vs standalone ${alone.foregroundS} s`);
    assert.ok(idle.backgroundS < cfq.find((r) => r.mode === "concurrent")!.backgroundS, "the idle-class background finishes sooner than concurrently");
    assert.equal(rows.filter((r) => r.mode === "idle class").length, 1, "the idle class is CFQ's alone");
    assert.match(out.text, /Beyond the paper, CFQ guest/);
    assert.equal(out.plots.length, 1);
    assert.match(out.plots[0]!.svg, /^<svg/);
  });
}

test("foxyidle-table3: the calibrated standalone row is the paper's; FoxyIdle keeps grep near it; the median error is reported", async () => {
  const out = await foxyIdleTable3.run(ctx());
  const all = out.json.rows as (FoxyRow & { paperForegroundS: number; paperBackgroundS: number })[];
  // the paper's anticipatory guest, then (beyond the paper) the same runs with Xen 3.0.2 blkfront's own noop
  assert.deepEqual([...new Set(all.map((r) => r.scheduler))], ["anticipatory", "noop"]);
  const rows = all.filter((r) => r.scheduler === "anticipatory");
  assert.match(out.text, /Beyond the paper, noop guest/);
  const alone = rows.find((r) => r.mode === "standalone")!;
  // calibrated with the anticipatory guest and dom0 (scripts/foxyidle-calibrate.ts)
  assert.equal(alone.scheduler, "anticipatory");
  assert.ok(Math.abs(alone.foregroundS / 12.86 - 1) < 0.01 && Math.abs(alone.backgroundS / 78.11 - 1) < 0.01, `standalone ${alone.foregroundS} / ${alone.backgroundS} s`);
  assert.ok(rows.find((r) => r.mode === "concurrent")!.foregroundS > 3 * alone.foregroundS);
  // replications under 6 seeds: a noop guest keeps grep near standalone at every interval and seed; an
  // anticipatory guest mostly loses it to the misattribution cascade (README), escaping only by luck
  const reps = out.json.replications as { scheduler: string; preemptionIntervalMs: number; seeds: number[]; grepS: number[] }[];
  assert.equal(reps.length, 8);
  assert.ok(reps.every((r) => r.seeds.length === 6 && r.grepS.length === 6));
  assert.deepEqual(reps.filter((r) => r.scheduler === "anticipatory").map((r) => r.grepS[0]), rows.filter((r) => r.preemptionIntervalMs !== undefined).map((r) => r.foregroundS), "seed 1 is the table's");
  const noopAlone = all.find((r) => r.scheduler === "noop" && r.mode === "standalone")!.foregroundS;
  assert.ok(reps.filter((r) => r.scheduler === "noop").every((r) => r.grepS.every((x) => x < 1.1 * noopAlone)));
  assert.ok(reps.filter((r) => r.scheduler === "anticipatory").some((r) => r.grepS.some((x) => x > 3 * alone.foregroundS)), "the cascade");
  assert.deepEqual(rows.map((r) => r.paperForegroundS), [78.95, 23.8, 14.65, 13.44, 13.51, 12.86]);
  assert.match(String(out.findings.find((f) => f.id === "table3-median-error")!.model), /^\d+\.\d %$/);
});
