// The host's disk (assembly/dev/disk.ts) as the FVM pager uses it: its service-time model and the
// write-back that a fault puts in front of its read, checked by conservation on thrashing runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FvmHost, FvmStat } from "../host/core-fvm.ts";
import { parseFvmScenario } from "../host/fvm/scenario.ts";
import { fvmCoreParams } from "../host/fvm/simulate.ts";
import { newCore } from "./helpers.ts";

const NS_PER_MS = 1e6;

// 6 VMs × 50 benchmark threads in 400 MB: the working sets do not fit (Figure 5's right end), and
// the disk is busy nearly all the time, with faults of several VMs waiting
async function thrash(readMs: number, writeMs: number) {
  const s = parseFvmScenario({
    vms: 6, durationS: 60, warmupS: 0,
    host: { swapReadMsPerChunk: readMs, swapWriteMsPerChunk: writeMs },
    workload: { kind: "benchmark", threadsPerVm: 50 }, fvm: { enabled: false },
  });
  const params = fvmCoreParams(s);
  const host = new FvmHost(await newCore(), params, new Array<number>(6).fill(50), s.seed);
  while (!host.step(1e6));
  return { host, params, stat: (k: keyof typeof FvmStat) => host.stat(FvmStat[k]) };
}

test("fvm disk: with free reads, its busy time is exactly one chunk write per eviction", async () => {
  const { stat } = await thrash(0, 10);
  assert.ok(stat("evictions") > 100, `evictions ${stat("evictions")}`);
  // every eviction is a reclaim at the start of a fault, which writes the victim back first
  assert.equal(stat("diskBusyNs"), stat("evictions") * 10 * NS_PER_MS);
});

test("fvm disk: one request at a time, faults queue behind each other", async () => {
  const { stat, params } = await thrash(20, 10);
  const faults = stat("diskFaults");
  assert.ok(faults > 100, `faults ${faults}`);
  // each fault costs a write-back (memory is full) and a read (its chunk was paged out) at most
  assert.ok(stat("diskBusyNs") <= faults * 30 * NS_PER_MS);
  // served one at a time: busy no longer than the run, plus the request in service at its end; and
  // busy nearly all of it (> 90 %: the CPU waits for the disk)
  assert.ok(stat("diskBusyNs") <= stat("nowNs") + 30 * NS_PER_MS, `busy ${stat("diskBusyNs")} ns in ${stat("nowNs")} ns`);
  assert.ok(stat("diskBusyNs") > 0.9 * stat("nowNs"));
  // while the disk fills a frame that frame is neither free nor holding a resident chunk
  assert.ok(stat("residentChunks") <= params.frames - 1);
});
