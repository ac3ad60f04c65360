// The Linux 2.6.16 congestion modules (assembly/tcp/cc/linux-2.6.16/) against rules read off the
// 2.6.16 sources, each expected value derived by hand in the comment beside it. The harness drives
// one flow with 1448-byte segments; HZ is 100 unless a test sets it, tcp_abc as each test says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness, type Core } from "../host/core.ts";
import { congestionControlId, type CongestionControl } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
async function era(cc: CongestionControl, cwnd: number, ssthresh: number, abc = 0): Promise<[CcHarness, Core]> {
  const core = await newCore();
  core.set2616Abc(abc);
  return [new CcHarness(core, congestionControlId(cc, "linux-2.6.16"), cwnd, ssthresh), core];
}
async function today(cc: CongestionControl, cwnd: number, ssthresh: number): Promise<CcHarness> {
  return new CcHarness(await newCore(), congestionControlId(cc), cwnd, ssthresh);
}

test("reno 2.6.16, tcp_abc 0: slow start while cwnd <= ssthresh at +1 per ACK; avoidance +1 per cwnd + 1 ACKs", async () => {
  const [h] = await era("newreno", 4, 4);
  h.ack(10 * MS, 1, 100 * MS, 4); // cwnd 4 <= ssthresh 4: still slow start (6.x: cwnd < ssthresh)
  assert.equal(h.cwnd, 5);
  h.ack(20 * MS, 3, 100 * MS, 5); // now avoidance: an ACK for 3 segments counts once (cnt 1)
  assert.equal(h.cwnd, 5);
  // snd_cwnd_cnt climbs 1..5 on five ACKs (the first ACK above already counted 1 → 1..5 takes 4 more)
  for (let i = 0; i < 4; i++) h.ack(30 * MS, 1, 100 * MS, 5);
  assert.equal(h.cwnd, 5, "cnt reaches 5 = cwnd");
  h.ack(40 * MS, 1, 100 * MS, 5);
  assert.equal(h.cwnd, 6, "the next ACK raises cwnd: cwnd + 1 ACKs per segment");
  const t = await today("newreno", 10, 5);
  for (let i = 0; i < 10; i++) t.ack(10 * MS, 1, 100 * MS, 10);
  assert.equal(t.cwnd, 11, "6.x: cwnd ACKs per segment");
  const [e] = await era("newreno", 10, 5);
  for (let i = 0; i < 10; i++) e.ack(10 * MS, 1, 100 * MS, 10);
  assert.equal(e.cwnd, 10, "2.6.16: one more");
});

test("reno 2.6.16: growth needs prior_in_flight >= cwnd; ssthresh halves; min_cwnd is ssthresh/2", async () => {
  const [h] = await era("newreno", 10, 100);
  h.ack(10 * MS, 1, 100 * MS, 8); // 8 + 1 in flight before the ACK < 10: application-limited
  assert.equal(h.cwnd, 10);
  h.ack(20 * MS, 2, 100 * MS, 8); // 8 + 2 = 10 >= 10
  assert.equal(h.cwnd, 11);
  h.fastLoss(30 * MS);
  assert.equal(h.ssthresh, 5);
  assert.equal(h.minCwnd, 2, "tcp_reno_min_cwnd = ssthresh/2");
});

test("reno 2.6.16, tcp_abc 1 and 2: byte counting", async () => {
  const [h] = await era("newreno", 4, 100, 1);
  h.ack(10 * MS, 3, 100 * MS, 4); // bytes_acked 3 mss >= mss: +1, bytes_acked cleared
  assert.equal(h.cwnd, 5);
  const [h2] = await era("newreno", 4, 100, 2);
  h2.ack(10 * MS, 3, 100 * MS, 4); // tcp_abc 2 and bytes_acked > 2 mss: +2
  assert.equal(h2.cwnd, 6);
  // avoidance under tcp_abc 1: +1 per cwnd·mss bytes, however the ACKs split them
  const [c] = await era("newreno", 10, 5, 1);
  for (let i = 0; i < 4; i++) c.ack(10 * MS, 2, 100 * MS, 10); // 8 segments
  assert.equal(c.cwnd, 10);
  c.ack(20 * MS, 3, 100 * MS, 10); // 11 segments' bytes >= 10·mss: +1, 1 segment carried
  assert.equal(c.cwnd, 11);
  // entering Recovery clears bytes_acked: 8 segments counted before a (spurious, undone) fast
  // retransmit do not carry over; undone, cwnd is back at 11 above ssthresh 7, in avoidance
  for (let i = 0; i < 4; i++) c.ack(30 * MS, 2, 100 * MS, 11);
  c.undoneLoss(40 * MS);
  assert.deepEqual([c.cwnd, c.ssthresh], [11, 7]); // prior_ssthresh = max(5, 11/2 + 11/4)
  c.ack(50 * MS, 3, 100 * MS, 11);
  assert.equal(c.cwnd, 11, "3 segments < 11·mss since the reduction (9 + 3 would have sufficed)");
});

test("scalable 2.6.16: +1 after min(cwnd, 50) + 1 ACKs (AI_CNT 50, counted per ACK)", async () => {
  const [h] = await era("scalable", 1000, 500);
  for (let i = 0; i < 50; i++) h.ack(10 * MS, 1, 100 * MS, 1000);
  assert.equal(h.cwnd, 1000, "50 ACKs: cnt 50 is not > 50");
  h.ack(10 * MS, 1, 100 * MS, 1000);
  assert.equal(h.cwnd, 1001, "the 51st");
  for (let i = 0; i < 51; i++) h.ack(20 * MS, 4, 100 * MS, 1001); // ACKs for 4 segments count once
  assert.equal(h.cwnd, 1002);
  const [s] = await era("scalable", 30, 10);
  for (let i = 0; i < 30; i++) s.ack(10 * MS, 1, 100 * MS, 30);
  assert.equal(s.cwnd, 30);
  s.ack(10 * MS, 1, 100 * MS, 30);
  assert.equal(s.cwnd, 31, "below 50: cwnd + 1 ACKs");
  s.fastLoss(20 * MS);
  assert.equal(s.ssthresh, 31 - (31 >> 3), "cut of 1/8 as in 6.x");
});

test("bic 2.6.16: cnt divided by the delayed-ACK EWMA, +1 per cnt + 1 ACKs; undo to last_max_cwnd; min_cwnd = ssthresh", async () => {
  const [h] = await era("bic", 100, 50);
  // first ACK: delayed_ack 32 → 32 + 1 − 2 = 31; cnt = 100/16 = 6 (max probing, no W_max yet),
  // (6 << 4)/31 = 3; snd_cwnd_cnt 0 → 1; three more ACKs reach 3 then raise cwnd
  for (let i = 0; i < 3; i++) h.ack(10 * MS, 1, 100 * MS, 100);
  assert.equal(h.cwnd, 100);
  h.ack(10 * MS, 1, 100 * MS, 100);
  assert.equal(h.cwnd, 101);
  const t = await today("bic", 100, 50);
  for (let i = 0; i < 3; i++) t.ack(10 * MS, 1, 100 * MS, 100);
  assert.equal(t.cwnd, 101, "6.x: tcp_cong_avoid_ai adds after 3");
  h.fastLoss(20 * MS); // ssthresh = 101·819/1024 = 80, W_max = 101
  assert.equal(h.ssthresh, 80);
  assert.equal(h.minCwnd, 80, "bictcp_min_cwnd");
  h.ack(30 * MS, 1, 100 * MS, 80);
  h.undoneLoss(40 * MS); // cwnd 80 → 80·819/1024 = 63, undone to max(63, W_max) with W_max by fast convergence
  // W_max: 80 < 101 → 80·(1024+819)/2048 = 72; undo → max(63, 72) = 72 (6.x: max(63, prior_cwnd 80) = 80)
  assert.equal(h.cwnd, 72);
});

test("cubic 2.0 (2.6.16): initial ssthresh 100, beta 819/1024, no HyStart", async () => {
  const [h] = await era("cubic", 10, 0);
  assert.equal(h.ssthresh, 100, "initial_ssthresh = 100");
  // slow start to 100 at +1 per ACK whatever the RTT does: no HyStart exit (the RTT climbs 40 → 90 ms)
  for (let i = 0; i < 89; i++) h.ack((10 + i) * MS, 1, (40 + (i % 51)) * MS, h.cwnd);
  assert.equal(h.cwnd, 99);
  h.ack(100 * MS, 1, 90 * MS, 99);
  h.ack(101 * MS, 1, 90 * MS, 100); // cwnd 100 <= ssthresh 100: still slow start
  assert.equal(h.cwnd, 101);
  const [l] = await era("cubic", 200, 100);
  l.fastLoss(10 * MS);
  assert.equal(l.ssthresh, 159, "200·819/1024 = 159.96 → 159 (6.x: 200·717/1024 = 140)");
  assert.equal(l.minCwnd, 159);
  const t = await today("cubic", 200, 100);
  t.fastLoss(10 * MS);
  assert.equal(t.ssthresh, 140);
});

test("cubic 2.0 (2.6.16): before any loss cnt = 50 / (delayed_ack/16) → +1 per 26 ACKs", async () => {
  const [h] = await era("cubic", 200, 100);
  // ACK 1: delayed_ack 32 → 31; cnt forced to 50 (loss_cwnd == 0); friendliness: ack_cnt 1 <
  // (200·23)>>3 = 575, no cap; (50 << 4)/31 = 25; snd_cwnd_cnt 0 → 1, … the 26th ACK raises cwnd
  for (let i = 0; i < 25; i++) h.ack((10 + i) * MS, 1, 100 * MS, 200);
  assert.equal(h.cwnd, 200);
  h.ack(35 * MS, 1, 100 * MS, 200);
  assert.equal(h.cwnd, 201);
});

test("westwood+ 2.6.16: unseeded filters, RTT = srtt in jiffies; Reno's ssthresh on an RTO", async () => {
  const [h] = await era("westwood", 200, 10);
  // 100 segments ACKed every 10 ms (one jiffy at HZ 100), RTT 100 ms: w->rtt = srtt >> 3 = 10
  // jiffies from the first ACK on, RTTmin 10. The window closes on the first ACK with delta >
  // max(rtt 10, HZ/20 = 5) jiffies, the 11th (110 ms), holding the 10 ACKs before it:
  // 1 448 000 B / 11 = 131636 B/jiffy; bw_ns_est = (0 + 131636) >> 3 = 16454, bw_est = 16454 >> 3 =
  // 2056 (2.6.16 does not seed the filters with the first sample, which 6.x does: 131636).
  for (let i = 1; i <= 11; i++) h.ack(i * 10 * MS, 100, 100 * MS, 200);
  assert.equal(h.minCwnd, 14, "min_cwnd = BWE·RTTmin/mss = 2056·10/1448");
  h.fastLoss(120 * MS); // CA_EVENT_COMPLETE_CWR: ssthresh = cwnd = BWE·RTTmin
  assert.equal(h.cwnd, 14);
  assert.equal(h.ssthresh, 14);
  const [r] = await era("westwood", 40, 10);
  for (let i = 1; i <= 30; i++) r.ack(i * 10 * MS, 1, 100 * MS, 40);
  r.timeout(400 * MS);
  assert.equal(r.ssthresh, 20, "no CA_EVENT_LOSS hook in 2.6.16: tcp_reno_ssthresh, 40/2");
});

test("2.6.16 modules tick at the profile's HZ: westwood's window and RTT in 10 ms or 1 ms jiffies", async () => {
  // 10 segments ACKed every 1 ms, RTT 105 ms, for 110 ms.
  // HZ 100: rtt = srtt >> 3 = 10 jiffies; the window closes at delta 11 (t = 110 ms) with the 109
  //   earlier ACKs: 1 578 320 B / 11 = 143483 → 17935 → bw 2241; min_cwnd = 2241·10/1448 = 15.
  // HZ 1000: rtt 105; closes at delta 106 (t = 106 ms) with 105 ACKs: 1 520 400 / 106 = 14343 →
  //   1792 → 224; min_cwnd = 224·105/1448 = 16.
  const expected = new Map([[100, 15], [1000, 16]]);
  for (const [hz, minCwnd] of expected) {
    const core = await newCore();
    core.set2616Hz(hz);
    core.set2616Abc(0);
    const h = new CcHarness(core, congestionControlId("westwood", "linux-2.6.16"), 200, 10);
    for (let i = 1; i <= 110; i++) h.ack(i * MS, 10, 105 * MS, 200);
    assert.equal(h.minCwnd, minCwnd, `HZ ${hz}`);
  }
});

test("vegas 2.6.16: old_wnd and beg_snd_cwnd in half-segment fixed point", async () => {
  // One round: ACK 1 ends the empty round at init and begins one at snd_nxt = 11 segments; ACKs 2..12
  // each acknowledge a segment, ACK 12 passes it: old_wnd = 11, old_snd_cwnd = 10, 11 samples.
  async function round(rttMs: number, cwnd: number, ssthresh: number) {
    const [h] = await era("vegas", cwnd, ssthresh);
    h.ack(10 * MS, 1, 100 * MS, 10); // baseRTT 100001 µs; too few samples: Reno
    for (let i = 2; i <= 12; i++) h.ack(i * 10 * MS, 1, rttMs * MS, 10);
    return h;
  }
  // 120 ms: target = (11·100001 << 1)/120001 = 18, diff = 22 − 18 = 4: not < α·2 = 4, hold at 10.
  // 6.x would grow: diff = 10·20000/100001 = 1 < α = 2.
  assert.equal((await round(120, 10, 5)).cwnd, 10);
  // 100 ms: diff 0 < 4 → toward old_snd_cwnd + 1 = 11
  assert.equal((await round(100, 10, 5)).cwnd, 11);
  // 200 ms: target = 2200022/200001 = 11, diff 11 > β·2 = 8 → toward 9
  assert.equal((await round(200, 10, 5)).cwnd, 9);
  // slow start (ssthresh 100): ACKs 2..11 +1 each → 20; ACK 12 at 200 ms: diff 11 > γ·2 = 2 →
  // ssthresh 2, cwnd = min(20, 11/2 + 1) = 6, then tcp_slow_start still adds one → 7
  const ss = await round(200, 10, 100);
  assert.equal(ss.cwnd, 7);
  assert.equal(ss.ssthresh, 2);
});

test("highspeed 2.6.16: slow start through cwnd == ssthresh, one step per ACK", async () => {
  const [h] = await era("highspeed", 38, 38);
  h.ack(10 * MS, 3, 100 * MS, 38); // cwnd 38 <= 38: slow start, +1 for the ACK (tcp_abc 0)
  assert.equal(h.cwnd, 39);
  const t = await today("highspeed", 38, 38);
  t.ack(10 * MS, 3, 100 * MS, 38);
  assert.equal(t.cwnd, 38, "6.x: already avoidance at cwnd == ssthresh");
  // avoidance above 38 is the shared AIMD table: row 1 (39..118) adds a(w) = 2 per cwnd per ACK
  for (let i = 0; i < 19; i++) h.ack(20 * MS, 1, 100 * MS, 39);
  assert.equal(h.cwnd, 39, "cnt 2·19 = 38 < 39");
  h.ack(30 * MS, 1, 100 * MS, 39);
  assert.equal(h.cwnd, 40);
});

test("hybla 2.6.16: ρ from srtt in jiffies over msecs_to_jiffies(25 ms) — 3 jiffies at HZ 100", async () => {
  // RTT 100 ms. HZ 100: srtt << 3 = 80 jiffies, / 3 → rho_3ls 26: ρ = 3 and 2 eighths, so a slow-start
  // ACK adds (1 << 3)·152 − 128 = 1088/128 = 8 segments and 64/128 carried (cwnd starts at ρ = 1
  // before any sample). HZ 1000: 800 / 25 = 32, ρ = 4: 16·128 − 128 → +15, as 6.x (µs) has it.
  for (const [hz, first, second] of [[100, 9, 18], [1000, 16, 31]]) {
    const core = await newCore();
    core.set2616Hz(hz!);
    const h = new CcHarness(core, congestionControlId("hybla", "linux-2.6.16"), 10, 1000);
    assert.equal(h.cwnd, 1, "hybla_init: cwnd = ρ = 1 with no srtt yet");
    h.ack(100 * MS, 1, 100 * MS, 1);
    assert.equal(h.cwnd, first, `HZ ${hz}, first ACK`);
    h.ack(110 * MS, 1, 100 * MS, h.cwnd);
    assert.equal(h.cwnd, second, `HZ ${hz}, second ACK (the carried half segment completes at HZ 100)`);
  }
  const t = new CcHarness(await newCore(), congestionControlId("hybla"), 10, 1000);
  t.ack(100 * MS, 1, 100 * MS, 1);
  assert.equal(t.cwnd, 16, "6.x");
});

test("cubic 2.0 (2.6.16): after a loss K = cbrt(ΔW·0.1 s/0.04) by cubic_root, and cnt / delayed_ack", async () => {
  const [h] = await era("cubic", 200, 100);
  h.fastLoss(10 * MS); // W_max 200, ssthresh = cwnd = 159
  h.ack(20 * MS, 1, -1, 159); // cwnd 159 <= ssthresh 159: slow start, 160; delayed_ack 32 → 31
  // Epoch starts on the next ACK (no RTT samples, so delay_min 0 and no min_cnt): K = cubic_root(
  // (2^30/41)·40·819 >> 3 = 107243234280) = 4751 (4.64 s = cbrt(40/0.4)); t = 0, so
  // delta = 410·4751³ >> 40 = 39 and target = 200 − 39 = 161: cnt = 160/(161 − 160) = 160,
  // (160 << 4)/31 = 82. With every ACK at the same instant cnt is not recomputed: the 83rd ACK of
  // the epoch raises cwnd.
  for (let i = 0; i < 82; i++) h.ack(30 * MS, 1, -1, 160);
  assert.equal(h.cwnd, 160);
  h.ack(30 * MS, 1, -1, 160);
  assert.equal(h.cwnd, 161);
});
