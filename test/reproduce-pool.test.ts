// Batches of independent runs (host/batch.ts) on the worker pool give what the same runs give one
// after another in this thread: whole outputs (traces, RTT samples, FVM series) in the order
// submitted, however the workers finish; a failing run fails the batch with its own message; and
// `reproduce` / `matrix` print and write the same bytes with --workers 1 and 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchRunner, type NetworkRun } from "../host/batch.ts";
import { parseScenario } from "../host/scenario.ts";
import { parseFvmScenario } from "../host/fvm/scenario.ts";
import { seedCongestedPath, seedFastPath } from "../host/foxy-configs.ts";

const CLI = "dist/foxsim.cjs";
const tmp = mkdtempSync(join(tmpdir(), "foxsim-pool-"));

// The first run (8 simulated s of the fast path) takes far longer than the second (300 KB on the congested
// path), by enough that a loaded machine starting the second worker late still sees it finish first (at 3 s
// it once did not, under load 11): on two workers the second finishes first.
const NETWORK: NetworkRun[] = [
  { label: "long", scenario: parseScenario(seedFastPath("bic", "foxyvegas", 8)), withTrace: true, rttSamples: 100_000 },
  { label: "short", scenario: parseScenario(seedCongestedPath("cubic", "guest", 300_000)), withTrace: true },
  { label: "rtts", scenario: parseScenario(seedFastPath("vegas", "guest", 0.5)), rttSamples: 50_000 },
];
const FVM_BASE = JSON.parse(readFileSync("examples/fvm-benchmark.json", "utf8"));
const FVM = [
  { label: "fvm", scenario: parseFvmScenario({ ...FVM_BASE, vms: 3, durationS: 120, warmupS: 30, sampleS: 10 }) },
  { label: "vanilla", scenario: parseFvmScenario({ ...FVM_BASE, vms: 3, durationS: 120, warmupS: 30, fvm: { enabled: false } }) },
];

test("network batch on 2 workers: the same outputs as in this thread, in submission order, finished out of order", async () => {
  const finished: string[] = [];
  const pooled = await batchRunner({ workers: 2, progress: { onDone: (_d, _t, label) => label && finished.push(label) } }).simulateAll(NETWORK);
  const inThread = await batchRunner({ workers: 1 }).simulateAll(NETWORK);
  assert.ok(finished.indexOf("short") < finished.indexOf("long"), `finished in ${finished.join(", ")}: the test needs the short run done first`);
  assert.deepEqual(pooled, inThread); // results, trace data (Float64Array) and RTT samples (number[]) alike
  assert.equal(pooled[0]!.trace!.data.constructor, Float64Array);
  assert.ok(Array.isArray(pooled[0]!.rtts!.vmmMs) && pooled[0]!.rtts!.vmmMs.length > 100);
  assert.ok(Array.isArray(pooled[2]!.rtts!.tcpMs) && pooled[2]!.rtts!.tcpMs.length > 100);
  assert.equal(pooled[1]!.rtts, undefined); // not asked for
  assert.equal(pooled[2]!.trace, undefined);
  assert.deepEqual(pooled.map((o) => o.result.scenario), NETWORK.map((r) => r.scenario.name));
});

test("FVM batch on 2 workers: the same results as in this thread, time series included", async () => {
  const pooled = await batchRunner({ workers: 2 }).simulateFvmAll(FVM);
  const inThread = await batchRunner({ workers: 1 }).simulateFvmAll(FVM);
  assert.deepEqual(pooled, inThread);
  assert.ok(pooled[0]!.series!.timeS.length >= 10 && pooled[0]!.series!.throughput[2] instanceof Float64Array);
  assert.deepEqual(pooled.map((r) => r.mode), ["fvm", "vanilla"]);
});

test("a run that fails fails the batch with its own message, on the pool as in this thread", async () => {
  // built by hand, past parseScenario: simulate() refuses it (a receive buffer smaller than a segment)
  const bad = { ...NETWORK[2]!.scenario, tcp: { ...NETWORK[2]!.scenario.tcp, rcvBufBytes: 100 } };
  const runs: NetworkRun[] = [NETWORK[1]!, { label: "bad", scenario: bad }];
  const inThread = await batchRunner({ workers: 1 }).simulateAll(runs).then(() => undefined, (e: Error) => e.message);
  assert.match(inThread ?? "", /tcp\.rcvBufBytes: got 100/);
  await assert.rejects(batchRunner({ workers: 2 }).simulateAll(runs), (e: Error) => e.message === inThread);
});

function foxsim(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// What a reproduction writes, minus nothing: no wall time is recorded, provenance is the same build.
function reproduce(name: string, workers: number) {
  const out = join(tmp, `${name}-w${workers}`);
  const stdout = foxsim(["reproduce", name, "--json", "--workers", String(workers), "--out", out]);
  const files = Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), "utf8")]));
  return { json: JSON.parse(stdout), files };
}

test("reproduce fvm-web: the same JSON (provenance's scenario list in the same order) and SVGs with --workers 1 and 2", () => {
  const one = reproduce("fvm-web", 1);
  const two = reproduce("fvm-web", 2);
  assert.deepEqual(two.json, one.json);
  assert.deepEqual(Object.keys(two.files), ["fvm-fig7.svg", "fvm-fig8.svg", "fvm-fig9.svg", "fvm-web.json"]);
  for (const [f, text] of Object.entries(one.files)) assert.equal(two.files[f], text, f);
  // submission order: sessions ascending, vanilla before fvm
  assert.deepEqual(two.json.provenance.scenarios.slice(0, 3).map((s: { name: string }) => s.name), ["web-20-vanilla", "web-20-fvm", "web-40-vanilla"]);
});

test("matrix: the same rows with --workers 1 and 2", () => {
  const args = ["matrix", "examples/foxyvegas-bic.json", "--set", "flows.0.bytes=1000000", "--json"];
  const one = JSON.parse(foxsim([...args, "--workers", "1"]));
  const two = JSON.parse(foxsim([...args, "--workers", "2"]));
  assert.deepEqual(two, one);
  assert.equal(two.rows.length, 9);
});

test("--workers is checked: not a positive integer, exit 2 naming the option", () => {
  for (const bad of ["0", "two"]) {
    const r = spawnSync(process.execPath, [CLI, "reproduce", "fvm-fig3", "--workers", bad], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--workers <n>' argument '[^']+' is invalid\. must be an integer ≥ 1/);
  }
});
