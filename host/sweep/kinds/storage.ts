// Storage scenarios (`foxsim disk`, FoxyIdle, seed 001 §5): guest processes reading through the
// guest's and dom0's I/O schedulers and the VMM's disk policy to one drive.
import { parseStorageScenario, type StorageScenario } from "../../storage/scenario.ts";
import { simulateStorage, type StorageResult } from "../../storage/simulate.ts";
import type { SweepKind, Summary } from "./types.ts";

// The Linux-2.6.16-like tree takes about 260 MB on disk (assembly/fs/linux-tree.ts); grep reads it
// all. updatedb reads only directories and inodes, but seek-bound: counted as the same (our estimate,
// used only to order runs).
const TREE_MB = 260;

// Per process its elapsed time (null: still running at stopTimeS), keyed by its name (names are
// unique in a scenario); then what the VMM held and misattributed and how busy the drive was.
export function summariseStorage(r: StorageResult): Summary {
  return {
    ...Object.fromEntries(r.processes.map((p) => [`${p.name}.elapsedS`, p.elapsedS])),
    "vmm.requests": r.vmm.requests,
    "vmm.held": r.vmm.held,
    "vmm.meanHoldMs": r.vmm.meanHoldMs,
    "vmm.misattributed": r.vmm.misattributed,
    "vmm.backgroundAsForeground": r.vmm.backgroundAsForeground,
    "vmm.backgroundInInterval": r.vmm.backgroundInInterval,
    "drive.commands": r.drive.commands,
    "drive.busyS": r.drive.busyS,
    simulatedS: r.simulatedS,
    events: r.events,
  };
}

export const storage: SweepKind<StorageScenario> = {
  marker: "processes",
  looksLike: (doc) => "processes" in doc,
  parse: parseStorageScenario,
  // runs scale with the data read: files, random reads, tree walks (a stop time is not counted)
  cost: (s) => s.processes.reduce((mb, p) => mb + (p.workload === "random" ? ((p.reads ?? 0) * p.readKB) / 1024 : (p.fileMB ?? TREE_MB)), 0),
  summarise: (core, s) => summariseStorage(simulateStorage(core, s)),
};
