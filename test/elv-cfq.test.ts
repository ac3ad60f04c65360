// The 2.6.16-era CFQ (assembly/block/cfq.ts) through the block harness; every expectation derived by
// hand from block/cfq-iosched.c at HZ = 100: slice_sync HZ/10 = 10 jiffies (100 ms, at BE level 4
// base + base/5·(4 − 4)), quantum 4, slice_idle HZ/100 = 1 jiffy, CFQ_IDLE_GRACE HZ/10 = 10 jiffies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BlockHarness, BlockStat } from "../host/core.ts";
import { elevatorId } from "../host/storage/elevators.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
const IDLE_CLASS = 3 << 13; // ioprio.h: IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT

async function cfq(serviceNs: number) {
  return new BlockHarness(await newCore(), elevatorId("cfq"), { hz: 100, depth: 1, serviceNs });
}
const rows = (h: BlockHarness) => h.taken().map((r) => [r.process, r.takenNs / MS]);
const run = (process: number, from: number, n: number, step = 10) => Array.from({ length: n }, (_, i) => [process, from + i * step]);

test("CFQ: two sync processes with backlogs take turns in slices of slice_sync (100 ms), quantum 4 per round", async () => {
  const h = await cfq(10 * MS);
  for (let i = 0; i < 20; i++) h.submit({ atNs: 0, sector: i * 16, sectors: 8, process: 1 }); // gaps: no merges
  for (let i = 0; i < 20; i++) h.submit({ atNs: 0, sector: 1_000_000 + i * 16, sectors: 8, process: 2 });
  h.advance(10 * MS);
  assert.equal(h.stat(BlockStat.onDispatchList), 3, "a round of quantum 4 at 10 ms: one taken, three on the dispatch list");
  h.advance(1000 * MS);
  // P1's first read finds no active queue: cfq_should_preempt says yes, cfq_start_queueing unplugs,
  // and it is taken at 0; its slice ends after jiffy 0 + 10. Rounds of quantum 4 at 10, 50, 90 ms;
  // at 130 ms (jiffy 13 > 10) P2's turn, to jiffy 23: rounds at 130, 170, 210; at 250 ms P1 again
  // with its last 7; at 320 ms P1 is empty inside its slice: CFQ idles one jiffy for it (to 330
  // ms), then P2 finishes.
  assert.deepEqual(rows(h), [...run(1, 0, 13), ...run(2, 130, 12), ...run(1, 250, 7), ...run(2, 330, 8)]);
});

// P1 reads sector 0 (taken at once: a sync bio unplugs); P2 has four far reads queued. The device
// completes only on command.
async function p1ActiveWithP2Waiting(sliceIdleMs?: number) {
  const h = await cfq(0);
  if (sliceIdleMs !== undefined) h.tunable("slice_idle", sliceIdleMs);
  h.submit({ atNs: 0, sector: 0, sectors: 8, sync: true, process: 1 });
  for (let i = 0; i < 4; i++) h.submit({ atNs: 0, sector: 1_000_000 + i * 100, sectors: 8, sync: true, process: 2 });
  h.complete(5 * MS); // P1's read done in jiffy 0: its queue is empty inside its slice
  return h;
}

test("CFQ: slice_idle keeps the disk for the active process's next read (cfq_arm_slice_timer)", async () => {
  const h = await p1ActiveWithP2Waiting();
  h.submit({ atNs: 7 * MS, sector: 8, sectors: 8, sync: true, process: 1 }); // within the idle window: dispatched at once
  assert.deepEqual(rows(h), [[1, 0], [1, 7]]);
});

test("CFQ: the idle window lasts slice_idle (1 jiffy at HZ=100); then the next queue gets the disk", async () => {
  const h = await p1ActiveWithP2Waiting();
  h.advance(30 * MS); // the idle-slice timer at jiffy 0 + min(slice_end − 1, 1) = 1 (10 ms) expires P1's slice
  assert.deepEqual(rows(h), [[1, 0], [2, 10]]);
  const h0 = await p1ActiveWithP2Waiting(0); // slice_idle 0: no idling at all
  h0.advance(30 * MS);
  assert.deepEqual(rows(h0), [[1, 0], [2, 5]]);
});

test("CFQ: an idle-class process gets the disk only CFQ_IDLE_GRACE (100 ms) after the last non-idle completion", async () => {
  const h = await cfq(10 * MS);
  h.submit({ atNs: 0, sector: 0, sectors: 8, sync: true, process: 1 }); // BE: done at 10 ms (jiffy 1)
  h.submit({ atNs: 1 * MS, sector: 500_000, sectors: 8, sync: true, process: 3, ioprio: IDLE_CLASS });
  h.advance(300 * MS);
  // P1 idles to jiffy 2; then only the idle class is left: its turn comes at jiffy 1 + 10
  assert.deepEqual(rows(h), [[1, 0], [3, 110]]);
});

test("CFQ: a best-effort read during the grace period goes at once and restarts the grace period", async () => {
  const h = await cfq(10 * MS);
  h.submit({ atNs: 0, sector: 0, sectors: 8, sync: true, process: 1 });
  h.submit({ atNs: 1 * MS, sector: 500_000, sectors: 8, sync: true, process: 3, ioprio: IDLE_CLASS });
  h.submit({ atNs: 50 * MS, sector: 8, sectors: 8, sync: true, process: 1 }); // no active queue: P1 preempts, taken at once
  h.advance(400 * MS);
  // P1's second read completes at 60 ms (jiffy 6): the idle class waits until jiffy 16
  assert.deepEqual(rows(h), [[1, 0], [1, 50], [3, 160]]);
});

// A case fast-check found (props/elevators.test.ts, exactly-once): at HZ 250, three requests in the
// driver, CFQ picks an async queue (no idle window) that max_depth 2 keeps from dispatching; its
// slice_end is 0, so the next run expires it at once, and __cfq_slice_expired schedules another
// run (cfq_schedule_dispatch) — 2.6.16's kblockd spin, which hung the simulation at 29.732 ms.
// The harness stops a run that stays at one instant (assembly/block/harness.ts), so a relapse
// fails here at once instead of hanging the suite.
test("CFQ: a queue that max_depth keeps from dispatching does not spin at one instant (kblockd waits for the next completion)", async () => {
  const h = new BlockHarness(await newCore(), elevatorId("cfq"), { hz: 250, depth: 4, serviceNs: 7344 * 1000 });
  const bios = [
    { atUs: 3438, slot: 2, sectors: 8, write: true, sync: false, process: 2 },
    { atUs: 14859, slot: 15, sectors: 8, write: false, sync: false, process: 2 },
    { atUs: 15044, slot: 2, sectors: 23, write: true, sync: true, process: 2 },
    { atUs: 15225, slot: 15, sectors: 11, write: true, sync: false, process: 1 },
    { atUs: 18624, slot: 11, sectors: 8, write: false, sync: true, process: 5 },
    { atUs: 19659, slot: 14, sectors: 8, write: true, sync: true, process: 2 },
  ];
  for (const b of bios) h.submit({ atNs: b.atUs * 1000, sector: b.slot * 8, sectors: b.sectors, write: b.write, sync: b.sync, process: b.process });
  h.advance(1000 * MS);
  const t = h.taken();
  assert.equal(h.stat(BlockStat.biosCompleted), bios.length, "every bio completed");
  assert.equal(t.reduce((n, r) => n + r.bios, 0), bios.length);
  for (const s of [BlockStat.inElevator, BlockStat.inDriver, BlockStat.onDispatchList]) assert.equal(h.stat(s), 0, `stat ${s} at the end`);
  // the request held back at 29.732 ms goes when the driver's count falls below max_depth: at the
  // next completion, one service time (7.344 ms) after the previous one
  const late = t.filter((r) => r.takenNs > 29.732 * MS);
  assert.ok(late.length > 0, "a request was held back past 29.732 ms");
  assert.ok(late.every((r) => t.some((c) => c.completedNs === r.takenNs)), "each held-back request is taken at a completion");
});
