// The 2.6.16 deadline elevator (assembly/block/deadline.ts) through the block harness; every
// expectation derived by hand from block/deadline-iosched.c at HZ = 100 (a jiffy is 10 ms):
// read_expire HZ/2 = 50 jiffies, writes_starved 2, fifo_batch 16.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BlockHarness } from "../host/core.ts";
import { elevatorId } from "../host/storage/elevators.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;

async function deadline(serviceNs = 1 * MS) {
  return new BlockHarness(await newCore(), elevatorId("deadline"), { hz: 100, depth: 1, serviceNs });
}

test("deadline: requests go in ascending sector order, one way: a lower sector waits for the sweep to wrap", async () => {
  const h = await deadline();
  // plugged until the unplug timer at jiffy 1 (10 ms); three reads arrive out of sector order
  h.submit({ atNs: 0, sector: 500, sectors: 8, process: 1 });
  h.submit({ atNs: 0, sector: 100, sectors: 8, process: 2 });
  h.submit({ atNs: 0, sector: 300, sectors: 8, process: 3 });
  // after 100 is dispatched at 10 ms, a read below the head joins: next_drq (300, then 500) goes first
  h.submit({ atNs: 10.5 * MS, sector: 50, sectors: 8, process: 4 });
  h.advance(50 * MS);
  assert.deepEqual(h.taken().map((r) => [r.sector, r.takenNs / MS]), [[100, 10], [300, 11], [500, 12], [50, 13]]);
});

test("deadline: a read past read_expire (50 jiffies) is served next, ahead of the sweep", async () => {
  const h = await deadline(100 * MS); // a slow device: one request per 100 ms
  h.submit({ atNs: 0, sector: 0, sectors: 8, sync: true, process: 1 }); // taken at once
  h.submit({ atNs: 1 * MS, sector: 100_000, sectors: 8, process: 2 }); // X: jiffy 0, expires at 50
  for (let i = 1; i <= 8; i++) h.submit({ atNs: 2 * MS, sector: i * 100, sectors: 8, process: 3 });
  h.advance(2000 * MS);
  const order = h.taken().map((r) => [r.sector, r.takenNs / MS]);
  // the sweep serves 100..500 at 100..500 ms; at 600 ms (jiffy 60 > 50) check_fifo finds X expired;
  // after X (the highest sector) the sweep restarts from the lowest
  assert.deepEqual(order, [[0, 0], [100, 100], [200, 200], [300, 300], [400, 400], [500, 500], [100_000, 600], [600, 700], [700, 800], [800, 900]]);
});

test("deadline: the read_expire tunable is in ms, stored in jiffies", async () => {
  const h = await deadline(100 * MS);
  h.tunable("read_expire", 250); // 25 jiffies: X is overdue at jiffy 26, served at the 300 ms decision
  h.submit({ atNs: 0, sector: 0, sectors: 8, sync: true, process: 1 });
  h.submit({ atNs: 1 * MS, sector: 100_000, sectors: 8, process: 2 });
  for (let i = 1; i <= 8; i++) h.submit({ atNs: 2 * MS, sector: i * 100, sectors: 8, process: 3 });
  h.advance(2000 * MS);
  assert.equal(h.taken().findIndex((r) => r.sector === 100_000), 3);
  assert.equal(h.taken()[3]!.takenNs, 300 * MS);
});

test("deadline: writes_starved 2 — two read batches, then a write batch", async () => {
  const h = await deadline();
  // W1 W2 R1 R2: the 4th request unplugs (unplug_thresh) and R1 goes first (starved 0 → 1)
  h.submit({ atNs: 0, sector: 5000, sectors: 8, write: true, process: 1 });
  h.submit({ atNs: 0, sector: 6000, sectors: 8, write: true, process: 1 });
  h.submit({ atNs: 0, sector: 100, sectors: 8, process: 2 });
  h.submit({ atNs: 0, sector: 300, sectors: 8, process: 2 });
  h.submit({ atNs: 0, sector: 500, sectors: 8, process: 2 });
  h.submit({ atNs: 0, sector: 700, sectors: 8, process: 2 });
  h.submit({ atNs: 0, sector: 7000, sectors: 8, write: true, process: 1 });
  h.advance(50 * MS);
  // R1 (starved 1), R2 (starved 2), W1 (2 ≥ 2: writes, starved 0), R3 (from the lowest read: the
  // write cleared next_drq[READ]), R4, W2 (from the lowest write), W3 (no reads left)
  assert.deepEqual(h.taken().map((r) => r.sector), [100, 300, 5000, 500, 700, 6000, 7000]);
});

test("deadline: a running batch of fifo_batch (16) sequential requests is not cut by an expired read", async () => {
  const h = await deadline(10 * MS);
  h.limits(8, 128, 128); // one page per request, so contiguous bios stay separate requests
  h.tunable("read_expire", 50); // 5 jiffies
  h.submit({ atNs: 0, sector: 1_000_000, sectors: 8, process: 9 }); // X: expires at jiffy 5
  for (let i = 0; i < 20; i++) h.submit({ atNs: 0, sector: i * 8, sectors: 8, process: 1 });
  h.advance(1000 * MS);
  // the 4th request unplugged at 0 and the sweep started from sector 0: sectors 0..120 are one
  // batch (0..150 ms). X is overdue from 60 ms (jiffy 6 > 5) but waits for the batch to end; at
  // 160 ms check_fifo serves it; after X (the highest sector) the sweep restarts from the lowest.
  assert.deepEqual(
    h.taken().map((r) => [r.sector, r.takenNs / MS]),
    [...Array.from({ length: 16 }, (_, i) => [i * 8, i * 10]), [1_000_000, 160], [128, 170], [136, 180], [144, 190], [152, 200]],
  );
});
