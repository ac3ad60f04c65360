// H-TCP against the rules of net/ipv4/tcp_htcp.c, expectations derived by hand from them.
//
// α is observable as the number of ACKs (one segment each) between two +1 steps of cwnd: after a
// step at cwnd c with α (<<7) recomputed, the next step comes on ACK n with (n−1)·α>>7 ≥ c,
// i.e. n = ceil(128·c/α) + 1. Before any loss β = 0.5, so α = 2·factor·(128 − 64) = 128·factor,
// and with RTTmin = 100 ms the RTT scaling is neutral ((HZ<<3)/(10·100) = 8, factor·8/8).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const HTCP = congestionControlId("htcp");
const MS = 1e6;

// factor(Δ) of htcp_alpha_update with HZ = 1000, Δ in ms: 1 + (10(Δ−1000) + ((Δ−1000)/2)²/1000)/1000
function factorAt(deltaMs: number): number {
  if (deltaMs <= 1000) return 1;
  const d = deltaMs - 1000;
  return 1 + Math.floor((10 * d + Math.floor((Math.floor(d / 2) * Math.floor(d / 2)) / 1000)) / 1000);
}

class AckClock {
  t = 0;
  constructor(readonly h: CcHarness, public spacingNs = MS, public rttNs = 100 * MS) {}
  ack(): void {
    this.t += this.spacingNs;
    this.h.ack(this.t, 1, this.rttNs, this.h.cwnd - 1);
  }
  // ACK until cwnd steps up; returns how many ACKs that took.
  untilStep(): number {
    const c = this.h.cwnd;
    let n = 0;
    while (this.h.cwnd === c) {
      this.ack();
      n++;
    }
    return n;
  }
  untilTime(tNs: number): void {
    while (this.t < tNs) this.ack();
  }
}

test("htcp: α at Δ = 1.5 s and 3 s is 6 and 22 (1 + 5 + 0.0625 and 1 + 20 + 1, truncated, by hand)", async () => {
  // The module's own increase, read off the ACKs it takes to add segments (htcp_cong_avoid: +1 once
  // cwnd_cnt·α/128 ≥ cwnd, then cwnd_cnt = 0): the hand-derived factors, not factorAt, are the oracle.
  // Twenty steps with ACKs 10 µs apart, so Δ (and α) stays put while the count tells 22 from 21.
  for (const [deltaMs, factor] of [[1500, 6], [3000, 22]] as const) {
    const h = new CcHarness(await newCore(), HTCP, 100, 100);
    const clock = new AckClock(h);
    clock.untilTime((deltaMs - 10) * MS);
    while (clock.t < deltaMs * MS) clock.untilStep();
    clock.spacingNs = 10_000;
    let acks = 0;
    let expected = 0;
    for (let i = 0; i < 20; i++) {
      expected += Math.ceil(h.cwnd / factor) + 1;
      acks += clock.untilStep();
    }
    assert.equal(acks, expected, `Δ ${deltaMs} ms`);
  }
});

test("htcp: α is 1 segment per RTT up to 1 s without loss, 11 after 2 s", async () => {
  const h = new CcHarness(await newCore(), HTCP, 100, 100);
  const clock = new AckClock(h);
  // Δ is measured from init (t = 0). Find the first step at or after 1 s, then count to the next.
  clock.untilTime(900 * MS);
  while (clock.t < 1000 * MS) clock.untilStep();
  let stepAt = clock.t;
  let c = h.cwnd;
  let alpha = 128 * factorAt(Math.round(stepAt / MS));
  assert.equal(alpha, 128, `α at ${stepAt / MS} ms`);
  assert.equal(clock.untilStep(), Math.ceil((128 * c) / alpha) + 1);

  clock.untilTime(1990 * MS);
  clock.untilStep();
  while (clock.t < 2000 * MS) clock.untilStep();
  stepAt = clock.t;
  c = h.cwnd;
  alpha = 128 * factorAt(Math.round(stepAt / MS));
  assert.equal(alpha, 128 * 11, `α at ${stepAt / MS} ms`);
  assert.equal(clock.untilStep(), Math.ceil((128 * c) / alpha) + 1, `cwnd ${c}: ACKs to the next step`);
});

test("htcp: RTT scaling: with RTTmin = 50 ms, α is factor·8/16 (2 s: 11 → 5)", async () => {
  const h = new CcHarness(await newCore(), HTCP, 100, 100);
  const clock = new AckClock(h, MS / 2, 50 * MS);
  clock.untilTime(1990 * MS);
  clock.untilStep();
  while (clock.t < 2000 * MS) clock.untilStep();
  assert.ok(clock.t < 2100 * MS, "factor stays 11 until Δ = 2.1 s");
  const c = h.cwnd;
  const alpha = 128 * Math.floor((11 * 8) / 16);
  assert.equal(clock.untilStep(), Math.ceil((128 * c) / alpha) + 1);
});

test("htcp: a loss restarts Δ (α back to 1), an undone loss does not", async () => {
  for (const undone of [false, true]) {
    const h = new CcHarness(await newCore(), HTCP, 100, 100);
    const clock = new AckClock(h);
    clock.untilTime(1500 * MS);
    if (undone) h.undoneLoss(clock.t);
    else h.fastLoss(clock.t);
    clock.untilTime(2000 * MS);
    clock.untilStep(); // α recomputed at this step, Δ from the loss's end or from t = 0
    const delta = undone ? clock.t : clock.t - 1500 * MS;
    const alpha = 128 * factorAt(Math.round(delta / MS));
    assert.equal(alpha, undone ? 128 * 11 : 128);
    const c = h.cwnd;
    assert.equal(clock.untilStep(), Math.ceil((128 * c) / alpha) + 1, undone ? "undone" : "real loss");
  }
});

test("htcp: β = RTTmin/RTTmax clamped to [0.5, 0.8] once the mode switch is on and throughput is stable", async () => {
  // Constant 1 ACK/ms: the throughput estimate is 1000 packets/s at every congestion event, so
  // the bandwidth switch (5·maxB within 4..6·old_maxB) holds from the second event on.
  // Event 1: old_maxB was 0, so β = 0.5 and the mode switch is off; event 2 turns it on (β 0.5);
  // from event 3 on β = (RTTmin << 7)/RTTmax.
  for (const [maxRttMs, beta] of [[160, Math.floor((100 * 128) / 160)], [260, 64], [110, 102]]) {
    const h = new CcHarness(await newCore(), HTCP, 100, 100);
    const clock = new AckClock(h);
    clock.untilTime(1500 * MS);
    for (let event = 1; event <= 2; event++) {
      const c = h.cwnd;
      h.fastLoss(clock.t);
      assert.equal(h.ssthresh, Math.max(Math.floor((c * 64) / 128), 2), `event ${event}: β = 0.5`);
      clock.untilTime(clock.t + 1500 * MS);
    }
    // RTTmax climbs in steps of at most 20 ms (larger jumps are ignored as outliers)
    for (let r = 110; r <= maxRttMs; r += 10) {
      clock.rttNs = r * MS;
      clock.untilTime(clock.t + 50 * MS);
    }
    clock.rttNs = 100 * MS;
    clock.untilTime(clock.t + 200 * MS);
    const c = h.cwnd;
    h.fastLoss(clock.t);
    assert.equal(h.ssthresh, Math.floor((c * beta) / 128), `RTTmax ${maxRttMs} ms: β = ${beta}/128`);
  }
});

test("htcp: the bandwidth switch resets β to 0.5 when throughput changed by more than 20%", async () => {
  const h = new CcHarness(await newCore(), HTCP, 100, 100);
  const clock = new AckClock(h);
  clock.untilTime(1500 * MS);
  h.fastLoss(clock.t);
  clock.untilTime(clock.t + 1500 * MS);
  h.fastLoss(clock.t); // mode switch on
  clock.spacingNs = 2 * MS; // half the throughput
  for (let r = 110; r <= 160; r += 10) {
    clock.rttNs = r * MS;
    clock.untilTime(clock.t + 100 * MS);
  }
  clock.untilTime(clock.t + 1000 * MS);
  const c = h.cwnd;
  h.fastLoss(clock.t);
  assert.equal(h.ssthresh, Math.floor((c * 64) / 128), "β = 0.5 despite RTTmin/RTTmax = 0.625");
});
