// The 2006 drive (assembly/dev/drive.ts) against figures derived by hand from its datasheets:
// Hitachi Deskstar 7K500 — 7200 rpm, zone 0 76.3 / zone 29 36.5 MB/s instantaneous and 64.8 / 31.0
// MB/s sustained (spec Table 10), 8.5 ms average read seek, 4096 random reads in 55.5 s typical
// (spec Table 12, "typical" = 1.05 × the computed time) — and the hpl seek fit (single track 1.0 ms,
// full stroke 14.167 ms, division at 383/1962 of the stroke).
import { test } from "node:test";
import assert from "node:assert/strict";
import { newCore } from "./helpers.ts";

interface DriveBench {
  driveTestReset(): void;
  driveTestServe(startNs: number, sector: number, sectors: number, write: number): number;
  driveTestSeekNs(distance: number): number;
  driveTestLast(field: number): number;
  driveTestInfo(field: number): number;
  driveTestWhere(sector: number, field: number): number;
}
async function bench(): Promise<DriveBench> {
  return (await newCore()).exports as unknown as DriveBench;
}
const MS = 1e6;
const REV_NS = 60e9 / 7200; // 8.333 ms
const OVERHEAD_NS = 226_000;
const near = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${what}: got ${got}, want ${want} ± ${rel * 100}%`);

// A deterministic stream of uniform numbers in [0, 1) (a 32-bit LCG, Numerical Recipes' constants).
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test("seek: 0 and 1 cylinder, the division point, full stroke and the datasheet average", async () => {
  const d = await bench();
  d.driveTestReset();
  const cylinders = d.driveTestInfo(0);
  // 30 zones × ⌈976 773 168 / (10 heads × Σ sectors per track 27 537)⌉ = 30 × 3548
  assert.equal(cylinders, 106_440);
  assert.equal(d.driveTestSeekNs(0), 0);
  assert.equal(d.driveTestSeekNs(1), 1.0 * MS);
  near(d.driveTestSeekNs(cylinders - 1), 14.167 * MS, 1e-4, "full stroke");
  // By hand, over x = d/N with v = 383/1962: mean of the curve = a + 0.58432 b, full = a + 1.35258 b
  // ⇒ b = 5.667 / 0.76826 = 7.3764 ms, a = 4.1898 ms; at the division point a + b√v = 7.4489 ms.
  const v = d.driveTestInfo(2);
  near(v, (383 / 1962) * (cylinders - 1), 1e-9, "division point");
  near(d.driveTestSeekNs(Math.round(v)), 7.4489 * MS, 1e-3, "seek at the division point");
  near(d.driveTestSeekNs(2), (4.1898 + 7.3764 * Math.sqrt(2 / (cylinders - 1))) * MS, 1e-3, "two cylinders");
  // the two pieces meet: no step across the division point
  assert.ok(Math.abs(d.driveTestSeekNs(Math.floor(v) + 1) - d.driveTestSeekNs(Math.floor(v))) < 0.001 * MS);
  // Hitachi's weighted average over every seek length n (weight max + 1 − n) is the datasheet's 8.5 ms
  const max = cylinders - 1;
  let num = 0;
  let den = 0;
  for (let n = 1; n <= max; n++) {
    num += (max + 1 - n) * d.driveTestSeekNs(n);
    den += max + 1 - n;
  }
  near(num / den, 8.5 * MS, 0.005, "weighted average seek");
  // square root below the division point: a quarter of the distance costs more than half the time above a
  near(d.driveTestSeekNs(Math.round(v / 4)) - 4.1898 * MS, (7.4489 - 4.1898) * MS / 2, 0.01, "√ shape");
});

// Back-to-back 44 KiB reads (blkfront's 11 segments) from `first`: the rate at which they complete.
function stream(d: DriveBench, first: number, count: number) {
  d.driveTestReset();
  let t = 0;
  let seeks = 0;
  for (let i = 0; i < count; i++) {
    t += d.driveTestServe(t, first + 88 * i, 88, 0);
    if (i > 0 && d.driveTestLast(0) > 0) seeks++;
  }
  return { mbps: (count * 88 * 512) / (t / 1e9) / 1e6, seeks };
}

test("sequential 44 KiB reads stream at the zone's sustained media rate (read-ahead), outer ≈ 2× inner", async () => {
  const d = await bench();
  const outer = stream(d, 0, 1500);
  d.driveTestReset();
  const innerStart = d.driveTestInfo(1) - 1501 * 88;
  assert.equal(d.driveTestWhere(innerStart, 2), 29);
  assert.equal(d.driveTestWhere(0, 1), 1242); // 76.3 MB/s / (512 B × 120 rev/s)
  assert.equal(d.driveTestWhere(innerStart, 1), 594); // 36.5 MB/s / (512 B × 120 rev/s)
  const inner = stream(d, innerStart, 1500);
  assert.equal(outer.seeks, 0);
  assert.equal(inner.seeks, 0);
  near(outer.mbps, 64.8, 0.01, "zone 0 sustained MB/s");
  near(inner.mbps, 31.0, 0.01, "zone 29 sustained MB/s");
  near(outer.mbps / inner.mbps, 64.8 / 31.0, 0.01, "outer / inner");
});

test("read-ahead continues while the drive is idle: the next sequential read is a hit at interface rate", async () => {
  const d = await bench();
  d.driveTestReset();
  const first = d.driveTestServe(0, 1000, 88, 0);
  assert.equal(d.driveTestLast(4), 0);
  // idle 20 ms: 20 ms × 64.8 MB/s ≈ 2500 sectors read ahead; the next 88 are in the buffer
  const hit = d.driveTestServe(first + 20 * MS, 1088, 88, 0);
  assert.equal(d.driveTestLast(4), 1);
  assert.equal(hit, OVERHEAD_NS + Math.ceil((88 * 512 * 1e9) / 150e6)); // 0.226 ms + 45 056 B at 150 MB/s
  // but a read far beyond what the read-ahead reached goes to the media
  d.driveTestServe(first + 40 * MS, 1088 + 20_000, 88, 0);
  assert.equal(d.driveTestLast(4), 0);
});

test("random 4 KiB reads over the whole disk take the datasheet's time (7K500 Table 12)", async () => {
  const d = await bench();
  d.driveTestReset();
  const r = lcg(7);
  const cap = d.driveTestInfo(1);
  let t = 0;
  let rot = 0;
  let seek = 0;
  for (let i = 0; i < 4096; i++) {
    const dur = d.driveTestServe(t, Math.floor(r() * (cap - 8)), 8, 0);
    assert.equal(dur, d.driveTestLast(0) + d.driveTestLast(1) + d.driveTestLast(2) + d.driveTestLast(3), "breakdown sums up");
    t += dur + Math.floor(r() * 3 * MS); // the host's think time puts the spindle anywhere
    seek += d.driveTestLast(0);
    rot += d.driveTestLast(1);
  }
  near(seek / 4096, 8.5 * MS, 0.03, "mean seek");
  near(rot / 4096, REV_NS / 2, 0.04, "mean rotational latency (4.17 ms)");
  // total: the spec's 55.5 s typical is 1.05 × 4096 × (A + seek + latency + transfers)
  let busy = 0;
  d.driveTestReset();
  const r2 = lcg(7);
  t = 0;
  for (let i = 0; i < 4096; i++) {
    const dur = d.driveTestServe(t, Math.floor(r2() * (cap - 8)), 8, 0);
    busy += dur;
    t += dur + Math.floor(r2() * 3 * MS);
  }
  near(busy / 1e9, 55.5 / 1.05, 0.03, "4096 random reads, s");
});

test("random 4 KiB reads over 1 GB ≈ overhead + seek over its cylinders + half a revolution + transfer", async () => {
  const d = await bench();
  d.driveTestReset();
  const span = 2 ** 30 / 512; // 1 GiB at the outer edge: 2 097 152 sectors over ≈ 169 cylinders
  const cyl = d.driveTestWhere(span, 0);
  assert.equal(cyl, Math.floor(span / (10 * 1242)));
  // the mean seek over two uniform cylinders in 0 … cyl (weights cyl + 1 − n, n = 0 included)
  let num = 0;
  let den = 0;
  for (let n = 0; n <= cyl; n++) {
    const w = n === 0 ? cyl + 1 : 2 * (cyl + 1 - n);
    num += w * d.driveTestSeekNs(n);
    den += w;
  }
  const expected = OVERHEAD_NS + num / den + REV_NS / 2 + (8 / 1242) * REV_NS;
  const r = lcg(11);
  let t = 0;
  let sum = 0;
  for (let i = 0; i < 3000; i++) {
    const dur = d.driveTestServe(t, 8 * Math.floor(r() * (span / 8)), 8, 0);
    sum += dur;
    t += dur + Math.floor(r() * 3 * MS);
  }
  near(sum / 3000, expected, 0.04, "mean 4 KiB random read in 1 GB");
  assert.ok(sum / 3000 < 9.0 * MS, "short seeks: well under the full-disk 12.9 ms");
});

test("the spindle's phase is a function of absolute time; writes settle and make the cache stale", async () => {
  const d = await bench();
  const at = (t: number) => {
    d.driveTestReset();
    d.driveTestServe(t, 500_000_000, 8, 0);
    return d.driveTestLast(1);
  };
  // 25 ms = exactly 3 revolutions: the same rotational wait; half a revolution later: the other side
  const r0 = at(1_000_000);
  assert.equal(at(1_000_000 + 25_000_000), r0);
  const half = at(1_000_000 + REV_NS / 2);
  assert.ok(Math.abs(Math.abs(half - r0) - REV_NS / 2) <= 1, `${r0} vs ${half}`);

  d.driveTestReset();
  d.driveTestServe(0, 0, 8, 0);
  d.driveTestServe(20 * MS, 300_000_000, 8, 0);
  const readSeek = d.driveTestLast(0);
  d.driveTestReset();
  d.driveTestServe(0, 0, 8, 0);
  d.driveTestServe(20 * MS, 300_000_000, 8, 1);
  assert.equal(d.driveTestLast(0), readSeek + 1.0 * MS, "write settle 1.0 ms");
  // a write over read-ahead data: the next read of it is a miss
  d.driveTestReset();
  let t = d.driveTestServe(0, 0, 8, 0);
  t += 20 * MS;
  t += d.driveTestServe(t, 8, 8, 1);
  d.driveTestServe(t + 20 * MS, 8, 8, 0);
  assert.equal(d.driveTestLast(4), 0);
});
