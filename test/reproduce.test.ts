// `foxsim reproduce all --json` (the default job, quick scale) end to end: every reproduction runs and
// writes its plots and result file; each file says what made it; the findings agree with the rows they
// are computed from; the summary counts the findings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario } from "../host/scenario.ts";
import { seedFastPath, TABLE1, TABLE2 } from "../host/foxy-configs.ts";
import type { Finding } from "../host/reproduce/types.ts";
import { provenance } from "../host/provenance.ts";

const FIELDS: Record<string, string[]> = {
  "native-cc": ["path", "algorithm", "goodputKBps", "retransmits", "timeouts", "meanCwnd"],
  "foxyvegas-table1": ["config", "modelMBps", "paperMBps"],
  "foxyvegas-table2": ["algorithm", "withoutKBps", "withKBps", "paperWithoutKBps", "paperWithKBps"],
  "foxyvegas-fig3": ["algorithm", "distanceWithFoxy", "distanceWithoutFoxy"],
  "foxyvegas-fig4": ["config", "meanMs", "medianMs", "p90Ms", "iqrMs", "stdevMs"],
  "fvm-fig3": ["model", "vm", "initialThreads", "finalThreads"],
  "fvm-fig5": ["vms", "mode", "vctMs", "throughput", "fairnessIndex", "perVmThroughput"],
  "fvm-fig6": ["threadsPerVm", "mode", "vctMs", "throughput", "fairnessIndex", "perVmThroughput"],
  "fvm-web": ["sessions", "mode", "vctMs", "throughput", "fairnessIndex", "perVmThroughput"],
  "outsourcing-links": ["experiment", "path", "links", "throughputMbps"],
  "outsourcing-intervm": ["experiment", "path", "messageBytes"],
  "outsourcing-ntier": ["experiment", "path", "clients", "requestsPerS", "responseMs"],
  "foxyidle-fig7": ["figure", "scheduler", "foregroundS", "backgroundS"],
  "foxyidle-fig8": ["figure", "scheduler", "foregroundS", "backgroundS"],
  "foxyidle-table3": ["figure", "scheduler", "foregroundS", "backgroundS", "paperForegroundS", "paperBackgroundS"],
};

type Row = Record<string, unknown>;
interface Record_ {
  provenance: { version: string; commit: string; scale: string; seeds: number[]; scenarios: Row[] };
  title: string;
  findings: Finding[];
  rows: Row[];
  steadyState?: number;
}
interface All {
  provenance: { version: string; commit: string; scale: string };
  summary: { findings: number; pass: number; differs: number; out: string; files: string[] };
  reproductions: Record<string, Record_>;
}

const out = mkdtempSync(join(tmpdir(), "foxsim-repro-"));
const run = spawnSync(process.execPath, ["dist/foxsim.cjs", "reproduce", "--json", "--out", out], { encoding: "utf8", timeout: 300_000 });
const VERSION = JSON.parse(readFileSync("package.json", "utf8")).version as string;
const all = (run.status === 0 ? JSON.parse(run.stdout) : undefined) as All;
const finding = (name: string, id: string) => all.reproductions[name]!.findings.find((f) => f.id === id)!;

test("reproduce all --json: every reproduction, its documented fields, its files", () => {
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(Object.keys(all.reproductions).sort(), Object.keys(FIELDS).sort());
  for (const [name, fields] of Object.entries(FIELDS)) {
    const rows = all.reproductions[name]!.rows;
    assert.ok(rows.length > 0, `${name}: no rows`);
    for (const row of rows) for (const f of fields) assert.ok(f in row && row[f] !== undefined, `${name}: row without ${f}`);
  }
  assert.equal(typeof all.reproductions["fvm-fig3"]!.steadyState, "number");
  const files = readdirSync(out);
  assert.deepEqual([...all.summary.files].sort(), files.sort(), "the summary lists exactly the files written");
  assert.equal(all.summary.out, out);
  assert.ok(files.filter((f) => f.endsWith(".svg")).length >= 10, `plots: ${files.join(" ")}`);
  // each result file is the record printed for it
  for (const name of Object.keys(FIELDS)) assert.deepEqual(JSON.parse(readFileSync(join(out, `${name}.json`), "utf8")), all.reproductions[name], `${name}.json`);
});

test("reproduce: every result says which build, scale, seeds and scenarios made it", () => {
  // the bundle embeds the commit it was built from; a source run reads the same from this checkout
  const head = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const build = { version: VERSION, commit: provenance().commit };
  assert.match(all.provenance.commit, /^[0-9a-f]{40}(-dirty)?$/);
  assert.ok(all.provenance.commit.startsWith(head), `${all.provenance.commit} is not HEAD ${head}`);
  assert.deepEqual({ version: all.provenance.version, commit: all.provenance.commit }, build);
  assert.equal(all.provenance.scale, "quick");
  for (const [name, r] of Object.entries(all.reproductions)) {
    assert.deepEqual({ version: r.provenance.version, commit: r.provenance.commit, scale: r.provenance.scale }, { ...build, scale: "quick" }, name);
    // an inter-VM testbed (outsourcing-*) draws no random numbers: it has no seed
    assert.deepEqual(r.provenance.seeds, [...new Set(r.provenance.scenarios.flatMap((s) => ("seed" in s ? [s.seed] : [])))].sort(), name);
  }
  // the scenarios are the ones run, resolved: Table 1's three configurations, 60 s each
  const t1 = all.reproductions["foxyvegas-table1"]!.provenance;
  assert.deepEqual(t1.scenarios, [seedFastPath("vegas", "native", 60), seedFastPath("vegas", "guest", 60), seedFastPath("bic", "foxyvegas", 60)].map(parseScenario));
  assert.deepEqual(t1.seeds, [1]);
  // one FVM scenario per row, the row's own
  const f5 = all.reproductions["fvm-fig5"]!;
  assert.deepEqual(f5.provenance.scenarios.map((s) => [s.vms, (s.fvm as { enabled: boolean }).enabled]), f5.rows.map((r) => [r.vms, r.mode === "fvm"]));
  assert.deepEqual(all.reproductions["fvm-fig3"]!.provenance.scenarios, [], "the fluid model runs no scenario");
});

test("reproduce: the summary counts the findings' verdicts, on stdout and stderr", () => {
  const findings = Object.values(all.reproductions).flatMap((r) => r.findings);
  const pass = findings.filter((f) => f.verdict === "PASS").length;
  const differs = findings.filter((f) => f.verdict === "DIFFERS").length;
  assert.equal(pass + differs, findings.length, "every verdict is PASS or DIFFERS");
  assert.ok(pass > 0 && differs > 0);
  assert.deepEqual({ findings: all.summary.findings, pass: all.summary.pass, differs: all.summary.differs }, { findings: findings.length, pass, differs });
  assert.match(run.stderr, new RegExp(`${findings.length} findings: ${pass} PASS, ${differs} DIFFERS \\(quick scale`));
  assert.equal(all.reproductions["native-cc"]!.findings.length, 0, "native-cc is a reference table");
  for (const [name, r] of Object.entries(all.reproductions)) assert.equal(new Set(r.findings.map((f) => f.id)).size, r.findings.length, `${name}: finding ids repeat`);
});

test("reproduce: FoxyVegas findings are computed from the rows beside them, with the paper's numbers", () => {
  const t1 = Object.fromEntries(all.reproductions["foxyvegas-table1"]!.rows.map((r) => [r.config, r.modelMBps as number]));
  const [nat, guest, foxy] = [t1["native-vegas"]!, t1["guest-vegas"]!, t1["foxyvegas"]!];
  const order = finding("foxyvegas-table1", "order");
  assert.equal(order.verdict, nat > foxy && foxy > guest ? "PASS" : "DIFFERS");
  assert.equal(order.model, `native ${nat.toFixed(2)}, FoxyVegas ${foxy.toFixed(2)}, guest ${guest.toFixed(2)}`);
  assert.equal(order.paper, `native ${TABLE1["native-vegas"]}, FoxyVegas ${TABLE1.foxyvegas}, guest ${TABLE1["guest-vegas"]}`);
  // guest Vegas collapses after ~22 s in the model: the quick scale must show it as --full does
  assert.ok(guest < 0.6 * foxy, `guest Vegas ${guest} MB/s vs FoxyVegas ${foxy}`);

  const t2 = all.reproductions["foxyvegas-table2"]!.rows as { algorithm: string; withoutKBps: number; withKBps: number }[];
  const raised = t2.filter((r) => r.algorithm !== "vegas" && r.withKBps > r.withoutKBps).length;
  const raises = finding("foxyvegas-table2", "raises-loss-based");
  assert.deepEqual([raises.model, raises.paper, raises.verdict], [raised, 8, raised === 8 ? "PASS" : "DIFFERS"]);
  const vegas = t2.find((r) => r.algorithm === "vegas")!;
  const unchanged = finding("foxyvegas-table2", "vegas-unchanged");
  assert.equal(unchanged.model, Number((100 * (vegas.withKBps / vegas.withoutKBps - 1)).toFixed(1)));
  assert.equal(unchanged.paper, Number((100 * (TABLE2.vegas.with / TABLE2.vegas.without - 1)).toFixed(1)));
  assert.equal(unchanged.verdict, Math.abs(unchanged.model as number) <= 10 ? "PASS" : "DIFFERS");

  const f3 = all.reproductions["foxyvegas-fig3"]!.rows as { algorithm: string; distanceWithFoxy: number; distanceWithoutFoxy: number }[];
  const closer = f3.filter((r) => r.algorithm !== "vegas" && r.distanceWithFoxy < r.distanceWithoutFoxy).length;
  assert.deepEqual([finding("foxyvegas-fig3", "closer-to-native").model, finding("foxyvegas-fig3", "closer-to-native").verdict], [closer, closer === 8 ? "PASS" : "DIFFERS"]);

  const f4 = Object.fromEntries(all.reproductions["foxyvegas-fig4"]!.rows.map((r) => [r.config, r.medianMs as number]));
  assert.equal(finding("foxyvegas-fig4", "guest-shifted").model, Number((f4["guest-vegas"]! - f4["native-vegas"]!).toFixed(3)));
  const iqr = Object.fromEntries(all.reproductions["foxyvegas-fig4"]!.rows.map((r) => [r.config, r.iqrMs as number]));
  assert.equal(finding("foxyvegas-fig4", "guest-wider").verdict, iqr["guest-vegas"]! > iqr["native-vegas"]! ? "PASS" : "DIFFERS");
});
