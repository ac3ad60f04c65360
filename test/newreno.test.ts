import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const RTT = 20e6;

test("newreno: slow start doubles cwnd per RTT of cwnd-limited ACKs, up to ssthresh", async () => {
  const h = new CcHarness(await newCore(), congestionControlId("newreno"), 10, 40);
  // one window of 10 segments acked one by one: +1 each (tcp_slow_start)
  for (let i = 0; i < 10; i++) h.ack(RTT, 1, RTT, 10);
  assert.equal(h.cwnd, 20);
  for (let i = 0; i < 20; i++) h.ack(2 * RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 40, "slow start stops at ssthresh");
  for (let i = 0; i < 39; i++) h.ack(3 * RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 40);
  h.ack(3 * RTT, 1, RTT, h.cwnd);
  assert.equal(h.cwnd, 41, "then +1 after a window (40) of acked segments");
});

test("newreno: congestion avoidance adds one segment per window, halves on loss (floor 2)", async () => {
  const h = new CcHarness(await newCore(), congestionControlId("newreno"), 100, 50);
  for (let i = 0; i < 99; i++) h.ack(RTT, 1, RTT, 100);
  assert.equal(h.cwnd, 100);
  h.ack(RTT, 1, RTT, 100);
  assert.equal(h.cwnd, 101);
  h.fastLoss(2 * RTT);
  assert.equal(h.ssthresh, 50);
  assert.equal(h.cwnd, 50);
  const small = new CcHarness(await newCore(), congestionControlId("newreno"), 3, 2);
  small.timeout(RTT);
  assert.equal(small.ssthresh, 2, "tcp_reno_ssthresh never goes below 2");
  assert.equal(small.cwnd, 1);
});

test("newreno: no growth when the flight does not fill cwnd (tcp_is_cwnd_limited)", async () => {
  const h = new CcHarness(await newCore(), congestionControlId("newreno"), 100, 50);
  for (let i = 0; i < 500; i++) h.ack(RTT, 1, RTT, 40);
  assert.equal(h.cwnd, 100);
});
