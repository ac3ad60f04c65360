// Correctness under loss and reordering, for every congestion control: whatever the network drops
// (data, retransmissions, ACKs) and however it reorders them (a share of packets held back in
// either direction), the receiver gets every byte exactly once and in order, packets are
// conserved, and the sender never has more in flight than min(cwnd, rwnd) allows — with SACK
// (either kernel profile) and without. With SACK, the blocks only ever name data the receiver
// holds, the scoreboard never resends what it knows delivered, and Recovery sends within the
// profile's bound (PRR's quota or rate-halving's one segment per ACK).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { CONGESTION_CONTROLS } from "../host/congestion.ts";
import { runScenario } from "../test/helpers.ts";
import { TRACE_COLUMNS } from "../host/simulate.ts";

const MSS = 1448;
const PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

// The receiver's FNV-1a hash over delivered segment offsets, for in-order delivery of every segment.
function expectedHash(bytes: number): bigint {
  let h = 0xcbf29ce484222325n;
  for (let seq = 0; seq < bytes; seq += MSS) h = ((h ^ BigInt(seq)) * PRIME) & MASK;
  return h;
}

// netem-style reordering on one direction: none, or a share of packets held back up to 30 ms
const reorder = fc.option(fc.record({ rate: fc.double({ min: 0.001, max: 0.3, noNaN: true }), extraDelayMs: fc.integer({ min: 1, max: 30 }) }), { nil: undefined });

const sortedUnique = (max: number, len: number) => fc.uniqueArray(fc.integer({ min: 0, max }), { maxLength: len }).map((a) => a.sort((x, y) => x - y));

test("every byte exactly once, in order, for any drop pattern and any reordering (data and ACKs)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...CONGESTION_CONTROLS),
      fc.integer({ min: 1, max: 300_000 }),
      sortedUnique(400, 40),
      sortedUnique(200, 20),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom(
        { sack: true, kernel: "linux-6.12" as const },
        { sack: true, kernel: "linux-2.6.16" as const },
        { sack: false, kernel: "linux-6.12" as const },
      ),
      reorder,
      reorder,
      fc.integer({ min: 1, max: 1000 }),
      async (cc, bytes, dataDrops, ackDrops, delayMs, tcp, reorderData, reorderAcks, seed) => {
        const input = {
          name: "drops",
          seed,
          path: {
            forward: { delayMs, shaper: { rateKBps: 5000, limitBytes: 60_000 }, ...(reorderData ? { reorder: reorderData } : {}) },
            reverse: { delayMs: 1, ...(reorderAcks ? { reorder: reorderAcks } : {}) },
          },
          tcp: { rcvBufBytes: 200_000, ...tcp },
          flows: [{ cc, bytes }],
          trace: { periodMs: 1 },
        };
        const { result, trace } = await runScenario(input, { drops: { forward: dataDrops, reverse: ackDrops }, withTrace: true });
        assert.equal(result.completionTimeS !== null, true, "the transfer completes");
        assert.equal(result.bytesDelivered, bytes);
        const core = result.flows[0]!;
        assert.equal(core.bytesDelivered, bytes);
        const c = result.conservation;
        assert.equal(c.injected, c.delivered + c.dropped + c.inNetwork);
        // in-order delivery of every segment, checked through the receiver's hash
        assert.equal(deliveryHashOf(result), expectedHash(bytes));
        // new data only within min(cwnd, rwnd), checked by the core at every transmission
        assert.equal(core.windowViolations, 0);
        // floors: cwnd ≥ 1 segment (after an RTO), ssthresh ≥ 2 (tcp_reno_ssthresh and kin)
        assert.ok(core.minCwnd >= 1, `cwnd fell to ${core.minCwnd}`);
        assert.ok(core.minSsthresh >= 2, `ssthresh fell to ${core.minSsthresh}`);
        // SACK: blocks name only data the receiver holds (checked against the receiver at every ACK),
        // no retransmission of SACKed data, Recovery within the profile's bound
        assert.equal(core.sackLies, 0, "a SACK block named data the receiver did not hold");
        assert.equal(core.lostButSacked, 0, "the scoreboard resent data it knew delivered");
        assert.equal(core.recoveryOverruns, 0, "Recovery sent beyond the profile's bound");
        // and the sampled trace never shows the receiver's window overrun by more than one probe
        const w = TRACE_COLUMNS.length;
        const inflightCol = TRACE_COLUMNS.indexOf("inflight_bytes");
        const rwndCol = TRACE_COLUMNS.indexOf("rwnd_bytes");
        for (let r = 0; r < trace!.rows; r++)
          assert.ok(trace!.data[r * w + inflightCol]! <= trace!.data[r * w + rwndCol]! + MSS, `trace row ${r}: flight beyond rwnd`);
      },
    ),
    { numRuns: 90 },
  );
});

function deliveryHashOf(result: { flows: { deliveryHash: string }[] }): bigint {
  return BigInt(result.flows[0]!.deliveryHash);
}
