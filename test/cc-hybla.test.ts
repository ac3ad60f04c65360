// Hybla against tcp_hybla.c's fixed-point rules. ρ = srtt / 25 ms in eighths (rho_3ls = srtt·8 /
// 25 ms, at least 8); per ACK: slow start adds (2^⌊ρ⌋ · fraction[eighths] − 128)/128 segments, where
// fraction[k] = 128·2^(k/8) rounded; congestion avoidance adds (ρ²·128 / cwnd)/128, the 1/128 parts
// collected in snd_cwnd_cents. No handshake here, so cwnd starts at ρ(srtt = 0) = 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
const id = congestionControlId("hybla");

async function hybla(ssthresh: number) {
  return new CcHarness(await newCore(), id, 10, ssthresh);
}

test("hybla: cwnd starts at ρ = 1 before any RTT sample", async () => {
  const h = await hybla(100);
  assert.equal(h.cwnd, 1);
});

test("hybla: RTT 50 ms (ρ = 2): slow start +3 per ACK (2^ρ − 1), capped at ssthresh", async () => {
  const h = await hybla(100);
  h.ack(50 * MS, 1, 50 * MS, 1);
  assert.equal(h.cwnd, 4, "1 + 3");
  for (let i = 0; i < 9; i++) h.ack(60 * MS, 1, 50 * MS, h.cwnd);
  assert.equal(h.cwnd, 31, "1 + 3·10");
  for (let i = 0; i < 22; i++) h.ack(100 * MS, 1, 50 * MS, h.cwnd);
  assert.equal(h.cwnd, 97);
  h.ack(100 * MS, 1, 50 * MS, h.cwnd);
  assert.equal(h.cwnd, 100, "97 + 3 = 100 = ssthresh");
  h.ack(100 * MS, 1, 50 * MS, h.cwnd);
  assert.equal(h.cwnd, 100, "now in congestion avoidance: 512/100 = 5/128 segment");
});

test("hybla: RTT 50 ms (ρ = 2): congestion avoidance adds ρ²/cwnd per ACK in 1/128 segments", async () => {
  const h = await hybla(100);
  for (let i = 0; i < 33; i++) h.ack(50 * MS, 1, 50 * MS, h.cwnd);
  assert.equal(h.cwnd, 100);
  // at cwnd 100..102 each ACK adds ⌊512/cwnd⌋ = 5/128: +1 when the cents pass 128
  const after = (n: number) => {
    for (let i = 0; i < n; i++) h.ack(100 * MS, 1, 50 * MS, h.cwnd);
    return h.cwnd;
  };
  assert.equal(after(25), 100, "25·5 = 125 cents");
  assert.equal(after(1), 101, "26·5 = 130: +1, 2 cents left");
  assert.equal(after(25), 101, "2 + 25·5 = 127");
  assert.equal(after(1), 102, "132: +1, 4 left");
  assert.equal(after(25), 103, "4 + 25·5 = 129: +1, 1 left");
  // at cwnd 103 the increment drops to ⌊512/103⌋ = 4: 1 + 31·4 = 125, 1 + 32·4 = 129
  assert.equal(after(31), 103);
  assert.equal(after(1), 104);
  // ≈ ρ² = 4 segments per window of ~100 ACKs, where Reno gains 1
});

test("hybla: RTT 100 ms (ρ = 4): slow start +15 per ACK; avoidance +ρ²·128/cwnd", async () => {
  const h = await hybla(16);
  h.ack(100 * MS, 1, 100 * MS, 1);
  assert.equal(h.cwnd, 16, "1 + 15, at ssthresh");
  h.ack(110 * MS, 1, 100 * MS, h.cwnd);
  assert.equal(h.cwnd, 17, "2048/16 = 128: one whole segment");
  h.ack(110 * MS, 1, 100 * MS, h.cwnd);
  assert.equal(h.cwnd, 17, "2048/17 = 120 cents");
  h.ack(110 * MS, 1, 100 * MS, h.cwnd);
  assert.equal(h.cwnd, 18, "240 cents: +1, 112 left");
  h.ack(110 * MS, 1, 100 * MS, h.cwnd); // 2048/18 = 113: 225 → 19, 97 left
  h.ack(110 * MS, 1, 100 * MS, h.cwnd); // 2048/19 = 107: 204 → 20, 76 left
  h.ack(110 * MS, 1, 100 * MS, h.cwnd); // 2048/20 = 102: 178 → 21, 50 left
  h.ack(110 * MS, 1, 100 * MS, h.cwnd); // 2048/21 = 97: 147 → 22, 19 left
  assert.equal(h.cwnd, 22);
  h.ack(110 * MS, 1, 100 * MS, h.cwnd); // 2048/22 = 93: 112
  assert.equal(h.cwnd, 22);
  h.ack(110 * MS, 1, 100 * MS, h.cwnd); // 205 → 23
  assert.equal(h.cwnd, 23);
  const big = await hybla(1000);
  for (let i = 0; i < 3; i++) big.ack(100 * MS, 1, 100 * MS, big.cwnd);
  assert.equal(big.cwnd, 46, "1 + 3·15");
});

test("hybla: fractional ρ uses hybla_fraction: RTT 60 ms is ρ = 19/8", async () => {
  // rho_3ls = 480000/25000 = 19: ρ = 2, eighths 3 → 4·165 − 128 = 532 = 4 segments + 20/128
  const h = await hybla(1000);
  for (let i = 0; i < 6; i++) h.ack(60 * MS, 1, 60 * MS, h.cwnd);
  assert.equal(h.cwnd, 1 + 6 * 4, "120 cents kept");
  h.ack(60 * MS, 1, 60 * MS, h.cwnd);
  assert.equal(h.cwnd, 1 + 7 * 4 + 1, "140 cents: one more");
});

test("hybla: ρ never below 1: at RTT 10 ms it is Reno, bar the fixed point", async () => {
  const h = await hybla(10);
  for (let i = 0; i < 9; i++) h.ack(10 * MS, 1, 10 * MS, h.cwnd);
  assert.equal(h.cwnd, 10, "slow start +1 per ACK (2^1·128 − 128 = 128)");
  // avoidance: ⌊128/10⌋ = 12 cents per ACK, so +1 after 11 ACKs (Reno: 10)
  for (let i = 0; i < 10; i++) h.ack(20 * MS, 1, 10 * MS, h.cwnd);
  assert.equal(h.cwnd, 10);
  h.ack(20 * MS, 1, 10 * MS, h.cwnd);
  assert.equal(h.cwnd, 11);
});

test("hybla: ρ follows the lowest srtt and does not rise with the RTT; loss halves as Reno", async () => {
  const h = await hybla(60000);
  let t = 0;
  const step = (rtt: number) => {
    const before = h.cwnd;
    h.ack((t += MS), 1, rtt, h.cwnd);
    return h.cwnd - before;
  };
  assert.equal(step(100 * MS), 15, "ρ = 4");
  // srtt (7/8 EWMA) falls to 50 ms: ρ = 2
  for (let i = 0; i < 300; i++) step(50 * MS);
  assert.equal(step(50 * MS), 3);
  // srtt rises to 200 ms: no new minimum, ρ stays 2
  for (let i = 0; i < 300; i++) step(200 * MS);
  assert.equal(step(200 * MS), 3);
  const cwnd = h.cwnd;
  h.fastLoss((t += MS));
  assert.equal(h.ssthresh, cwnd >> 1);
});
