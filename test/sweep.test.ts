// foxsim sweep / merge / export end to end, through the CLI bundle (dist/foxsim.cjs, worker code
// embedded as in the single binary).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLI, BASE, tmp, foxsim, specFile, lines, comparableRows } from "./sweep-helpers.ts";

const GRID = { scenario: BASE, axes: { "flows.0.cc": ["newreno", "cubic", "vegas"], "path.forward.delayMs": { from: 5, to: 15, step: 5 } }, replications: 2, seed: 3 };
const grid = specFile("grid", GRID);
const out = (name: string) => join(tmp, `${name}.jsonl`);

function sweep(name: string, ...args: string[]) {
  const r = foxsim(["sweep", grid, "--out", out(name), "--quiet", ...args]);
  assert.equal(r.code, 0, r.err);
  return out(name);
}

test("a grid expands in nested-loop order with derived seeds; rows carry key, values, summary, status and provenance", () => {
  const file = sweep("one", "--workers", "1");
  const [header, ...rows] = lines(file);
  assert.equal(header.format, "foxsim-sweep/1");
  assert.match(header.specHash, /^[0-9a-f]{64}$/);
  assert.equal(header.runs, 18);
  assert.equal(rows.length, 18);
  rows.sort((a, b) => a.index - b.index);
  assert.deepEqual(rows.slice(0, 3).map((r) => [r.values["flows.0.cc"], r.values["path.forward.delayMs"], r.replication]), [["newreno", 5, 0], ["newreno", 5, 1], ["newreno", 10, 0]]);
  assert.deepEqual(rows[17].values, { "flows.0.cc": "vegas", "path.forward.delayMs": 15 });
  for (const r of rows) {
    assert.match(r.key, /^[0-9a-f]{64}$/);
    assert.equal(r.status, "ok");
    assert.equal(r.summary.bytesDelivered, 200_000);
    for (const k of ["goodputKBps", "completionTimeS", "retransmits", "timeouts", "drops", "events", "simulatedS"]) assert.equal(typeof r.summary[k], "number", k);
    assert.match(r.foxsim.commit, /^([0-9a-f]{40}(-dirty)?|unknown)$/);
    assert.ok(r.wallS >= 0);
  }
  assert.equal(new Set(rows.map((r) => r.key)).size, 18);
  // The two replications differ only in their seed, and with 1 % loss the seed changes the run.
  assert.notEqual(rows[0].seed, rows[1].seed);
  assert.notDeepEqual(rows[0].summary, rows[1].summary);
});

test("1 and 2 workers give the same rows (minus wall time, sorted by key)", () => {
  assert.equal(comparableRows(sweep("w1", "--workers", "1")), comparableRows(sweep("w2", "--workers", "2")));
});

test("shards merged give the unsharded rows; merge writes the union without duplicates", () => {
  const whole = sweep("whole");
  const shards = [0, 1, 2].map((i) => sweep(`shard${i}`, "--shard", `${i}/3`));
  const counts = shards.map((f) => lines(f).length - 1);
  assert.deepEqual(counts, [6, 6, 6]);
  // shard 1 twice: duplicates are dropped
  const m = foxsim(["merge", ...shards, shards[1]!, "--out", out("merged")]);
  assert.equal(m.code, 0, m.err);
  assert.equal(comparableRows(out("merged")), comparableRows(whole));
  assert.equal(lines(out("merged"))[0].shard, null);
});

test("merge refuses files of different specs, naming both hashes", () => {
  const other = specFile("other", { ...GRID, seed: 4 });
  const b = out("other");
  assert.equal(foxsim(["sweep", other, "--out", b, "--quiet", "--shard", "0/3"]).code, 0);
  const a = sweep("for-merge", "--shard", "1/3");
  const r = foxsim(["merge", a, b, "--out", out("bad-merge")]);
  assert.equal(r.code, 2);
  assert.match(r.err, /spec hashes differ/);
  assert.ok(r.err.includes(lines(a)[0].specHash) && r.err.includes(lines(b)[0].specHash));
  assert.ok(!existsSync(out("bad-merge")), "no partial output");
});

test("invalid points become failed rows and the sweep goes on; --fail-on-error and --fail-fast exit 1", () => {
  const spec = specFile("bad", { scenario: BASE, axes: { "flows.0.cc": ["newreno", "nosuch", "cubic"], "flows.0.bytes": [100_000, -5] } });
  const r = foxsim(["sweep", spec, "--out", out("bad"), "--quiet"]);
  assert.equal(r.code, 0, r.err);
  const rows = lines(out("bad")).slice(1);
  assert.equal(rows.length, 6);
  const failed = rows.filter((x) => x.status === "failed");
  assert.equal(failed.length, 4);
  assert.ok(failed.every((x) => x.summary === undefined && typeof x.error === "string"));
  assert.match(failed.find((x) => x.values["flows.0.cc"] === "nosuch").error, /flows\.0\.cc: got "nosuch"; must be one of newreno/);
  assert.match(failed.find((x) => x.values["flows.0.bytes"] === -5 && x.values["flows.0.cc"] === "cubic").error, /flows\.0\.bytes: got -5/);
  assert.equal(rows.filter((x) => x.status === "ok").length, 2);
  const strict = foxsim(["sweep", spec, "--out", out("bad-strict"), "--quiet", "--fail-on-error"]);
  assert.equal(strict.code, 1);
  assert.equal(lines(out("bad-strict")).length - 1, 6, "all runs still done");
  const fast = foxsim(["sweep", spec, "--out", out("bad-fast"), "--quiet", "--fail-fast"]);
  assert.equal(fast.code, 1);
  assert.match(fast.err, /--fail-fast/);
  assert.equal(lines(out("bad-fast")).length - 1, 1, "stopped at the first failure");
});

test("a truncated last line is discarded and --resume completes the file", () => {
  const whole = sweep("trunc-ref");
  const file = out("trunc");
  const text = readFileSync(whole, "utf8").split("\n");
  // header + 5 rows + half of the 6th, as a kill in the middle of a write would leave it
  writeFileSync(file, text.slice(0, 6).join("\n") + "\n" + text[6]!.slice(0, 40));
  const r = foxsim(["sweep", grid, "--out", file, "--quiet", "--resume"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /discarded a truncated last line/);
  assert.match(r.err, /13 runs .* 5 already done/);
  assert.equal(comparableRows(file), comparableRows(whole));
  // merge reads a torn file the same way: its complete rows, with a warning
  writeFileSync(out("torn"), text.slice(0, 4).join("\n") + "\n" + text[4]!.slice(0, 10));
  const m = foxsim(["merge", out("torn"), "--out", out("merged-torn")]);
  assert.equal(m.code, 0, m.err);
  assert.match(m.err, /torn\.jsonl: discarded a truncated last line/);
  assert.equal(lines(out("merged-torn")).length - 1, 3);
});

test("a sweep killed with SIGKILL at a random moment loses no finished row; --resume completes it identically", async () => {
  const spec = specFile("kill", { ...GRID, axes: { ...GRID.axes, "flows.0.bytes": [1_000_000, 2_000_000] } });
  const ref = out("kill-ref");
  assert.equal(foxsim(["sweep", spec, "--out", ref, "--quiet"]).code, 0);
  const file = out("kill");
  const stopAfter = 1 + Math.floor(Math.random() * 8); // rows seen before the kill
  const child = spawn(process.execPath, [CLI, "sweep", spec, "--out", file, "--quiet", "--workers", "1"], { stdio: "ignore" });
  const exited = new Promise((r) => child.on("exit", r));
  for (;;) {
    const seen = existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 2 : 0;
    if (seen >= stopAfter || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill("SIGKILL");
  await exited;
  const kept = lines(file).length - 1;
  assert.ok(kept >= stopAfter && kept < 36, `killed mid-sweep (${kept} of 36 rows)`);
  const r = foxsim(["sweep", spec, "--out", file, "--quiet", "--resume"]);
  assert.equal(r.code, 0, r.err);
  assert.equal(comparableRows(file), comparableRows(ref));
});

test("spec and usage errors exit 2 naming the field, without writing results", () => {
  const cases: [unknown, RegExp][] = [
    [{ scenario: BASE, axes: { "flows.0.ccc": ["cubic"] } }, /axis flows\.0\.ccc: flows\.0\.ccc: unknown field; allowed here: cc, bytes, startMs/],
    [{ scenario: BASE, axes: { "path.forward.delayMs": { from: 5, to: 20, step: 0 } } }, /axes\.path\.forward\.delayMs\.step: got 0; must be a number > 0/],
    [{ scenario: BASE, axes: { seed: [1, 2] } }, /axes\.seed: seed cannot be an axis/],
    [{ scenario: BASE, zip: [{ "flows.0.cc": ["cubic", "bic"], "path.forward.delayMs": [1] }] }, /zip\.0: lists must have the same length/],
    [{ scenario: BASE, axes: { "flows.0.cc": ["cubic", "cubic"] } }, /runs 0 and 1 resolve to the same scenario and seed/],
    [{ scenario: BASE, replications: 0 }, /replications: got 0; must be an integer ≥ 1/],
    [{ scenario: "missing.json" }, /scenario: cannot read .*missing\.json \(ENOENT\)/],
    [{ axes: {} }, /scenario: got nothing; must be a path to a scenario file/],
  ];
  cases.forEach(([spec, message], i) => {
    const f = specFile(`err${i}`, spec);
    const t0 = performance.now();
    const r = foxsim(["sweep", f, "--out", out(`err${i}`)]);
    assert.equal(r.code, 2, `case ${i}: ${r.err}`);
    assert.match(r.err, message, `case ${i}`);
    assert.ok(performance.now() - t0 < 5000);
    assert.ok(!existsSync(out(`err${i}`)), `case ${i}: no results file`);
  });
  const done = sweep("exists");
  const again = foxsim(["sweep", grid, "--out", done]);
  assert.equal(again.code, 2);
  assert.match(again.err, /already exists; add --resume/);
  const other = foxsim(["sweep", specFile("resume-other", { ...GRID, seed: 9 }), "--out", done, "--resume"]);
  assert.equal(other.code, 2);
  assert.match(other.err, /holds results of another spec/);
  assert.equal(foxsim(["sweep", grid, "--workers", "0"]).code, 2);
  assert.match(foxsim(["sweep", grid, "--shard", "3/3"]).err, /shard index 3 must be ≥ 0 and < the count 3/);
});

test("--dry-run prints the number of runs and the first points and runs nothing", () => {
  const r = foxsim(["sweep", grid, "--dry-run", "--out", out("dry")]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^18 runs; spec hash [0-9a-f]{64}\n/);
  assert.match(r.out, /#0 {2}replication 0 {2}seed \d+ {2}flows\.0\.cc="newreno" path\.forward\.delayMs=5\n/);
  assert.match(r.out, /… 13 more/);
  assert.ok(!existsSync(out("dry")));
  assert.match(foxsim(["sweep", grid, "--dry-run", "--shard", "1/4"]).out, /^5 runs \(shard 1\/4 of 18\)/);
});

test("--csv and export --csv write one tidy line per run with axis and summary columns", () => {
  const file = sweep("csv", "--csv");
  const csv = readFileSync(join(tmp, "csv.csv"), "utf8").trim().split("\n");
  assert.equal(csv[0], "index,replication,seed,flows.0.cc,path.forward.delayMs,status,goodputKBps,completionTimeS,bytesDelivered,retransmits,timeouts,drops,events,simulatedS,error,wallS,key,version,commit");
  assert.equal(csv.length, 19);
  assert.match(csv[1]!, /^0,0,\d+,newreno,5,ok,[\d.]+,[\d.]+,200000,/);
  const e = foxsim(["export", file, "--csv"]);
  assert.equal(e.code, 0, e.err);
  assert.deepEqual(e.out.trim().split("\n").map((l) => l.split(",").slice(0, 14)), csv.map((l) => l.split(",").slice(0, 14)));
  assert.equal(foxsim(["export", file]).code, 2);
});

test("an FVM sweep: its summary numbers per row", () => {
  const spec = specFile("fvm", { scenario: { vms: 2, durationS: 20, workload: { kind: "benchmark", threadsPerVm: 4 } }, axes: { "fvm.enabled": [false, true] } });
  const r = foxsim(["sweep", spec, "--out", out("fvm"), "--quiet"]);
  assert.equal(r.code, 0, r.err);
  const rows = lines(out("fvm")).slice(1);
  assert.equal(lines(out("fvm"))[0].spec.kind, "fvm");
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.status, "ok", row.error);
    for (const k of ["throughput", "vctMs", "fairnessIndex", "jainIndex", "cpuUtilisation", "diskFaults", "events"]) assert.equal(typeof row.summary[k], "number", k);
    assert.ok(row.summary.throughput > 0);
  }
  assert.ok(statSync(out("fvm")).size > 0);
});
