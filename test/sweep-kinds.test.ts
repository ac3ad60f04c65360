// Sweeps over every kind of scenario: the kind told from the document (and a stated kind checked
// against it), storage and inter-VM path points validated like their files, their rows' summaries
// equal to what `foxsim disk --json` / `foxsim paths --json` print for the same point, and the same
// rows with 1 and 2 workers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseSpec, SweepError } from "../host/sweep/spec.ts";
import { toCsv } from "../host/sweep/csv.ts";
import { tmp, foxsim, specFile, lines, comparableRows } from "./sweep-helpers.ts";

// Two 2 MB sequential readers, one in the background: a run takes milliseconds.
const STORAGE = {
  name: "tiny-foxyidle",
  vmm: { policy: "foxyidle", preemptionIntervalMs: 10 },
  processes: [
    { name: "fg", workload: "sequential", fileMB: 2 },
    { name: "bg", workload: "sequential", fileMB: 2, background: true },
  ],
};
// A request–response and a bulk connection between two VMs on one host, 6 ms simulated.
const PATHS = {
  name: "tiny-paths",
  durationMs: 6,
  warmupMs: 1,
  hosts: [{ name: "h", cores: 3 }],
  vms: [
    { name: "a", host: "h", path: "hosted", vcpuCore: 1 },
    { name: "b", host: "h", path: "hosted", vcpuCore: 2 },
  ],
  connections: [
    { from: "a", to: "b", fromCore: 1, toCore: 2, app: { kind: "rr" } },
    { from: "b", to: "a", fromCore: 2, toCore: 1, app: { kind: "bulk" } },
  ],
};
const NETWORK = { flows: [{ bytes: 10_000 }] };
const FVM = { vms: 2, durationS: 5, workload: { kind: "benchmark", threadsPerVm: 2 } };

const out = (name: string) => join(tmp, `${name}.jsonl`);
const kindOf = (scenario: unknown, kind?: string) => parseSpec({ scenario, ...(kind ? { kind } : {}) }, "spec.json").kind;
const problemOf = (scenario: unknown, kind?: string) => {
  try {
    parseSpec({ scenario, ...(kind ? { kind } : {}) }, "spec.json");
  } catch (e) {
    if (e instanceof SweepError) return e.problems.join("\n");
    throw e;
  }
  return "accepted";
};

test("the kind is told from the document's marker field, whatever other fields it shares", () => {
  assert.equal(kindOf(NETWORK), "network");
  // a network scenario with machines lists its VMs (it was taken for FVM when "vms" alone decided)
  assert.equal(kindOf({ ...NETWORK, hosts: [{ name: "h" }], vms: [{ name: "v", host: "h" }] }), "network");
  assert.equal(kindOf(FVM), "fvm");
  assert.equal(kindOf(STORAGE), "storage");
  assert.equal(kindOf(PATHS), "paths"); // has hosts and a vms list too
  assert.equal(kindOf(STORAGE, "storage"), "storage");
  assert.equal(kindOf({ name: "no marker" }, "paths"), "paths", "a stated kind stands when the document has no marker (an axis may set it)");
});

test("a stated kind the document contradicts, two markers, or none are refused naming the fields", () => {
  assert.match(problemOf(STORAGE, "fvm"), /^spec\.json: kind: got "fvm", but the scenario is storage \(it has processes\)/);
  assert.match(problemOf(PATHS, "network"), /kind: got "network", but the scenario is paths \(it has connections\)/);
  assert.match(problemOf(FVM, "storage"), /kind: got "storage", but the scenario is fvm \(it has vms \(a number\)\)/);
  assert.match(problemOf({ ...STORAGE, connections: [] }), /scenario: looks like storage \(it has processes\) and paths \(it has connections\)/);
  assert.match(problemOf({ name: "x" }), /scenario: cannot tell its kind: it has none of flows \(network\), vms \(a number\) \(fvm\), processes \(storage\), connections \(paths\)/);
  assert.match(problemOf(STORAGE, "disk"), /kind: got "disk"; must be one of network, fvm, storage, paths/);
  // through the CLI: exit 2, no results file
  const r = foxsim(["sweep", specFile("kind-mismatch", { scenario: STORAGE, kind: "network", axes: { "vmm.preemptionIntervalMs": [5, 10] } }), "--out", out("kind-mismatch")]);
  assert.equal(r.code, 2);
  assert.match(r.err, /kind: got "network", but the scenario is storage/);
  assert.ok(!existsSync(out("kind-mismatch")));
});

// The point's row must hold what the kind's own command prints for the same document and seed.
function viaCommand(command: string, base: unknown, sets: Record<string, unknown>, seed: number): any {
  const file = specFile(`${command}-base`, base);
  const args = [command, file, "--json", "--seed", String(seed), ...Object.entries(sets).flatMap(([k, v]) => ["--set", `${k}=${JSON.stringify(v)}`])];
  const r = foxsim(args);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

test("storage: a row per point with each process's elapsed time by name and the VMM's and drive's counts, as foxsim disk prints them", () => {
  const spec = specFile("storage", { scenario: STORAGE, axes: { "vmm.preemptionIntervalMs": [0, 10], "guest.elevator": ["noop", "cfq"] } });
  const r = foxsim(["sweep", spec, "--out", out("storage"), "--quiet", "--workers", "1"]);
  assert.equal(r.code, 0, r.err);
  const [header, ...rows] = lines(out("storage"));
  assert.equal(header.spec.kind, "storage");
  assert.equal(rows.length, 4);
  const keys = ["fg.elapsedS", "bg.elapsedS", "vmm.requests", "vmm.held", "vmm.meanHoldMs", "vmm.misattributed", "vmm.backgroundAsForeground", "vmm.backgroundInInterval", "drive.commands", "drive.busyS", "simulatedS", "events"];
  for (const row of rows) {
    assert.equal(row.status, "ok", row.error);
    assert.deepEqual(Object.keys(row.summary), keys);
    const d = viaCommand("disk", STORAGE, row.values, row.seed);
    const proc = (name: string) => d.processes.find((p: { name: string }) => p.name === name);
    assert.deepEqual(
      [row.summary["fg.elapsedS"], row.summary["bg.elapsedS"], row.summary["vmm.requests"], row.summary["vmm.held"], row.summary["vmm.meanHoldMs"], row.summary["vmm.misattributed"], row.summary["vmm.backgroundAsForeground"], row.summary["vmm.backgroundInInterval"], row.summary["drive.commands"], row.summary["drive.busyS"], row.summary.simulatedS, row.summary.events],
      [proc("fg").elapsedS, proc("bg").elapsedS, d.vmm.requests, d.vmm.held, d.vmm.meanHoldMs, d.vmm.misattributed, d.vmm.backgroundAsForeground, d.vmm.backgroundInInterval, d.drive.commands, d.drive.busyS, d.simulatedS, d.events],
      JSON.stringify(row.values),
    );
  }
  // the points differ: FoxyIdle's interval holds the background reader back (0: no hold after completion)
  const at = (ms: number, elv: string) => rows.find((x) => x.values["vmm.preemptionIntervalMs"] === ms && x.values["guest.elevator"] === elv).summary;
  assert.ok(at(10, "noop")["fg.elapsedS"] < at(0, "noop")["fg.elapsedS"], "the foreground finishes sooner with a 10 ms interval");
  // CSV: the fields as columns, in the summary's order
  const csv = toCsv(header, rows).split("\n");
  assert.equal(csv[0], `index,replication,seed,vmm.preemptionIntervalMs,guest.elevator,status,${keys.join(",")},error,wallS,key,version,commit`);
});

test("paths: per connection throughput both ways (and a request–response one's rate and latency), per core busy, as foxsim paths prints them", () => {
  const spec = specFile("paths", { scenario: PATHS, zip: [{ "vms.0.path": ["hosted", "xenloop"], "vms.1.path": ["hosted", "xenloop"] }] });
  const r = foxsim(["sweep", spec, "--out", out("paths"), "--quiet", "--workers", "1"]);
  assert.equal(r.code, 0, r.err);
  const [header, ...rows] = lines(out("paths"));
  assert.equal(header.spec.kind, "paths");
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.status, "ok", row.error);
    const p = viaCommand("paths", PATHS, row.values, row.seed);
    assert.deepEqual(row.summary, {
      "connections.0.throughputMbps": p.connections[0].throughputMbps,
      "connections.0.reverseThroughputMbps": p.connections[0].reverseThroughputMbps,
      "connections.0.transactionsPerS": p.connections[0].transactionsPerS,
      "connections.0.latencyUs": p.connections[0].latencyUs,
      "connections.1.throughputMbps": p.connections[1].throughputMbps,
      "connections.1.reverseThroughputMbps": p.connections[1].reverseThroughputMbps,
      "cores.h.0.busy": p.cores[0].busy,
      "cores.h.1.busy": p.cores[1].busy,
      "cores.h.2.busy": p.cores[2].busy,
      events: p.events,
    });
  }
  const [hosted, xenloop] = [...rows].sort((a, b) => a.index - b.index).map((x) => x.summary);
  assert.ok(xenloop["connections.1.throughputMbps"] > hosted["connections.1.throughputMbps"], "XenLoop's bulk transfer beats the hosted path's");
});

test("storage and paths points are validated like their files: a bad point is a failed row with the file's message; a mistyped axis exits 2", () => {
  const spec = specFile("storage-bad", { scenario: STORAGE, axes: { "guest.elevator": ["noop", "elevator-x"], "processes.1.fileMB": [2, -1] } });
  assert.equal(foxsim(["sweep", spec, "--out", out("storage-bad"), "--quiet"]).code, 0);
  const rows = lines(out("storage-bad")).slice(1);
  assert.deepEqual(rows.map((x) => x.status).sort(), ["failed", "failed", "failed", "ok"]);
  const bad = rows.find((x) => x.values["guest.elevator"] === "elevator-x" && x.values["processes.1.fileMB"] === 2);
  assert.match(bad.error, /guest\.elevator: got "elevator-x"; must be one of noop/);
  assert.match(rows.find((x) => x.values["processes.1.fileMB"] === -1 && x.values["guest.elevator"] === "noop").error, /processes\.1\.fileMB: got -1/);
  const paths = specFile("paths-bad", { scenario: PATHS, axes: { "vms.0.vcpuCore": [1, 7] } });
  assert.equal(foxsim(["sweep", paths, "--out", out("paths-bad"), "--quiet"]).code, 0);
  const p = lines(out("paths-bad")).slice(1).find((x) => x.values["vms.0.vcpuCore"] === 7);
  assert.equal(p.status, "failed");
  assert.match(p.error, /vms\.0\.vcpuCore: got 7; must be < h's cores \(3\)/);
  const typo = foxsim(["sweep", specFile("storage-typo", { scenario: STORAGE, axes: { "vmm.preemptionIntervalMS": [5, 10] } }), "--out", out("storage-typo")]);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /axis vmm\.preemptionIntervalMS: vmm\.preemptionIntervalMS: unknown field/);
});

test("storage and paths sweeps: the same rows with 1 and 2 workers", () => {
  const cases = {
    storage: [{ scenario: STORAGE, axes: { "vmm.preemptionIntervalMs": [0, 5, 10], "guest.elevator": ["noop", "anticipatory"] } }, 6],
    paths: [{ scenario: PATHS, axes: { "vms.0.path": ["hosted", "outsourced", "xenloop"], "connections.1.app.writeBytes": [1024, 8192] } }, 6],
  } as const;
  for (const [name, [spec, runs]] of Object.entries(cases)) {
    const file = specFile(`det-${name}`, spec);
    const run = (w: number) => {
      const r = foxsim(["sweep", file, "--out", out(`det-${name}-w${w}`), "--quiet", "--workers", String(w)]);
      assert.equal(r.code, 0, r.err);
      return comparableRows(out(`det-${name}-w${w}`));
    };
    const one = run(1);
    assert.equal(one.split("\n").length, runs);
    assert.equal(run(2), one, name);
  }
});

test("the examples: foxyidle.json (interval × guest elevator × 3 replications) and paths.json expand and are told apart by their kind", () => {
  for (const [name, runs, kind] of [["foxyidle", 60, "storage"], ["paths", 12, "paths"]] as const) {
    const file = resolve(`examples/sweeps/${name}.json`);
    const r = foxsim(["sweep", file, "--dry-run"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^${runs} runs; spec hash`));
    assert.doesNotMatch(r.out, /invalid/);
    assert.equal(parseSpec(JSON.parse(readFileSync(file, "utf8")), file).kind, kind);
  }
});
