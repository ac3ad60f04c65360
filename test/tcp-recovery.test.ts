// The sender's own state machine through the real sender, on hand-made drop patterns (the first
// flight of 10 segments leaves in order, each arrival at the bottleneck counted from 0), and the
// two recovery cwnd rules alone, each value derived by hand from the Linux source.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runScenario, newCore } from "./helpers.ts";
import type { Kernel } from "../host/kernels.ts";

const MSS = 1448;

async function run(segments: number, drops: number[], tcp: { sack: boolean; kernel?: Kernel }) {
  const { result } = await runScenario(
    {
      name: "state-machine",
      path: { forward: { delayMs: 10, shaper: { rateKBps: 10_000, limitBytes: 100_000 } }, reverse: { delayMs: 10 } },
      tcp,
      flows: [{ cc: "newreno", bytes: segments * MSS }],
    },
    { drops: { forward: drops } },
  );
  const f = result.flows[0]!;
  assert.equal(f.bytesDelivered, segments * MSS);
  return f;
}

test("NewReno (no SACK): recovery on the third duplicate ACK, not the second", async () => {
  // segment 3 lost, 3 segments behind it: three duplicate ACKs → fast retransmit, no RTO
  const three = await run(7, [3], { sack: false });
  assert.deepEqual([three.fastRecoveries, three.timeouts, three.retransmits], [1, 0, 1]);
  // only 2 behind it: two duplicate ACKs are not enough; the RTO repairs it
  const two = await run(6, [3], { sack: false });
  assert.deepEqual([two.fastRecoveries, two.timeouts, two.retransmits], [0, 1, 1]);
});

test("RTO backoff: a lost retransmission waits twice as long (RFC 6298 §5.5)", async () => {
  // the last of 4 segments and its retransmission are lost. RTT 20 ms gives RTO = max(200 ms,
  // 20 + 4·10) = 200 ms from the third ACK (t ≈ 20 ms): retransmit at ≈ 220 ms, then at 220 + 400;
  // the ACK is back 20 ms later. Without backoff it would be done at ≈ 440 ms.
  const f = await run(4, [3, 4], { sack: false });
  assert.equal(f.timeouts, 2);
  assert.ok(f.completionTimeS! > 0.63 && f.completionTimeS! < 0.65, `completed at ${f.completionTimeS}`);
});

test("linux-6.12 (RACK): a loss with only 2 SACKed segments behind it is found by the reordering timer, not the RTO", async () => {
  // tcp_rack_reo_wnd: sacked_out (2) < reordering (3) → reo_wnd = min_rtt/4; the REO timer marks
  // segment 3 lost at rack.rtt + reo_wnd after it was sent and enters Recovery
  const f = await run(6, [3], { sack: true, kernel: "linux-6.12" });
  assert.deepEqual([f.fastRecoveries, f.timeouts, f.retransmits], [1, 0, 1]);
  // sent at ≈ 0; the last SACK at ≈ 20 ms finds it rack.rtt (20 ms) old, so it waits reo_wnd
  // = 20/4 = 5 ms, plus TCP_TIMEOUT_MIN (2 jiffies of 1 ms): retransmitted at ≈ 27 ms, acked at ≈ 47 ms
  // (with no reordering window it would go at once, done at ≈ 41 ms)
  assert.ok(f.completionTimeS! > 0.046 && f.completionTimeS! < 0.05, `completed at ${f.completionTimeS}`);
});

test("linux-2.6.16 (FACK): recovery once fackets_out > reordering, and the head marked lost", async () => {
  // 3 SACKed behind the hole: fackets_out = 4 > 3 → Recovery (tcp_time_to_recover)
  const three = await run(7, [3], { sack: true, kernel: "linux-2.6.16" });
  assert.deepEqual([three.fastRecoveries, three.timeouts], [1, 0]);
  // 2 behind: fackets_out = 3, not > 3, and no head timeout before the last ACK: the RTO repairs it
  const two = await run(6, [3], { sack: true, kernel: "linux-2.6.16" });
  assert.deepEqual([two.fastRecoveries, two.timeouts], [0, 1]);
  // segments 1, 2, 3 lost of 6: SACKs for 4, 5 give fackets_out = 5 → lost = 5 − 3 = 2 heads
  // (tcp_update_scoreboard): 1 and 2 go in Recovery; 3 is never marked by FACK (after the
  // partial ACKs fackets_out = 3) and waits for the RTO. RACK (6.12) marks all three by time.
  const fack = await run(6, [1, 2, 3], { sack: true, kernel: "linux-2.6.16" });
  assert.deepEqual([fack.fastRecoveries, fack.timeouts, fack.retransmits], [1, 1, 3]);
  const rack = await run(6, [1, 2, 3], { sack: true, kernel: "linux-6.12" });
  assert.deepEqual([rack.fastRecoveries, rack.timeouts, rack.retransmits], [1, 0, 3]);
});

test("SACK repairs several holes in one round trip where NewReno takes one per round trip", async () => {
  // holes at 2, 4, 6 in a 10-segment flight
  const sack = await run(10, [2, 4, 6], { sack: true, kernel: "linux-6.12" });
  const reno = await run(10, [2, 4, 6], { sack: false });
  assert.deepEqual([sack.fastRecoveries, sack.timeouts, sack.retransmits], [1, 0, 3]);
  assert.deepEqual([reno.fastRecoveries, reno.timeouts, reno.retransmits], [1, 0, 3]);
  // NewReno: one partial ACK per hole, a round trip (≈ 20 ms) each
  assert.ok(reno.completionTimeS! - sack.completionTimeS! > 0.035, `SACK ${sack.completionTimeS} vs NewReno ${reno.completionTimeS}`);
});

test("PRR's send quota (tcp_cwnd_reduction, RFC 6937)", async () => {
  const c = await newCore();
  const prr = c.exports.recoveryProbePrr.bind(c.exports);
  // args: ssthresh, prior_cwnd, prr_delivered (before), prr_out, in flight, newly acked/sacked, newly lost, snd_una advanced
  // proportional part (in flight 15 > ssthresh 10): ⌈10·6/20⌉ − 2 = 1 → cwnd 16
  assert.equal(prr(10, 20, 5, 2, 15, 1, 0, 0), 16);
  // two delivered: ⌈10·7/20⌉ − 2 = 2 → 17
  assert.equal(prr(10, 20, 5, 2, 15, 2, 0, 0), 17);
  // ⌈10·4/20⌉ − 2 = 0: nothing may go → cwnd = in flight
  assert.equal(prr(10, 20, 3, 2, 15, 1, 0, 0), 15);
  // slow-start part (in flight 5 ≤ ssthresh): max(12 − 8, 2) + 1 (snd_una advanced) = 5 ≤ 10 − 5 → 10
  assert.equal(prr(10, 20, 10, 8, 5, 2, 0, 1), 10);
  // no +1 without snd_una advancing, nor with a new loss
  assert.equal(prr(10, 20, 10, 8, 5, 2, 0, 0), 9);
  assert.equal(prr(10, 20, 10, 8, 5, 2, 1, 1), 9);
  // in flight = ssthresh: the quota is 0, but the first ACK of the episode forces the fast retransmit
  assert.equal(prr(10, 20, 0, 0, 10, 1, 0, 0), 11);
  assert.equal(prr(10, 20, 0, 1, 10, 1, 0, 0), 10);
});

test("rate-halving (tcp_cwnd_down, Linux 2.6.16): one segment off every second ACK, down to min_cwnd, at most in flight + 1", async () => {
  const c = await newCore();
  const down = (cwnd: number, cnt: number, min: number, inFlight: number) => {
    const r = c.exports.recoveryProbeCwndDown(cwnd, cnt, min, inFlight);
    return [r >> 1, r & 1];
  };
  assert.deepEqual(down(20, 0, 5, 19), [20, 1]); // first ACK of a pair: no decrease
  assert.deepEqual(down(20, 1, 5, 19), [19, 0]); // second: one off
  assert.deepEqual(down(5, 1, 5, 19), [5, 0]); // not below min_cwnd
  assert.deepEqual(down(20, 0, 5, 10), [11, 1]); // never more than in flight + 1
});
