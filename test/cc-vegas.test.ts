// Vegas against tcp_vegas.c: once per RTT (the first ACK beyond the snd_nxt of the previous
// decision), with the round's minimum RTT `rtt` and baseRTT in µs + 1,
//   diff = ⌊cwnd · (rtt − baseRTT) / baseRTT⌋,
// +1 below α = 2, −1 above β = 4; slow start ends at diff > γ = 1 with cwnd = ⌊cwnd · baseRTT / rtt⌋
// + 1; a round with fewer than 3 RTT samples is Reno's.
//
// The path: a bottleneck of 50 segments per 100 ms base RTT. A window of w > 50 segments queues
// w − 50 of them, so every RTT sample in its round is 100 ms · w / 50 = 2 ms · w.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
const BASE = 100 * MS;
const INFINITE_SSTHRESH = 0x7fffffff;
const id = congestionControlId("vegas");
const pathRtt = (cwnd: number) => 2 * MS * Math.max(50, cwnd);

// `n` ACKs of one segment each, the window otherwise full; returns cwnd after each.
function perSegmentAcks(h: CcHarness, n: number, rtt: (cwnd: number) => number): number[] {
  const seen: number[] = [];
  for (let i = 0; i < n; i++) {
    h.ack(i * MS, 1, rtt(h.cwnd), h.cwnd - 1);
    seen.push(h.cwnd);
  }
  return seen;
}

test("vegas: from below, grows one segment per RTT until α = 2 segments queue, then holds", async () => {
  // cwnd 51: diff = ⌊51 · 2000 / 100001⌋ = 1 < α; cwnd 52: ⌊52 · 4000 / 100001⌋ = 2, hold
  const h = new CcHarness(await newCore(), id, 40, 40);
  const seen = perSegmentAcks(h, 3000, pathRtt);
  assert.equal(h.cwnd, 52);
  assert.deepEqual([...new Set(seen)], [40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52], "one segment at a time");
  assert.ok(seen.slice(1000).every((c) => c === 52), "stable for the last 2000 ACKs");
});

test("vegas: from above, shrinks one segment per RTT until β = 4 segments queue, then holds", async () => {
  // cwnd 55: ⌊55 · 10000 / 100001⌋ = 5 > β; cwnd 54: ⌊54 · 8000 / 100001⌋ = 4, hold
  const h = new CcHarness(await newCore(), id, 60, 60);
  h.ack(0, 1, BASE, 59); // baseRTT seen once, with an empty queue
  const seen = perSegmentAcks(h, 3000, pathRtt);
  assert.equal(h.cwnd, 54);
  assert.deepEqual([...new Set(seen)], [60, 59, 58, 57, 56, 55, 54]);
  assert.ok(seen.slice(1000).every((c) => c === 54));
  assert.equal(h.ssthresh, 54, "each decrease takes ssthresh down with cwnd");
});

// Slow start from cwnd 10: ACK 1 (RTT 100 ms) opens a round ending beyond snd_nxt = 10 segments;
// ACKs 2..10 slow-start to cwnd 20; ACK 11 ends the round. RTT samples of 150 ms on the last
// `samples` ACKs of the round.
async function slowStartRound(samples: number) {
  const h = new CcHarness(await newCore(), id, 10, 0);
  h.ack(0, 1, BASE, 9);
  for (let k = 2; k <= 11; k++) h.ack(k * MS, 1, k > 11 - samples ? 150 * MS : -1, h.cwnd - 1);
  return h;
}

test("vegas: leaves slow start when diff > γ, at the actual rate × baseRTT + 1", async () => {
  // diff = ⌊20 · 50000 / 100001⌋ = 9 > 1; target = ⌊20 · 100001 / 150001⌋ = 13 → cwnd 14
  const h = await slowStartRound(3);
  assert.equal(h.cwnd, 14);
  assert.equal(h.ssthresh, 14);
});

test("vegas: with fewer than 3 RTT samples in the round it is Reno: slow start goes on", async () => {
  const h = await slowStartRound(2);
  assert.equal(h.cwnd, 21, "tcp_reno_cong_avoid: one more segment");
  assert.equal(h.ssthresh, INFINITE_SSTHRESH);
});

test("vegas: one ACK per window (2 samples a round) is Reno's +1 per RTT despite a doubled RTT", async () => {
  const h = new CcHarness(await newCore(), id, 40, 40);
  h.ack(0, 1, BASE, 39); // baseRTT 100 ms; the next round ends beyond snd_nxt = 40 segments
  for (let r = 1; r <= 10; r++) h.ack(r * 200 * MS, h.cwnd, 2 * BASE, 0);
  assert.equal(h.cwnd, 50);
  // the same RTTs seen on every segment: Vegas cuts one segment per RTT (diff = 39 > β)
  const v = new CcHarness(await newCore(), id, 40, 40);
  v.ack(0, 1, BASE, 39);
  const seen = [...new Set(perSegmentAcks(v, 400, () => 2 * BASE))];
  assert.deepEqual(seen, Array.from({ length: seen.length }, (_, i) => 40 - i));
  assert.ok(v.cwnd <= 32, `cwnd ${v.cwnd}`);
});

test("vegas: the retransmission after an RTO restarts Vegas, so baseRTT is learned afresh", async () => {
  const h = new CcHarness(await newCore(), id, 40, 40);
  h.ack(0, 1, BASE, 39);
  perSegmentAcks(h, 200, () => 2 * BASE); // shrinking against the 100 ms baseRTT
  const before = h.cwnd;
  h.timeout(1000 * MS);
  const ssthresh = before >> 1;
  assert.equal(h.ssthresh, ssthresh, "Reno's ssthresh");
  // RTT now 200 ms throughout: with baseRTT re-learned as 200 ms there is no queue to see, so slow
  // start runs to ssthresh and avoidance grows; the old baseRTT would cut cwnd to half at once
  const seen = perSegmentAcks(h, 200, () => 2 * BASE);
  assert.ok(seen.includes(ssthresh), "slow start reached ssthresh");
  assert.ok(h.cwnd > ssthresh, `cwnd ${h.cwnd} > ${ssthresh}`);
});
