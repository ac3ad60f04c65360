// Westwood+ against tcp_westwood.c: the bytes acknowledged in each window of one RTT (≥ 50 ms) give a
// rate sample, filtered twice by a 7/8 EWMA into BWE (bytes per 1 ms jiffy); after a loss ssthresh
// is BWE × RTTmin / mss segments (at least 2). With a constant-rate ACK stream every window's sample
// is the true rate; the integer filters then settle less than 8 B/ms short per stage, so BWE ends
// within 14 B/ms below the rate — that is the "rounding" the expectations allow for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
const MSS = 1448; // the harness's mss
const id = congestionControlId("westwood");

// ACKs every millisecond in (from, to], each for `segs` segments, with RTT samples `rttMs(t)`.
function stream(h: CcHarness, from: number, to: number, segs: number, rttMs: (t: number) => number) {
  for (let t = from + 1; t <= to; t++) h.ack(t * MS, segs, rttMs(t) * MS, 99);
}

// BWE × RTTmin in segments for a true rate of `bytesPerMs`, allowing the filters' shortfall.
function assertBdp(actual: number, bytesPerMs: number, rttMinMs: number, what: string) {
  const hi = Math.floor((bytesPerMs * rttMinMs) / MSS);
  const lo = Math.floor(((bytesPerMs - 14) * rttMinMs) / MSS);
  assert.ok(actual >= lo && actual <= hi, `${what}: ${actual} not in [${lo}, ${hi}]`);
}

test("westwood: after fast recovery ssthresh = cwnd = BWE × RTTmin, not half of cwnd", async () => {
  // 1 segment per ms at RTT 100 ms: 1448 B/ms, 100 segments in flight
  const h = new CcHarness(await newCore(), id, 100, 100);
  stream(h, 0, 10_000, 1, () => 100);
  assert.equal(h.cwnd, 101, "Reno growth meanwhile (+1, then no longer cwnd-limited)");
  h.fastLoss(10_001 * MS);
  assertBdp(h.ssthresh, MSS, 100, "ssthresh");
  assert.notEqual(h.ssthresh, 50, "not Reno's halving");
  assert.equal(h.cwnd, h.ssthresh, "CA_EVENT_COMPLETE_CWR sets cwnd = ssthresh");
});

test("westwood: an RTO sets ssthresh = BWE × RTTmin and cwnd = 1", async () => {
  // 3 segments per ms at RTT 40 ms: 4344 B/ms, 120 segments
  const h = new CcHarness(await newCore(), id, 100, 100);
  stream(h, 0, 8_000, 3, () => 40);
  h.timeout(8_001 * MS);
  assertBdp(h.ssthresh, 3 * MSS, 40, "ssthresh");
  assert.equal(h.cwnd, 1);
});

test("westwood: RTTmin is the lowest sample, and an RTO makes it start afresh", async () => {
  // 2 segments per ms; RTT 120 ms but for one 80 ms sample
  const h = new CcHarness(await newCore(), id, 100, 100);
  stream(h, 0, 8_000, 2, (t) => (t === 4_000 ? 80 : 120));
  h.fastLoss(8_001 * MS);
  assertBdp(h.ssthresh, 2 * MSS, 80, "with the 80 ms sample");
  h.timeout(8_002 * MS); // CA_EVENT_LOSS: reset_rtt_min
  stream(h, 8_002, 16_000, 2, () => 120);
  h.fastLoss(16_001 * MS);
  assertBdp(h.ssthresh, 2 * MSS, 120, "after the RTO, from the 120 ms samples only");
});

test("westwood: duplicate ACKs count one mss each; a slow-path cumulative ACK gives them back", async () => {
  // every 4 ms: 3 duplicate ACKs, then one slow-path ACK for 4 segments — 1 segment per ms in all
  const h = new CcHarness(await newCore(), id, 100, 100);
  for (let t = 1; t <= 10_000; t++) {
    if (t % 4 === 0) h.slowAck(t * MS, 4, 100 * MS, 99);
    else h.slowAck(t * MS, 0, -1, 99);
  }
  h.fastLoss(10_001 * MS);
  assertBdp(h.ssthresh, MSS, 100, "3 dupacks + (4 − 3) = 4 segments per 4 ms");

  // a cumulative ACK on the fast path does not give the duplicates back (westwood_fast_bw): 7 per 4 ms
  const g = new CcHarness(await newCore(), id, 100, 100);
  for (let t = 1; t <= 10_000; t++) {
    if (t % 4 === 0) g.ack(t * MS, 4, 100 * MS, 99);
    else g.slowAck(t * MS, 0, -1, 99);
  }
  g.fastLoss(10_001 * MS);
  // 7/4 × 100 = 175; windows of 101 ms hold 25 or 26 of the 4-segment ACKs, so the samples ripple
  assert.ok(g.ssthresh >= 170 && g.ssthresh <= 180, `fast path after dupacks: ${g.ssthresh}`);
});

test("westwood: a loss before any bandwidth sample gives the floor of 2", async () => {
  const h = new CcHarness(await newCore(), id, 10, 0);
  stream(h, 0, 30, 1, () => 100); // no window of 100 ms has closed yet
  h.timeout(31 * MS);
  assert.equal(h.ssthresh, 2);
});
