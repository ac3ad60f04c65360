// FoxyIdle's storage world under arbitrary small workloads, and the request queue under arbitrary
// bios: no request lost or served twice; a background request never starts inside an active
// preemption interval unless the VMM took it for foreground (misattribution, counted); noop
// dispatches in FIFO order after merging; the drive never serves two commands at once.
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseStorageScenario, type StorageScenarioInput } from "../../storage/scenario.ts";
import { simulateStorage } from "../../storage/simulate.ts";
import { BlockHarness, BlockStat } from "../../core.ts";
import { elevatorId, ELEVATORS } from "../../storage/elevators.ts";
import { loadNodeCore } from "../../node.ts";
import { property, type Suite } from "../property.ts";

const proc = fc.record({
  workload: fc.constantFrom("sequential" as const, "random" as const),
  fileKB: fc.integer({ min: 4, max: 2048 }),
  background: fc.boolean(),
  startMs: fc.integer({ min: 0, max: 50 }),
  reads: fc.integer({ min: 1, max: 40 }),
  readKB: fc.constantFrom(4, 8, 32, 128),
  cpuPerReadUs: fc.integer({ min: 0, max: 3000 }),
});

// the host under the guest: its elevator, dom0's backend CPU (vmm/device.ts) and the vCPU's wake-up
const machine = fc.record({
  elevator: fc.constantFrom(...ELEVATORS),
  perRequestUs: fc.constantFrom(0, 0, 5, 40, 300),
  backendPeriodUs: fc.constantFrom(0, 0, 100, 1000),
  guestIrqUs: fc.constantFrom(0, 0, 20, 500, 5000),
  guestIrqDist: fc.constantFrom("constant" as const, "exponential" as const, "uniform" as const),
});

export const worldCase = fc.tuple(
  fc.array(proc, { minLength: 1, maxLength: 4 }),
  fc.constantFrom("none" as const, "foxyidle" as const),
  fc.integer({ min: 0, max: 30 }),
  fc.constantFrom("completion" as const, "issue" as const),
  fc.integer({ min: 0, max: 20_000 }),
  fc.integer({ min: 0, max: 2 ** 31 }),
  machine,
);
export type WorldCase = typeof worldCase extends fc.Arbitrary<infer T> ? T : never;

// The case as the storage scenario document `foxsim disk` runs.
export function worldScenario([procs, policy, piMs, intervalStart, notifyDelayUs, seed, m]: WorldCase): StorageScenarioInput {
  return {
    seed,
    guest: { elevator: m.elevator },
    vmm: { policy, preemptionIntervalMs: piMs, intervalStart, notifyDelayUs, perRequestUs: m.perRequestUs, backendPeriodUs: m.backendPeriodUs, guestIrqUs: m.guestIrqUs, guestIrqDist: m.guestIrqDist },
    processes: procs.map((p, i) => ({
      name: `p${i}`, workload: p.workload, fileMB: p.fileKB / 1024, background: p.background, startMs: p.startMs,
      ...(p.workload === "random" ? { reads: p.reads } : {}), readKB: p.readKB, cpuPerReadUs: p.cpuPerReadUs,
    })),
  };
}

const bioCase = fc.tuple(
  fc.array(fc.record({ gapUs: fc.integer({ min: 0, max: 3000 }), page: fc.integer({ min: 0, max: 40 }), pages: fc.integer({ min: 1, max: 4 }), write: fc.boolean(), sync: fc.boolean(), process: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 60 }),
  fc.constantFrom(0, 500_000, 3_000_000),
  fc.integer({ min: 1, max: 4 }),
);

export const storage: Suite = {
  name: "storage",
  summary: "FoxyIdle's storage world: every page and request accounted for, the idletime invariant, noop's FIFO order",
  properties: [
    property({
      name: "world",
      summary: "every page read once per read, every request through each layer once, the idletime invariant up to misattribution",
      runs: 100,
      arbitrary: worldCase,
      document: worldScenario,
      async check(v) {
        const [procs, policy] = v;
        const s = parseStorageScenario(worldScenario(v));
        const r = simulateStorage(await loadNodeCore(), s);
        procs.forEach((p, i) => {
          const got = r.processes[i]!;
          assert.notEqual(got.elapsedS, null, `p${i} finished`);
          const pages = Math.max(1, Math.floor(p.fileKB / 4)); // the scenario rounds a file down to whole pages
          if (p.workload === "sequential") assert.equal(got.pagesRead, pages, `p${i} read its ${pages} pages`);
          else assert.equal(got.pagesRead, p.reads * Math.min(p.readKB / 4, pages), `p${i}: ${p.reads} reads of ${p.readKB} KB`);
        });
        assert.equal(r.vmm.requests, r.guest.requests, "each guest request reaches the VMM once");
        assert.equal(r.dom0.requests, r.drive.commands, "each dom0 request is one drive command");
        assert.equal(r.drive.overlaps, 0, "one command at a time");
        // the run ends once in-flight I/O has drained (assembly/storage/world.ts): no work counted past the end
        assert.ok(r.drive.busyS <= r.simulatedS, `drive busy ${r.drive.busyS} s within the ${r.simulatedS} s simulated`);
        assert.ok(r.vmm.backgroundInInterval <= r.vmm.backgroundAsForeground, `${r.vmm.backgroundInInterval} background requests inside an interval, ${r.vmm.backgroundAsForeground} misattributed`);
        if (policy === "none") assert.equal(r.vmm.held, 0);
        // dom0's backend serves each request and each response once
        const m = v[6];
        assert.ok(Math.abs(r.dom0.backendBusyS - (2 * r.vmm.requests * m.perRequestUs) / 1e6) < 1e-9, `backend busy ${r.dom0.backendBusyS} s for ${r.vmm.requests} requests at ${m.perRequestUs} µs each way`);
      },
    }),
    property({
      name: "noop-fifo",
      summary: "noop dispatches in FIFO order of the requests' arrival after merging; every sector submitted is served exactly once",
      runs: 150,
      arbitrary: bioCase,
      document: ([bios, serviceNs, depth]) => ({ elevator: "noop", hz: 100, depth, serviceNs, bios }),
      async check([bios, serviceNs, depth]) {
        const h = new BlockHarness(await loadNodeCore(), elevatorId("noop"), { hz: 100, depth, serviceNs, logCapacity: 1000 });
        let t = 0;
        let sectors = 0;
        for (const b of bios) {
          t += b.gapUs * 1000;
          if (serviceNs === 0) while (h.stat(BlockStat.inDriver) > 0 && t > 0 && h.complete(t) >= 0 && h.stat(BlockStat.inDriver) > 2);
          h.submit({ atNs: t, sector: b.page * 8, sectors: b.pages * 8, write: b.write, sync: b.sync, process: b.process });
          sectors += b.pages * 8;
        }
        t += 100e6;
        h.advance(t);
        if (serviceNs === 0) while (h.complete(t) >= 0) h.advance(t);
        const taken = h.taken();
        for (let i = 1; i < taken.length; i++) assert.ok(taken[i]!.arrivedNs >= taken[i - 1]!.arrivedNs, `request ${i} arrived before request ${i - 1} yet was taken after it`);
        assert.equal(taken.reduce((a, r) => a + r.sectors, 0), sectors, "sectors served = sectors submitted");
        assert.equal(taken.reduce((a, r) => a + r.bios, 0), bios.length, "every bio in exactly one request");
        assert.equal(h.stat(BlockStat.biosCompleted), bios.length);
        assert.ok(taken.every((r) => r.completedNs >= r.takenNs));
      },
    }),
  ],
};
