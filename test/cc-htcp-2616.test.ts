// H-TCP on Linux 2.6.16's TCP (assembly/tcp/cc/linux-2.6.16/htcp.ts) against the rules of 2.6.1x's
// tcp_htcp.c, each expectation derived by hand. HZ 100: one jiffy is 10 ms, the harness starts at
// t = 0 (a jiffy boundary), so Δ since init is floor(t / 10 ms) jiffies.
//
// α is read off the ACKs between two +1 steps of cwnd: after a step to cwnd c, with α (<< 7)
// recomputed at that step, ACK k checks snd_cwnd_cnt = (k − 1)·s (s segments per ACK) and steps
// when (k − 1)·s·α >> 7 ≥ c, i.e. k = ceil(128·c / (s·α)) + 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness } from "../host/core.ts";
import { congestionControlId } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
const HZ = 100;

async function htcp2616(cwnd: number, ssthresh: number): Promise<CcHarness> {
  const core = await newCore();
  core.set2616Hz(HZ);
  core.set2616Abc(0);
  return new CcHarness(core, congestionControlId("htcp", "linux-2.6.16"), cwnd, ssthresh);
}

// factor(Δ) of htcp_alpha_update, Δ in jiffies at HZ: 1 + (10(Δ−HZ) + ((Δ−HZ)/2)²/HZ)/HZ.
function factorAt(jiffies: number): number {
  if (jiffies <= HZ) return 1;
  const d = jiffies - HZ;
  return 1 + Math.floor((10 * d + Math.floor((Math.floor(d / 2) * Math.floor(d / 2)) / HZ)) / HZ);
}
const jiffiesAt = (tNs: number) => Math.floor(tNs / (10 * MS));

class AckClock {
  t = 0;
  constructor(readonly h: CcHarness, public spacingNs = MS, public rttNs = 100 * MS, public segs = 1) {}
  ack(): void {
    this.t += this.spacingNs;
    this.h.ack(this.t, this.segs, this.rttNs, this.h.cwnd - this.segs);
  }
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
  // The first step at or after `tNs`, returning its time.
  stepAtOrAfter(tNs: number): number {
    this.untilTime(tNs - 20 * this.spacingNs);
    for (;;) {
      this.untilStep();
      if (this.t >= tNs) return this.t;
    }
  }
}

test("htcp 2.6.16: slow start while cwnd <= ssthresh at +1 per ACK, then α per ACK in avoidance", async () => {
  const h = await htcp2616(10, 10);
  const clock = new AckClock(h);
  clock.ack(); // cwnd 10 <= ssthresh 10: 2.6.16's slow start (today's module is already in avoidance)
  assert.equal(h.cwnd, 11);
  // Δ < 1 s: factor 1, β 0.5, RTT 100 ms = 10 jiffies (scale (HZ<<3)/(10·10) = 8, neutral): α = 128,
  // one segment per cwnd + 1 ACKs
  assert.equal(clock.untilStep(), Math.ceil((128 * 11) / 128) + 1);
  assert.equal(h.cwnd, 12);
});

test("htcp 2.6.16: α at Δ = 1.5 s and 3 s in jiffies at HZ 100 (factor 6 and 22), ACKs of 2 segments count 2", async () => {
  for (const segs of [1, 2]) {
    for (const [deltaMs, factor] of [[1500, 6], [3000, 22]] as const) {
      // 150 jiffies: d = 50, 1 + (500 + 625/100)/100 = 6; 300: d = 200, 1 + (2000 + 10000/100)/100 = 22
      const h = await htcp2616(100, 50);
      const clock = new AckClock(h, MS, 100 * MS, segs);
      const at = clock.stepAtOrAfter(deltaMs * MS);
      assert.equal(factorAt(jiffiesAt(at)), factor, `the step at ${at / MS} ms is still at factor ${factor}`);
      const c = h.cwnd;
      assert.equal(clock.untilStep(), Math.ceil((128 * c) / (segs * 128 * factor)) + 1, `Δ ${deltaMs} ms, ${segs} segment(s) per ACK`);
    }
  }
});

test("htcp 2.6.16: RTTmin is the smoothed RTT in jiffies, not the per-ACK sample", async () => {
  // 100 ms samples, then alternating 60 and 140 ms: srtt stays within 9..10 jiffies, so the RTT
  // scaling stays neutral ((100<<3)/(10·9) = 8) and α = 128·factor(Δ) = 128·11 at Δ = 2 s.
  // A module taking the 60 ms samples would scale by 8/13: α = 128·floor(88/13) = 128·6.
  const h = await htcp2616(100, 50);
  const clock = new AckClock(h);
  clock.untilTime(500 * MS);
  let flip = false;
  const alternate = () => {
    flip = !flip;
    clock.rttNs = (flip ? 60 : 140) * MS;
  };
  while (clock.t < 1950 * MS) {
    alternate();
    clock.ack();
  }
  for (;;) {
    const c = h.cwnd;
    while (h.cwnd === c) {
      alternate();
      clock.ack();
    }
    if (clock.t >= 2000 * MS) break;
  }
  const f = factorAt(jiffiesAt(clock.t));
  assert.equal(f, 11);
  const c = h.cwnd;
  let n = 0;
  while (h.cwnd === c) {
    alternate();
    clock.ack();
    n++;
  }
  assert.equal(n, Math.ceil((128 * c) / (128 * f)) + 1);
});

test("htcp 2.6.16: α is a u16: past factor 511 (Δ ≈ 30.4 s at β 0.5) it wraps", async () => {
  // 128·factor ≥ 65536 from factor 512 on: d = Δ − 100 jiffies with 10d + d²/400 ≥ 51100, d ≥ 2944.
  const h = await htcp2616(100, 50);
  const clock = new AckClock(h, 10 * MS);
  const at = clock.stepAtOrAfter(31_000 * MS);
  const f = factorAt(jiffiesAt(at));
  assert.ok(f >= 512 && f < 1024, `factor ${f}`);
  const alpha = (128 * f) % 65536 || 128;
  const c = h.cwnd;
  assert.equal(clock.untilStep(), Math.ceil((128 * c) / alpha) + 1, `α = 128·${f} mod 2^16 = ${alpha}`);
});

test("htcp 2.6.16: undo restores (ssthresh << 7)/β, the window before the cut", async () => {
  const h = await htcp2616(101, 50);
  const clock = new AckClock(h);
  clock.untilTime(200 * MS);
  while (h.cwnd % 2 === 0) clock.ack(); // an odd cwnd, where the two undo rules differ
  const c = h.cwnd;
  h.undoneLoss(clock.t);
  // ssthresh = c·64 >> 7 (β 0.5 at the first event); undo_cwnd = max(ssthresh, ssthresh·128/64)
  // = 2·floor(c/2) (today's Reno undo would give prior_cwnd = c), then ssthresh back to
  // prior_ssthresh = max(50, c/2 + c/4)
  assert.equal(h.cwnd, 2 * Math.floor(c / 2));
  assert.equal(h.ssthresh, Math.max(50, (c >> 1) + (c >> 2)));
});

// RTTmax grows only while htcp_ccount = Δ/RTTmin > 3, i.e. from Δ = 4·RTTmin = 400 ms after an
// event. Three congestion events 1.5 s apart at 1 ACK/ms (a steady 1000 packets/s, so the bandwidth switch
// keeps β adaptive from the second on): event 1 finds old_maxB 0 (β 0.5, mode switch off), event 2
// turns the switch on (β 0.5), event 3 takes β = (RTTmin << 7)/RTTmax. The RTT rises from 100 ms
// to 160 ms in 10 ms steps either right after event 2 or later, then returns to 100 ms.
async function betaAtThirdEvent(riseAfterMs: number): Promise<[number, number]> {
  const h = await htcp2616(100, 50);
  const clock = new AckClock(h);
  clock.untilTime(1500 * MS);
  for (let event = 1; event <= 2; event++) {
    const c = h.cwnd;
    h.fastLoss(clock.t);
    assert.equal(h.ssthresh, Math.max((c * 64) >> 7, 2), `event ${event}: β = 0.5`);
    if (event === 1) clock.untilTime(clock.t + 1500 * MS);
  }
  clock.untilTime(clock.t + riseAfterMs * MS);
  for (let r = 110; r <= 160; r += 10) {
    clock.rttNs = r * MS;
    clock.untilTime(clock.t + 50 * MS); // srtt follows within 2 jiffies a step: RTTmax takes each
  }
  clock.rttNs = 100 * MS;
  clock.untilTime(clock.t + 1500 * MS - (riseAfterMs + 300) * MS);
  const c = h.cwnd;
  h.fastLoss(clock.t);
  return [h.ssthresh, c];
}

test("htcp 2.6.16: β = RTTmin/RTTmax from srtt in jiffies, RTTmax only > 3 RTTmin after an event", async () => {
  // Rising 400 ms after event 2 (ccount 4): RTTmax = 16 jiffies, β = (10 << 7)/16 = 80.
  const [late, c1] = await betaAtThirdEvent(400);
  assert.equal(late, Math.floor((c1 * 80) / 128), "β 80/128");
  // Rising at once and back by 300 ms (ccount ≤ 3): 2.6.1x's measure_rtt ignores it, RTTmax stays at
  // RTTmin and β = 128 clamps to 102 (0.8). Today's module (no such wait) would take β 80 again.
  const [early, c2] = await betaAtThirdEvent(0);
  assert.equal(early, Math.floor((c2 * 102) / 128), "β 102/128");
});
