// `foxsim verify`: every suite passes on a clean build with its seed recorded; a property broken on
// purpose (an injected faulty predicate, in a suite only this test registers) is found, shrunk, and
// replayed bit for bit from the seed and path it prints (a network property and a storage one); every
// props/*.test.ts file is a registered suite's wrapper; a user's own scenario (network, FVM, storage,
// inter-VM paths) is checked under random drops, seeds or stop times; bad usage exits 2 naming what is
// allowed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Command } from "commander";
import { registerVerifyCommand, VerifyFailed } from "../host/verify/command.ts";
import { property, type Suite } from "../host/verify/property.ts";
import { dropCase, dropCaseDocument, runDropCase } from "../host/verify/properties/delivery.ts";
import { SUITES } from "../host/verify/suites.ts";
import { parseStorageScenario } from "../host/storage/scenario.ts";
import { simulateStorage } from "../host/storage/simulate.ts";
import { loadNodeCore } from "../host/node.ts";
import { worldCase, worldScenario } from "../host/verify/properties/storage.ts";

const CLI = "dist/foxsim.cjs";

function foxsim(...args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, wallS: (performance.now() - t0) / 1000 };
}

// The fault: conservation written without the drops (injected = delivered + in network), true until
// the first packet is dropped: by the drop list, or by the bottleneck's queue on a longer transfer.
const broken: Suite = {
  name: "broken",
  summary: "a property broken on purpose",
  properties: [
    property({
      name: "conservation-without-drops",
      summary: "packets conserved, forgetting the dropped ones",
      runs: 100,
      arbitrary: dropCase,
      document: dropCaseDocument,
      async check(v) {
        const c = (await runDropCase(v)).result.conservation;
        assert.equal(c.injected, c.delivered + c.inNetwork, "injected = delivered + in network");
      },
    }),
  ],
};

// The fault in a storage world: every process reads its file's pages once, forgetting that a random
// reader reads `reads` times its read's pages (true for sequential readers, and for one 4 KB read of a
// one-page file).
const brokenStorage: Suite = {
  name: "broken-storage",
  summary: "a storage property broken on purpose",
  properties: [
    property({
      name: "pages-once",
      summary: "every process reads its file's pages once",
      runs: 100,
      arbitrary: worldCase,
      document: worldScenario,
      async check(v) {
        const r = simulateStorage(await loadNodeCore(), parseStorageScenario(worldScenario(v)));
        v[0].forEach((p, i) => assert.equal(r.processes[i]!.pagesRead, Math.max(1, Math.floor(p.fileKB / 4)), `p${i} read its file's pages once`));
      },
    }),
  ],
};

// The verify command as the CLI registers it, with a broken suite in place of the real ones.
async function verifyBroken(argv: string[], suite: Suite = broken): Promise<{ failed: boolean; out: string }> {
  let out = "";
  const program = new Command().exitOverride();
  registerVerifyCommand(program, { readJson: () => assert.fail("no file here"), usageError: (m) => new Error(m), write: (t) => void (out += t) }, [suite]);
  try {
    await program.parseAsync(argv, { from: "user" });
    return { failed: false, out };
  } catch (e) {
    if (!(e instanceof VerifyFailed)) throw e;
    return { failed: true, out };
  }
}

test("verify --json on a clean build: every suite passes, each with its seed and runs recorded", () => {
  const r = foxsim("verify", "--json", "--seed", "42");
  assert.equal(r.code, 0, r.err + r.out);
  const report = JSON.parse(r.out);
  assert.equal(report.verdict, "pass");
  assert.equal(report.seed, 42);
  assert.deepEqual(report.suites.map((s: { name: string }) => s.name), SUITES.map((s) => s.name));
  for (const [i, s] of report.suites.entries()) {
    assert.equal(s.seed, 42);
    assert.equal(s.verdict, "pass");
    assert.equal(s.runs, SUITES[i]!.properties.reduce((a, p) => a + p.runs, 0), `${s.name}: each property's own number of runs`);
    assert.deepEqual(s.properties.map((p: { property: string }) => p.property), SUITES[i]!.properties.map((p) => `${s.name}/${p.name}`));
  }
  // without --seed a fresh one is drawn and recorded
  const fresh = JSON.parse(foxsim("verify", "fvm-fluid", "--json", "--runs", "3").out);
  assert.ok(Number.isInteger(fresh.seed) && fresh.suites[0].seed === fresh.seed && fresh.suites[0].runs === 3);
});

test("a property broken on purpose is found, shrunk to its smallest case, and replayed bit for bit from the printed seed and path", async () => {
  const found = await verifyBroken(["verify", "--seed", "11"]);
  assert.ok(found.failed, found.out);
  const report = found.out.slice(found.out.indexOf("FAIL "), found.out.lastIndexOf("\nFAILED"));
  assert.match(report, /^FAIL broken\/conservation-without-drops: failed after \d+ runs?, shrunk \d+ times?\n  injected = delivered \+ in network/);
  // shrunk: the first congestion control and TCP profile, no path delay, at most one listed drop (the
  // first arrival, with a 1-byte transfer), else none and a transfer long enough to fill the queue
  const doc = JSON.parse(/  counterexample:\n([\s\S]*?)\n  replay:/.exec(report)![1]!);
  assert.deepEqual([doc.scenario.flows[0].cc, doc.scenario.tcp.kernel, doc.scenario.tcp.sack, doc.scenario.path.forward.delayMs], ["newreno", "linux-6.12", true, 0]);
  const listed = [...doc.drops.forward, ...doc.drops.reverse];
  if (listed.length > 0) assert.deepEqual([listed, doc.scenario.flows[0].bytes], [[0], 1]);
  else assert.ok(doc.scenario.flows[0].bytes > 60_000, `${doc.scenario.flows[0].bytes} bytes cannot overflow a 60 000-byte queue`);
  // the printed command replays it: the same report, byte for byte, from one run
  const replay = /  replay: foxsim (verify broken\/conservation-without-drops --seed 11 --path (\S+))$/.exec(report);
  assert.ok(replay, report);
  const again = await verifyBroken(replay[1]!.split(" "));
  assert.ok(again.failed);
  const replayed = again.out.slice(0, again.out.lastIndexOf("\nFAILED"));
  assert.match(replayed, /^FAIL [^:]+: failed after 1 run, shrunk 0 times\n/, "the path leads straight to the counterexample");
  const searchFree = (t: string) => t.replace(/failed after \d+ runs?, shrunk \d+ times?/, "");
  assert.equal(searchFree(replayed), searchFree(report));
  // and --json carries the same seed, path and counterexample
  const json = JSON.parse((await verifyBroken(["verify", "--seed", "11", "--json"])).out);
  const p = json.suites[0].properties[0];
  assert.deepEqual([json.verdict, p.verdict, p.seed, p.path, p.counterexample], ["fail", "fail", 11, replay[2], doc]);
});

test("a storage property broken on purpose: found, shrunk to one random reader, replayed bit for bit from its seed and path", async () => {
  const found = await verifyBroken(["verify", "--seed", "5"], brokenStorage);
  assert.ok(found.failed, found.out);
  const report = found.out.slice(found.out.indexOf("FAIL "), found.out.lastIndexOf("\nFAILED"));
  assert.match(report, /^FAIL broken-storage\/pages-once: failed after \d+ runs?, shrunk \d+ times?\n  p0 read its file's pages once/);
  // shrunk to one process, the random reader the fault forgets, its pages read not its file's pages;
  // the document is a storage scenario `foxsim disk` runs
  const doc = JSON.parse(/  counterexample:\n([\s\S]*?)\n  replay:/.exec(report)![1]!);
  assert.deepEqual([doc.processes.length, doc.processes[0].workload, doc.vmm.policy], [1, "random", "none"]);
  const s = parseStorageScenario(doc);
  assert.notEqual(simulateStorage(await loadNodeCore(), s).processes[0]!.pagesRead, Math.max(1, Math.floor((doc.processes[0].fileMB * 1024) / 4)));
  const replay = /  replay: foxsim (verify broken-storage\/pages-once --seed 5 --path (\S+))$/.exec(report);
  assert.ok(replay, report);
  const again = await verifyBroken(replay[1]!.split(" "), brokenStorage);
  assert.ok(again.failed);
  const replayed = again.out.slice(0, again.out.lastIndexOf("\nFAILED"));
  assert.match(replayed, /^FAIL [^:]+: failed after 1 run, shrunk 0 times\n/, "the path leads straight to the counterexample");
  const searchFree = (t: string) => t.replace(/failed after \d+ runs?, shrunk \d+ times?/, "");
  assert.equal(searchFree(replayed), searchFree(report));
});

test("every props/*.test.ts is the wrapper of a registered suite, and every suite has one", () => {
  const files = readdirSync("props").filter((f) => f.endsWith(".test.ts")).sort();
  assert.deepEqual(files, SUITES.map((s) => `${s.name}.test.ts`).sort(), "props files ↔ host/verify/suites.ts: a property file outside the registry is not run by `foxsim verify`");
  for (const f of files) {
    const text = readFileSync(`props/${f}`, "utf8");
    const name = f.replace(/\.test\.ts$/, "");
    // a thin wrapper: the suite's module and testSuite, no property of its own
    assert.match(text, new RegExp(`from "\\.\\./host/verify/properties/${name}\\.ts";\\n\\ntestSuite\\(\\w+\\);\\n$`), `props/${f} is not a thin testSuite wrapper of host/verify/properties/${name}.ts`);
    assert.doesNotMatch(text, /fast-check|node:test/, `props/${f} defines properties of its own`);
  }
});

test("verify <scenario.json>: a user's own network, FVM, storage or inter-VM path scenario under random drops, seeds or stop times", () => {
  const net = foxsim("verify", "examples/congested.json", "--set", "flows.0.bytes=300000", "--runs", "4", "--seed", "3", "--json");
  assert.equal(net.code, 0, net.err + net.out);
  const r = JSON.parse(net.out);
  assert.deepEqual([r.verdict, r.suites[0].name, r.suites[0].runs, r.suites[0].seed], ["pass", "examples/congested.json", 4, 3]);
  const fvm = foxsim("verify", "examples/fvm-benchmark.json", "--set", "durationS=20", "--set", "warmupS=5", "--runs", "2");
  assert.equal(fvm.code, 0, fvm.err + fvm.out);
  assert.match(fvm.out, /^ok   examples\/fvm-benchmark.json  2 runs$/m);
  // a storage world under random seeds, an inter-VM path scenario stopped at random instants
  const worlds = foxsim("verify", "examples/foxyidle-sequential.json", "examples/intervm-xenloop.json", "--runs", "5", "--seed", "8", "--json");
  assert.equal(worlds.code, 0, worlds.err + worlds.out);
  const w = JSON.parse(worlds.out);
  assert.deepEqual(w.suites.map((x: { name: string; runs: number; verdict: string }) => [x.name, x.runs, x.verdict]), [["examples/foxyidle-sequential.json", 5, "pass"], ["examples/intervm-xenloop.json", 5, "pass"]]);
  const bad = foxsim("verify", "examples/congested.json", "--set", "flows.0.bytes=-5");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^invalid scenario: flows\.0\.bytes: /m);
  // each world's document is validated by its own schema: the field, the value, what is allowed
  for (const [file, set, message] of [
    ["examples/foxyidle-sequential.json", "processes.0.readKB=6", /^invalid scenario: processes\.0\.readKB: got 6; must be a multiple of 4/m],
    ["examples/intervm-xenloop.json", "warmupMs=100", /^invalid scenario: warmupMs: got 100; must be < durationMs \(60\)/m],
  ] as const) {
    const r = foxsim("verify", file, "--set", set);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, message);
  }
});

test("bad usage exits 2 at once, naming what is allowed", () => {
  const cases: [string[], RegExp][] = [
    [["verify", "nosuch"], /unknown suite "nosuch"; allowed: delivery, foxyvegas, fvm-control, fvm-fluid, inputs, storage, elevators, drive, outsourcing/],
    [["verify", "delivery/nosuch"], /suite delivery has no property "nosuch"; it has: exact-delivery/],
    [["verify", "delivery", "--path", "1:2"], /--path replays one failure: .*give its --seed/],
    [["verify", "--path", "1:2", "--seed", "4"], /name its one property/],
    [["verify", "--seed", "-1"], /--seed.*must be an integer ≥ 0 and ≤ 2147483647/],
    [["verify", "--runs", "0"], /--runs.*must be an integer ≥ 1/],
    [["verify", "delivery", "--set", "x=1"], /--set changes scenario files, and none is named/],
    [["verify", "missing.json"], /missing\.json: cannot read \(ENOENT\)/],
    [["verify", "fvm-fluid", "--seed", "1", "--path", "a:b"], /--path.*numbers separated by colons/],
    [["verify", "delivery", "--seed", "1", "--path", "999:999:999"], /--path 999:999:999 with --seed 1 is no input of delivery\/exact-delivery/],
  ];
  for (const [args, message] of cases) {
    const r = foxsim(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, message);
    assert.ok(r.wallS < 5, `${args.join(" ")}: ${r.wallS} s`);
  }
});
