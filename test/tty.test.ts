// The CLI in a real terminal: each command runs under a pseudo-terminal made by script(1) from
// util-linux (`script -qfec <cmd> /dev/null`), so stderr is a TTY and the progress line is drawn,
// as a person at a terminal sees it. The other CLI tests run in pipes, where progress is off.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { StatusLine, stopStatusLines } from "../host/report/progress.ts";

const CLI = "dist/foxsim.cjs";
const tmp = mkdtempSync(join(tmpdir(), "foxsim-tty-"));
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
const WRAP_OFF = "\x1b[?7l";
const WRAP_ON = "\x1b[?7h";

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
const commandLine = (args: string[]) => [process.execPath, CLI, ...args].map(quote).join(" ");

// script -e returns the command's exit status (128 + the signal when a signal ended it).
function inTerminal(args: string[]) {
  const r = spawnSync("script", ["-qfec", commandLine(args), "/dev/null"], { encoding: "utf8", timeout: 60_000 });
  if (r.error) throw new Error(`script(1) from util-linux is needed for these tests: ${r.error.message}`);
  return { code: r.status, out: r.stdout };
}

// What a terminal is left with: the cursor shown and line wrap on, whatever was switched off before.
function assertTerminalRestored(out: string): void {
  assert.ok(out.lastIndexOf(SHOW_CURSOR) > out.lastIndexOf(HIDE_CURSOR), `cursor left hidden:\n${JSON.stringify(out.slice(-400))}`);
  assert.ok(out.lastIndexOf(WRAP_ON) >= out.lastIndexOf(WRAP_OFF), "line wrap left off");
}

// A command in a terminal that something happens to while it runs: `act` once the output first
// matches `when` (Ctrl-C typed, a directory removed, …). Returns the exit status, everything the
// terminal showed, and when the act happened (0: the pattern never appeared).
async function inTerminalActing(args: string[], when: RegExp, act: (terminal: { type(keys: string): void }) => void, limitMs = 30_000) {
  const child = spawn("script", ["-qfec", commandLine(args), "/dev/null"], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  let actedAt = 0;
  const code = await new Promise<number | null>((resolve) => {
    const guard = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      if (!actedAt && when.test(out)) {
        actedAt = performance.now();
        act({ type: (keys) => child.stdin.write(keys) });
      }
    });
    child.on("close", (c) => {
      clearTimeout(guard);
      resolve(c);
    });
  });
  assert.ok(actedAt > 0, `${when} never appeared:\n${out.slice(0, 400)}`);
  return { code, out, actedAt };
}

// Ctrl-C typed at the terminal (SIGINT to its foreground processes) once `when` shows.
async function interrupted(args: string[], when: RegExp) {
  const r = await inTerminalActing(args, when, (t) => t.type("\x03"));
  const tookMs = performance.now() - r.actedAt;
  assert.equal(r.code, 130, r.out);
  assert.ok(tookMs < 2000, `took ${tookMs.toFixed(0)} ms to stop`);
  assert.match(r.out, /foxsim: interrupted/);
  assertTerminalRestored(r.out);
  return r.out;
}

test("run in a terminal: progress shows simulated time of the total, rates and ETA; exit 0; terminal restored", () => {
  const r = inTerminal(["run", "examples/fast.json", "--set", "stopTimeS=20"]);
  assert.equal(r.code, 0, r.out);
  assert.doesNotMatch(r.out, /run failed/);
  assert.match(r.out, /t=\d+\.\d+\/20 s/);
  assert.match(r.out, /ev\/s/);
  assert.match(r.out, /simsec\/s/);
  assert.match(r.out, /ETA/);
  assert.match(r.out, /goodput\s+\d/);
  assertTerminalRestored(r.out);
});

test("run without stopTimeS: the total simulated time is an estimate, marked as one", () => {
  const r = inTerminal(["run", "examples/congested.json", "--set", "flows.0.bytes=2000000"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /t=\d+\.\d+\/~\d+(\.\d+)? s/);
  assertTerminalRestored(r.out);
});

test("matrix in a terminal, one worker: progress names the run of how many and follows its simulated time; exit 0; terminal restored", () => {
  const r = inTerminal(["matrix", "examples/foxyvegas-bic.json", "--set", "flows.0.bytes=2000000", "--workers", "1"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /run \d+\/18 \w+ (without|with) foxyvegas  t=\d+\.\d+/); // (the rates are cut at 80 columns)
  assert.match(r.out, /vegas\s+\d/); // the table's last row
  assertTerminalRestored(r.out);
});

// On the pool a run's steps happen in a worker thread: the line counts finished runs and their rate.
test("reproduce in a terminal on 2 workers: progress names the reproduction, the run of how many, runs/s; exit 0; terminal restored", () => {
  const r = inTerminal(["reproduce", "foxyvegas-table1", "--workers", "2", "--out", join(tmp, "out")]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /foxyvegas-table1 run 1\/3 on 2 workers/);
  assert.match(r.out, /foxyvegas-table1 run \d\/3 \d+\.\d runs\/s, [\w-]+ done/);
  assert.match(r.out, /== foxyvegas-table1/);
  assertTerminalRestored(r.out);
});

// Storage runs go in this process whatever the workers; each is followed through its own loop.
test("reproduce a storage table in a terminal: progress names the run and follows its simulated time and work done; exit 0", () => {
  const r = inTerminal(["reproduce", "foxyidle-table3", "--workers", "2", "--out", join(tmp, "out-storage")]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /foxyidle-table3 run \d+\/\d+ table3 [^\r\n]*?  t=\d+\.\d+ s  \d+\.\d %/);
  assert.match(r.out, /== foxyidle-table3/);
  assertTerminalRestored(r.out);
});

test("fvm in a terminal: progress shows simulated time of the total; exit 0; terminal restored", () => {
  const r = inTerminal(["fvm", "examples/fvm-benchmark.json", "--set", "durationS=6000"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /t=\d+\.\d+\/6000 s/);
  assert.match(r.out, /ev\/s/);
  assert.match(r.out, /throughput\s+\d/);
  assertTerminalRestored(r.out);
});

test("paths in a terminal: progress shows simulated time of the total; exit 0; terminal restored", () => {
  const r = inTerminal(["paths", "examples/intervm-xenloop.json", "--set", "durationMs=6000"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /paths intervm-xenloop\s+t=\d+\.\d+\/6 s/);
  assert.match(r.out, /ev\/s/);
  assert.match(r.out, /Mb\/s/);
  assertTerminalRestored(r.out);
});

// Output paths are checked before a run (test/inputs.test.ts), so the error that can still come after a
// run began is the world changing under it: the --out directory removed while reproduce runs.
test("an error after a run began: the error on a line of its own, exit 2, terminal restored", async () => {
  const outDir = mkdtempSync(join(tmp, "vanishing-"));
  const r = await inTerminalActing(["reproduce", "foxyvegas-table1", "--workers", "2", "--out", outDir], /run 1\/3 on 2 workers/, () => rmSync(outDir, { recursive: true, force: true }), 60_000);
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /\r\x1b\[K(\x1b\[\?25h)?foxsim: [^\r\n]*vanishing-/); // the status line erased first
  assertTerminalRestored(r.out);
});

test("Ctrl-C during a long run: 'interrupted', exit 130 within two seconds, terminal restored", async () => {
  // about an hour of wall time at full speed if nothing stopped it
  await interrupted(["run", "examples/fast.json", "--set", "stopTimeS=100000"], /ev\/s/);
});

// The other commands with a status line run in the supervised child too; each would run for minutes.
test("Ctrl-C during paths, disk and disk-matrix: 'interrupted', exit 130 within two seconds, terminal restored", async () => {
  await interrupted(["paths", "examples/intervm-xenloop.json", "--set", "durationMs=600000"], /ev\/s/);
  const big = ["--set", "processes.0.fileMB=30000", "--set", "processes.1.fileMB=30000"];
  await interrupted(["disk", "examples/foxyidle-sequential.json", ...big], /ev\/s/);
  await interrupted(["disk-matrix", "examples/foxyidle-sequential.json", ...big], /disk-matrix foxyidle-sequential/);
});

test("Ctrl-C while the pool runs a reproduction: 'interrupted', exit 130 within two seconds, terminal restored", async () => {
  const out = await interrupted(["reproduce", "foxyvegas-table2", "--workers", "2", "--out", join(tmp, "ctrl-c")], /run 1\/18 on 2 workers/);
  assert.doesNotMatch(out, /== foxyvegas-table2/); // stopped before its table
});

// The status line itself, on a stand-in terminal.
function fakeTerminal(isTTY: boolean, columns = 40) {
  const writes: string[] = [];
  const stream = { isTTY, columns, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes, lines: () => writes.filter((w) => w.startsWith("\r\x1b[K") && w.length > 4 && w[4] !== "\x1b").map((w) => w.slice(4)) };
}

test("status line: at most one redraw per 100 ms however often the simulation reports, never wider than the terminal", async () => {
  const t = fakeTerminal(true);
  const line = new StatusLine(t.stream);
  line.begin("foxyvegas-table2", { runs: { done: 0, total: 12 }, detail: "newreno/guest", horizon: { totalS: 60, estimated: false } });
  for (let i = 1; i <= 10_000; i++) line.advance(i / 1000, i * 100);
  assert.equal(t.lines().length, 1); // begin's, drawn at once
  await sleep(120);
  line.advance(11, 1_100_000);
  assert.equal(t.lines().length, 2);
  for (const l of t.lines()) assert.ok([...l].length <= 39, `${JSON.stringify(l)} wraps a 40-column terminal`);
  assert.match(t.lines()[1]!, /^foxyvegas-table2 run 1\/12 newreno/);
  assert.equal(t.writes[0], HIDE_CURSOR);
  stopStatusLines(); // what main() does before an error message
  assert.equal(t.writes.at(-1), "\r\x1b[K" + SHOW_CURSOR);
  const n = t.writes.length;
  line.stop();
  assert.equal(t.writes.length, n, "a second stop writes again");
});

test("status line: nothing at all on a stream that is not a terminal", () => {
  const t = fakeTerminal(false);
  const line = new StatusLine(t.stream);
  line.begin("run x", { horizon: { totalS: 1, estimated: false } });
  line.advance(0.5, 1000);
  line.stop();
  assert.deepEqual(t.writes, []);
});

test("status line: events of the simulations in one piece of work add up; t is the current simulation's clock", async () => {
  const t = fakeTerminal(true, 120);
  const line = new StatusLine(t.stream);
  line.begin("foxyvegas-table2", { runs: { done: 3, total: 9 }, detail: "htcp" });
  line.advance(5, 1000); // without the policy
  line.nextSimulation();
  await sleep(120);
  line.advance(2, 400); // with it
  line.stop();
  assert.match(t.lines().at(-1)!, /t=2\.00 s .*1\.4 k ev/);
});
