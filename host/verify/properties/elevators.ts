// Every I/O scheduler through the block harness (assembly/block/harness.ts), for any stream of bios
// (reads and writes, sync or not, several processes, overlapping and contiguous ranges that merge,
// processes that exit), any device depth and service time:
// - every bio submitted is completed exactly once, inside exactly one request the driver took once,
//   and at the end nothing is left in the elevator, on the dispatch list, in the driver or waiting;
// - at no moment has the driver taken more bios than were submitted.
// And deadline's latency bound (stated precisely below).
import assert from "node:assert/strict";
import fc from "fast-check";
import { BlockHarness, BlockStat, type BioSpec } from "../../core.ts";
import { ELEVATORS, elevatorId } from "../../storage/elevators.ts";
import { loadNodeCore } from "../../node.ts";
import { property, type Suite } from "../property.ts";

const MS = 1e6;

const bioArb = fc.record({
  atUs: fc.integer({ min: 0, max: 30_000 }), // bursts: requests pile up behind the device
  slot: fc.integer({ min: 0, max: 16 }), // sectors in a small range: neighbours merge, some overlap
  sectors: fc.oneof(fc.constant(8), fc.integer({ min: 1, max: 24 })), // pages often: gaps get filled, requests join
  write: fc.integer({ min: 0, max: 3 }).map((x) => x === 0), // a quarter writes
  sync: fc.boolean(),
  process: fc.integer({ min: 0, max: 5 }),
});
// a burst of distinct pages in random order from one or two processes: requests that grow, fill
// the gaps between others and join them (attempt_back/front_merge)
const pagesArb = fc
  .tuple(fc.shuffledSubarray([...Array(16).keys()], { minLength: 1 }), fc.boolean(), fc.boolean())
  .map(([pages, write, two]) => pages.map((p, i) => ({ atUs: i * 100, slot: p, sectors: 8, write, sync: false, process: two ? p % 2 : 0 })));
const biosArb = fc.oneof(fc.array(bioArb, { minLength: 1, maxLength: 60 }), pagesArb);

const streamCase = fc.tuple(
  fc.constantFrom(...ELEVATORS),
  fc.constantFrom(100, 250, 1000),
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 50, max: 20_000 }),
  biosArb,
  fc.array(fc.record({ atUs: fc.integer({ min: 0, max: 200_000 }), process: fc.integer({ min: 0, max: 5 }) }), { maxLength: 3 }),
);

const deadlineCase = fc.tuple(
  fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 16 })), // fifo_batch, often small
  fc.integer({ min: 10, max: 60 }),
  fc.integer({ min: 3, max: 30 }),
  fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 50 }),
  fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 50, maxLength: 50 }),
);

export const elevators: Suite = {
  name: "elevators",
  summary: "the I/O schedulers (noop, deadline, anticipatory, CFQ): every bio served exactly once, deadline's latency bound",
  properties: [
    property({
      name: "exactly-once",
      summary: "every elevator: each bio is completed exactly once, the driver never takes more than was submitted, nothing is left",
      runs: 160,
      arbitrary: streamCase,
      document: ([elevator, hz, depth, serviceUs, bios, exits]) => ({ elevator, hz, depth, serviceUs, bios, exits }),
      async check([elevator, hz, depth, serviceUs, raw, exits]) {
        const h = new BlockHarness(await loadNodeCore(), elevatorId(elevator), { hz, depth, serviceNs: serviceUs * 1000 });
        type Ev = { atUs: number; bio?: BioSpec; exit?: number };
        const events: Ev[] = [
          ...raw.map((b) => ({ atUs: b.atUs, bio: { atNs: b.atUs * 1000, sector: b.slot * 8, sectors: b.sectors, write: b.write, sync: b.sync, process: b.process } })),
          ...exits.map((e) => ({ atUs: e.atUs, exit: e.process })),
        ].sort((a, b) => a.atUs - b.atUs);
        let submitted = 0;
        let sectors = 0;
        for (const e of events) {
          if (e.bio) {
            h.submit(e.bio);
            submitted++;
            sectors += e.bio.sectors;
          } else h.exit(e.atUs * 1000, e.exit!);
          const taken = h.taken().reduce((n, r) => n + r.bios, 0);
          assert.ok(taken <= submitted, `${elevator}: the driver took ${taken} bios of ${submitted} submitted`);
        }
        h.advance(200 * MS + 60_000 * MS);
        const t = h.taken();
        assert.equal(h.stat(BlockStat.biosCompleted), submitted, `${elevator}: bios completed`);
        assert.equal(t.reduce((n, r) => n + r.bios, 0), submitted, `${elevator}: bios in taken requests`);
        assert.equal(t.reduce((n, r) => n + r.sectors, 0), sectors, `${elevator}: sectors in taken requests`);
        assert.equal(h.stat(BlockStat.requestsCompleted), t.length);
        assert.ok(t.every((r) => r.completedNs >= r.takenNs && r.takenNs >= r.arrivedNs), `${elevator}: each request taken after it arrived, completed after it was taken`);
        for (const s of [BlockStat.inElevator, BlockStat.inDriver, BlockStat.onDispatchList, BlockStat.biosWaiting, BlockStat.poolExhausted]) {
          assert.equal(h.stat(s), 0, `${elevator}: stat ${s} at the end`);
        }
      },
    }),
    // Deadline's bound. Reads only, each one page (8 sectors) at its own page-aligned sector, and
    // max_sectors 8, so no two requests merge or alias, yet neighbours are sequential (batches form);
    // fewer than nr_requests, so each read is inserted at its submission; one request served at a time.
    // A read r arriving in jiffy j is overdue from the start of jiffy j + read_expire + 1
    // (deadline_check_fifo: time_after(jiffies, expires)). Let H be the later of that instant and the
    // moment every read submitted before r has been taken (r is then the overdue head of the read
    // FIFO). From H on, a dispatch is either the continuation of the running batch — which began
    // before H, so at most fifo_batch − 1 of them — or a fresh choice, which checks the FIFO and takes r.
    // Bound: of the requests taken after every older read and at or after r is overdue, at most
    // fifo_batch − 1 go before r.
    property({
      name: "deadline-bound",
      summary: "deadline: once a read is the overdue FIFO head, at most fifo_batch − 1 requests go before it",
      runs: 200,
      arbitrary: deadlineCase,
      document: ([fifoBatch, readExpireMs, serviceMs, pages, timesMs]) => ({ elevator: "deadline", fifoBatch, readExpireMs, serviceMs, reads: pages.map((p, i) => ({ page: p, atMs: timesMs[i] })) }),
      async check([fifoBatch, readExpireMs, serviceMs, pages, timesMs]) {
        const h = new BlockHarness(await loadNodeCore(), elevatorId("deadline"), { hz: 100, depth: 1, serviceNs: serviceMs * MS });
        h.limits(8, 128, 128);
        h.tunable("fifo_batch", fifoBatch);
        h.tunable("read_expire", readExpireMs);
        const expireJ = Math.ceil(readExpireMs / 10); // msecs_to_jiffies at HZ=100
        const bios = pages.map((p, i) => ({ sector: p * 8, atMs: timesMs[i]! })).sort((a, b) => a.atMs - b.atMs);
        for (const b of bios) h.submit({ atNs: b.atMs * MS, sector: b.sector, sectors: 8, process: 1 });
        h.advance(100_000 * MS);
        const t = h.taken();
        assert.equal(t.length, bios.length);
        const row = new Map(t.map((r, i) => [r.sector, i]));
        let lastOlder = -1; // the row of the last read submitted before this one to be taken
        for (const b of bios) {
          const me = row.get(b.sector)!;
          const overdue = (Math.floor(b.atMs / 10) + expireJ + 1) * 10 * MS;
          // taken after every older read (r is the head) and at or after r is overdue
          const before = t.filter((r, i) => i > lastOlder && i < me && r.takenNs >= overdue).length;
          assert.ok(before <= fifoBatch - 1, `read at ${b.sector} (arrived ${b.atMs} ms, overdue from ${overdue / MS} ms): ${before} requests went first as the overdue head, fifo_batch ${fifoBatch}`);
          lastOlder = Math.max(lastOlder, me);
        }
      },
    }),
  ],
};
