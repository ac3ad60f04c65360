// Block-layer events in blktrace's binary format, one trace per device and CPU as
// `DIR/<name>.blktrace.<cpu>`, so that Debian's `blkparse -i DIR/<name>` reads them as if
// `blktrace -d /dev/<name>` had recorded them.
//
// Each record is a `struct blk_io_trace` (include/linux/blktrace_api.h): magic 0x65617400 | version
// 7, sequence (per CPU, from 1), time (ns), sector, bytes, action, pid, device (the kernel's dev_t,
// major << 20 | minor), cpu, error, pdu_len, then pdu_len bytes of payload. The action is the
// action code in its low 16 bits and category bits above them (BLK_TC_ACT(c) = c << 16): every
// event carries READ or WRITE (ddir_act[rw & WRITE], as __blk_add_trace does), SYNC when
// synchronous, and its action's own category (QUEUE, ISSUE, COMPLETE). An unplug carries the
// number of requests as a big-endian u64 payload (blk_add_trace_pdu_int); each process name is a
// BLK_TN_PROCESS notify record whose payload is the name (blkparse shows it beside the pid).
// Records are little-endian, the byte order of the x86 machines the model stands for.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { AtomicFile, makeDirs, removeStale } from "../output.ts";

import type { BlockTraceAction, BlockTraceDevice, BlockTraceEvent } from "./events.ts";

export type { BlockTraceAction, BlockTraceDevice, BlockTraceEvent } from "./events.ts";

export const BLK_IO_TRACE_MAGIC = 0x65617400;
export const BLK_IO_TRACE_VERSION = 0x07;
export const TRACE_BYTES = 48; // sizeof(struct blk_io_trace)
const TASK_COMM_LEN = 16; // a process name's payload, as the kernel's comm

// enum blktrace_cat
export const BLK_TC = { READ: 1 << 0, WRITE: 1 << 1, SYNC: 1 << 3, QUEUE: 1 << 4, ISSUE: 1 << 6, COMPLETE: 1 << 7, NOTIFY: 1 << 10 } as const;
const act = (cat: number) => cat << 16;
// enum blktrace_act, each with its category (the BLK_TA_* macros)
export const BLK_TA: Record<BlockTraceAction, number> = {
  Q: 1 | act(BLK_TC.QUEUE), // __BLK_TA_QUEUE
  M: 2 | act(BLK_TC.QUEUE), // __BLK_TA_BACKMERGE
  F: 3 | act(BLK_TC.QUEUE), // __BLK_TA_FRONTMERGE
  G: 4 | act(BLK_TC.QUEUE), // __BLK_TA_GETRQ
  D: 7 | act(BLK_TC.ISSUE), // __BLK_TA_ISSUE
  C: 8 | act(BLK_TC.COMPLETE), // __BLK_TA_COMPLETE
  P: 9 | act(BLK_TC.QUEUE), // __BLK_TA_PLUG
  U: 10 | act(BLK_TC.QUEUE), // __BLK_TA_UNPLUG_IO
  T: 11 | act(BLK_TC.QUEUE), // __BLK_TA_UNPLUG_TIMER
  I: 12 | act(BLK_TC.QUEUE), // __BLK_TA_INSERT
};
const BLK_TN_PROCESS = 0 | act(BLK_TC.NOTIFY);
const UNPLUGS = new Set<BlockTraceAction>(["U", "T"]);
const DEVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class BlockTraceInputError extends Error {}

function need(ok: boolean, field: string, value: unknown, allowed: string): void {
  if (!ok) throw new BlockTraceInputError(`blktrace: ${field}: got ${JSON.stringify(value)}; must be ${allowed}`);
}
const isUint = (x: unknown, max: number) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0 && x <= max;

function validate(devices: BlockTraceDevice[]): void {
  const names = new Set<string>();
  devices.forEach((d, i) => {
    const at = `devices[${i}]`;
    need(typeof d.name === "string" && DEVICE_NAME.test(d.name), `${at}.name`, d.name, "1–64 letters, digits, '.', '_' or '-', not starting with '.', '_' or '-'");
    need(!names.has(d.name), `${at}.name`, d.name, "different from every other device's name");
    names.add(d.name);
    need(isUint(d.major, 0xfff), `${at}.major`, d.major, "an integer from 0 to 4095");
    need(isUint(d.minor, 0xfffff), `${at}.minor`, d.minor, "an integer from 0 to 1048575");
    need(Array.isArray(d.events), `${at}.events`, typeof d.events, "an array");
    d.events.forEach((e, k) => {
      const f = `${at}.events[${k}]`;
      need(isUint(e.timeNs, Number.MAX_SAFE_INTEGER), `${f}.timeNs`, e.timeNs, "an integer ≥ 0 (ns)");
      need(typeof e.action === "string" && e.action in BLK_TA, `${f}.action`, e.action, `one of ${Object.keys(BLK_TA).join(" ")}`);
      need(isUint(e.sector, Number.MAX_SAFE_INTEGER), `${f}.sector`, e.sector, "an integer ≥ 0");
      need(isUint(e.bytes, 0xffffffff), `${f}.bytes`, e.bytes, "an integer from 0 to 4294967295");
      need(isUint(e.pid, 0xffffffff), `${f}.pid`, e.pid, "an integer from 0 to 4294967295");
      need(typeof e.write === "boolean", `${f}.write`, e.write, "true or false");
      need(typeof e.sync === "boolean", `${f}.sync`, e.sync, "true or false");
      need(e.cpu === undefined || isUint(e.cpu, 1023), `${f}.cpu`, e.cpu, "an integer from 0 to 1023");
      need(e.error === undefined || isUint(e.error, 0xffff), `${f}.error`, e.error, "an integer from 0 to 65535");
      need(e.requests === undefined || isUint(e.requests, Number.MAX_SAFE_INTEGER), `${f}.requests`, e.requests, "an integer ≥ 0");
    });
    for (const [pid, name] of d.processNames ?? []) {
      need(isUint(pid, 0xffffffff), `${at}.processNames key`, pid, "a pid from 0 to 4294967295");
      need(typeof name === "string" && name.length > 0 && Buffer.byteLength(name) < TASK_COMM_LEN && !name.includes("\0"), `${at}.processNames[${pid}]`, name, "a name of 1–15 bytes without NUL");
    }
  });
}

function record(seq: number, timeNs: number, sector: number, bytes: number, action: number, pid: number, dev: number, cpu: number, error: number, pdu: Uint8Array): Uint8Array {
  const b = new Uint8Array(TRACE_BYTES + pdu.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, (BLK_IO_TRACE_MAGIC | BLK_IO_TRACE_VERSION) >>> 0, true);
  v.setUint32(4, seq >>> 0, true);
  v.setBigUint64(8, BigInt(timeNs), true);
  v.setBigUint64(16, BigInt(sector), true);
  v.setUint32(24, bytes >>> 0, true);
  v.setUint32(28, action >>> 0, true);
  v.setUint32(32, pid >>> 0, true);
  v.setUint32(36, dev >>> 0, true);
  v.setUint32(40, cpu >>> 0, true);
  v.setUint16(44, error, true);
  v.setUint16(46, pdu.length, true);
  b.set(pdu, TRACE_BYTES);
  return b;
}

// One CPU's trace of a device: its events in time order (ties keep their given order), numbered
// from 1; the first CPU's trace opens with the process names.
function encodeCpu(d: BlockTraceDevice, cpu: number, events: BlockTraceEvent[], withNames: boolean): Uint8Array[] {
  const dev = ((d.major << 20) | d.minor) >>> 0;
  const out: Uint8Array[] = [];
  const first = events.length > 0 ? events[0]!.timeNs : 0;
  if (withNames) {
    for (const [pid, name] of [...(d.processNames ?? [])].sort((a, b) => a[0] - b[0])) {
      const comm = new Uint8Array(TASK_COMM_LEN);
      comm.set(Buffer.from(name));
      out.push(record(0, first, 0, 0, BLK_TN_PROCESS, pid, dev, cpu, 0, comm));
    }
  }
  events.forEach((e, i) => {
    const what = BLK_TA[e.action] | act(e.write ? BLK_TC.WRITE : BLK_TC.READ) | (e.sync ? act(BLK_TC.SYNC) : 0);
    let pdu = new Uint8Array(0);
    if (UNPLUGS.has(e.action)) {
      pdu = new Uint8Array(8);
      new DataView(pdu.buffer).setBigUint64(0, BigInt(e.requests ?? 0), false);
    }
    out.push(record(i + 1, e.timeNs, e.sector, e.bytes, what, e.pid, dev, cpu, e.error ?? 0, pdu));
  });
  return out;
}

// Writes every device's traces under `dir` (created if missing) and returns the files written.
// Each file appears only complete; a device's traces of CPUs this call does not write (left by an
// earlier run) are removed, so blkparse sees this run only.
export function writeBlktrace(dir: string, devices: BlockTraceDevice[], option = "--iotrace"): string[] {
  validate(devices);
  makeDirs(dir, option);
  const pending: AtomicFile[] = [];
  const written: string[] = [];
  try {
    for (const d of devices) {
      const byCpu = new Map<number, BlockTraceEvent[]>();
      for (const e of d.events) {
        const cpu = e.cpu ?? 0;
        if (!byCpu.has(cpu)) byCpu.set(cpu, []);
        byCpu.get(cpu)!.push(e);
      }
      if (!byCpu.has(0)) byCpu.set(0, []); // blkparse starts at CPU 0; the names go there
      for (const cpu of [...byCpu.keys()].sort((a, b) => a - b)) {
        const events = byCpu.get(cpu)!.slice().sort((a, b) => a.timeNs - b.timeNs); // stable
        const file = join(dir, `${d.name}.blktrace.${cpu}`);
        const out = new AtomicFile(file, option);
        pending.push(out);
        for (const r of encodeCpu(d, cpu, events, cpu === 0)) out.write(r);
        written.push(file);
      }
    }
  } catch (e) {
    for (const p of pending) p.discard();
    throw e;
  }
  for (const p of pending) p.commit();
  const mine = new Set(written.map((f) => basename(f)));
  for (const d of devices) {
    const stale = new RegExp(`^${d.name.replace(/[.]/g, "\\.")}\\.blktrace\\.\\d+$`);
    for (const f of readdirSync(dir)) if (stale.test(f) && !mine.has(f)) removeStale(join(dir, f), option);
  }
  return written;
}
