// The CLI as users run it: the esbuild bundle (dist/foxsim.cjs, built by `npm test`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = "dist/foxsim.cjs";
const tmp = mkdtempSync(join(tmpdir(), "foxsim-cli-"));

function foxsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function scenarioFile(name: string, doc: unknown): string {
  const f = join(tmp, `${name}.json`);
  writeFileSync(f, typeof doc === "string" ? doc : JSON.stringify(doc));
  return f;
}

const small = JSON.parse(readFileSync("examples/congested.json", "utf8"));
small.flows[0].bytes = 2_000_000;

test("run prints a summary; --json prints one object with the documented fields", () => {
  const f = scenarioFile("small", small);
  const text = foxsim("run", f);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /goodput\s+\d+\.\d KB\/s/);
  const j = foxsim("run", f, "--json");
  assert.equal(j.code, 0, j.err);
  const lines = j.out.trim().split("\n");
  assert.equal(lines.length, 1);
  const o = JSON.parse(lines[0]!);
  for (const k of ["goodputKBps", "completionTimeS", "bytesDelivered", "dataPacketsSent", "retransmits", "timeouts", "drops", "events", "seed"]) assert.ok(k in o, `missing ${k}`);
  assert.equal(o.bytesDelivered, 2_000_000);
  assert.ok(o.dataPacketsSent >= Math.ceil(2_000_000 / 1448));
});

test("the same scenario and seed give byte-identical JSON and trace files", () => {
  const f = scenarioFile("det", { ...small, path: { ...small.path, forward: { ...small.path.forward, lossRate: 0.002 } } });
  const runs = [1, 2].map((i) => {
    const trace = join(tmp, `t${i}.csv`);
    const r = foxsim("run", f, "--json", "--seed", "7", "--trace", trace);
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out);
    delete o.wallTimeS;
    return { json: JSON.stringify(o), trace: readFileSync(trace, "utf8") };
  });
  assert.equal(runs[0]!.json, runs[1]!.json);
  assert.equal(runs[0]!.trace, runs[1]!.trace);
  assert.ok(runs[0]!.trace.split("\n").length > 100, "a trace with rows");
  assert.match(runs[0]!.trace, /^time_s,flow,cwnd_segments,ssthresh_segments,rwnd_bytes,srtt_ms,bytes_acked,inflight_bytes\n/);
  const other = foxsim("run", f, "--json", "--seed", "8");
  assert.notEqual(JSON.parse(other.out).retransmits + JSON.parse(other.out).events, JSON.parse(runs[0]!.json).retransmits + JSON.parse(runs[0]!.json).events);
});

test("--set overrides a field by its dotted path, validated like the file", () => {
  const f = scenarioFile("set", small);
  const r = foxsim("run", f, "--json", "--set", "path.forward.shaper.rateKBps=4000", "--set", "flows.0.bytes=1000000");
  assert.equal(r.code, 0, r.err);
  const o = JSON.parse(r.out);
  assert.equal(o.bytesDelivered, 1_000_000);
  assert.ok(o.goodputKBps > 2000, "the doubled rate shows");
  const bad = foxsim("run", f, "--set", "path.forward.shaper.rateKBps=fast");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /path\.forward\.shaper\.rateKBps: got "fast"; must be a number/);
});

const BAD: [string, unknown, RegExp][] = [
  ["malformed JSON", "{ \"name\": ", /not valid JSON/],
  ["a missing field", { ...small, flows: undefined }, /flows: missing/],
  ["a negative rate", { ...small, path: { ...small.path, forward: { ...small.path.forward, shaper: { ...small.path.forward.shaper, rateKBps: -5 } } } }, /path\.forward\.shaper\.rateKBps: got -5; must be a number ≥ 0\.001/],
  ["a zero rate", { ...small, path: { ...small.path, lineRateMbps: 0 } }, /path\.lineRateMbps: got 0; must be a number ≥ 0\.000008/],
  ["a string where a number goes", { ...small, path: { ...small.path, forward: { ...small.path.forward, delayMs: "10ms" } } }, /path\.forward\.delayMs: got "10ms"; must be a number/],
  ["an unknown key", { ...small, colour: "red" }, /colour: unknown field; allowed here: name, seed, stopTimeS, path, tcp, sender, hosts, vms, flows, trace/],
  ["an absurd size", { ...small, flows: [{ cc: "newreno", bytes: 1e18 }] }, /flows\.0\.bytes: got 1000000000000000000; must be an integer ≥ 0 and ≤ 1000000000000/],
  ["a queue of 0", { ...small, path: { ...small.path, forward: { ...small.path.forward, shaper: { ...small.path.forward.shaper, limitBytes: 0 } } } }, /path\.forward\.shaper\.limitBytes: got 0; must be an integer ≥ 1514/],
  ["an unknown congestion control", { ...small, flows: [{ cc: "reno2", bytes: 1000 }] }, /flows\.0\.cc: got "reno2"; must be one of newreno/],
  ["an endless flow without a stop time", { ...small, flows: [{ cc: "newreno", bytes: 0 }] }, /flows\.0\.bytes: got 0; must be > 0 unless stopTimeS is set/],
];

for (const [what, doc, message] of BAD) {
  test(`bad input: ${what} → exit 2, one line naming field, value and what is allowed`, () => {
    const r = foxsim("run", scenarioFile(what.replace(/\W+/g, "-"), doc));
    assert.equal(r.code, 2, `${r.out}\n${r.err}`);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err, /\n\s+at /, "no stack trace");
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
  });
}

test("an invalid FVM setting → exit 2 naming the field", () => {
  const fvm = JSON.parse(readFileSync("examples/fvm-benchmark.json", "utf8"));
  for (const [field, value, message] of [
    ["gamma", 1.2, /fvm\.gamma: got 1\.2; must be a number > 0 and < 1/],
    ["threshold", 1, /fvm\.threshold: got 1; must be a number > 1/],
  ] as const) {
    const r = foxsim("fvm", scenarioFile(`fvm-${field}`, { ...fvm, fvm: { ...fvm.fvm, [field]: value } }));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, message);
  }
  const noVms = foxsim("fvm", scenarioFile("fvm-novms", { ...fvm, vms: 0 }));
  assert.equal(noVms.code, 2);
  assert.match(noVms.err, /vms: got 0; must be an integer ≥ 1/);
});

test("usage errors exit 2; --help and --version exit 0", () => {
  assert.equal(foxsim("run").code, 2);
  assert.equal(foxsim("frobnicate").code, 2);
  assert.equal(foxsim("run", join(tmp, "does-not-exist.json")).code, 2);
  assert.equal(foxsim("run", scenarioFile("seed", small), "--seed", "-1").code, 2);
  assert.equal(foxsim("reproduce", "no-such-figure").code, 2);
  const badOut = foxsim("reproduce", "fvm-fig3", "--out", "package.json/out");
  assert.equal(badOut.code, 2);
  assert.match(badOut.err, /--out package.json\/out: \S*package.json is a file, not a directory/);
  const help = foxsim("--help");
  assert.equal(help.code, 0);
  assert.match(help.out, /run \[options\] <scenario\.json>/);
  const runHelp = foxsim("run", "--help");
  assert.equal(runHelp.code, 0);
  assert.match(runHelp.out, /--set <field\.path=value>/);
  const v = foxsim("--version");
  assert.equal(v.code, 0);
  assert.match(v.out.trim(), /^\d+\.\d+\.\d+/);
});

test("a reader that closes the pipe early ends the CLI quietly (no EPIPE stack trace)", () => {
  const r = spawnSync("bash", ["-c", `node ${CLI} reproduce native-cc | head -1; exit \${PIPESTATUS[0]}`], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
});
