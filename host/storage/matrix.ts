// Every VMM disk policy against every guest I/O scheduler this build carries, for one storage
// scenario (the disk counterpart of `foxsim matrix`): each process's execution time per cell.
import type { Core } from "../core.ts";
import { ELEVATORS } from "./elevators.ts";
import { DISK_POLICIES } from "./policies.ts";
import { parseStorageScenario, type StorageScenario } from "./scenario.ts";
import { simulateStorage, type StorageOptions } from "./simulate.ts";

export interface DiskMatrixRow {
  elevator: string;
  policy: string;
  seconds: Record<string, number | null>; // per process name; null: still running at stopTimeS
}

export interface DiskMatrixProgress {
  onCell?: (done: number, total: number, label: string) => void; // before each cell: how many are done, which one runs
  onProgress?: StorageOptions["onProgress"]; // within the cell's run
}

export async function diskMatrix(newCore: () => Promise<Core>, s: StorageScenario, progress: DiskMatrixProgress = {}): Promise<DiskMatrixRow[]> {
  const rows: DiskMatrixRow[] = [];
  const total = ELEVATORS.length * DISK_POLICIES.length;
  for (const elevator of ELEVATORS) {
    for (const policy of DISK_POLICIES) {
      progress.onCell?.(rows.length, total, `${elevator}/${policy}`);
      const cell = parseStorageScenario({ ...s, guest: { ...s.guest, elevator }, vmm: { ...s.vmm, policy } });
      const r = simulateStorage(await newCore(), cell, { onProgress: progress.onProgress });
      rows.push({ elevator, policy, seconds: Object.fromEntries(r.processes.map((p) => [p.name, p.elapsedS])) });
    }
  }
  return rows;
}
