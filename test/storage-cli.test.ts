// foxsim disk / disk-matrix as a user meets them: the status line's total and ETA (from the pages and
// directory entries the core says the processes will read), what a preemption interval of 0 means,
// and one error line per root cause. The terminal runs go through script(1) as in test/tty.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStorageScenario } from "../host/storage/scenario.ts";
import { simulateStorage, type StorageWork } from "../host/storage/simulate.ts";
import { newCore } from "./helpers.ts";

const CLI = "dist/foxsim.cjs";
const EXAMPLE = "examples/foxyidle-sequential.json";
const tmp = mkdtempSync(join(tmpdir(), "foxsim-storage-cli-"));
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

function inTerminal(args: string[]) {
  const r = spawnSync("script", ["-qfec", [process.execPath, CLI, ...args].map(quote).join(" "), "/dev/null"], { encoding: "utf8", timeout: 60_000 });
  if (r.error) throw new Error(`script(1) from util-linux is needed for these tests: ${r.error.message}`);
  return { code: r.status, out: r.stdout };
}
const foxsim = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 20_000 });

test("the core counts each process's work up front: at the end the pages read and entries walked are exactly that total", async () => {
  const s = parseStorageScenario({
    name: "every-workload",
    processes: [
      { name: "seq", workload: "sequential", fileMB: 2 },
      { name: "rand", workload: "random", fileMB: 1, reads: 50, readKB: 16 },
      { name: "tiny", workload: "random", fileMB: 0.008, reads: 10, readKB: 16 }, // 2 pages: each 16 KB read is cut to them
      { name: "grep", workload: "grep" },
      { name: "updatedb", workload: "updatedb", tree: 1 },
    ],
  });
  const seen: StorageWork[] = [];
  const r = simulateStorage(await newCore(), s, { onProgress: (_s, _ev, work) => seen.push(work) });
  const read = r.processes.reduce((a, p) => a + p.pagesRead + p.entries, 0);
  assert.equal(seen[0]!.done, 0);
  assert.ok(seen.every((w) => w.total === seen[0]!.total), "the total does not move");
  assert.equal(seen[0]!.total, read, `total ${seen[0]!.total}, read ${read}`);
  const grep = r.processes.find((p) => p.name === "grep")!;
  assert.ok(grep.entries > 10_000 && grep.pagesRead > 10_000, "the tree walks count"); // a 2.6.16 tree: ~20k entries
});

test("disk in a terminal: the status line shows the share of the work done and an ETA", () => {
  // big enough that the run outlasts the status line's 100 ms redraw interval on a fast machine
  const r = inTerminal(["disk", EXAMPLE, "--set", "processes.0.fileMB=4096", "--set", "processes.1.fileMB=4096"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /disk foxyidle-sequential  t=\d+\.\d+ s  \d+\.\d %  ETA \d/);
  assert.doesNotMatch(r.out, /t=\d+\.\d+ s  \d+\.\d %  ETA \?/);
  assert.match(r.out, /background\s+sequential background\s+done in/);
});

test("disk with stopTimeS in a terminal: simulated time of that total beside the work done", () => {
  const r = inTerminal(["disk", EXAMPLE, "--set", "processes.0.fileMB=8192", "--set", "processes.1.fileMB=8192", "--set", "stopTimeS=200"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /t=\d+\.\d+\/200 s  \d+\.\d %  ETA \d/);
});

test("disk-matrix in a terminal: each cell named, followed through its simulated time and work", () => {
  const r = inTerminal(["disk-matrix", EXAMPLE, "--set", "processes.0.fileMB=4096", "--set", "processes.1.fileMB=4096"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /disk-matrix foxyidle-sequential run \d\/\d+ [a-z]+\/[a-z]+  t=\d+\.\d+ s  \d+\.\d %  ETA ~?\d/);
  assert.match(r.out, /cfq\s+foxyidle 20 ms\s+\d/); // the table's last row
});

test("a preemption interval of 0: background held only while a foreground request is outstanding, and the summary says so", () => {
  const p = foxsim(["disk", EXAMPLE, "--set", "vmm.preemptionIntervalMs=0"]);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /VMM policy foxyidle 0 ms \(background held only while a foreground request is outstanding\)/);
  const j = JSON.parse(foxsim(["disk", EXAMPLE, "--set", "vmm.preemptionIntervalMs=0", "--json"]).stdout);
  assert.ok(j.vmm.held > 0, "0 still holds background requests: it is not the policy switched off");
  const bad = foxsim(["disk", EXAMPLE, "--set", "vmm.preemptionIntervalMs=-1"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /vmm\.preemptionIntervalMs: got -1; .*0: only while one is outstanding/);
});

test("a bad input is reported once, at its root: no derived error from the checks across fields", () => {
  const lines = (args: string[]) => {
    const p = foxsim(["disk", EXAMPLE, ...args]);
    assert.equal(p.status, 2, p.stderr);
    return p.stderr.trim().split("\n");
  };
  for (const v of ["1e9", "-5", "x"]) {
    const l = lines(["--set", `processes.0.fileMB=${v}`]);
    assert.equal(l.length, 1, l.join("\n"));
    assert.match(l[0]!, /^invalid scenario: processes\.0\.fileMB: got/);
  }
  const ram = lines(["--set", "guest.ramMB=10"]);
  assert.deepEqual(ram.map((l) => l.split(":")[1]), [" guest.ramMB"]);
  // a check across valid fields still speaks
  assert.match(lines(["--set", "processes.0.fileMB=60000", "--set", "processes.1.fileMB=60000", "--set", "vmm.partitionGB=399"]).join("\n"), /vmm\.partitionGB: got 399; leaves no room for 120000 MB/);
  assert.match(lines(["--set", "guest.reservedMB=200"]).join("\n"), /guest\.reservedMB: got 200; must be < guest\.ramMB \(128\)/);
});

test("disk: a missing, empty or non-JSON scenario file is named with what is wrong, exit 2", () => {
  const empty = join(tmp, "empty.json");
  writeFileSync(empty, "");
  for (const [file, why] of [[join(tmp, "nope.json"), /cannot read \(ENOENT\)/], [empty, /./], [tmp, /cannot read \(EISDIR\)/]] as const) {
    const p = foxsim(["disk", file]);
    assert.equal(p.status, 2, p.stderr);
    assert.match(p.stderr, why);
    assert.ok(p.stderr.includes(file), p.stderr);
    assert.doesNotMatch(p.stderr, /at .*\.(ts|cjs|js):\d+/, "no stack trace");
  }
});

test("the summary counts what each workload does: updatedb its entries (it reads no file), grep entries and reads", () => {
  const file = join(tmp, "trees.json");
  writeFileSync(file, JSON.stringify({ name: "trees", processes: [{ name: "g", workload: "grep" }, { name: "u", workload: "updatedb", tree: 1 }] }));
  const p = foxsim(["disk", file]);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /\n  u\s+updatedb\s+foreground\s+done in \d+\.\d+ s \(\d{4,} entries, slept/);
  assert.match(p.stdout, /\n  g\s+grep\s+foreground\s+done in \d+\.\d+ s \(\d{4,} entries, \d{4,} reads, \d{4,} pages, slept/);
});

test("disk and disk-matrix given another command's scenario: one line naming the command that reads it", () => {
  for (const [cmd, example, command] of [["disk", "congested", "foxsim run"], ["disk-matrix", "fvm-benchmark", "foxsim fvm"], ["disk", "intervm-xenloop", "foxsim paths"]] as const) {
    const p = foxsim([cmd, `examples/${example}.json`]);
    assert.equal(p.status, 2, p.stderr);
    assert.equal(p.stderr.trim().split("\n").length, 1, p.stderr);
    assert.ok(p.stderr.includes(`run it with ${command}`), p.stderr);
  }
});

// Ctrl-C typed at the terminal once `when()` holds (looked at every 2 ms); the exit status and what
// the terminal showed.
async function interruptedWhen(args: string[], when: () => boolean) {
  const child = spawn("script", ["-qfec", [process.execPath, CLI, ...args].map(quote).join(" "), "/dev/null"], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  let typed = false;
  child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const look = setInterval(() => {
    if (typed || !when()) return;
    typed = true;
    child.stdin.write("\x03");
  }, 2);
  const code = await new Promise<number | null>((resolve) => {
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (c) => {
      clearTimeout(guard);
      clearInterval(look);
      resolve(c);
    });
  });
  assert.ok(typed, `never the moment to interrupt:\n${out.slice(-400)}`);
  return { code, out };
}

test("Ctrl-C while disk writes its --iotrace files: no file half-written, no hidden temporary left", async () => {
  const dir = join(tmp, "iotrace");
  const files = () => readdirSync(dir);
  // interrupted while a trace (~10 MB each) is being written under its temporary name (not while
  // the directory is probed before the run)
  const writing = () => existsSync(dir) && files().some((f) => f.includes(".blktrace.") && f.endsWith(".tmp"));
  const r = await interruptedWhen(["disk", EXAMPLE, "--set", "processes.0.fileMB=1024", "--set", "processes.1.fileMB=1024", "--iotrace", dir], writing);
  assert.equal(r.code, 130, r.out);
  assert.deepEqual(files().filter((f) => f.startsWith(".")), [], "temporaries left");
});

// With every page of a tiny page cache locked for reads the core had none for the next page a process
// needed: the release build read past its arrays and the second reader "finished" at 0 s, never sleeping.
test("a page cache too small for the processes' reads in flight is refused; one just large enough runs them for real", () => {
  const file = join(tmp, "tiny-cache.json");
  const reader = (name: string) => ({ name, workload: "sequential", fileMB: 8, readKB: 512 });
  writeFileSync(file, JSON.stringify({ guest: { ramMB: 16, reservedMB: 15.75 }, processes: [reader("a"), reader("b")] }));
  const small = foxsim(["disk", file]);
  assert.equal(small.status, 2, small.stderr);
  assert.match(small.stderr, /guest\.reservedMB: got 15\.75; leaves 64 pages of page cache .* 2 processes need at least 131/);
  const enough = foxsim(["disk", file, "--json", "--set", `guest.reservedMB=${16 - (131 * 4096) / 2 ** 20}`]);
  assert.equal(enough.status, 0, enough.stderr);
  for (const p of JSON.parse(enough.stdout).processes) {
    assert.equal(p.pagesRead, 2048);
    assert.ok(p.elapsedS > 0.01 && p.sleepsOnPages > 0, `${p.name}: ${p.elapsedS} s, slept ${p.sleepsOnPages} times`);
  }
});

test("stopped by stopTimeS: a process still running says so with its counts; one that had not started says when it would", () => {
  const p = foxsim(["disk", EXAMPLE, "--set", "processes.0.startMs=5000", "--set", "stopTimeS=1"]);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /\n  foreground\s+sequential foreground\s+not started \(it starts at 5 s\)\n/);
  assert.match(p.stdout, /\n  background\s+sequential background\s+still running \(\d+ reads, \d+ pages, slept \d+ times on a page\)\n/);
});

test("foxsim matrix given a storage scenario is the disk matrix: the same rows as disk-matrix", () => {
  const args = [EXAMPLE, "--set", "processes.0.fileMB=4", "--set", "processes.1.fileMB=4", "--json"];
  const viaMatrix = foxsim(["matrix", ...args]);
  const viaDisk = foxsim(["disk-matrix", ...args]);
  assert.equal(viaMatrix.status, 0, viaMatrix.stderr);
  const rows = (out: string) => JSON.parse(out).rows;
  assert.deepEqual(rows(viaMatrix.stdout), rows(viaDisk.stdout));
  assert.equal(rows(viaMatrix.stdout).length, 8, "4 guest elevators × 2 VMM disk policies");
});

test("disk --plot draws the timeline; a plot path in a missing folder is refused before the run", () => {
  const svg = join(tmp, "timeline.svg");
  const p = foxsim(["disk", EXAMPLE, "--set", "processes.0.fileMB=4", "--set", "processes.1.fileMB=4", "--plot", svg]);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /plot\s+.*timeline\.svg/);
  assert.match(readFileSync(svg, "utf8"), /^<svg[\s\S]*the virtual disk's requests over time/);
  const bad = foxsim(["disk", EXAMPLE, "--plot", join(tmp, "no-such-dir", "x.svg")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--plot/);
});
