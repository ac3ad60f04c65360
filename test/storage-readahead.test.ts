// 2.6.16 readahead and blkfront's bio limit, read off the guest queue's blktrace events (Q = a bio
// reaching make_request): expectations derived by hand from mm/readahead.c and fs/mpage.c.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStorageScenario, type StorageScenarioInput } from "../host/storage/scenario.ts";
import { simulateStorage } from "../host/storage/simulate.ts";
import { newCore } from "./helpers.ts";

async function guestBios(processes: StorageScenarioInput["processes"]) {
  const s = parseStorageScenario({ guest: { elevator: "noop" }, dom0: { elevator: "noop" }, processes });
  const r = simulateStorage(await newCore(), s, { ioLogCapacity: 100_000 });
  const guest = r.ioTrace!.devices.find((d) => d.name === "guest-xvda")!;
  return { r, bios: guest.events.filter((e) => e.action === "Q").map((e) => ({ sector: e.sector, sectors: e.bytes / 512 })) };
}

test("readahead: a sequential reader's windows grow 4 → 8 → 16 → 32 pages (get_init_ra_size, get_next_ra_size), cut into 11-page bios", async () => {
  const { r, bios } = await guestBios([{ name: "cat", workload: "sequential", fileMB: 1 }]);
  // read(4 KB) at page 0: initial window roundup(1)·4 = 4 pages; then ahead windows 8, 16, 32, 32 …;
  // blkfront's 11 segments split 16 pages into 11 + 5 and 32 into 11 + 11 + 10
  assert.deepEqual(bios.slice(0, 10).map((b) => b.sectors), [32, 64, 88, 40, 88, 88, 80, 88, 88, 80]);
  // consecutive: every page read exactly once, no gaps
  let next = 0;
  for (const b of bios) {
    assert.equal(b.sector, next);
    next += b.sectors;
  }
  assert.equal(next, 256 * 8, "the 1 MB file, 256 pages, read once");
  assert.equal(r.processes[0]!.pagesRead, 256);
});

test("readahead: random reads turn it off (ra_off): one page per read", async () => {
  const { r, bios } = await guestBios([{ name: "rand", workload: "random", fileMB: 64, reads: 50 }]);
  assert.equal(r.processes[0]!.reads, 50);
  // a read at page 0 would look sequential to readahead; with 16384 pages the seeded draws avoid it
  assert.ok(bios.every((b) => b.sectors === 8), `bio sizes ${[...new Set(bios.map((b) => b.sectors))]}`);
  assert.ok(bios.length <= 50 && bios.length >= 45, `${bios.length} bios for 50 reads (a page already cached is not read again)`);
});
