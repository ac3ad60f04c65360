// foxsim disk --plot: the virtual disk's timeline is read from the run's I/O log, every request
// matched from its arrival at the VMM to its sending on, every held one drawn with its hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStorageScenario } from "../host/storage/scenario.ts";
import { simulateStorage } from "../host/storage/simulate.ts";
import { timelineSpec, vmmRequests } from "../host/storage/timeline.ts";
import { renderSvg } from "../host/report/vega.ts";
import { newCore } from "./helpers.ts";

const scenario = parseStorageScenario({
  guest: { elevator: "noop" },
  vmm: { policy: "foxyidle", preemptionIntervalMs: 5 },
  processes: [
    { name: "fg", workload: "sequential", fileMB: 8 },
    { name: "bg", workload: "sequential", fileMB: 8, background: true },
  ],
});

test("every VMM request is matched, held ones with their hold; the plot draws each held one", async () => {
  const r = simulateStorage(await newCore(), scenario, { ioLogCapacity: 100_000 });
  const reqs = vmmRequests(r);
  assert.equal(reqs.length, r.vmm.requests);
  // with a backend that costs nothing, a request waits in the VMM only when FoxyIdle holds it
  const held = reqs.filter((q) => q.sentNs > q.arrivedNs);
  assert.equal(held.length, r.vmm.held);
  assert.ok(held.every((q) => q.process === "bg"), "FoxyIdle held only the background here");
  const meanHoldMs = held.reduce((a, q) => a + (q.sentNs - q.arrivedNs), 0) / held.length / 1e6;
  assert.ok(Math.abs(meanHoldMs - r.vmm.meanHoldMs) < 1e-6, `mean hold ${meanHoldMs} ms vs the run's ${r.vmm.meanHoldMs} ms`);
  const spec = timelineSpec(r) as unknown as { layer: { data: { values: unknown[] } }[] };
  assert.equal(spec.layer[0]!.data.values.length, held.filter((q) => q.sentNs - q.arrivedNs >= 1e6).length, "holds of 1 ms or more are lines");
  assert.ok(held.some((q) => q.sentNs - q.arrivedNs >= 1e6));
  assert.match(await renderSvg(timelineSpec(r)), /^<svg/);
});

test("the timeline refuses a run without its I/O log", async () => {
  const r = simulateStorage(await newCore(), scenario);
  assert.throws(() => timelineSpec(r), /needs the run's I\/O log/);
});
