// FoxyVegas under random paths and guests: it never raises an advertised window, the guest's data
// never goes beyond the window the VMM showed it, and every byte still arrives exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { CONGESTION_CONTROLS } from "../host/congestion.ts";
import { runScenario } from "../test/helpers.ts";
import { CAPTURE_COLUMNS, POINT_VNIC, POINT_WIRE } from "../host/pcap.ts";

const W = CAPTURE_COLUMNS.length;
const col = (n: (typeof CAPTURE_COLUMNS)[number]) => CAPTURE_COLUMNS.indexOf(n);
const KIND_ACK = 2n;

test("FoxyVegas: windows only shrink, the guest stays inside them, delivery is exact", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...CONGESTION_CONTROLS),
      fc.integer({ min: 200, max: 20_000 }), // bottleneck KB/s
      fc.integer({ min: 0, max: 30 }), // one-way delay, ms
      fc.integer({ min: 3000, max: 60_000 }), // queue, bytes
      fc.integer({ min: 100_000, max: 2_000_000 }), // transfer, bytes
      fc.integer({ min: 0, max: 1000 }), // seed
      async (cc, rateKBps, delayMs, limitBytes, bytes, seed) => {
        const wireWnd = new Map<string, bigint>();
        let acksToGuest = 0;
        const { result } = await runScenario(
          {
            name: "foxy-prop",
            seed,
            path: { forward: { delayMs, shaper: { rateKBps, limitBytes } } },
            tcp: { rcvBufBytes: 1_000_000 },
            sender: { placement: "guest", vmm: { policy: "foxyvegas" } },
            flows: [{ cc, bytes }],
          },
          {
            onCapture: (v) => {
              for (let r = 0; r < v.length / W; r++) {
                if (v[r * W + col("kind")] !== KIND_ACK) continue;
                const key = `${v[r * W + col("ack")]}/${v[r * W + col("tsVal")]}`;
                const wnd = v[r * W + col("wndBytes")]!;
                const point = Number(v[r * W + col("point")]);
                if (point === POINT_WIRE) wireWnd.set(key, wnd);
                else if (point === POINT_VNIC) {
                  acksToGuest++;
                  const before = wireWnd.get(key);
                  assert.ok(before !== undefined, `ACK ${key} reached the guest without crossing the wire`);
                  assert.ok(wnd <= before, `ACK ${key}: window raised from ${before} to ${wnd}`);
                }
              }
            },
          },
        );
        assert.ok(acksToGuest > 0);
        assert.equal(result.bytesDelivered, bytes);
        assert.equal(result.flows[0]!.windowViolations, 0);
        assert.equal(result.flows[0]!.vmm!.edgeViolations, 0, "guest data beyond the window the VMM showed it");
        const c = result.conservation;
        assert.equal(c.injected, c.delivered + c.dropped + c.inNetwork);
      },
    ),
    { numRuns: 40 },
  );
});
