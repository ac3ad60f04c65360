// A deterministic stand-in for the Linux 2.6.16 source tree that seed 001 §5.3 greps and indexes:
// its file and directory counts, total size, top-level make-up, directory depths and file-size
// distribution, with the tree's shape and each file's size drawn from a seed, written onto an Fs in
// tar's order (depth first, each directory's entries in readdir order).
//
// Figures:
// - 19,251 files: Linux 2.6.16 in the Linux Foundation's "Linux Kernel Development" report (Kroah-
//   Hartman, Corbet, McPherson, 2008, files and lines per release; recalled, the stored excerpt at
//   studylib.net/doc/12237965 lacks the table — its 2.6.18 row, 20,208, agrees with the 20,204
//   measured below).
// - Everything else is measured on a Linux 2.6.18 tree (github rocklee104/linux-2.6.18 @75dd0212,
//   vanilla 2.6.18 plus three config files, left out; `git ls-tree -r -l`) and scaled by 19,251 /
//   20,204 files: 225,213,729 bytes → 214,590,650; 1,238 directories → 1,180; at most 6 levels; the
//   directories' depths, each top-level directory's files and directories (TOP_* below), and the
//   size quantiles (SIZE_Q: median 4,100 B, 50 % of files fit one 4 KiB block, largest 874 KB).
// - Check (tested, not fitted): 2.6.18's files take 272.8 MB in 4 KiB blocks, 260.0 MB scaled —
//   seed 001 §5.3's "total file size is about 260 MB" is the space the files take on disk.
// - Names (they size the directory entries): uniform over 4–15 characters, mean 9.5; 2.6.18's file
//   names measure 9.7 on average, 5–16 between the 5th and 95th percentiles.
//
// Simplifications (named): within a top-level directory, files fall in its directories uniformly
// and a directory's parent is any directory one level up; every file's size comes from the whole
// tree's quantiles (so a top-level directory's bytes follow its file count: include's small headers
// and drivers' large files are not told apart), scaled together to the total.
import { Fs, fsCreateFile, fsMkdir } from "./fs";
import { SplitMix64 } from "./splitmix";

export const TREE_FILES: i32 = 19251;
export const TREE_DIRS: i32 = 1180; // the tree's root included
export const TREE_BYTES: i64 = 214_590_650;
export const TREE_MAX_DEPTH: i32 = 6;

// Linux 2.6.18, measured (above): the root's files, then each top-level directory in tar's
// (alphabetical) order with its files and directories (itself included).
const ROOT_FILES: i32 = 7; // COPYING CREDITS Kbuild MAINTAINERS Makefile README REPORTING-BUGS
const TOP_NAMES: string[] = ["Documentation", "arch", "block", "crypto", "drivers", "fs", "include", "init", "ipc", "kernel", "lib", "mm", "net", "scripts", "security", "sound", "usr"];
const TOP_FILES: f64[] = [899, 5281, 13, 35, 5041, 1142, 5711, 11, 10, 103, 89, 47, 854, 115, 67, 774, 5];
const TOP_DIRS: f64[] = [83, 495, 1, 1, 256, 62, 197, 1, 1, 4, 4, 1, 51, 9, 5, 66, 1];
// directories at depth 2 … 6 (depth 1: the 17 top-level ones)
const DEPTH_COUNT: f64[] = [297, 653, 228, 42, 1];
// file sizes (bytes) at cumulative fractions SIZE_P
const SIZE_P: f64[] = [0, 0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 1.0];
const SIZE_Q: f64[] = [6, 50, 173, 408, 670, 1000, 1340, 1771, 2253, 2816, 3410, 4100, 5001, 6077, 7390, 9194, 11325, 14447, 18802, 26541, 43631, 59500, 74155, 100422, 134119, 310443, 873599];

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
  file(dir: i32, size: f64, nameLen: i32): i32 {
    const id = this.bytes.length;
    this.entries[dir].push(id);
    this.bytes.push(size);
    this.nameLen.push(nameLen);
    return id;
  }
}

// Populates a 2.6.16-like tree under `parent` (a directory "linux-2.6.16"); returns its directory id.
export function linuxTree(fs: Fs, parent: i32, seed: u64): i32 {
  const rng = new SplitMix64(seed);
  const plan = new Plan();
  plan.dir(-1, 12);
  for (let i = 0; i < ROOT_FILES; i++) plan.file(0, sampleSize(rng), nameLength(rng));
  const files = apportion(TOP_FILES, TREE_FILES - ROOT_FILES);
  const dirs = apportion(TOP_DIRS, TREE_DIRS - 1);
  for (let t = 0; t < TOP_NAMES.length; t++) {
    const members = subtree(plan, plan.dir(0, TOP_NAMES[t].length), dirs[t], rng);
    for (let k = 0; k < files[t]; k++) plan.file(members[rng.below(members.length)], sampleSize(rng), nameLength(rng));
  }
  const sizes = scaleTo(plan.bytes, TREE_BYTES);
  for (let d = 0; d < plan.entries.length; d++) shuffle(plan.entries[d], rng);
  return write(fs, plan, sizes, 0, parent);
}

// A top-level directory's `count` directories: depths drawn from the measured distribution, made
// shallowest first, each under a random directory one level up (or the deepest level there is).
function subtree(plan: Plan, top: i32, count: i32, rng: SplitMix64): Array<i32> {
  const depths = new Array<i32>();
  let all: f64 = 0;
  for (let i = 0; i < DEPTH_COUNT.length; i++) all += DEPTH_COUNT[i];
  for (let k = 1; k < count; k++) {
    let u = rng.uniform() * all;
    let d = 0;
    while (d < DEPTH_COUNT.length - 1 && u >= DEPTH_COUNT[d]) u -= DEPTH_COUNT[d++];
    depths.push(d + 2);
  }
  depths.sort((a, b) => a - b);
  const members = new Array<i32>();
  members.push(top);
  for (let k = 0; k < depths.length; k++) {
    let want = depths[k] - 1; // the parent's depth
    let pick = -1;
    while (pick < 0) {
      let n = 0;
      for (let i = 0; i < members.length; i++) if (plan.depth[members[i]] == want) n++;
      if (n > 0) {
        let r = rng.below(n);
        for (let i = 0; i < members.length; i++) {
          if (plan.depth[members[i]] == want && r-- == 0) {
            pick = members[i];
            break;
          }
        }
      } else want--;
    }
    members.push(plan.dir(pick, nameLength(rng)));
  }
  return members;
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

// n split in proportion to the counts, each at least 1, by largest remainders (Hamilton's method)
function apportion(counts: f64[], n: i32): Array<i32> {
  let sum: f64 = 0;
  for (let t = 0; t < counts.length; t++) sum += counts[t];
  const w = new Array<f64>(counts.length);
  for (let t = 0; t < counts.length; t++) w[t] = counts[t] / sum;
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

// A size from the measured quantiles, interpolated linearly in log(size) between them.
function sampleSize(rng: SplitMix64): f64 {
  const u = rng.uniform();
  let i = 0;
  while (i + 2 < SIZE_P.length && SIZE_P[i + 1] <= u) i++;
  const f = (u - SIZE_P[i]) / (SIZE_P[i + 1] - SIZE_P[i]);
  return Math.exp(Math.log(SIZE_Q[i]) + f * (Math.log(SIZE_Q[i + 1]) - Math.log(SIZE_Q[i])));
}
function nameLength(rng: SplitMix64): i32 {
  return 4 + rng.below(12);
}
function shuffle(a: Array<i32>, rng: SplitMix64): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
