// CUBIC against the rules of net/ipv4/tcp_cubic.c, expectations derived by hand from them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const CUBIC = congestionControlId("cubic");
const RTT = 100e6; // ns
const C = 0.4; // bic_scale 41 → 410/1024 ≈ 0.4
const BETA = 717 / 1024;

// One RTT of cwnd-limited ACKs, one segment each, spread evenly; returns the time at its end.
function oneRtt(h: CcHarness, t: number, rttSample = RTT): number {
  const w = h.cwnd;
  for (let i = 1; i <= w; i++) h.ack(t + (RTT * i) / w, 1, rttSample, h.cwnd - 1);
  return t + RTT;
}

// A flow in congestion avoidance at `wmax` segments that has seen RTT samples (delay_min = RTT),
// then a loss at t = 0.1 s. HyStart is off so it cannot touch ssthresh.
async function afterLossAt(wmax: number) {
  const core = await newCore();
  core.setCubicHystart(false);
  const h = new CcHarness(core, CUBIC, wmax, wmax);
  h.ack(0.05e9, 1, RTT, wmax - 1);
  assert.equal(h.cwnd, wmax, "no growth from one ACK before the first loss (cnt capped at 20)");
  h.fastLoss(0.1e9);
  return h;
}

test("cubic: a loss reduces cwnd by beta = 717/1024 (floor 2)", async () => {
  for (const w of [1000, 100, 10]) {
    const h = await afterLossAt(w);
    assert.equal(h.ssthresh, Math.floor((w * 717) / 1024));
    assert.equal(h.cwnd, h.ssthresh);
  }
  const tiny = await afterLossAt(2);
  assert.equal(tiny.ssthresh, 2);
});

test("cubic: after a loss at W_max the window follows W(t) = C(t-K)^3 + W_max, K = cbrt(W_max(1-beta)/C)", async () => {
  const wmax = 1000;
  const h = await afterLossAt(wmax);
  const w0 = Math.floor(wmax * BETA); // 700
  const K = Math.cbrt((wmax - w0) / C); // ≈ 9.09 s
  const W = (t: number) => C * (t - K) ** 3 + wmax;
  // The epoch starts with the first ACK after the loss. Linux evaluates the curve one min RTT
  // ahead, and cwnd closes at most the gap to that target per RTT, so cwnd(t) lies between W(t)
  // and W(t + RTT); 3 segments allow for cubic_root's ~0.2% error in K and integer rounding.
  let t = 0.1e9;
  let reachedAt = -1;
  while (t < 0.1e9 + 1.3 * K * 1e9) {
    t = oneRtt(h, t);
    const since = (t - 0.1e9) / 1e9;
    if (since >= 1) {
      assert.ok(h.cwnd >= W(since) - 3, `t=${since.toFixed(2)} s: cwnd ${h.cwnd} below W(t) = ${W(since).toFixed(1)}`);
      assert.ok(h.cwnd <= W(since + RTT / 1e9) + 3, `t=${since.toFixed(2)} s: cwnd ${h.cwnd} above W(t+RTT) = ${W(since + RTT / 1e9).toFixed(1)}`);
    }
    if (reachedAt < 0 && h.cwnd >= wmax) reachedAt = since;
  }
  // the plateau: W_max is reached around K (the curve is within one segment of W_max for
  // |t − K| < cbrt(1/C) ≈ 1.36 s)
  assert.ok(Math.abs(reachedAt - K) < 1.5, `cwnd reached W_max at ${reachedAt} s, K = ${K.toFixed(2)} s`);
});

test("cubic: fast convergence lowers W_max to cwnd(1+beta)/2 when a loss comes below the last W_max", async () => {
  const h = await afterLossAt(1000);
  let t = 0.1e9;
  while (h.cwnd < 900) t = oneRtt(h, t);
  const c = h.cwnd;
  h.fastLoss(t);
  const lossAt = t;
  assert.equal(h.ssthresh, Math.floor((c * 717) / 1024));
  const wmax2 = Math.floor((c * (1024 + 717)) / 2048);
  const K2 = Math.cbrt((wmax2 - h.ssthresh) / C);
  // the new plateau is at the lowered W_max, well below the window of the loss
  while (t < lossAt + K2 * 1e9) t = oneRtt(h, t);
  assert.ok(Math.abs(h.cwnd - wmax2) <= 3, `at K: cwnd ${h.cwnd}, lowered W_max ${wmax2} (loss at ${c})`);
  assert.ok(h.cwnd < c - 50);
});

test("cubic: the TCP-friendly region keeps growth at least Reno-like when the cubic curve is flat", async () => {
  // Small window, so the cubic plateau lasts long while the Reno estimate (1 segment per
  // cwnd·15/8 ACKed segments, beta_scale = 15) keeps climbing: after a loss at 40 → 28,
  // K = cbrt(12/0.4) ≈ 3.1 s, but in 3 s (30 RTTs) Reno emulation alone adds ≈ 30·8/15 = 16.
  const h = await afterLossAt(40);
  let t = 0.1e9;
  for (let r = 0; r < 30; r++) t = oneRtt(h, t);
  const renoEstimate = 28 + Math.floor((30 * 8) / 15);
  assert.ok(h.cwnd >= renoEstimate - 2, `cwnd ${h.cwnd}, Reno estimate ≈ ${renoEstimate}`);
  assert.ok(h.cwnd > 40, "above the old W_max already: the friendly region, not the cubic curve, set the pace");
});

// Slow start rounds: `w` ACKs `gapNs` apart, one segment each, each ACK carrying `sample`.
function round(h: CcHarness, t: number, gapNs: number, sample: number): number {
  const w = h.cwnd;
  for (let i = 0; i < w; i++) h.ack(t + i * gapNs, 1, sample, h.cwnd - 1);
  return t + Math.max(RTT, w * gapNs) + RTT;
}

test("cubic HyStart: delay detection leaves slow start when the round's min RTT exceeds delay_min + clamp(delay_min/8, 4, 16 ms)", async () => {
  for (const [sample, exits] of [[113e6, true], [112e6, false]] as const) {
    const h = new CcHarness(await newCore(), CUBIC, 10, 0);
    let t = 0;
    t = round(h, t, 3e6, RTT); // cwnd 10 → 20 (below hystart_low_window 16: not checked)
    t = round(h, t, 3e6, RTT); // 20 → 40, samples at delay_min
    round(h, t, 3e6, sample); // ACKs 3 ms apart: no ACK train
    if (exits) {
      // 8 samples to establish the round's minimum, the 9th compares: ssthresh = cwnd = 40 + 8
      assert.equal(h.ssthresh, 48);
    } else assert.equal(h.ssthresh, 0x7fffffff, "112 ms is within 100 + 12.5 ms");
  }
});

test("cubic HyStart: the ACK train leaves slow start once a round's train stretches past delay_min/2", async () => {
  const h = new CcHarness(await newCore(), CUBIC, 10, 0);
  let t = 0;
  for (const w of [10, 20, 40]) {
    assert.equal(h.cwnd, w);
    t = round(h, t, 1e6, RTT); // trains of 9, 19, 39 ms: shorter than 50 ms
    assert.equal(h.ssthresh, 0x7fffffff);
  }
  round(h, t, 1e6, RTT);
  // 1 ms apart from the round's start: the ACK 51 ms in is past 50 ms; by then 51 ACKs grew cwnd
  assert.equal(h.ssthresh, 80 + 51);
});

test("cubic: HyStart off (module parameter) keeps slow start going", async () => {
  const core = await newCore();
  core.setCubicHystart(false);
  const h = new CcHarness(core, CUBIC, 10, 0);
  let t = 0;
  for (let r = 0; r < 4; r++) t = round(h, t, 1e6, r < 2 ? RTT : 150e6);
  assert.equal(h.ssthresh, 0x7fffffff);
  assert.equal(h.cwnd, 160);
});
