// blktrace output (host/iotrace/blktrace.ts) read back by Debian's blkparse: every event given
// appears, in order, with its action, direction, sector, size, pid and process name, and
// blkparse's per-device summary counts agree with the events. Skips, saying why, where blkparse
// is not installed (.ci/run installs it when it runs as root).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBlktrace, BLK_TA, BLK_TC, TRACE_BYTES, type BlockTraceDevice, type BlockTraceEvent } from "../host/iotrace/blktrace.ts";

const blkparse = (() => {
  try {
    execFileSync("blkparse", ["-h"], { stdio: "ignore" });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ENOENT";
  }
})();
const skip = blkparse ? false : "blkparse is not installed (apt-get install blktrace)";

// A guest's reads through plugging and merging, and a second process's write on another CPU.
function device(): BlockTraceDevice {
  const events: BlockTraceEvent[] = [];
  let t = 5_000_000;
  for (let k = 0; k < 20; k++) {
    const s = 2048 + 96 * k;
    events.push({ timeNs: t, action: "Q", sector: s, bytes: 45056, pid: 101, write: false, sync: true });
    events.push({ timeNs: t + 200, action: "G", sector: s, bytes: 45056, pid: 101, write: false, sync: true });
    if (k % 5 === 0) events.push({ timeNs: t + 300, action: "P", sector: 0, bytes: 0, pid: 101, write: false, sync: false });
    events.push({ timeNs: t + 400, action: "Q", sector: s + 88, bytes: 4096, pid: 101, write: false, sync: true });
    events.push({ timeNs: t + 450, action: k % 2 ? "M" : "F", sector: s + 88, bytes: 4096, pid: 101, write: false, sync: true });
    events.push({ timeNs: t + 500, action: "I", sector: s, bytes: 49152, pid: 101, write: false, sync: true });
    if (k % 5 === 4) events.push({ timeNs: t + 600, action: k % 10 === 4 ? "U" : "T", sector: 0, bytes: 0, pid: 101, write: false, sync: false, requests: 5 });
    events.push({ timeNs: t + 700, action: "D", sector: s, bytes: 49152, pid: 101, write: false, sync: true });
    events.push({ timeNs: t + 6_000_000, action: "C", sector: s, bytes: 49152, pid: 0, write: false, sync: true });
    t += 7_000_123;
  }
  for (let k = 0; k < 3; k++) {
    const w = { sector: 900_000 + 8 * k, bytes: 4096, pid: 202, write: true, sync: false, cpu: 1 };
    events.push({ ...w, timeNs: 10_000_000 * (k + 1), action: "Q" });
    events.push({ ...w, timeNs: 10_000_000 * (k + 1) + 50, action: "G" });
    events.push({ ...w, timeNs: 10_000_000 * (k + 1) + 90, action: "I" });
    events.push({ ...w, timeNs: 10_000_000 * (k + 1) + 100, action: "D" });
    events.push({ ...w, timeNs: 10_000_000 * (k + 1) + 9_000_000, action: "C", pid: 0, error: k === 2 ? 5 : 0 });
  }
  return { name: "xvda", major: 202, minor: 0, events, processNames: new Map([[101, "grep"], [202, "updatedb"]]) };
}

// What blkparse's default format prints for one event (blkparse.c dump_trace_fs, fill_rwbs).
function expectedLine(e: BlockTraceEvent, seq: number, genesis: number, names: Map<number, string>): string {
  const rwbs = (e.write ? "W" : e.bytes ? "R" : "N") + (e.sync ? "S" : "");
  const rel = e.timeNs - genesis;
  const time = `${Math.floor(rel / 1e9)}.${String(rel % 1e9).padStart(9, "0")}`;
  const name = names.get(e.pid) ?? String(e.pid);
  let rest: string;
  if (e.action === "P") rest = `[${name}]`;
  else if (e.action === "U" || e.action === "T") rest = `[${name}] ${e.requests ?? 0}`;
  else if (e.action === "C") rest = `${e.sector} + ${e.bytes / 512} [${e.error ?? 0}]`;
  else rest = `${e.sector} + ${e.bytes / 512} [${name}]`;
  return [`202,0`, String(e.cpu ?? 0), String(seq), time, String(e.pid), e.action === "T" ? "UT" : e.action, rwbs, rest].join(" ");
}

test("blkparse reads every event back: action, direction, sector, size, pid, process name, order", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "foxsim-blktrace-"));
  try {
    const d = device();
    const files = writeBlktrace(join(dir, "trace"), [d, { name: "sda", major: 8, minor: 0, events: [] }]);
    assert.deepEqual(files.map((f) => f.slice(dir.length + 7)), ["xvda.blktrace.0", "xvda.blktrace.1", "sda.blktrace.0"]);
    const out = execFileSync("blkparse", ["-i", join(dir, "trace", "xvda")], { encoding: "utf8" });
    const lines = out.split("\n").filter((l) => /^\s*\d+,\d+\s/.test(l)).map((l) => l.trim().split(/\s+/).join(" "));
    const genesis = Math.min(...d.events.map((e) => e.timeNs));
    // blkparse prints in time order across CPUs; each CPU's events are numbered from 1 in time order
    const perCpu = new Map<number, number>();
    const want = d.events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.timeNs - b.e.timeNs || a.i - b.i)
      .map(({ e }) => {
        const seq = (perCpu.get(e.cpu ?? 0) ?? 0) + 1;
        perCpu.set(e.cpu ?? 0, seq);
        return { t: e.timeNs, line: expectedLine(e, seq, genesis, d.processNames!) };
      })
      .sort((a, b) => a.t - b.t)
      .map((x) => x.line);
    assert.equal(lines.length, d.events.length);
    assert.deepEqual(lines, want);
    // the summary (Total) agrees with the events
    const total = out.slice(out.indexOf("Total (xvda):"));
    const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(total)![1]);
    const n = (a: string, w: boolean) => d.events.filter((e) => e.action === a && e.write === w).length;
    assert.equal(count("Reads Queued"), n("Q", false));
    assert.equal(count("Writes Queued"), n("Q", true));
    assert.equal(count("Read Dispatches"), n("D", false));
    assert.equal(count("Write Dispatches"), n("D", true));
    assert.equal(count("Reads Completed"), n("C", false));
    assert.equal(count("Writes Completed"), n("C", true));
    assert.equal(count("Read Merges"), n("M", false) + n("F", false));
    assert.equal(count("IO unplugs"), n("U", false));
    assert.equal(count("Timer unplugs"), n("T", false));
    assert.match(out, new RegExp(`Events \\(xvda\\): ${d.events.length} entries`));
    assert.match(out, /Skips: 0 forward/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the records are struct blk_io_trace: 48 bytes, magic | version 7, little-endian fields", () => {
  const dir = mkdtempSync(join(tmpdir(), "foxsim-blktrace-"));
  try {
    const e: BlockTraceEvent = { timeNs: 123_456_789_012, action: "D", sector: 2 ** 40 + 3, bytes: 45056, pid: 4242, write: true, sync: true };
    writeBlktrace(dir, [{ name: "sdb", major: 8, minor: 16, events: [e, { ...e, action: "U", requests: 7, timeNs: e.timeNs + 1 }] }]);
    const b = readFileSync(join(dir, "sdb.blktrace.0"));
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    assert.equal(b.length, 2 * TRACE_BYTES + 8); // the unplug's request count is its payload
    assert.equal(v.getUint32(0, true), 0x65617407);
    assert.equal(v.getUint32(4, true), 1); // sequence
    assert.equal(v.getBigUint64(8, true), 123_456_789_012n);
    assert.equal(v.getBigUint64(16, true), 2n ** 40n + 3n);
    assert.equal(v.getUint32(24, true), 45056);
    assert.equal(v.getUint32(28, true), 7 | ((BLK_TC.ISSUE | BLK_TC.WRITE | BLK_TC.SYNC) << 16));
    assert.equal(v.getUint32(32, true), 4242);
    assert.equal(v.getUint32(36, true), (8 << 20) | 16); // the kernel's dev_t
    assert.equal(v.getUint16(46, true), 0);
    assert.equal(v.getUint32(TRACE_BYTES + 28, true), BLK_TA.U | ((BLK_TC.WRITE | BLK_TC.SYNC) << 16));
    assert.equal(v.getUint16(TRACE_BYTES + 46, true), 8);
    assert.equal(v.getBigUint64(2 * TRACE_BYTES, false), 7n); // big-endian, as blk_add_trace_pdu_int
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad input: one clear error naming the field and what is allowed, and no file written", () => {
  const dir = mkdtempSync(join(tmpdir(), "foxsim-blktrace-"));
  try {
    const good = device();
    const cases: [BlockTraceDevice, RegExp][] = [
      [{ ...good, name: "../x" }, /devices\[0\]\.name: got "\.\.\/x"; must be 1–64 letters/],
      [{ ...good, minor: -1 }, /devices\[0\]\.minor: got -1; must be an integer from 0 to 1048575/],
      [{ ...good, events: [{ ...good.events[0]!, action: "X" as "Q" }] }, /devices\[0\]\.events\[0\]\.action: got "X"; must be one of Q M F G D C P U T I/],
      [{ ...good, events: [{ ...good.events[0]!, sector: 1.5 }] }, /events\[0\]\.sector: got 1\.5; must be an integer ≥ 0/],
      [{ ...good, processNames: new Map([[1, "a-much-too-long-name"]]) }, /processNames\[1\]: got "a-much-too-long-name"; must be a name of 1–15 bytes/],
    ];
    for (const [d, message] of cases) assert.throws(() => writeBlktrace(dir, [d]), message);
    assert.throws(() => writeBlktrace(dir, [good, good]), /devices\[1\]\.name: got "xvda"; must be different/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a rewrite removes an earlier run's trace of a CPU this run does not use", () => {
  const dir = mkdtempSync(join(tmpdir(), "foxsim-blktrace-"));
  try {
    writeFileSync(join(dir, "xvda.blktrace.3"), "old");
    writeFileSync(join(dir, "xvdb.blktrace.3"), "another device's");
    writeBlktrace(dir, [{ name: "xvda", major: 202, minor: 0, events: [] }]);
    assert.deepEqual(readdirSync(dir).sort(), ["xvda.blktrace.0", "xvdb.blktrace.3"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
