// The VMM boundary under FoxyVegas, for random paths and guests: it never raises an advertised
// window, the guest's data never goes beyond the window the VMM showed it, and every byte still
// arrives exactly once.
import assert from "node:assert/strict";
import fc from "fast-check";
import { CONGESTION_CONTROLS } from "../../congestion.ts";
import { loadNodeCore } from "../../node.ts";
import { CAPTURE_COLUMNS, POINT_VNIC, POINT_WIRE } from "../../pcap.ts";
import { parseScenario, type ScenarioInput } from "../../scenario.ts";
import { simulate } from "../../simulate.ts";
import { assertNetworkInvariants } from "../invariants.ts";
import { property, type Suite } from "../property.ts";

const W = CAPTURE_COLUMNS.length;
const col = (n: (typeof CAPTURE_COLUMNS)[number]) => CAPTURE_COLUMNS.indexOf(n);
const KIND_ACK = 2n; // capture column "kind": 1 data, 2 ACK (docs/ABI.md)

const guestCase = fc.record({
  cc: fc.constantFrom(...CONGESTION_CONTROLS),
  rateKBps: fc.integer({ min: 200, max: 20_000 }), // bottleneck
  delayMs: fc.integer({ min: 0, max: 30 }), // one way
  limitBytes: fc.integer({ min: 3000, max: 60_000 }), // bottleneck queue
  bytes: fc.integer({ min: 100_000, max: 2_000_000 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});
type GuestCase = typeof guestCase extends fc.Arbitrary<infer T> ? T : never;

function guestScenario(v: GuestCase): ScenarioInput {
  return {
    name: "foxy-prop",
    seed: v.seed,
    path: { forward: { delayMs: v.delayMs, shaper: { rateKBps: v.rateKBps, limitBytes: v.limitBytes } } },
    tcp: { rcvBufBytes: 1_000_000 },
    sender: { placement: "guest", vmm: { policy: "foxyvegas" } },
    flows: [{ cc: v.cc, bytes: v.bytes }],
  };
}

export const foxyvegas: Suite = {
  name: "foxyvegas",
  summary: "the VMM boundary: FoxyVegas only shrinks windows, the guest stays inside them",
  properties: [
    property({
      name: "vmm-boundary",
      summary: "windows only shrink, the guest stays inside them, delivery is exact",
      runs: 40,
      arbitrary: guestCase,
      document: guestScenario,
      async check(v) {
        const scenario = parseScenario(guestScenario(v));
        // each ACK's window as it crossed the physical NIC, by (ack, TSval), against the window the guest saw
        const wireWnd = new Map<string, bigint>();
        let acksToGuest = 0;
        const { result } = simulate(await loadNodeCore(), scenario, {
          onCapture: (rec) => {
            for (let r = 0; r < rec.length / W; r++) {
              if (rec[r * W + col("kind")] !== KIND_ACK) continue;
              const key = `${rec[r * W + col("ack")]}/${rec[r * W + col("tsVal")]}`;
              const wnd = rec[r * W + col("wndBytes")]!;
              const point = Number(rec[r * W + col("point")]);
              if (point === POINT_WIRE) wireWnd.set(key, wnd);
              else if (point === POINT_VNIC) {
                acksToGuest++;
                const before = wireWnd.get(key);
                assert.ok(before !== undefined, `ACK ${key} reached the guest without crossing the wire`);
                assert.ok(wnd <= before, `ACK ${key}: window raised from ${before} to ${wnd}`);
              }
            }
          },
        });
        assert.ok(acksToGuest > 0, "no ACK reached the guest");
        assert.equal(result.bytesDelivered, v.bytes);
        assertNetworkInvariants(scenario, result);
      },
    }),
  ],
};
