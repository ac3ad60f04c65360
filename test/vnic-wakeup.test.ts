// The guest wake-up delay of the virtual NIC (assembly/vmm/vnic.ts) and its distribution, seen
// where a guest sees it: its TCP's RTT samples. With no backend cost and no batching, a guest's
// RTT is the native RTT plus the wake-up delay before the guest takes each ACK.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadNodeCore } from "../host/node.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import type { WakeDistribution } from "../host/vmm.ts";

const WAKE_MS = 2;

async function rtts(placement: "native" | "guest", dist: WakeDistribution = "exponential"): Promise<number[]> {
  const s = parseScenario({
    // 10 Gbit/s and a 64 KB window: queueing stays below ~50 µs, far under the 2 ms wake-up
    path: { lineRateMbps: 10_000, forward: { delayMs: 5 }, reverse: { delayMs: 5 } },
    tcp: { rcvBufBytes: 65_536 },
    sender: { placement, virtualization: { perPacketUs: 0, backendPeriodUs: 0, guestWakeupUs: WAKE_MS * 1000, guestWakeupDistribution: dist } },
    flows: [{ bytes: 3_000_000 }],
  });
  return simulate(await loadNodeCore(), s, { rttSamples: 100_000 }).rtts!.tcpMs;
}

test("guest wake-up: constant adds exactly its delay; uniform stays within [0, 2·mean]; exponential goes beyond", async () => {
  const base = Math.min(...(await rtts("native")));
  const excess = async (d: WakeDistribution) => (await rtts("guest", d)).map((r) => r - base);
  const constant = await excess("constant");
  const uniform = await excess("uniform");
  const exponential = await excess("exponential");
  for (const xs of [constant, uniform, exponential]) assert.ok(xs.length > 100, `${xs.length} samples`);
  const TOL = 0.1; // ms of queueing and delayed-ACK timing
  assert.ok(Math.min(...constant) >= WAKE_MS - TOL && Math.max(...constant) <= WAKE_MS + TOL, `constant: ${Math.min(...constant)}..${Math.max(...constant)} ms`);
  assert.ok(Math.min(...uniform) >= -TOL && Math.max(...uniform) <= 2 * WAKE_MS + TOL, `uniform: ${Math.min(...uniform)}..${Math.max(...uniform)} ms`);
  assert.ok(Math.min(...uniform) < WAKE_MS / 2, "uniform draws short delays too");
  // both random delays have the configured mean (per wake-up; the ACKs of a burst share one, so
  // the sample mean wanders: ±20 % seen over seeds 1–3)
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const [name, xs] of [["uniform", uniform], ["exponential", exponential]] as const) assert.ok(Math.abs(mean(xs) / WAKE_MS - 1) < 0.3, `${name} mean ${mean(xs)} ms`);
  // P(X > 2·mean) = e^-2 ≈ 13.5 % for an exponential delay: hundreds of samples see some
  assert.ok(Math.max(...exponential) > 2 * WAKE_MS + TOL, `exponential max ${Math.max(...exponential)} ms`);
});

test("an unknown wake-up distribution is refused by the schema, naming the field", () => {
  assert.throws(() => parseScenario({ sender: { placement: "guest", virtualization: { guestWakeupDistribution: "pareto" } }, flows: [{ bytes: 1 }] }), /sender\.virtualization\.guestWakeupDistribution: got "pareto"; must be one of exponential, constant, uniform/);
});
