// A deterministic stand-in for the Linux 2.6.16 source tree that seed 001 §5.3 greps and indexes:
// its file count, total size and top-level make-up, with directories and file sizes drawn from a
// seed, written onto an Fs in tar's order (depth first, each directory's entries in readdir order).
//
// Figures:
// - 19,251 files: Linux 2.6.16 in the Linux Foundation's "Linux Kernel Development" report (Kroah-
//   Hartman, Corbet, McPherson, 2008, table of files and lines per release; recalled — the stored
//   excerpt, studylib.net/doc/12237965, does not show the table).
// - 260 MB of files: seed 001 §5.3 ("The total file size is about 260 MB").
// - Directories: NOT FOUND for 2.6.16; 1,200 estimated at 16 files per directory (the ratio of later
//   trees, estimated, not measured). Depth: at most 6 levels below the tree's root (estimated from
//   deep 2.6 paths such as arch/um/sys-x86_64/shared/sysdep).
// - Top-level make-up: each top-level directory's share of files and bytes follows its share of
//   source lines (SLOCCount per directory, h-online.com "Kernel Log: More than 10 million lines of
//   Linux source files", 2008 — a 2.6.27-era tree); Documentation (not source) 4 % and init, ipc,
//   usr their small shares, estimated.
// - Sizes: log-normal (the usual body of file-size distributions, Downey 2001; Tanenbaum, Herder &
//   Bos 2006), σ = 1.3 estimated, scaled so the tree totals 260 MB exactly: mean 13.5 KB, median ≈ 5.8 KB.
// - Names: 4–17 characters (estimated; "ext3_jbd.c"), which sizes the directory entries.
//
// Simplifications (named): shares of files equal shares of bytes; within a top-level directory the
// subdirectories form a random recursive tree and files fall in its directories uniformly.
import { Fs, fsCreateFile, fsMkdir } from "./fs";
import { SplitMix64 } from "./splitmix";

export const TREE_FILES: i32 = 19251;
export const TREE_DIRS: i32 = 1200; // the tree's root included
export const TREE_BYTES: i64 = 260_000_000;
export const TREE_MAX_DEPTH: i32 = 6;
export const TREE_SIGMA: f64 = 1.3;
const ROOT_FILES: i32 = 7; // COPYING CREDITS Kbuild MAINTAINERS Makefile README REPORTING-BUGS

// top-level directories, in tar's (alphabetical) order, with their weights (thousands of SLOC, above)
const TOP_NAMES: string[] = ["Documentation", "arch", "block", "crypto", "drivers", "fs", "include", "init", "ipc", "kernel", "lib", "mm", "net", "scripts", "security", "sound", "usr"];
const TOP_SLOC: f64[] = [0, 1259, 11, 33, 3301, 545, 320, 3, 5, 75, 17, 36, 377, 24, 25, 356, 1];
const DOCUMENTATION_SHARE: f64 = 0.04;

// The plan: directories (0 = the tree's root) and files before anything is written.
class Plan {
  parent: Array<i32> = new Array<i32>();
  depth: Array<i32> = new Array<i32>();
  entries: Array<Array<i32>> = new Array<Array<i32>>(); // file i, or −1 − dir
  bytes: Array<f64> = new Array<f64>();
  nameLen: Array<i32> = new Array<i32>(); // per file
  dirNameLen: Array<i32> = new Array<i32>();

  dir(parent: i32, nameLen: i32): i32 {
    const id = this.parent.length;
    this.parent.push(parent);
    this.depth.push(parent < 0 ? 0 : this.depth[parent] + 1);
    this.entries.push(new Array<i32>());
    this.dirNameLen.push(nameLen);
    if (parent >= 0) this.entries[parent].push(-1 - id);
    return id;
  }
  file(dir: i32, size: f64, nameLen: i32): void {
    this.entries[dir].push(this.bytes.length);
    this.bytes.push(size);
    this.nameLen.push(nameLen);
  }
}

// Populates a 2.6.16-like tree under `parent` (a directory "linux-2.6.16"); returns its directory id.
export function linuxTree(fs: Fs, parent: i32, seed: u64): i32 {
  const rng = new SplitMix64(seed);
  const plan = new Plan();
  plan.dir(-1, 12);
  for (let i = 0; i < ROOT_FILES; i++) plan.file(0, logNormal(rng), nameLength(rng));
  const weights = topWeights();
  const files = apportion(weights, TREE_FILES - ROOT_FILES);
  const dirs = apportion(weights, TREE_DIRS - 1);
  for (let t = 0; t < weights.length; t++) {
    const top = plan.dir(0, TOP_NAMES[t].length);
    const members = new Array<i32>();
    members.push(top);
    for (let k = 1; k < dirs[t]; k++) {
      let p = members[rng.below(members.length)];
      while (plan.depth[p] >= TREE_MAX_DEPTH) p = plan.parent[p];
      members.push(plan.dir(p, nameLength(rng)));
    }
    for (let k = 0; k < files[t]; k++) plan.file(members[rng.below(members.length)], logNormal(rng), nameLength(rng));
  }
  const sizes = scaleTo(plan.bytes, TREE_BYTES);
  for (let d = 0; d < plan.entries.length; d++) shuffle(plan.entries[d], rng);
  return write(fs, plan, sizes, 0, parent);
}

// tar x: the directory, then its entries in order, each subdirectory written whole when it comes
function write(fs: Fs, plan: Plan, sizes: StaticArray<i64>, d: i32, fsParent: i32): i32 {
  const id = fsMkdir(fs, fsParent, plan.dirNameLen[d]);
  const e = plan.entries[d];
  for (let i = 0; i < e.length; i++) {
    const x = e[i];
    if (x < 0) write(fs, plan, sizes, -1 - x, id);
    else fsCreateFile(fs, id, sizes[x], plan.nameLen[x]);
  }
  return id;
}

function topWeights(): Array<f64> {
  let sloc: f64 = 0;
  for (let t = 0; t < TOP_SLOC.length; t++) sloc += TOP_SLOC[t];
  const w = new Array<f64>(TOP_SLOC.length);
  for (let t = 0; t < TOP_SLOC.length; t++) {
    w[t] = TOP_NAMES[t] == "Documentation" ? DOCUMENTATION_SHARE : (1 - DOCUMENTATION_SHARE) * TOP_SLOC[t] / sloc;
  }
  return w;
}

// n split by weight, each at least 1, by largest remainders (Hamilton's method)
function apportion(w: Array<f64>, n: i32): Array<i32> {
  const out = new Array<i32>(w.length);
  let given = 0;
  for (let t = 0; t < w.length; t++) {
    out[t] = max(1, <i32>Math.floor(w[t] * <f64>n));
    given += out[t];
  }
  while (given < n) {
    let best = 0;
    let bestRem: f64 = -1;
    for (let t = 0; t < w.length; t++) {
      const rem = w[t] * <f64>n - <f64>out[t];
      if (rem > bestRem) {
        bestRem = rem;
        best = t;
      }
    }
    out[best]++;
    given++;
  }
  return out;
}

// Sizes in bytes, each ≥ 1, summing to exactly `total` (the rounding remainder goes to the largest file).
function scaleTo(raw: Array<f64>, total: i64): StaticArray<i64> {
  let sum: f64 = 0;
  for (let i = 0; i < raw.length; i++) sum += raw[i];
  const out = new StaticArray<i64>(raw.length);
  let given: i64 = 0;
  let largest = 0;
  for (let i = 0; i < raw.length; i++) {
    out[i] = max<i64>(1, <i64>Math.round(raw[i] * <f64>total / sum));
    given += out[i];
    if (out[i] > out[largest]) largest = i;
  }
  out[largest] += total - given;
  return out;
}

// exp(σ·Z) with Z standard normal (Box–Muller); the scale is set later by scaleTo
function logNormal(rng: SplitMix64): f64 {
  const u1 = 1.0 - rng.uniform();
  const u2 = rng.uniform();
  const z = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  return Math.exp(TREE_SIGMA * z);
}
function nameLength(rng: SplitMix64): i32 {
  return 4 + rng.below(14);
}
function shuffle(a: Array<i32>, rng: SplitMix64): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
