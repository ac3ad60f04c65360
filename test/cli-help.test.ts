// Every command's --help and the --set option they share (host/set-option.ts), as users run them:
// the esbuild bundle (dist/foxsim.cjs, built by `npm test`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const CLI = "dist/foxsim.cjs";

function foxsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The commands as the top-level help lists them (so that a new command is checked too).
const top = foxsim("--help");
const COMMANDS = [...top.out.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]!).filter((c) => c !== "help");

test("every command's --help shows no internal default (no \"(default: [])\" for --set)", () => {
  assert.equal(top.code, 0, top.err);
  for (const c of ["run", "fvm", "paths", "disk", "disk-matrix", "verify", "playground"]) assert.ok(COMMANDS.includes(c), `${c} listed`);
  const withSet: string[] = [];
  for (const c of COMMANDS) {
    const h = foxsim(c, "--help");
    assert.equal(h.code, 0, `${c} --help: ${h.err}`);
    assert.doesNotMatch(h.out, /\(default: [[{]/, `${c} --help shows a default as JSON`);
    if (h.out.includes("--set <field.path=value>")) withSet.push(c);
  }
  assert.deepEqual(withSet, ["run", "matrix", "fvm", "paths", "disk", "disk-matrix", "verify"]);
});

test("--set is repeatable, applied in order, and optional", () => {
  const base = ["fvm", "examples/fvm-benchmark.json", "--json", "--set", "durationS=2", "--set", "warmupS=1"];
  const vms = (...more: string[]) => {
    const r = foxsim(...base, ...more);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out).vms.length;
  };
  assert.equal(vms("--set", "vms=3", "--set", "vms=2"), 2, "the last --set of a field wins");
  assert.equal(vms("--set", "vms=3"), 3);
  const plain = foxsim("paths", "examples/intervm-xenloop.json", "--json");
  assert.equal(plain.code, 0, plain.err);
});
