// BIC against the rules of net/ipv4/tcp_bic.c, expectations derived by hand from them.
//
// The ACKs here cover 2 segments each (a delayed-ACK receiver), so Linux's packets-per-ACK EWMA
// (delayed_ack, 2 << 4 at start: 32 + 2 − 32/16 stays 32) divides cnt by exactly 2. Because
// tcp_cong_avoid_ai already counts segments, that doubles every per-RTT increment of the paper:
// Linux BIC adds 2·max_increment = 32 segments per RTT in the linear phase, 2·(W_max − cwnd)/4
// in the binary search, cwnd/10 (not cwnd/20) per RTT before its first loss (at or below
// low_window, where bictcp_update returns early, it stays Reno's 1 per RTT).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const BIC = congestionControlId("bic");
const RTT = 100e6;

// One RTT of cwnd-limited ACKs of 2 segments, spread evenly; returns the growth over it.
function oneRtt(h: CcHarness, t: number): number {
  const w = h.cwnd;
  const acks = Math.ceil(w / 2);
  for (let i = 1; i <= acks; i++) h.ack(t + (RTT * i) / acks, 2, RTT, Math.max(h.cwnd - 2, 0));
  return h.cwnd - w;
}

async function bic(cwnd: number, ssthresh: number) {
  return new CcHarness(await newCore(), BIC, cwnd, ssthresh);
}

test("bic: ssthresh is cwnd·819/1024 above low_window 14, half of it at or below (floor 2)", async () => {
  for (const [w, expected] of [[1000, 799], [100, 79], [15, 11], [14, 7], [3, 2]]) {
    const h = await bic(w, w);
    h.fastLoss(0.1e9);
    assert.equal(h.ssthresh, expected, `cwnd ${w}`);
    assert.equal(h.cwnd, expected);
  }
});

test("bic: binary search toward W_max: linear steps far below it, (W_max − cwnd)/4 steps closer, slow near it", async () => {
  const wmax = 1000;
  const h = await bic(wmax, wmax);
  h.fastLoss(0);
  assert.equal(h.cwnd, 799);
  let t = 0;
  let nearRtts = 0;
  for (let r = 0; r < 120 && h.cwnd < wmax + 100; r++, t += RTT) {
    const w = h.cwnd;
    const dist = Math.floor((wmax - w) / 4);
    const g = oneRtt(h, t);
    if (w < wmax && dist > 16 + 8) {
      // dist > max_increment throughout the RTT: cnt = cwnd/16, halved by delayed_ack
      assert.ok(Math.abs(g - 32) <= 2, `cwnd ${w}: grew ${g}, linear increase is 32 per RTT`);
    } else if (w < wmax && dist > 1) {
      assert.ok(g <= 2 * dist + 2 && g >= 1, `cwnd ${w}: grew ${g}, binary search step 2·${dist}`);
    } else if (w >= wmax - 7 && w < wmax + 4) {
      // smooth part: cnt = cwnd·20/4, i.e. 4/20 per RTT, doubled: 0.4 segments per RTT (plus, on
      // the step that leaves it, the counter credit tcp_cong_avoid_ai pays out at the smaller cnt)
      assert.ok(g <= (w < wmax ? 1 : 2), `cwnd ${w}: grew ${g} next to W_max`);
      nearRtts++;
    } else if (w >= wmax + 4 * 12) {
      assert.ok(Math.abs(g - 32) <= 2, `cwnd ${w}: grew ${g}, max probing is linear again`);
    }
  }
  // 11 segments (993 … 1003) at 0.4 per RTT take about 27 RTTs
  assert.ok(nearRtts >= 22 && nearRtts <= 33, `${nearRtts} RTTs around W_max`);
  assert.ok(h.cwnd >= wmax + 100, "max probing leaves W_max behind");
});

test("bic: fast convergence sets W_max to cwnd·(1024+819)/2048 when a loss comes below the last W_max", async () => {
  const h = await bic(1000, 1000);
  h.fastLoss(0);
  let t = 0;
  while (h.cwnd < 900) {
    oneRtt(h, t);
    t += RTT;
  }
  const c = h.cwnd;
  h.fastLoss(t);
  assert.equal(h.ssthresh, Math.floor((c * 819) / 1024));
  const wmax2 = Math.floor((c * 1843) / 2048);
  // the slow region (about 0.4 per RTT) is now around wmax2, far below c
  let slowAt = -1;
  for (let r = 0; r < 40; r++, t += RTT) {
    const w = h.cwnd;
    if (oneRtt(h, t) <= 1 && w < c - 50) {
      slowAt = w;
      break;
    }
  }
  assert.ok(slowAt >= wmax2 - 8 && slowAt <= wmax2 + 4, `growth slowed at ${slowAt}, lowered W_max ${wmax2}`);
});

test("bic: Reno-like at or below low_window, and at least 5% per RTT before the first loss", async () => {
  const small = await bic(10, 10);
  // cnt = cwnd and bictcp_update returns before the delayed_ack scaling: Reno's 1 per RTT
  assert.equal(oneRtt(small, 0), 1);
  assert.equal(oneRtt(small, RTT), 1);
  const fresh = await bic(500, 500);
  // no W_max yet: cnt = min(cwnd/16, 20) = 20, halved: 500/10 = 50 per RTT (cnt recomputed as cwnd grows)
  const g = oneRtt(fresh, 0);
  assert.ok(g >= 47 && g <= 52, `grew ${g}`);
});

test("bic: a timeout (Loss state) forgets W_max", async () => {
  const h = await bic(1000, 1000);
  h.fastLoss(0);
  h.timeout(0.5e9);
  const ssthresh = Math.floor((799 * 819) / 1024); // 639
  assert.equal(h.ssthresh, ssthresh);
  assert.equal(h.cwnd, 1);
  let t = 0.6e9;
  while (h.cwnd < ssthresh) h.ack((t += 1e6), 1, RTT, h.cwnd); // slow start back up
  // Had W_max (lowered to 799·1843/2048 = 719) survived, dist = (719 − 639)/4 = 20 would give
  // 32 per RTT; forgotten, cnt = min(cwnd/16, 20) = 20, halved: cwnd/10 ≈ 64 per RTT.
  const g = oneRtt(h, t);
  assert.ok(g >= 60 && g <= 66, `grew ${g}`);
});
