// Every command's --help, the --set option they share (host/set-option.ts), and bad input to the newer
// commands (verify, playground, disk, disk-matrix, paths), as users run them: the esbuild bundle
// (dist/foxsim.cjs, built by `npm test`).
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

// Each: a clear one-line reason naming the field or file, the value and what is allowed; exit 2; no stack.
const BAD: [string[], RegExp][] = [
  [["verify", "nosuch"], /unknown suite "nosuch"; allowed: delivery, /],
  [["playground", "--port", "99999"], /--port: got "99999"; must be an integer ≥ 0 and ≤ 65535/],
  [["disk", "examples/foxyidle-sequential.json", "--set", "guest.elevator=foo"], /guest\.elevator: got "foo"; must be one of noop, deadline, anticipatory, cfq/],
  [["disk-matrix", "examples/congested.json"], /congested\.json: a network scenario \(it has flows\), not a storage scenario: run it with foxsim run/],
  [["run", "examples/foxyidle-sequential.json"], /a storage scenario \(it has processes\), not a network scenario: run it with foxsim disk/],
  [["paths", "examples/fvm-benchmark.json"], /a Friendly-VM host scenario \(it has vms \(a number\)\), not an inter-VM path scenario: run it with foxsim fvm/],
  [["disk-matrix", "examples/foxyidle-sequential.json", "--set", "processes=[]"], /processes: got \[\]; must name at least one process/],
  [["paths", "examples/intervm-xenloop.json", "--set", "vms.0.path=foo"], /vms\.0\.path: got "foo"; must be hosted, outsourced or xenloop/],
];

test("bad input to verify, playground, disk, disk-matrix and paths: a clear reason, exit 2, no stack trace", () => {
  for (const [args, reason] of BAD) {
    const r = foxsim(...args);
    assert.equal(r.code, 2, `${args.join(" ")} exited ${r.code}: ${r.err}`);
    assert.match(r.err, reason, args.join(" "));
    assert.doesNotMatch(r.err, /^\s+at /m, `${args.join(" ")} printed a stack trace`);
    assert.equal(r.out, "", `${args.join(" ")} printed a result`);
  }
});
