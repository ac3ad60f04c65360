// The path model against first principles: shaping, queueing, delays, conservation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bottleneckPayloadKBps } from "../host/simulate.ts";
import { parseScenario, type ScenarioInput } from "../host/scenario.ts";
import { congestedPath } from "../host/paths.ts";
import { runScenario } from "./helpers.ts";

function path(over: { rateKBps: number; limitBytes: number; fwdMs: number; revMs: number; bytes: number }): ScenarioInput {
  return {
    name: "physics",
    path: {
      forward: { delayMs: over.fwdMs, shaper: { rateKBps: over.rateKBps, burstBytes: 10_000, limitBytes: over.limitBytes } },
      reverse: { delayMs: over.revMs },
    },
    flows: [{ cc: "newreno", bytes: over.bytes }],
  };
}

test("a NewReno flow with a queue of one BDP fills ≥ 95 % of the bottleneck's payload rate, never more", async () => {
  for (const [rateKBps, fwdMs] of [[2000, 10], [10_000, 20], [50_000, 5]] as const) {
    const rttS = (2 * fwdMs) / 1000; // generous: forward + (zero) reverse + serialization
    const bdp = Math.ceil(rateKBps * 1000 * rttS);
    const input = path({ rateKBps, limitBytes: Math.max(bdp, 6000), fwdMs, revMs: 0, bytes: rateKBps * 1000 * 20 });
    const { result } = await runScenario(input);
    const cap = bottleneckPayloadKBps(parseScenario(input));
    assert.ok(result.goodputKBps >= 0.95 * cap, `${rateKBps} KB/s: goodput ${result.goodputKBps.toFixed(1)} < 95 % of ${cap.toFixed(1)}`);
    assert.ok(result.goodputKBps <= cap * 1.001, `${rateKBps} KB/s: goodput ${result.goodputKBps.toFixed(1)} exceeds the payload rate ${cap.toFixed(1)}`);
  }
});

test("the token bucket never lets more than rate × time + burst through", async () => {
  const input = congestedPath("newreno", 20_000_000);
  const { result } = await runScenario(input);
  const router = result.links.find((l) => l.name === "router-forward")!;
  const frames = router.sent;
  const bytesOnWire = frames * (1448 + 66); // every data frame is full-size here but the last
  assert.ok(bytesOnWire <= 2_000_000 * result.simulatedS + 10_000 + 1514, `${bytesOnWire} B in ${result.simulatedS} s`);
  assert.ok(router.maxQueuedBytes <= 6000, `queue reached ${router.maxQueuedBytes} B over its 6000 B limit`);
});

test("the congested path: plausible goodput, with the losses and their recovery reported", async () => {
  const { result } = await runScenario(congestedPath("newreno", 50_000_000));
  const cap = bottleneckPayloadKBps(parseScenario(congestedPath("newreno")));
  assert.ok(result.goodputKBps > 0.5 * cap && result.goodputKBps < cap, `goodput ${result.goodputKBps}`);
  assert.ok(result.drops > 0, "a 3-frame queue must overflow");
  assert.equal(result.retransmits >= result.drops - result.links.find((l) => l.name === "router-reverse")!.drops, true);
  assert.ok(result.fastRecoveries > 0);
  // every recovery, by fast retransmit or by timeout, retransmits at least one segment
  assert.ok(result.retransmits >= result.fastRecoveries + result.timeouts, JSON.stringify(result));
});

// 100 full segments over an uncongested path (a queue far above the flight), one data segment
// dropped by script at the router. Which losses need the retransmission timer (RFC 6298) depends on
// what the sender can learn from the ACKs after the hole, which is what the kernel profiles differ in.
async function lossRecovery(tcp: { sack: boolean; kernel: "linux-2.6.16" | "linux-6.12" }) {
  const input = { ...path({ rateKBps: 10_000, limitBytes: 1_000_000, fwdMs: 10, revMs: 10, bytes: 100 * 1448 }), tcp };
  const run = async (drop: number[]) => (await runScenario(input, { drops: { forward: drop } })).result;
  const clean = await run([]);
  assert.deepEqual([clean.timeouts, clean.fastRecoveries, clean.retransmits], [0, 0, 0]);
  return {
    async fast(segments: number[]) {
      for (const s of segments) {
        const r = await run([s]);
        assert.deepEqual([r.timeouts, r.fastRecoveries, r.retransmits], [0, 1, 1], `${JSON.stringify(tcp)}: segment ${s} lost`);
      }
    },
    async byTimer(segments: number[]) {
      for (const s of segments) {
        const r = await run([s]);
        assert.deepEqual([r.timeouts, r.fastRecoveries, r.retransmits], [1, 0, 1], `${JSON.stringify(tcp)}: segment ${s} lost`);
        // the flow waits out the timer: at least Linux's TCP_RTO_MIN (200 ms) longer than without the loss
        assert.ok(r.completionTimeS! >= clean.completionTimeS! + 0.2, `segment ${s} lost: done at ${r.completionTimeS} s vs ${clean.completionTimeS} s`);
      }
    },
  };
}

test("without SACK: three duplicate ACKs start a fast retransmit; the first segment, the third-last and the last need the timer", async () => {
  // The first: its duplicates repeat the initial sequence number, which RFC 6582 §3.2 step 1 (the
  // ACK must cover more than `recover`, initially the ISS) does not let start a recovery. The
  // third-last: two duplicates, one short (RFC 5681 §3.2; 2.6.16 has no early retransmit).
  const r = await lossRecovery({ sack: false, kernel: "linux-2.6.16" });
  await r.fast([1, 50, 96]);
  await r.byTimer([0, 97, 99]);
});

test("2.6.16 with SACK (FACK): the first segment recovers fast too; the last three still need the timer", async () => {
  // FACK marks the head lost once fackets_out > tp->reordering (3): a hole with two or fewer
  // segments SACKed above it never gets there (tcp_time_to_recover, 2.6.16 net/ipv4/tcp_input.c).
  const r = await lossRecovery({ sack: true, kernel: "linux-2.6.16" });
  await r.fast([0, 1, 50, 96]);
  await r.byTimer([97, 98, 99]);
});

test("6.12 with SACK (RACK): a hole with anything delivered after it recovers without the timer", async () => {
  // RACK marks a segment lost once a segment sent after it is SACKed and the reordering window has
  // passed (net/ipv4/tcp_recovery.c), however few follow it.
  const r = await lossRecovery({ sack: true, kernel: "linux-6.12" });
  await r.fast([0, 1, 50, 96, 97, 98]);
});

test("each direction has its own delay: min RTT ≈ forward + reverse delay + serialization", async () => {
  for (const [fwd, rev] of [[10, 0], [10, 30], [2, 50]] as const) {
    const { result } = await runScenario(path({ rateKBps: 10_000, limitBytes: 100_000, fwdMs: fwd, revMs: rev, bytes: 2_000_000 }));
    const minRtt = result.flows[0]!.minRttMs!;
    // a full bucket releases at line rate: two 1 Gbit/s hops each way, no shaper delay
    const serialization = ((2 * 1514) / 125e6 + (2 * 66) / 125e6) * 1000;
    // less at most one µs: today's kernel times RTT on a µs clock (tcp_mstamp)
    assert.ok(minRtt >= fwd + rev + serialization - 1e-3, `${fwd}+${rev}: min RTT ${minRtt}`);
    assert.ok(minRtt <= fwd + rev + serialization + 0.2, `${fwd}+${rev}: min RTT ${minRtt}`);
  }
});

test("packets are conserved: injected = delivered + dropped + still in the network", async () => {
  const finished = await runScenario(congestedPath("newreno", 5_000_000));
  const c = finished.result.conservation;
  assert.equal(c.injected, c.delivered + c.dropped + c.inNetwork);
  assert.ok(c.dropped > 0);
  const stopped = await runScenario({ ...path({ rateKBps: 5000, limitBytes: 30_000, fwdMs: 10, revMs: 10, bytes: 0 }), stopTimeS: 1.234 });
  const s = stopped.result.conservation;
  assert.ok(s.inNetwork > 0, "a run stopped mid-transfer has packets on the wire");
  assert.equal(s.injected, s.delivered + s.dropped + s.inNetwork);
  assert.equal(stopped.result.simulatedS, 1.234);
});

test("random loss on a link is drawn from the seed: same seed same run, other seed other run", async () => {
  const lossy = (seed: number): ScenarioInput => ({ ...path({ rateKBps: 5000, limitBytes: 100_000, fwdMs: 10, revMs: 0, bytes: 3_000_000 }), seed, path: { forward: { delayMs: 10, lossRate: 0.01, shaper: { rateKBps: 5000, limitBytes: 100_000 } } } });
  const a = (await runScenario(lossy(1))).result;
  const b = (await runScenario(lossy(1))).result;
  const c = (await runScenario(lossy(2))).result;
  assert.deepEqual(a, b);
  assert.notEqual(a.retransmits + a.events, c.retransmits + c.events);
  assert.equal(a.bytesDelivered, 3_000_000);
});

test("a router's forwarding cost bounds the rate at one frame per cost; its bursts wait in the ingress ring", async () => {
  const input: ScenarioInput = {
    name: "router",
    stopTimeS: 10,
    path: { forward: { delayMs: 5, routerPerPacketUs: 40, shaper: { rateKBps: 200_000, burstBytes: 10_500, limitBytes: 10_500 } } },
    flows: [{ cc: "newreno", bytes: 0 }],
  };
  const { result } = await runScenario(input);
  const cap = bottleneckPayloadKBps(parseScenario(input));
  assert.ok(Math.abs(cap - (1514 / 40) * 1000 * (1448 / 1514)) < 1e-6, `payload bound ${cap}`);
  assert.ok(result.goodputKBps <= cap * 1.001 && result.goodputKBps >= 0.9 * cap, `goodput ${result.goodputKBps} vs ${cap}`);
  const ingress = result.links.find((l) => l.name === "router-forward-ingress")!;
  const egress = result.links.find((l) => l.name === "router-forward")!;
  assert.ok(ingress.maxQueuedBytes > 10_500, "bursts queue at the ingress, beyond what the egress queue could hold");
  assert.equal(egress.drops, 0, "the token bucket's queue never overflows behind a slower router CPU");
});

test("tbf with a jiffy timer (Linux 2.6, HZ = 250) releases a waiting frame on a jiffy boundary", async () => {
  // Two frames into a one-frame bucket at 100 KB/s. The first leaves at once (t = 12.1 µs, after the
  // sender NIC); the second (at 24.2 µs) needs 15.14 ms of tokens from 12.1 µs: exact timers send it at
  // 15.1521 ms. A jiffy timer arms ⌊15.128 ms / 4 ms⌋ = 3 jiffies, wakes at 12 ms short of tokens,
  // arms one more jiffy and sends at 16.000 ms: 0.8479 ms later.
  const run = async (timerHz: number) =>
    (await runScenario({
      name: "jiffy",
      path: { forward: { delayMs: 1, shaper: { rateKBps: 100, burstBytes: 1514, limitBytes: 10_000, timerHz } } },
      flows: [{ cc: "newreno", bytes: 2 * 1448 }],
    })).result.completionTimeS!;
  const exact = await run(0);
  const jiffy = await run(250);
  const frame = 1514;
  const expected = 0.016 - (frame / 125e6 + frame / 100e3);
  assert.ok(Math.abs(jiffy - exact - expected) < 1e-6, `jiffy ${jiffy} − exact ${exact} = ${jiffy - exact}, expected ${expected}`);
});
