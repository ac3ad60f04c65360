// What every storage run (host/storage/simulate.ts) must hold, whatever its scenario and seed: the
// drive serves one command at a time; a background request starts inside an active preemption
// interval only when the VMM took it for foreground (seed 001 §5.1's idletime invariant, up to the
// misattributions it counts); without a policy nothing is held. When every process has exited:
// each read its pages (a sequential file once, each random read its pages), every request went
// through each layer once, the drive busy no longer than the run. Used by `verify <storage scenario>`; the storage suite
// states these checks on its generated worlds.
import assert from "node:assert/strict";
import type { StorageScenario } from "../storage/scenario.ts";
import type { StorageResult } from "../storage/simulate.ts";

const PAGE_KB = 4;

export function assertStorageInvariants(s: StorageScenario, r: StorageResult): void {
  assert.equal(r.drive.overlaps, 0, "one command at a time");
  assert.ok(r.vmm.backgroundInInterval <= r.vmm.backgroundAsForeground, `${r.vmm.backgroundInInterval} background requests inside an interval, ${r.vmm.backgroundAsForeground} misattributed`);
  if (s.vmm.policy === "none") assert.equal(r.vmm.held, 0, "no policy holds no request");
  if (s.stopTimeS === 0) r.processes.forEach((p) => assert.notEqual(p.elapsedS, null, `${p.name} finished (no stopTimeS)`));
  if (r.processes.some((p) => p.elapsedS === null)) return; // stopped early: requests may be on their way
  s.processes.forEach((p, i) => {
    const got = r.processes[i]!;
    if (p.fileMB === undefined) return; // grep, updatedb: the tree decides how many pages
    const pages = Math.max(1, Math.floor((p.fileMB * 1024) / PAGE_KB)); // the scenario rounds a file down to whole pages
    if (p.workload === "sequential") assert.equal(got.pagesRead, pages, `${p.name} read its ${pages} pages`);
    else assert.equal(got.pagesRead, p.reads! * Math.min(p.readKB / PAGE_KB, pages), `${p.name}: ${p.reads} reads of ${p.readKB} KB`);
  });
  // The run ends only when the guest's in-flight I/O has drained (assembly/storage/world.ts), so
  // every request the VMM saw was completed by the guest, every drive command by dom0, and no
  // drive time lies past the end.
  assert.equal(r.guest.requests, r.vmm.requests, "each guest request reaches the VMM once");
  assert.equal(r.dom0.requests, r.drive.commands, "each dom0 request is one drive command");
  assert.ok(r.drive.busyS <= r.simulatedS, `drive busy ${r.drive.busyS} s within the ${r.simulatedS} s simulated`);
}
