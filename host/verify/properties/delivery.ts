// Correctness under loss and reordering, for every congestion control: whatever the network drops
// (data, retransmissions, ACKs) and however it reorders them (a share of packets held back in
// either direction), the receiver gets every byte exactly once and in order, packets are
// conserved, and the sender never has more in flight than min(cwnd, rwnd) allows — with SACK
// (either kernel profile) and without. With SACK, the blocks only ever name data the receiver
// holds, the scoreboard never resends what it knows delivered, and Recovery sends within the
// profile's bound (PRR's quota or rate-halving's one segment per ACK).
import assert from "node:assert/strict";
import fc from "fast-check";
import { CONGESTION_CONTROLS } from "../../congestion.ts";
import { loadNodeCore } from "../../node.ts";
import { parseScenario, type ScenarioInput } from "../../scenario.ts";
import { simulate, TRACE_COLUMNS } from "../../simulate.ts";
import { assertNetworkInvariants } from "../invariants.ts";
import { property, type Suite } from "../property.ts";

const MSS = 1448; // the schema's default tcp.mss

const sortedUnique = (max: number, len: number) => fc.uniqueArray(fc.integer({ min: 0, max }), { maxLength: len }).map((a) => a.sort((x, y) => x - y));

// netem-style reordering on one direction: none, or a share of packets held back up to 30 ms
const reorder = fc.option(fc.record({ rate: fc.double({ min: 0.001, max: 0.3, noNaN: true }), extraDelayMs: fc.integer({ min: 1, max: 30 }) }), { nil: undefined });
// Where the flow's two ends run (the machine layer): today's two native hosts, a guest sender, a
// guest receiver (behind its host's bridge and vNIC), or two co-resident guests (through one host's
// bridge, never on the wire: the drops below then never apply). VMs under the default Xen-2007 VMM
// (host/testbed.ts XEN_2007).
const PLACEMENTS = ["native", "guest-sender", "guest-receiver", "coresident"] as const;
function placementDocument(p: (typeof PLACEMENTS)[number]): Pick<ScenarioInput, "hosts" | "vms"> & { from?: string; to?: string } {
  const xen = (name: string) => ({ name, vmm: {} });
  if (p === "guest-sender") return { hosts: [xen("sender"), { name: "receiver" }], vms: [{ name: "vm1", host: "sender" }], from: "vm1", to: "receiver" };
  if (p === "guest-receiver") return { hosts: [{ name: "sender" }, xen("receiver")], vms: [{ name: "vm1", host: "receiver" }], from: "sender", to: "vm1" };
  if (p === "coresident") return { hosts: [xen("xen")], vms: [{ name: "vm1", host: "xen" }, { name: "vm2", host: "xen" }], from: "vm1", to: "vm2" };
  return {};
}

// A transfer through a small shaped queue with drops at chosen arrivals, forward (data) and reverse (ACKs).
export const dropCase = fc.record({
  cc: fc.constantFrom(...CONGESTION_CONTROLS),
  bytes: fc.integer({ min: 1, max: 300_000 }),
  dataDrops: sortedUnique(400, 40),
  ackDrops: sortedUnique(200, 20),
  delayMs: fc.integer({ min: 0, max: 40 }),
  tcp: fc.constantFrom(
    { sack: true, kernel: "linux-6.12" as const },
    { sack: true, kernel: "linux-2.6.16" as const },
    { sack: false, kernel: "linux-6.12" as const },
  ),
  reorderData: reorder,
  reorderAcks: reorder,
  seed: fc.integer({ min: 1, max: 1000 }),
  placement: fc.constantFrom(...PLACEMENTS),
});
export type DropCase = typeof dropCase extends fc.Arbitrary<infer T> ? T : never;

export function dropCaseDocument(v: DropCase): { scenario: ScenarioInput; drops: { forward: number[]; reverse: number[] } } {
  const { from, to, ...machines } = placementDocument(v.placement);
  const ends = from === undefined ? {} : { from, to };
  return {
    scenario: {
      name: "drops",
      seed: v.seed,
      path: {
        forward: { delayMs: v.delayMs, shaper: { rateKBps: 5000, limitBytes: 60_000 }, ...(v.reorderData ? { reorder: v.reorderData } : {}) },
        reverse: { delayMs: 1, ...(v.reorderAcks ? { reorder: v.reorderAcks } : {}) },
      },
      tcp: { rcvBufBytes: 200_000, ...v.tcp },
      ...machines,
      flows: [{ cc: v.cc, bytes: v.bytes, ...ends }],
      trace: { periodMs: 1 },
    },
    drops: { forward: v.dataDrops, reverse: v.ackDrops }, // arrival indices dropped at the bottleneck and on the ACK path
  };
}

export async function runDropCase(v: DropCase) {
  const doc = dropCaseDocument(v);
  const scenario = parseScenario(doc.scenario);
  return { scenario, ...simulate(await loadNodeCore(), scenario, { drops: doc.drops, withTrace: true }) };
}

export const delivery: Suite = {
  name: "delivery",
  summary: "exact in-order delivery, conservation and window bounds under arbitrary drops and reordering, wherever the two ends run",
  properties: [
    property({
      name: "exact-delivery",
      summary: "every byte exactly once, in order, for any drop pattern and reordering (data and ACKs) and placement (native, guest sender, guest receiver, co-resident guests)",
      runs: 90,
      arbitrary: dropCase,
      document: dropCaseDocument,
      async check(v) {
        const { scenario, result, trace } = await runDropCase(v);
        assertNetworkInvariants(scenario, result);
        assert.equal(result.bytesDelivered, v.bytes);
        // and the sampled trace never shows the receiver's window overrun by more than one probe
        const w = TRACE_COLUMNS.length;
        const inflightCol = TRACE_COLUMNS.indexOf("inflight_bytes");
        const rwndCol = TRACE_COLUMNS.indexOf("rwnd_bytes");
        for (let r = 0; r < trace!.rows; r++)
          assert.ok(trace!.data[r * w + inflightCol]! <= trace!.data[r * w + rwndCol]! + MSS, `trace row ${r}: flight beyond rwnd`);
      },
    }),
  ],
};
