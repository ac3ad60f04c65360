// Results carry their provenance: run, fvm and matrix --json say which build made them and the scenario
// exactly as run (after --seed and --set, validated, defaults filled); run's summary says what the sender
// ran under and where its trace and captures went.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario } from "../host/scenario.ts";
import { parseFvmScenario } from "../host/fvm/scenario.ts";
import { applyOverrides } from "../host/schema.ts";

const tmp = mkdtempSync(join(tmpdir(), "foxsim-prov-"));
const VERSION = JSON.parse(readFileSync("package.json", "utf8")).version as string;
const HEAD = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).stdout.trim();
const example = (name: string) => JSON.parse(readFileSync(`examples/${name}.json`, "utf8")) as unknown;

function foxsimJson(...args: string[]) {
  const r = spawnSync(process.execPath, ["dist/foxsim.cjs", ...args], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { provenance: { version: string; commit: string; seed: number; scenario: unknown }; [k: string]: unknown };
}

function assertBuild(p: { version: string; commit: string }) {
  assert.equal(p.version, VERSION);
  assert.match(p.commit, /^[0-9a-f]{40}(-dirty)?$/);
  assert.ok(p.commit.startsWith(HEAD), `commit ${p.commit}, HEAD ${HEAD}: rebuild the bundle`);
}

test("run --json: the resolved scenario after --seed and --set, the seed, the build; result fields stay at the top", () => {
  const set = ["flows.0.bytes=500000", "path.forward.delayMs=20"];
  const o = foxsimJson("run", "examples/congested.json", "--json", "--seed", "7", ...set.flatMap((s) => ["--set", s]));
  assertBuild(o.provenance);
  assert.deepEqual(o.provenance.scenario, parseScenario(applyOverrides(example("congested"), [...set, "seed=7"])));
  assert.equal(o.provenance.seed, 7);
  assert.equal(o.seed, 7);
  assert.equal(o.bytesDelivered, 500_000);
});

test("fvm --json and matrix --json carry their resolved scenarios too", () => {
  const f = foxsimJson("fvm", "examples/fvm-benchmark.json", "--json", "--set", "vms=2", "--set", "durationS=30", "--set", "warmupS=10");
  assertBuild(f.provenance);
  assert.deepEqual(f.provenance.scenario, parseFvmScenario(applyOverrides(example("fvm-benchmark"), ["vms=2", "durationS=30", "warmupS=10"])));
  assert.equal(f.provenance.seed, 1);
  const m = foxsimJson("matrix", "examples/foxyvegas-bic.json", "--json", "--set", "flows.0.bytes=200000", "--seed", "3");
  assertBuild(m.provenance);
  assert.deepEqual(m.provenance.scenario, parseScenario(applyOverrides(example("foxyvegas-bic"), ["flows.0.bytes=200000", "seed=3"])));
  assert.equal(m.provenance.seed, 3);
  assert.equal(m.policy, "foxyvegas");
});

test("run's summary names the sender's VMM policy and where the trace and captures went", () => {
  const trace = join(tmp, "t.csv");
  const pcap = join(tmp, "cap");
  const r = spawnSync(process.execPath, ["dist/foxsim.cjs", "run", "examples/foxyvegas-bic.json", "--set", "flows.0.bytes=300000", "--trace", trace, "--pcap", pcap], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /sender\s+guest, VMM policy foxyvegas\n/);
  const rows = readFileSync(trace, "utf8").trim().split("\n").length - 1;
  assert.ok(r.stdout.includes(`trace          written to ${trace} (${rows} rows)\n`), r.stdout);
  const files = [join(pcap, "wire.pcap"), join(pcap, "vnic.pcap")];
  assert.ok(r.stdout.includes(`pcap           written to ${files.join(", ")}\n`), r.stdout);
  for (const f of files) assert.ok(existsSync(f), f);
  const native = spawnSync(process.execPath, ["dist/foxsim.cjs", "run", "examples/congested.json", "--set", "flows.0.bytes=300000"], { encoding: "utf8", timeout: 60_000 });
  assert.match(native.stdout, /sender\s+native \(no VMM\)\n/);
  assert.doesNotMatch(native.stdout, /written to/);
});
