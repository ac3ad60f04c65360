// `foxsim reproduce all --json` (the default job, quick scale) end to end: every reproduction runs,
// writes its plots, and its rows carry the fields the issues specify.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FIELDS: Record<string, string[]> = {
  "native-cc": ["path", "algorithm", "goodputKBps", "retransmits", "timeouts", "meanCwnd"],
  "foxyvegas-table1": ["config", "modelMBps", "paperMBps"],
  "foxyvegas-table2": ["algorithm", "withoutKBps", "withKBps", "paperWithoutKBps", "paperWithKBps"],
  "foxyvegas-fig3": ["algorithm", "distanceWithFoxy", "distanceWithoutFoxy"],
  "foxyvegas-fig4": ["config", "meanMs", "medianMs", "p90Ms", "stdevMs"],
  "fvm-fig3": ["model", "vm", "initialThreads", "finalThreads"],
  "fvm-fig5": ["vms", "mode", "vctMs", "throughput", "fairnessIndex", "perVmThroughput"],
  "fvm-fig6": ["threadsPerVm", "mode", "vctMs", "throughput", "fairnessIndex", "perVmThroughput"],
  "fvm-web": ["sessions", "mode", "vctMs", "throughput", "fairnessIndex", "perVmThroughput"],
};

test("reproduce all --json: every reproduction, its documented fields, its plots", () => {
  const out = mkdtempSync(join(tmpdir(), "foxsim-repro-"));
  const r = spawnSync(process.execPath, ["dist/foxsim.cjs", "reproduce", "--json", "--out", out], { encoding: "utf8", timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const all = JSON.parse(r.stdout) as Record<string, { rows: Record<string, unknown>[]; steadyState?: number }>;
  assert.deepEqual(Object.keys(all).sort(), Object.keys(FIELDS).sort());
  for (const [name, fields] of Object.entries(FIELDS)) {
    const rows = all[name]!.rows;
    assert.ok(rows.length > 0, `${name}: no rows`);
    for (const row of rows) for (const f of fields) assert.ok(f in row && row[f] !== undefined, `${name}: row without ${f}`);
  }
  assert.equal(typeof all["fvm-fig3"]!.steadyState, "number");
  const files = readdirSync(out);
  for (const name of Object.keys(FIELDS)) assert.ok(files.includes(`${name}.json`), `${name}.json not written`);
  assert.ok(files.filter((f) => f.endsWith(".svg")).length >= 10, `plots: ${files.join(" ")}`);
});
