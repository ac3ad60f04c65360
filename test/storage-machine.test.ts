// The storage world on the machine layer: the guest's virtual disk is a device of
// assembly/vmm/device.ts (type "vdisk"), so each request and each response takes a pass on dom0's
// backend CPU (its per-request cost, in batches of its period) and a completion reaches the guest
// when its vCPU next runs. Read off the I/O trace of a lone random reader (one request at a time,
// readahead off): the backend is idle whenever a request arrives, so every delay is exact.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStorageScenario, type StorageScenarioInput } from "../host/storage/scenario.ts";
import { simulateStorage } from "../host/storage/simulate.ts";
import type { BlockTraceEvent } from "../host/iotrace/blktrace.ts";
import { newCore } from "./helpers.ts";

const lone = (vmm: StorageScenarioInput["vmm"]): StorageScenarioInput => ({
  guest: { elevator: "noop" },
  vmm,
  processes: [{ name: "r", workload: "random", fileMB: 64, reads: 40 }],
});
const run = async (input: StorageScenarioInput) => simulateStorage(await newCore(), parseStorageScenario(input), { ioLogCapacity: 10_000 });
const events = (r: Awaited<ReturnType<typeof run>>, device: string, action: string): BlockTraceEvent[] =>
  r.ioTrace!.devices.find((d) => d.name === device)!.events.filter((e) => e.action === action);

test("each request and each response costs one backend pass; the guest's interrupt comes a vCPU wake-up later", async () => {
  const costNs = 37_000;
  const irqNs = 120_000;
  const r = await run(lone({ perRequestUs: costNs / 1e3, guestIrqUs: irqNs / 1e3 }));
  const arrive = events(r, "vmm-vbd", "Q");
  const leave = events(r, "vmm-vbd", "D");
  const done = events(r, "vmm-vbd", "C");
  const guestDone = events(r, "guest-xvda", "C");
  assert.equal(arrive.length, 40);
  assert.deepEqual(leave.map((e, i) => e.timeNs - arrive[i]!.timeNs), arrive.map(() => costNs), "blkback's pass before dom0's queue");
  assert.deepEqual(guestDone.map((e, i) => e.timeNs - done[i]!.timeNs), done.map(() => costNs + irqNs), "the response's pass, then the vCPU's wake-up");
  assert.ok(Math.abs(r.dom0.backendBusyS - (2 * 40 * costNs) / 1e9) < 1e-12, `backend busy ${r.dom0.backendBusyS} s = 80 passes`);
});

test("the backend's period batches the ring: a request waits for the next period boundary, then its pass", async () => {
  const periodNs = 1_000_000;
  const costNs = 10_000;
  const r = await run(lone({ perRequestUs: costNs / 1e3, backendPeriodUs: periodNs / 1e3 }));
  const arrive = events(r, "vmm-vbd", "Q");
  const leave = events(r, "vmm-vbd", "D");
  for (const [i, d] of leave.entries()) {
    const boundary = (Math.floor(arrive[i]!.timeNs / periodNs) + 1) * periodNs;
    assert.equal(d.timeNs, boundary + costNs, `request ${i}: arrived ${arrive[i]!.timeNs} ns`);
  }
});

test("a zero-cost backend and an instant interrupt leave the disk path as it was: dom0 sees each request as it reaches the ring", async () => {
  const r = await run(lone({}));
  const arrive = events(r, "vmm-vbd", "Q");
  const leave = events(r, "vmm-vbd", "D");
  assert.deepEqual(leave.map((e) => e.timeNs), arrive.map((e) => e.timeNs));
  assert.equal(r.dom0.backendBusyS, 0);
});

test("the vCPU's wake-up distribution draws from the run's seed: same seed, same bytes; another seed, other times", async () => {
  const input = (seed: number) => ({ ...lone({ guestIrqUs: 500, guestIrqDist: "exponential" as const }), seed });
  const a = await run(input(1));
  const b = await run(input(1));
  const c = await run(input(2));
  const waits = (r: typeof a) => events(r, "guest-xvda", "C").map((e, i) => e.timeNs - events(r, "vmm-vbd", "C")[i]!.timeNs);
  assert.deepEqual(waits(a), waits(b));
  assert.notDeepEqual(waits(a), waits(c));
  assert.ok(new Set(waits(a)).size > 30, "exponential wake-ups differ from one completion to the next");
  const mean = waits(a).reduce((x, y) => x + y, 0) / 40;
  assert.ok(mean > 250_000 && mean < 1_000_000, `mean wake-up ${mean} ns for 500 µs`);
});
