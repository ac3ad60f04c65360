// The 2.6.16 anticipatory elevator (assembly/block/anticipatory.ts) through the block harness;
// every expectation derived by hand from block/as-iosched.c at HZ = 100 (the Xen 3.0.2 kernels):
// antic_expire = (HZ/150 ? HZ/150 : 1) = 1 jiffy (10 ms), read_expire HZ/8 = 12 jiffies.
// One device serving a request in 1 ms, one at a time (depth 1). Reads are submitted as sync bios
// so that each unplugs the queue at once (as sync_page would).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BlockHarness } from "../host/core.ts";
import { elevatorId } from "../host/storage/elevators.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;

async function as(serviceNs = 1 * MS) {
  return new BlockHarness(await newCore(), elevatorId("anticipatory"), { hz: 100, depth: 1, serviceNs });
}
const read = (atMs: number, sector: number, process: number) => ({ atNs: atMs * MS, sector, sectors: 8, sync: true, process });
const rows = (h: BlockHarness) => h.taken().map((r) => [r.sector, r.process, r.takenNs / MS]);

// P1 reads sector 0 (taken at 0, done at 1 ms); P2's far read (sector 500 000) waits in the queue.
// At 1 ms as_completed_request sets antic_start = jiffy 0 for P1, and as_dispatch_request finds
// P2's read no reason to stop waiting for P1 (not P1's, not close: |500000 − 8| is outside the 8192-
// sector window and above new_seek_mean 0; think-time means 0 ≤ antic_expire): ANTIC_WAIT_NEXT,
// the antic timer at antic_start + antic_expire = jiffy 1 (10 ms).
async function anticipatingOnP1(h: BlockHarness) {
  h.submit(read(0, 0, 1));
  h.submit(read(0.5, 500_000, 2));
}

test("AS: after P1's read completes it waits for P1, whose next close read goes ahead of P2's", async () => {
  const h = await as();
  await anticipatingOnP1(h);
  h.submit(read(3, 8, 1)); // P1's own request breaks the anticipation: dispatched at once
  h.advance(50 * MS);
  // then at 4 ms: P1's mean think time (0 + 128)/32 = 4 jiffies after one sample > antic_expire:
  // AS does not wait for P1 again, P2's read goes
  assert.deepEqual(rows(h), [[0, 1, 0], [8, 1, 3], [500_000, 2, 4]]);
});

test("AS: gives up after antic_expire: 1 jiffy at HZ=100, the timer at the next tick (10 ms)", async () => {
  const h = await as();
  await anticipatingOnP1(h);
  h.advance(50 * MS);
  assert.deepEqual(rows(h), [[0, 1, 0], [500_000, 2, 10]]);
  // antic_expire set to 20 ms = 2 jiffies: the timer fires at jiffy 0 + 2
  const h2 = await as();
  h2.tunable("antic_expire", 20);
  await anticipatingOnP1(h2);
  h2.advance(50 * MS);
  assert.deepEqual(rows(h2), [[0, 1, 0], [500_000, 2, 20]]);
  // antic_expire 0: "behaves essentially like the deadline scheduler" — no wait at all
  const h3 = await as();
  h3.tunable("antic_expire", 0);
  await anticipatingOnP1(h3);
  h3.advance(50 * MS);
  assert.deepEqual(rows(h3), [[0, 1, 0], [500_000, 2, 1]]);
});

test("AS: a close read from another process breaks the anticipation (as_close_req, cooperating processes)", async () => {
  const h = await as();
  await anticipatingOnP1(h);
  // P3 reads sector 4000 at 2 ms: within [last − 4096, last + 8192] of P1's last end (8) — the
  // 2.6.16 window (8192 sectors at delay 0; 2.6.12's was 64): dispatched at once. Then AS anticipates on P3 (new: its stats are 0), so P2 waits for the timer at jiffy 1.
  h.submit(read(2, 4000, 3));
  h.advance(50 * MS);
  assert.deepEqual(rows(h), [[0, 1, 0], [4000, 3, 2], [500_000, 2, 10]]);
});

test("AS: a read from another process that is not close keeps the wait", async () => {
  const h = await as();
  await anticipatingOnP1(h);
  h.submit(read(2, 20_000, 3)); // |20000 − 8| > 8192: not close; P2 and P3 wait for the timer
  h.advance(50 * MS);
  // at 10 ms: next_arq is P3's (as_choose_req: 19 992 sectors ahead beats 499 992). When it
  // completes at 11 ms (jiffy 1) AS anticipates on P3, a new process, until jiffy 2
  assert.deepEqual(rows(h), [[0, 1, 0], [20_000, 3, 10], [500_000, 2, 20]]);
});

test("AS: a backward seek costs twice its length (as_choose_req, BACK_PENALTY 2)", async () => {
  // P1 reads 9992..10000, then queues two reads while it is served: behind the head by b and ahead
  // by 1500. The nearer by cost goes next: backward if 2·b < 1500.
  for (const [behind, first] of [[1000, 11_500], [700, 9300]] as const) {
    const h = await as();
    h.submit(read(0, 9992, 1));
    h.submit(read(0.1, 10_000 - behind, 1));
    h.submit(read(0.2, 11_500, 1));
    h.advance(50 * MS);
    assert.equal(h.taken()[1]!.sector, first, `behind by ${behind}: 2·${behind} vs 1500`);
    assert.equal(h.taken().length, 3);
  }
});

test("AS: the anticipated process may allocate past a full request list (as_may_queue → ELV_MQUEUE_MUST)", async () => {
  const h = await as();
  h.limits(255, 128, 4);
  await anticipatingOnP1(h);
  // 3 more of P2's far reads fill nr_requests (4 with P2's first); while AS waits for P1, P1 still gets one
  for (let i = 1; i <= 3; i++) h.submit(read(1.5, 500_000 + i * 1000, 2));
  h.submit(read(2, 8, 1));
  h.advance(100 * MS);
  assert.deepEqual(rows(h)[1], [8, 1, 2]);
});

test("AS: reads run in batches of read_batch_expire (50 jiffies), then writes get a batch of write_batch_count (auto-tuned 2 → 4)", async () => {
  const h = await as(10 * MS);
  for (let i = 0; i < 60; i++) h.submit({ atNs: 0, sector: 1000 + i * 16, sectors: 8, process: 1 });
  for (let j = 0; j < 6; j++) h.submit({ atNs: 0, sector: 500_000 + j * 16, sectors: 8, write: true, process: 2 });
  h.advance(2000 * MS);
  const t = h.taken().map((r) => [r.write ? "W" : "R", r.takenNs / MS]);
  // the 4th read unplugs at 0: a new read batch (the first batch counts as a write batch). When the
  // first read completes (jiffy 1) update_write_batch doubles write_batch_count (write_time 0 <
  // batch/3) to 4 and the read batch runs to jiffy 1 + 50; at 520 ms (jiffy 52) writes: 4 of them,
  // then reads again (no more than 60). After the last read completes (640 ms, jiffy 64) AS still
  // anticipates on P1 (mean think time 0, nothing else breaks it): the last two writes wait for the
  // antic timer at jiffy 65
  const expected = [
    ...Array.from({ length: 52 }, (_, i) => ["R", i * 10]),
    ...Array.from({ length: 4 }, (_, i) => ["W", 520 + i * 10]),
    ...Array.from({ length: 8 }, (_, i) => ["R", 560 + i * 10]),
    ["W", 650], ["W", 660],
  ];
  assert.deepEqual(t, expected);
});

test("AS: the read FIFO is checked once per read_expire (12 jiffies), so an overdue read waits for the next check", async () => {
  const h = await as(10 * MS);
  h.submit(read(0, 1000, 1)); // taken at 0; the read batch's FIFO was checked at jiffy 0
  h.submit(read(0.5, 0, 2)); // P2, behind the head: backward 1008 at ×2 loses to P1's reads ahead
  for (let i = 1; i < 40; i++) h.submit(read(1, 1000 + i * 16, 1));
  h.advance(1000 * MS);
  const p2 = h.taken().find((r) => r.process === 2)!;
  // P2's read expires at jiffy 0 + 12. The check at jiffy 12 finds it not yet past (12 > 12 is
  // false); the next check, at jiffy 24, serves it — not at jiffy 13, as a per-dispatch check would
  assert.equal(p2.takenNs, 240 * MS);
});

test("AS: at HZ=100 as_close_req's window never grows: a read 1 jiffy into the wait is 'close' however far (ms compared with jiffies)", async () => {
  // antic_expire 20 ms = 2 jiffies. P1's read completes at 1 ms (jiffy 0): AS waits for P1 until
  // jiffy 2; P2's far read (20 000 000) waits. P3 reads sector 10 000 000 at 12 ms (jiffy 1):
  // as_close_req's delay = (1 · 1000) / HZ = 10 ms, and `delay <= 20 && delay <= antic_expire`
  // compares those 10 ms with 2 (jiffies): false, so it returns 1 — close — and P3's read breaks the
  // wait at once. (Were both in ms, delta = 8192 << 10 = 8 388 608 sectors would not reach
  // 10 000 000, new_seek_mean is 0, and P3 would wait for the timer at 20 ms.) The close path runs
  // as_update_iohist on P1's history with P3's read: P1's first seek sample, so new_seek_mean =
  // (256 · 9 999 992 / 8) / 256 = 1 249 999. P3's read completes at 13 ms (jiffy 1); AS anticipates on
  // P3 (new: new_seek_mean 1 249 999 < |20 000 000 − 10 000 008|, new_ttime_mean (32/256 =) 0): P2 waits
  // for the timer at jiffy 1 + 2 = 30 ms.
  const h = await as();
  h.tunable("antic_expire", 20);
  h.submit(read(0, 0, 1));
  h.submit(read(0.5, 20_000_000, 2));
  h.submit(read(12, 10_000_000, 3));
  h.advance(100 * MS);
  assert.deepEqual(rows(h), [[0, 1, 0], [10_000_000, 3, 12], [20_000_000, 2, 30]]);
});

test("AS: a request more than MAXBACK (1 048 576 sectors) behind the head waits for the wrap (as_choose_req)", async () => {
  // P1's read ends at 2 000 008; two more of P1's reads queue meanwhile: 100 (behind by 1 999 908 >
  // MAXBACK: r2_wrap) and 9 000 000 (ahead by 6 999 992). The one in front wins although a backward
  // seek at BACK_PENALTY would cost only 3 999 816; the wrapped one goes after it.
  const h = await as();
  h.submit(read(0, 2_000_000, 1));
  h.submit(read(0.1, 100, 1));
  h.submit(read(0.2, 9_000_000, 1));
  h.advance(50 * MS);
  assert.deepEqual(rows(h), [[2_000_000, 1, 0], [9_000_000, 1, 1], [100, 1, 2]]);
});

test("AS: think time is capped at MAX_THINKTIME − 1 = 1 jiffy at HZ=100, so a process thinking 29 ms is anticipated on once its mean settles", async () => {
  // P1 reads sector 8k at 30k + 3 ms (done 1 ms later, jiffy 3k); P2 a far read at 30k + 3.5 ms.
  // P1's samples (k ≥ 1): jiffies − last_end_request = 3, capped at MAX_THINKTIME − 1 = HZ/50 − 1 = 1.
  // ttime_samples 32, 60, 84, 105, 123, 139 with ttime_total equal to them, so ttime_mean =
  // (total + 128) / samples = 5, 3, 2, 2, 2, 1: while it is > antic_expire (1) P1 "thinks too much"
  // and P2's read goes when P1's completes (30k + 4); from k = 6 AS waits for P1 until the next tick
  // (30k + 10). At k = 0 P1 is new (no samples, new_ttime_mean 0): AS waits too.
  const h = await as();
  for (let k = 0; k < 8; k++) {
    h.submit(read(30 * k + 3, 8 * k, 1));
    h.submit(read(30 * k + 3.5, 500_000 + 8 * k, 2));
  }
  h.advance(300 * MS);
  const p2 = h.taken().filter((r) => r.process === 2).map((r) => r.takenNs / MS);
  assert.deepEqual(p2, [10, 34, 64, 94, 124, 154, 190, 220]);
});

test("AS: kblockd's as_work_handler runs request_fn but leaves the queue plugged (no blk_remove_plug)", async () => {
  // P1's sync read is taken at 0. P2's plain (not BIO_RW_SYNC) read at 0.5 ms finds the elevator
  // empty: the queue is plugged, the unplug timer set for the next tick (unplug_delay 3 ms → 1 jiffy:
  // 10 ms). P1's read completes at 1 ms and the driver asks for more: AS waits for P1 (new, no
  // samples) rather than run P2's far read. P1's plain read at 3 ms breaks the wait: as_antic_stop →
  // kblockd → as_work_handler → request_fn takes it; when it completes (4 ms) P2's goes (P1's
  // ttime_mean is now (0 + 128)/32 = 4 jiffies > antic_expire). The plug stays until the timer at 10 ms.
  const h = await as();
  h.submit(read(0, 0, 1));
  h.submit({ atNs: 0.5 * MS, sector: 500_000, sectors: 8, process: 2 });
  h.submit({ atNs: 3 * MS, sector: 8, sectors: 8, process: 1 });
  h.advance(5 * MS);
  assert.deepEqual(rows(h), [[0, 1, 0], [8, 1, 3], [500_000, 2, 4]]);
  assert.equal(h.stat(9), 1, "still plugged after the work ran");
  h.advance(50 * MS);
  assert.equal(h.stat(9), 0);
  assert.equal(h.stat(11), 1, "unplugged by the timer");
});
