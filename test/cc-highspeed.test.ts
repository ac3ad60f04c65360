// HighSpeed TCP against net/ipv4/tcp_highspeed.c: a(w), b(w) from the RFC 3649 table rows
// (row i covers (cwnd[i−1], cwnd[i]]: a = i + 1, b = md[i]/256), expectations by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const HS = congestionControlId("highspeed");
const RTT = 100e6;

// Rows of hstcp_aimd_vals picked by hand: [window, row index, md (<<8)].
const POINTS: [number, number, number][] = [
  [38, 0, 128], // up to 38: Reno (a = 1, b = 0.5)
  [100, 1, 112], // (38, 118]
  [1000, 7, 83], // (851, 1058]
  [10000, 29, 52], // (9991, 10661]
  [89053, 71, 24], // the last row
  [200000, 71, 24], // beyond the table: the last row still applies
];

async function inAvoidance(w: number) {
  const h = new CcHarness(await newCore(), HS, w, w);
  h.ack(0.01e9, 1, RTT, w - 1); // one ACK in congestion avoidance moves the row index to cwnd
  return h;
}

test("highspeed: ssthresh after a loss is cwnd·(1 − b(w)) with b(w) from the table row of cwnd", async () => {
  for (const [w, , md] of POINTS) {
    const h = await inAvoidance(w);
    assert.equal(h.cwnd, w, "one ACK does not grow a window that large");
    h.fastLoss(0.02e9);
    assert.equal(h.ssthresh, Math.max(w - Math.floor((w * md) / 256), 2), `w = ${w}`);
  }
});

test("highspeed: growth per RTT is a(w) = row + 1 segments", async () => {
  for (const [w, row] of POINTS) {
    if (w > 20000) continue; // keep the run short
    const h = await inAvoidance(w);
    let t = 0.01e9;
    for (let i = 1; i < w; i++) h.ack((t += RTT / w), 1, RTT, h.cwnd - 1);
    // w ACKs each add row + 1 to the counter, +1 per cwnd of it: a(w) steps, one fewer at most when
    // a step lands after the last ACK (cwnd grows within the RTT, and with it the divisor)
    const a = row + 1;
    const g = h.cwnd - w;
    assert.ok(g === a || g === a - 1, `w = ${w}: grew ${g}, a(w) = ${a}`);
  }
});

test("highspeed: the row follows cwnd down after a loss", async () => {
  const h = await inAvoidance(1000); // row 7, b = 83/256
  h.fastLoss(0.02e9);
  assert.equal(h.cwnd, 1000 - Math.floor((1000 * 83) / 256)); // 676
  // now in (663, 851]: row 6, a = 7 per RTT and b = 86/256 on the next loss
  let t = 0.02e9;
  const w = h.cwnd;
  for (let i = 0; i < w; i++) h.ack((t += RTT / w), 1, RTT, h.cwnd - 1);
  assert.ok(h.cwnd - w === 7 || h.cwnd - w === 6, `grew ${h.cwnd - w}`);
  const c = h.cwnd;
  h.fastLoss(t);
  assert.equal(h.ssthresh, c - Math.floor((c * 86) / 256));
});
