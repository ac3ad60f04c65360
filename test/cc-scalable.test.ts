// Scalable TCP against tcp_scalable.c's rules: +1 segment per min(cwnd, 100) acknowledged segments
// in congestion avoidance, ssthresh = cwnd − cwnd/8 (at least 2) on loss.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const RTT = 20e6;
const id = congestionControlId("scalable");

test("scalable: above 100 segments, +1 per 100 acknowledged segments (1% per RTT)", async () => {
  const h = new CcHarness(await newCore(), id, 1000, 500);
  for (let i = 0; i < 99; i++) h.ack(RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 1000, "99 segments are not enough");
  h.ack(RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 1001, "the 100th adds one segment");
  // the rest of one window of 1000 segments: 900 more, +9
  for (let i = 0; i < 900; i++) h.ack(2 * RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 1010, "a window of 1000 grows by 10 segments, 1%");
  // ACKs covering several segments count every one of them
  for (let i = 0; i < 50; i++) h.ack(3 * RTT, 2, RTT, h.cwnd);
  assert.equal(h.cwnd, 1011);
});

test("scalable: below 100 segments, +1 per cwnd acknowledged segments, as Reno", async () => {
  const h = new CcHarness(await newCore(), id, 50, 20);
  for (let i = 0; i < 49; i++) h.ack(RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 50);
  h.ack(RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 51, "+1 after 50 at cwnd 50");
  for (let i = 0; i < 50; i++) h.ack(2 * RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 51, "at cwnd 51, 50 segments are not enough");
  h.ack(2 * RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 52);
});

test("scalable: loss cuts by 1/8 (MD_SCALE 3), never below 2 segments", async () => {
  const h = new CcHarness(await newCore(), id, 800, 400);
  h.fastLoss(RTT);
  assert.equal(h.ssthresh, 700, "800 − 800/8");
  assert.equal(h.cwnd, 700);
  h.fastLoss(2 * RTT);
  assert.equal(h.ssthresh, 700 - (700 >> 3), "integer shift: 700 − 87");
  h.timeout(3 * RTT);
  assert.equal(h.ssthresh, 613 - (613 >> 3));
  assert.equal(h.cwnd, 1);
  // from one segment: 1 − 0 = 1, raised to the floor of 2
  h.timeout(4 * RTT);
  assert.equal(h.ssthresh, 2);
  // 7 segments: 7 − 0 (the 1/8 rounds to nothing)
  const small = new CcHarness(await newCore(), id, 7, 2);
  small.fastLoss(RTT);
  assert.equal(small.ssthresh, 7);
});

test("scalable: slow start as Reno up to ssthresh, and no growth when not cwnd-limited", async () => {
  const h = new CcHarness(await newCore(), id, 10, 30);
  for (let i = 0; i < 10; i++) h.ack(RTT, 1, RTT, 10);
  assert.equal(h.cwnd, 20);
  // an ACK for 15 segments crosses ssthresh: 10 fill slow start, 5 carry into avoidance (5 < 30)
  h.ack(2 * RTT, 15, RTT, 20);
  assert.equal(h.cwnd, 30);
  const idle = new CcHarness(await newCore(), id, 300, 100);
  for (let i = 0; i < 1000; i++) idle.ack(RTT, 1, RTT, 100);
  assert.equal(idle.cwnd, 300, "a flight of 101 never fills cwnd 300");
});
