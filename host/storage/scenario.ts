// The storage scenario: one guest (its processes, RAM, CPU tick, I/O scheduler) on a Xen 3.0.2 host
// (dom0's I/O scheduler, the VMM's disk policy) with the 2006 SATA drive, as seed 001 §5.3's
// testbed. Every field has its unit in its name, a range and a default; invalid input gets one line
// per problem naming the field, the value and what is allowed (host/schema.ts).
import { z } from "zod";
import { quantity, parseWith } from "../schema.ts";
import { ELEVATORS } from "./elevators.ts";
import { DISK_POLICIES } from "./policies.ts";

const elevatorName = z.enum(ELEVATORS as unknown as [string, ...string[]], { error: `must be one of ${ELEVATORS.join(", ")} (the I/O schedulers this build carries)` });
// Xen 3.0.2's kernels: CONFIG_DEFAULT_IOSCHED="anticipatory" (anchors §1.0); a build without it yet falls back to noop
export const DEFAULT_DOM0_ELEVATOR: string = (ELEVATORS as readonly string[]).includes("anticipatory") ? "anticipatory" : "noop";
const hz = z.union([z.literal(100), z.literal(250), z.literal(1000)], { error: "must be 100, 250 or 1000 (CONFIG_HZ; Xen 3.0.2: 100)" });

const guest = z.strictObject({
  // blkfront's VBD queue starts with noop (vbd.c elevator_init(rq, "noop"), anchors §1.0); the paper switched it per run
  elevator: elevatorName.default("noop"),
  hz: hz.default(100),
  ramMB: quantity({ unit: "guest memory, MB (seed 001 §5.3: 128)", min: 16, max: 65_536 }).default(128),
  // Our estimate: the guest kernel, its page tables and the processes keep this much out of the page cache.
  reservedMB: quantity({ unit: "guest memory not available to the page cache, MB", min: 0, max: 65_536 }).default(24),
});

const dom0 = z.strictObject({
  elevator: elevatorName.default(DEFAULT_DOM0_ELEVATOR),
  hz: hz.default(100),
});

const vmm = z.strictObject({
  policy: z.enum(DISK_POLICIES, { error: `must be one of ${DISK_POLICIES.join(", ")}` }).default("none"),
  preemptionIntervalMs: quantity({ unit: "FoxyIdle's preemption interval, ms: background requests wait this long after a foreground request (0: only while one is outstanding)", min: 0, max: 1e6 }).default(20),
  // seed 001 §5.1: the interval begins when a foreground request finishes; Eggert & Touch's code begins it at issue
  intervalStart: z.enum(["completion", "issue"], { error: 'must be "completion" (seed 001 §5.1) or "issue" (Eggert & Touch)' }).default("completion"),
  // Our estimate: the background process's UDP message through netfront and dom0's stack to the module.
  notifyDelayUs: quantity({ unit: "delay of the background notification to the VMM, µs", min: 0, max: 1e9 }).default(50),
  // The guest's vCPU wake-up for a completion (vmm/device.ts, constant): the event channel to its interrupt handler (0: at once).
  guestIrqUs: quantity({ unit: "mean delay of a completion interrupt into the guest (its vCPU's wake-up), µs", min: 0, max: 1e9 }).default(0),
  // how that delay is drawn (PRNG stream of the run's seed): constant, exponential (a vCPU woken at a random point of
  // other domains' slices), or uniform on [0, 2 × mean] (e.g. a tick-bound wake-up)
  guestIrqDist: z.enum(["constant", "exponential", "uniform"], { error: 'must be "constant", "exponential" or "uniform"' }).default("constant"),
  // dom0's xenblkd on the backend CPU (vmm/device.ts): each request and each response costs this much, served in
  // batches every backendPeriodUs. Default 0/0: dom0's CPU is not modelled (no cited per-request figure for Xen 3.0.2's blkback).
  perRequestUs: quantity({ unit: "dom0 backend CPU per request and per response, µs", min: 0, max: 1e6 }).default(0),
  backendPeriodUs: quantity({ unit: "dom0 backend scheduling period, µs (0 = serve at once)", min: 0, max: 1e6 }).default(0),
  // Where the guest's phy: partition begins on the drive (unknown for the testbed: the outer edge).
  partitionGB: quantity({ unit: "start of the guest's partition on the drive, GB", min: 0, max: 400 }).default(0),
});

const process = z.strictObject({
  name: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }).max(40, { error: "must be at most 40 characters" }),
  workload: z.enum(["sequential", "random", "grep", "updatedb"], { error: 'must be "sequential" (read its file front to back), "random" (random reads of its file), "grep" (read every file of a Linux tree) or "updatedb" (walk a Linux tree\'s directories and inodes)' }),
  fileMB: quantity({ unit: "size of the process's own file, MB; at least one 4 KB page (sequential, random)", min: 4 / 1024, max: 65_536 }).optional(),
  // grep, updatedb: which copy of the Linux-2.6.16-like tree (fs/linux-tree.ts) it walks; copies are separate directories of one ext3 file system
  tree: quantity({ unit: "Linux tree copy (grep, updatedb)", min: 0, max: 3, int: true }).optional(),
  cpuPerEntryUs: quantity({ unit: "CPU per directory entry walked (grep, updatedb), µs", min: 0, max: 1e9 }).default(0),
  background: z.boolean({ error: "must be true (sends FoxyIdle's notification at start) or false" }).default(false),
  startMs: quantity({ unit: "start time, ms", min: 0, max: 1e9 }).default(0),
  reads: quantity({ unit: "random reads in all (random workload)", min: 1, max: 1e8, int: true }).optional(),
  readKB: quantity({ unit: "bytes per read() call, KB (whole pages)", min: 4, max: 512, int: true }).default(4),
  // Our estimate for a 3.0 GHz Pentium D: a read() system call and a 4 KB copy to user space.
  cpuPerReadUs: quantity({ unit: "CPU per read() call, µs", min: 0, max: 1e9 }).default(2),
  cpuPerPageUs: quantity({ unit: "the job's own CPU per 4 KB page read, µs", min: 0, max: 1e9 }).default(0),
  // ionice: "be" (best effort, the default) or "idle" (CFQ's idle class, ionice -c3)
  ioClass: z.enum(["be", "idle"], { error: 'must be "be" or "idle" (ionice -c3)' }).default("be"),
});

const MB = 1024 * 1024;
const PAGE_BYTES = 4096;
// Pages one process can have locked for reads at once: readahead's current and ahead windows of
// VM_MAX_READAHEAD (128 KB, assembly/guest/readahead.ts) and the one block it reads alone (a missed
// page, or a directory, inode or indirect block).
const PAGES_IN_FLIGHT_PER_PROCESS = 2 * (128 * 1024 / PAGE_BYTES) + 1;

export const storageScenarioSchema = z.strictObject({
  name: z.string({ error: "must be a string" }).max(200, { error: "must be at most 200 characters" }).default("storage"),
  seed: quantity({ unit: "PRNG seed", min: 0, max: Number.MAX_SAFE_INTEGER, int: true }).default(1),
  guest: guest.default(guest.parse({})),
  dom0: dom0.default(dom0.parse({})),
  vmm: vmm.default(vmm.parse({})),
  processes: z.array(process, { error: "must be a list of processes" }).min(1, { error: "must name at least one process" }).max(8, { error: "must have at most 8 processes" }),
  stopTimeS: quantity({ unit: "simulated seconds before the run stops; 0 = when every process has exited and its I/O has drained", min: 0, max: 1e7 }).default(0),
  // copies of the Linux-2.6.16-like tree in the guest's file system (default: those the processes walk)
  linuxTrees: quantity({ unit: "Linux tree copies in the guest's file system", min: 0, max: 4, int: true }).optional(),
}).superRefine((s, ctx) => {
  // A check across fields runs only on inputs that passed their own: its error would only repeat the
  // root cause's (fileMB 1e9 out of range is the problem, not the partition it overflows).
  const invalid = (...prefix: PropertyKey[]) => ctx.issues.some((i) => prefix.every((k, j) => i.path?.[j] === k));
  if (!invalid("guest", "ramMB") && !invalid("guest", "reservedMB")) {
    if (s.guest.reservedMB >= s.guest.ramMB) ctx.addIssue({ code: "custom", path: ["guest", "reservedMB"], input: s.guest.reservedMB, message: `must be < guest.ramMB (${s.guest.ramMB}): the page cache needs memory` });
    else if (!invalid("processes")) {
      // A page cache whose every page is locked for a read has none to give the next page a process
      // needs, and the core (guest/process.ts pageReady) has no way to wait for one.
      const cachePages = Math.floor(((s.guest.ramMB - s.guest.reservedMB) * MB) / PAGE_BYTES); // as host/storage/simulate.ts
      const need = s.processes.length * PAGES_IN_FLIGHT_PER_PROCESS + 1;
      if (cachePages < need) ctx.addIssue({ code: "custom", path: ["guest", "reservedMB"], input: s.guest.reservedMB, message: `leaves ${cachePages} pages of page cache in guest.ramMB (${s.guest.ramMB}); ${s.processes.length} process${s.processes.length > 1 ? "es need" : " needs"} at least ${need} (${((need * PAGE_BYTES) / MB).toFixed(2)} MB: each can have ${PAGES_IN_FLIGHT_PER_PROCESS} pages locked for reads at once)` });
    }
  }
  s.processes.forEach((p, i) => {
    if (!invalid("processes", i, "readKB") && p.readKB % 4 !== 0) ctx.addIssue({ code: "custom", path: ["processes", i, "readKB"], input: p.readKB, message: "must be a multiple of 4 (whole pages)" });
    if (invalid("processes", i, "workload")) return; // what it must have depends on its workload
    const tree = p.workload === "grep" || p.workload === "updatedb";
    if (p.workload === "random" && p.reads === undefined) ctx.addIssue({ code: "custom", path: ["processes", i, "reads"], input: undefined, message: "must be given for a random workload (how many reads)" });
    if (p.workload !== "random" && p.reads !== undefined) ctx.addIssue({ code: "custom", path: ["processes", i, "reads"], input: p.reads, message: `must be left out for a ${p.workload} workload (only random reads count their reads)` });
    if (!tree && p.fileMB === undefined) ctx.addIssue({ code: "custom", path: ["processes", i, "fileMB"], input: undefined, message: `must be given for a ${p.workload} workload (the size of its file)` });
    if (tree && p.fileMB !== undefined) ctx.addIssue({ code: "custom", path: ["processes", i, "fileMB"], input: p.fileMB, message: `must be left out for ${p.workload} (it walks a Linux tree)` });
    if (!tree && p.tree !== undefined) ctx.addIssue({ code: "custom", path: ["processes", i, "tree"], input: p.tree, message: `must be left out for a ${p.workload} workload` });
  });
  const names = s.processes.map((p) => p.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: ["processes", i, "name"], input: n, message: "must differ from the other processes' names" });
  });
  if (invalid("vmm", "partitionGB") || invalid("linuxTrees") || s.processes.some((_, i) => invalid("processes", i, "fileMB") || invalid("processes", i, "tree"))) return;
  const totalMB = s.processes.reduce((a, p) => a + (p.fileMB ?? 0), 0) + (linuxTrees(s) > 0 ? 4096 : 0);
  const diskGB = 976773168 * 512 / 1e9; // assembly/dev/drive/spec.ts capacitySectors
  if (s.vmm.partitionGB + totalMB * 1.048576e-3 > diskGB) ctx.addIssue({ code: "custom", path: ["vmm", "partitionGB"], input: s.vmm.partitionGB, message: `leaves no room for ${totalMB} MB of files on the ${diskGB.toFixed(0)} GB drive` });
});

// How many tree copies the scenario's file system holds: enough for the highest `tree` named
// (a grep or updatedb without one walks copy 0).
export function linuxTrees(s: { linuxTrees?: number; processes: readonly { workload: string; tree?: number }[] }): number {
  const used = s.processes.filter((p) => p.workload === "grep" || p.workload === "updatedb").map((p) => p.tree ?? 0);
  return Math.max(s.linuxTrees ?? 0, used.length === 0 ? 0 : Math.max(...used) + 1);
}

export type StorageScenario = z.output<typeof storageScenarioSchema>;
export type StorageScenarioInput = z.input<typeof storageScenarioSchema>;

export function parseStorageScenario(input: unknown): StorageScenario {
  return parseWith(storageScenarioSchema, input);
}
