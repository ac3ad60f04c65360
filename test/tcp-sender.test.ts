// The sender's own state machine, each expectation derived by hand from the Linux source of the
// flow's kernel profile: Karn's rule and the RTO timer's arithmetic on a state set by hand, then
// whole runs on hand-made paths for the window bound, the end of Recovery, the undo of a
// spurious reduction (D-SACK with reordering, timestamps after a spurious RTO), the tail loss probe
// and local congestion. Paths: 10 ms each way, a 10 000 KB/s shaper (0.15 ms a segment), the first
// flight of 10 segments leaving in order; scripted drops count arrivals at the bottleneck from 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newCore } from "./helpers.ts";
import { parseScenario, type ScenarioInput } from "../host/scenario.ts";
import { simulate, type SimOptions } from "../host/simulate.ts";
import { FlowStat } from "../host/abi-names.ts";
import type { Kernel } from "../host/kernels.ts";

const MSS = 1448;
const MS = 1_000_000n;
const INFINITE_SSTHRESH = 0x7fffffff; // TCP_INFINITE_SSTHRESH: slow start never ended
const KERNEL_2_6_16 = 0; // assembly/tcp/profile/registry.ts
const KERNEL_6_12 = 1;

async function run(input: Partial<ScenarioInput> & { flows: ScenarioInput["flows"] }, opts: SimOptions = {}) {
  const core = await newCore();
  const doc = {
    name: "sender",
    path: { forward: { delayMs: 10, shaper: { rateKBps: 10_000, limitBytes: 100_000 } }, reverse: { delayMs: 10 } },
    ...input,
  } as ScenarioInput;
  const { result } = simulate(core, parseScenario(doc), opts);
  const f = result.flows[0]!;
  const segments = doc.flows[0]!.bytes / MSS;
  assert.equal(f.bytesDelivered, segments * MSS, "the transfer completes");
  assert.equal(f.windowViolations, 0);
  return { f, result, ssthresh: core.flowStat(0, FlowStat.ssthresh), cwnd: core.flowStat(0, FlowStat.cwnd) };
}
const bulk = (segments: number, kernel: Kernel, sack = true) => ({ tcp: { kernel, sack }, flows: [{ cc: "newreno" as const, bytes: segments * MSS }] });

test("Karn's rule: no RTT sample from a retransmitted segment unless its timestamp echo times it", async () => {
  const x = (await newCore()).exports;
  // 6.12 (µs samples by sequence): sent at 0, acked at 30 ms → srtt 30 ms (tcp_ack_update_rtt)
  assert.equal(x.senderProbeRtt(KERNEL_6_12, 1000, 0n, 0, 0n, 30n * MS), 30n * MS);
  // retransmitted, no echo: ambiguous, no sample (tcp_clean_rtx_queue: FLAG_RETRANS_DATA_ACKED)
  assert.equal(x.senderProbeRtt(KERNEL_6_12, 1000, 0n, 1, 0n, 30n * MS), 0n);
  // retransmitted, echoing the copy sent at 10 ms: that copy is timed, 20 ms (RFC 7323 §4.1)
  assert.equal(x.senderProbeRtt(KERNEL_6_12, 1000, 0n, 1, 10n * MS, 30n * MS), 20n * MS);
  // 2.6.16 at HZ 100 times by the echo in whole jiffies: sent at 5 ms (jiffy 0), acked at 38 ms
  // (jiffy 3) → 3 jiffies = 30 ms (tcp_ack_saw_tstamp); with no echo and a retransmission, none
  assert.equal(x.senderProbeRtt(KERNEL_2_6_16, 100, 0n, 0, 5n * MS, 38n * MS), 30n * MS);
  assert.equal(x.senderProbeRtt(KERNEL_2_6_16, 100, 0n, 1, 0n, 38n * MS), 0n);
});

test("RTO backoff: doubling per timeout, at most TCP_RTO_MAX = 120 s, in whole jiffies", async () => {
  const x = (await newCore()).exports;
  assert.equal(x.senderProbeRto(200n * MS, 0, 1000), 200n * MS);
  assert.equal(x.senderProbeRto(200n * MS, 3, 1000), 1600n * MS); // 200 ms · 2³
  assert.equal(x.senderProbeRto(3000n * MS, 5, 1000), 96_000n * MS); // 3 s · 2⁵
  assert.equal(x.senderProbeRto(3000n * MS, 6, 1000), 120_000n * MS); // 192 s → the 120 s cap
  assert.equal(x.senderProbeRto(201n * MS, 0, 100), 210n * MS); // rounded up to a 10 ms jiffy at HZ 100
});

test("the window bound: a 2-segment receive window allows 2 segments a round trip", async () => {
  // rcvBufBytes 2896 = 2 segments: 20 segments take 10 round trips of 20 ms (plus serialization);
  // a sender that ignored rwnd would finish in 2
  for (const sack of [true, false]) {
    const { result } = await run({ ...bulk(20, "linux-6.12", sack), tcp: { kernel: "linux-6.12", sack, rcvBufBytes: 2896 } });
    assert.ok(result.completionTimeS! > 0.2 && result.completionTimeS! < 0.21, `sack ${sack}: completed at ${result.completionTimeS}`);
  }
});

test("Recovery ends when snd_una reaches high_seq: a second loss in the same window is the same episode, one in a later window a new one", async () => {
  for (const [kernel, sack] of [["linux-6.12", true], ["linux-2.6.16", true], ["linux-6.12", false]] as const) {
    // segments 2 and 6 of the first flight: one episode (both below high_seq)
    const same = await run(bulk(40, kernel, sack), { drops: { forward: [2, 6] } });
    assert.equal(same.f.fastRecoveries, 1, `${kernel} sack ${sack}: same window`);
    // segment 2, then the 31st arrival (sent after the episode ended): two episodes
    const later = await run(bulk(60, kernel, sack), { drops: { forward: [2, 31] } });
    assert.equal(later.f.fastRecoveries, 2, `${kernel} sack ${sack}: later window`);
    assert.equal(later.f.timeouts, 0);
  }
});

test("D-SACK undo on a reordering path: a retransmission that overtook its original is undone when the original's D-SACK arrives", async () => {
  // seed 10: 2 % of segments held 30 ms (> the 20 ms RTT), no drops. One fast retransmission,
  // spurious; the retransmission reaches the receiver first, so the echo cannot prove it (the
  // ACK echoes the retransmission) — only the original's D-SACK (RFC 2883) brings undo_retrans to 0:
  // tcp_try_undo_dsack restores ssthresh to what it was, infinite (slow start had not ended).
  for (const kernel of ["linux-6.12", "linux-2.6.16"] as const) {
    const { f, result, ssthresh } = await run({
      seed: 10,
      path: { forward: { delayMs: 10, shaper: { rateKBps: 10_000, limitBytes: 100_000 }, reorder: { rate: 0.02, extraDelayMs: 30 } }, reverse: { delayMs: 10 } },
      ...bulk(100, kernel),
    });
    assert.equal(result.drops, 0);
    assert.deepEqual([f.fastRecoveries, f.retransmits, f.timeouts, f.dsacks, f.undos], [1, 1, 0, 1, 1], kernel);
    assert.equal(ssthresh, INFINITE_SSTHRESH, `${kernel}: ssthresh after the undo`);
  }
});

test("reordering alone never leaves a reduction in place: every episode is undone (D-SACK or timestamps)", async () => {
  for (const kernel of ["linux-6.12", "linux-2.6.16"] as const) {
    let episodes = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { f, ssthresh } = await run({
        seed,
        path: { forward: { delayMs: 10, shaper: { rateKBps: 10_000, limitBytes: 100_000 }, reorder: { rate: 0.05, extraDelayMs: 3 } }, reverse: { delayMs: 10 } },
        ...bulk(30, kernel),
      });
      episodes += f.fastRecoveries;
      assert.ok(f.undos >= f.fastRecoveries, `${kernel} seed ${seed}: ${f.undos} undos for ${f.fastRecoveries} episodes`);
      assert.equal(ssthresh, INFINITE_SSTHRESH, `${kernel} seed ${seed}`);
    }
    assert.ok(episodes >= 4, `${kernel}: only ${episodes} spurious episodes to test`);
  }
});

test("a spurious RTO is undone: the ACK path holds every ACK 2.5 s, past the RTO", async () => {
  // The first flight (10 segments) leaves at 0; its ACKs arrive at ≈ 2.52 s. 2.6.16: the RTO
  // (TCP_TIMEOUT_INIT = 1 s, no RTT sample yet) retransmits segment 0 at 1 s. 6.12: the tail loss
  // probe takes the timer first (TCP_TIMEOUT_INIT with no RTT sample) and sends new segment 10 at
  // 1 s, then the RTO from then retransmits segment 0 at 2 s. Either way the ACKs echo the
  // originals' timestamps, older than the retransmission: tcp_try_undo_loss (tcp_may_undo →
  // tcp_packet_delayed) restores cwnd and ssthresh (infinite) and slow start goes on: the rest
  // leaves at ≈ 2.52 s and is acked at ≈ 5.04 s. Without undo ssthresh would be 5 and cwnd 1, and
  // the last segments would wait at least one more round trip of 2.52 s.
  for (const [kernel, probes] of [["linux-6.12", 1], ["linux-2.6.16", 0]] as const) {
    const { f, result, ssthresh } = await run({
      path: { forward: { delayMs: 10, shaper: { rateKBps: 10_000, limitBytes: 100_000 } }, reverse: { delayMs: 10, reorder: { rate: 1, extraDelayMs: 2500 } } },
      // from 1 ms: the model's timestamps are the send time in ns, and 0 reads as "no echo"
      tcp: { kernel },
      flows: [{ cc: "newreno", bytes: 20 * MSS, startMs: 1 }],
    });
    assert.deepEqual([f.lossProbes, f.timeouts, f.retransmits, f.undos], [probes, 1, 1, 1], kernel);
    assert.equal(ssthresh, INFINITE_SSTHRESH, kernel);
    assert.ok(result.completionTimeS! > 5.04 && result.completionTimeS! < 5.1, `${kernel}: completed at ${result.completionTimeS}`);
  }
});

test("tail loss probe (6.12, RFC 8985 §7): the last two segments lost are repaired in ≈ 4 RTTs, not by the RTO", async () => {
  // 10 segments, the last two (8, 9) lost. The ACK of 7 at ≈ 21 ms leaves 2 out: the probe timer
  // is 2·srtt + TCP_TIMEOUT_MIN (2 ms) ≈ 43 ms (tcp_schedule_loss_probe); with no new data it
  // retransmits segment 9 at ≈ 64 ms; its SACK at ≈ 84 ms lets RACK mark 8 lost (sent rack.rtt
  // + min_rtt/4 before): Recovery retransmits it, acked at ≈ 104 ms. 2.6.16 has no probe: FACK
  // sees no SACK, so the RTO (200 ms from the last ACK) repairs both, done after ≈ 240 ms.
  const tlp = await run(bulk(10, "linux-6.12"), { drops: { forward: [8, 9] } });
  assert.deepEqual([tlp.f.lossProbes, tlp.f.timeouts, tlp.f.fastRecoveries, tlp.f.retransmits], [1, 0, 1, 2]);
  assert.ok(tlp.result.completionTimeS! > 0.1 && tlp.result.completionTimeS! < 0.11, `6.12: completed at ${tlp.result.completionTimeS}`);
  const old = await run(bulk(10, "linux-2.6.16"), { drops: { forward: [8, 9] } });
  assert.deepEqual([old.f.lossProbes, old.f.timeouts], [0, 1]);
  assert.ok(old.result.completionTimeS! > 0.24, `2.6.16: completed at ${old.result.completionTimeS}`);
});

test("local congestion: a segment the sender's own queue refuses enters CWR and is sent later, not retransmitted", async () => {
  // an 8 Mbit/s NIC with room for 3 frames: of the first flight of 10, 1 goes on the wire, 3 wait,
  // the rest are refused (NET_XMIT_DROP → tcp_enter_cwr); they stay unsent and leave as ACKs
  // come back. Nothing is lost on the path, so nothing is retransmitted.
  for (const [kernel, sack] of [["linux-6.12", true], ["linux-2.6.16", true], ["linux-6.12", false]] as const) {
    const { f, result } = await run({
      path: { lineRateMbps: 8, hostQueueBytes: 3 * 1514, forward: { delayMs: 10 }, reverse: { delayMs: 10 } },
      ...bulk(40, kernel, sack),
    });
    assert.ok(f.localDrops > 0, `${kernel} sack ${sack}: no local drop`);
    assert.deepEqual([f.retransmits, f.timeouts, f.fastRecoveries], [0, 0, 0], `${kernel} sack ${sack}`);
    assert.equal(result.links.find((l) => l.name.endsWith("-nic"))!.drops, f.localDrops);
  }
});

test("TCP small queues (6.12): the flow keeps its own NIC queue short; 2.6.16 fills it and backs off by CWR", async () => {
  // The fast path's 1 Gbit/s NIC is its bottleneck (the shaper allows 200 MB/s) with a 1.514 MB
  // queue. 6.12's tcp_small_queue_check holds the flow once ~1 ms of its pacing rate (2·cwnd·mss/srtt
  // in slow start, ≥ 2 frames, ≤ tcp_limit_output_bytes = 4 MiB) sits below TCP and sends again on
  // TX completion: the queue never fills. 2.6.16 has no TSQ: slow start fills the queue, the NIC
  // refuses a segment and the flow enters CWR (no retransmission either way).
  const fast = { lineRateMbps: 1000, forward: { delayMs: 10, shaper: { rateKBps: 200_000, burstBytes: 10_500, limitBytes: 10_500 } }, reverse: { delayMs: 0 } };
  const nic = (r: { links: { name: string; maxQueuedBytes: number }[] }) => r.links.find((l) => l.name === "sender-nic")!.maxQueuedBytes;
  const now = await run({ path: fast, ...bulk(10_000, "linux-6.12") });
  assert.equal(now.f.localDrops, 0);
  assert.ok(nic(now.result) < 1_514_000 / 2, `6.12: NIC queue reached ${nic(now.result)} B`);
  const old = await run({ path: fast, ...bulk(10_000, "linux-2.6.16") });
  assert.deepEqual([old.f.localDrops, old.f.retransmits, nic(old.result)], [1, 0, 1_514_000]);
});
