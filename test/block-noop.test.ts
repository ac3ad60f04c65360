// The 2.6.16 request queue (assembly/block/queue.ts) with the noop elevator, through the block
// harness; every expectation derived by hand from ll_rw_blk.c / elevator.c / noop-iosched.c.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BlockHarness, BlockStat } from "../host/core.ts";
import { elevatorId } from "../host/storage/elevators.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
const NOOP = elevatorId("noop");

async function noop(hz = 100, serviceNs = 1 * MS, depth = 1) {
  return new BlockHarness(await newCore(), NOOP, { hz, depth, serviceNs });
}

test("noop: FIFO dispatch after merging; a bio merges only into last_merge (2.6.16 noop has no merge lookup)", async () => {
  const h = await noop();
  h.submit({ atNs: 0, sector: 1000, sectors: 8, process: 1 }); // A: plugs the empty queue (unplug at jiffy 1 = 10 ms)
  h.submit({ atNs: 1 * MS, sector: 0, sectors: 8, process: 2 }); // B
  h.submit({ atNs: 2 * MS, sector: 1008, sectors: 8, process: 1 }); // back-merges into A (last_merge)
  h.submit({ atNs: 3 * MS, sector: 8, sectors: 8, process: 2 }); // contiguous with B, but last_merge is A: a request of its own
  h.advance(50 * MS);
  const t = h.taken();
  assert.deepEqual(t.map((r) => [r.sector, r.sectors, r.bios, r.process]), [[1000, 16, 2, 1], [0, 8, 1, 2], [8, 8, 1, 2]]);
  // the unplug timer runs the queue at 10 ms; the device serves 1 ms each, one at a time
  assert.deepEqual(t.map((r) => [r.takenNs / MS, r.completedNs / MS]), [[10, 11], [11, 12], [12, 13]]);
  assert.equal(t[0]!.arrivedNs, 0);
  assert.equal(h.stat(BlockStat.backMerges), 1);
  assert.equal(h.stat(BlockStat.unplugsByTimer), 1);
  assert.equal(h.stat(BlockStat.biosCompleted), 4);
});

test("noop: a back merge that closes the gap joins the next request in the FIFO (attempt_back_merge)", async () => {
  const h = await noop();
  h.submit({ atNs: 0, sector: 0, sectors: 8, process: 1 });
  h.submit({ atNs: 0, sector: 16, sectors: 8, process: 1 });
  h.submit({ atNs: 0, sector: 8, sectors: 8, process: 1 });
  h.advance(50 * MS);
  assert.deepEqual(h.taken().map((r) => [r.sector, r.sectors, r.bios]), [[0, 24, 3]]);
  assert.equal(h.stat(BlockStat.requestMerges), 1);
  assert.equal(h.stat(BlockStat.requestsCompleted), 1);
});

test("noop: a front merge moves the request's start sector", async () => {
  const h = await noop();
  h.submit({ atNs: 0, sector: 1000, sectors: 8, process: 1 });
  h.submit({ atNs: 0, sector: 992, sectors: 8, process: 1 });
  h.advance(50 * MS);
  assert.deepEqual(h.taken().map((r) => [r.sector, r.sectors, r.bios]), [[992, 16, 2]]);
  assert.equal(h.stat(BlockStat.frontMerges), 1);
});

test("queue: a request grows only to max_sectors; past it a new request starts (ll_back_merge_fn)", async () => {
  const h = await noop();
  h.limits(16, 128, 128);
  for (let s = 0; s < 32; s += 8) h.submit({ atNs: 0, sector: s, sectors: 8, process: 1 });
  h.advance(50 * MS);
  assert.deepEqual(h.taken().map((r) => [r.sector, r.sectors]), [[0, 16], [16, 16]]);
});

test("queue: 11 page segments make blkfront's 44 KiB request limit", async () => {
  const h = await noop();
  h.limits(512, 11, 128); // blkfront: max_sectors 512, BLKIF_MAX_SEGMENTS_PER_REQUEST 11, one page per segment
  for (let s = 0; s < 256; s += 8) h.submit({ atNs: 0, sector: s, sectors: 8, process: 1 }); // 128 KiB in pages
  h.advance(100 * MS);
  assert.deepEqual(h.taken().map((r) => r.sectors * 512 / 1024), [44, 44, 40]);
});

test("plugging: the 4th queued request unplugs at once (unplug_thresh)", async () => {
  const h = await noop();
  for (let i = 0; i < 3; i++) h.submit({ atNs: 1 * MS, sector: i * 100, sectors: 8, process: 1 });
  h.advance(1 * MS);
  assert.equal(h.taken().length, 0, "three requests stay plugged");
  h.submit({ atNs: 2 * MS, sector: 300, sectors: 8, process: 1 });
  h.advance(2 * MS);
  assert.deepEqual(h.taken().map((r) => r.takenNs / MS), [2]);
  assert.equal(h.stat(BlockStat.unplugsByThreshold), 1);
});

test("plugging: unplug_delay is 3 ms, at least one jiffy: the next tick at HZ=100, 3 jiffies at HZ=1000", async () => {
  const h100 = await noop(100);
  h100.submit({ atNs: 13 * MS, sector: 0, sectors: 8, process: 1 }); // jiffy 1 → unplug at jiffy 2
  h100.advance(30 * MS);
  assert.equal(h100.taken()[0]!.takenNs, 20 * MS);
  const h1000 = await noop(1000);
  h1000.submit({ atNs: 13.5 * MS, sector: 0, sectors: 8, process: 1 }); // jiffy 13 → jiffy 16
  h1000.advance(30 * MS);
  assert.equal(h1000.taken()[0]!.takenNs, 16 * MS);
});

test("plugging: a synchronous bio, or a process waiting on its page, unplugs at once", async () => {
  const h = await noop();
  h.submit({ atNs: 1 * MS, sector: 0, sectors: 8, sync: true, process: 1 });
  h.advance(1 * MS);
  assert.equal(h.taken()[0]?.takenNs, 1 * MS);
  h.submit({ atNs: 5 * MS, sector: 800, sectors: 8, process: 1 });
  h.unplug(6 * MS); // sync_page: runs the plugged queue before its 10 ms unplug timer
  h.advance(50 * MS);
  assert.deepEqual(h.taken().map((r) => r.takenNs / MS), [1, 6]);
  assert.equal(h.stat(BlockStat.unplugsByTimer), 0);
});

test("queue: past nr_requests a process waits for a request, and gets one when a request completes", async () => {
  const h = await noop(100, 0); // the device completes only on command
  h.limits(255, 128, 4);
  for (let i = 0; i < 6; i++) h.submit({ atNs: 0, sector: i * 100, sectors: 8, process: 1 });
  assert.equal(h.stat(BlockStat.biosWaiting), 2);
  assert.equal(h.taken().length, 1); // the 4th request unplugged; depth 1
  h.complete(1 * MS);
  h.advance(1 * MS);
  assert.equal(h.stat(BlockStat.biosWaiting), 1);
  for (let t = 2; t <= 6; t++) h.complete(t * MS);
  assert.deepEqual(h.taken().map((r) => r.sector), [0, 100, 200, 300, 400, 500]);
  assert.equal(h.stat(BlockStat.requestsCompleted), 6);
});

test("harness: a tunable the elevator lacks is refused by name", async () => {
  const h = await noop();
  assert.throws(() => h.tunable("antic_expire", 0), /the elevator has no tunable "antic_expire"/);
});
