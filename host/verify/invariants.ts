// The invariants every network run must hold, whatever its scenario, drops and seed: packets
// conserved, every byte of a finished flow delivered exactly once and in order, no data beyond
// min(cwnd, rwnd), the window floors, the SACK checks the core keeps, and a VMM that never lets a
// guest post beyond the window it showed. Shared by the delivery property and `verify <scenario>`.
import assert from "node:assert/strict";
import type { Scenario } from "../scenario.ts";
import type { SimResult } from "../simulate.ts";

const FNV_OFFSET = 0xcbf29ce484222325n; // FNV-1a 64-bit (assembly's flowDeliveryHash)
const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

// The receiver's hash when every segment of a `bytes` transfer arrived once, in order.
export function inOrderHash(bytes: number, mss: number): bigint {
  let h = FNV_OFFSET;
  for (let seq = 0; seq < bytes; seq += mss) h = ((h ^ BigInt(seq)) * FNV_PRIME) & MASK64;
  return h;
}

export function assertNetworkInvariants(s: Scenario, r: SimResult): void {
  const c = r.conservation;
  assert.equal(c.injected, c.delivered + c.dropped + c.inNetwork, "packets conserved: injected = delivered + dropped + in network");
  if (s.stopTimeS === 0) assert.notEqual(r.completionTimeS, null, "the transfer completes (no stopTimeS)");
  r.flows.forEach((f, i) => {
    const want = s.flows[i]!.bytes;
    if (f.completionTimeS !== null && want > 0) {
      assert.equal(f.bytesDelivered, want, `flow ${i}: bytes delivered`);
      assert.equal(BigInt(f.deliveryHash), inOrderHash(want, s.tcp.mss), `flow ${i}: every segment once and in order (receiver's hash)`);
    }
    assert.equal(f.windowViolations, 0, `flow ${i}: new data beyond min(cwnd, rwnd)`);
    // floors: cwnd ≥ 1 segment (after an RTO), ssthresh ≥ 2 (tcp_reno_ssthresh and kin)
    assert.ok(f.minCwnd >= 1, `flow ${i}: cwnd fell to ${f.minCwnd}`);
    assert.ok(f.minSsthresh >= 2, `flow ${i}: ssthresh fell to ${f.minSsthresh}`);
    assert.equal(f.sackLies, 0, `flow ${i}: a SACK block named data the receiver did not hold`);
    assert.equal(f.lostButSacked, 0, `flow ${i}: the scoreboard resent data it knew delivered`);
    assert.equal(f.recoveryOverruns, 0, `flow ${i}: Recovery sent beyond the profile's bound`); // checked core only
    assert.equal(f.vmm?.edgeViolations ?? 0, 0, `flow ${i}: guest data beyond the window the VMM showed it`);
  });
}
