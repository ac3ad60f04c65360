// The guest's processes and what they run (seed 001 §5.3's benchmarks): each opens its own file and
// reads it through the page cache with read() of `readBytes`, computing between reads; it blocks
// whenever a page it needs is not yet read. The read path is 2.6.16's do_generic_mapping_read:
// page_cache_readahead whenever the reader reaches the index readahead asked to be called at; a
// page found missing is read alone (handle_ra_miss, readpage); a page still locked is waited for.
//   WL_SEQUENTIAL: the whole file, front to back ("sequential reads a 1 GB file sequentially").
//   WL_RANDOM: `ops` reads at uniformly random page-aligned offsets of the file (readahead turns
//     itself off). "randomly 10 times" is read as 10 passes of ops/10 reads each: the passes
//     follow one another with nothing between them, so only the total count matters.
//   WL_GREP / WL_UPDATEDB: walk a directory tree of the file system depth first in readdir order
//     (grep -r, find): each directory's blocks, each entry's inode (lookup/stat), and for grep every
//     file's data read front to back; `cpuPerEntryNs` per entry. Directory, inode and indirect
//     blocks are read through the block device's page cache (bread), the process waiting for each.
//     Named simplification: an indirect block is read before the readahead that needs it, not in
//     the middle of it (ext3_get_block from mpage_readpages).
// CPU per read: `cpuPerReadNs` (the system call and the copy to user space) plus `cpuPerPageNs` per
// page read (the job's own work on the data), both fixed per workload.
import { now } from "../engine/clock";
import { timerSet } from "../engine/timer";
import { pageFind, pageAdd, pageState, pageTouch, PG_LOCKED, PAGE_BYTES } from "./pagecache";
import { readOnePage, waitOnPage, MAX_PROCS, mpageSetPrio } from "./mpage";
import { raOpen, raMiss, pageCacheReadahead } from "./readahead";
import { filePages, filesFs, DEVICE_FILE, FS_FILE0 } from "./files";
import { fsDirBlockCount, fsDirBlock, fsEntryCount, fsEntryIsDir, fsEntryId, fsDirInode, fsFileInode, fsInodeBlock, fsFileBytes, fsIndirectCount, fsIndirectBlock } from "../fs/fs";
import { schedWake, schedSetCr3, STEP_BLOCKED, STEP_EXITED } from "./sched";

export const WL_SEQUENTIAL: i32 = 0;
export const WL_RANDOM: i32 = 1;
export const WL_GREP: i32 = 2;
export const WL_UPDATEDB: i32 = 3;
const MAX_DEPTH: i32 = 32;

export type ProcHook = (proc: i32) => void;

const PH_NEXT: i32 = 0; // start the next read (or exit)
const PH_READ: i32 = 1; // inside read(): walking its pages
const PH_COMPUTE: i32 = 2; // the CPU time after the read has been given

let procs: i32 = 0;
const pWorkload = new StaticArray<i32>(MAX_PROCS);
const pFile = new StaticArray<i32>(MAX_PROCS);
const pBackground = new StaticArray<bool>(MAX_PROCS);
const pStartNs = new StaticArray<i64>(MAX_PROCS);
const pFinishNs = new StaticArray<i64>(MAX_PROCS);
const pOps = new StaticArray<i64>(MAX_PROCS); // reads left (random) or next page (sequential)
const pReadPages = new StaticArray<i64>(MAX_PROCS);
const pCpuPerRead = new StaticArray<i64>(MAX_PROCS);
const pCpuPerPage = new StaticArray<i64>(MAX_PROCS);
const pPhase = new StaticArray<i32>(MAX_PROCS);
const pStarted = new StaticArray<bool>(MAX_PROCS);
const pRng = new StaticArray<u64>(MAX_PROCS);
const pReads = new StaticArray<i64>(MAX_PROCS);
const pPagesRead = new StaticArray<i64>(MAX_PROCS);
const pBlocked = new StaticArray<i64>(MAX_PROCS); // times it slept on a page
// the read() in progress
const rdIndex = new StaticArray<i64>(MAX_PROCS);
const rdLast = new StaticArray<i64>(MAX_PROCS); // one past the last page
const rdNext = new StaticArray<i64>(MAX_PROCS); // readahead's next_index
const rdFirst = new StaticArray<i64>(MAX_PROCS);
// the tree walk: a stack of (directory, entry) per process; an entry < 0 is -1 - the next directory block to read
const pCpuPerEntry = new StaticArray<i64>(MAX_PROCS);
const pDepth = new StaticArray<i32>(MAX_PROCS);
const stDir = new StaticArray<i32>(MAX_PROCS * MAX_DEPTH);
const stEntry = new StaticArray<i32>(MAX_PROCS * MAX_DEPTH);
const pStatted = new StaticArray<bool>(MAX_PROCS); // the current entry's inode has been read
const pInFile = new StaticArray<bool>(MAX_PROCS); // grep is reading a file's data
const pEntries = new StaticArray<i64>(MAX_PROCS);
let startTimer0: i32 = 0;
let startHook: u32 = 0; // the process runs for the first time (FoxyIdle's preloaded library)
let exitHook: u32 = 0;
let done: i32 = 0;

export function processesInit(firstStartTimer: i32, onStart: ProcHook, onExit: ProcHook): void {
  procs = 0;
  done = 0;
  startTimer0 = firstStartTimer;
  startHook = onStart.index;
  exitHook = onExit.index;
}

// A process that starts at `startNs` and reads file `file`; its id, or -1 past MAX_PROCS.
// (For WL_GREP / WL_UPDATEDB, `file` is the root directory's fs id.)
export function processAdd(workload: i32, file: i32, background: bool, startNs: i64, ops: i64, readBytes: i64,
  cpuPerReadNs: i64, cpuPerPageNs: i64, cpuPerEntryNs: i64, ioprio: i32, seed: u64): i32 {
  if (procs >= MAX_PROCS) return -1;
  const p = procs++;
  unchecked((pCpuPerEntry[p] = cpuPerEntryNs));
  unchecked((pDepth[p] = 0));
  unchecked((stDir[p * MAX_DEPTH] = file));
  unchecked((stEntry[p * MAX_DEPTH] = -1));
  unchecked((pStatted[p] = false));
  unchecked((pInFile[p] = false));
  unchecked((pEntries[p] = 0));
  unchecked((pWorkload[p] = workload));
  unchecked((pFile[p] = file));
  unchecked((pBackground[p] = background));
  unchecked((pStartNs[p] = startNs));
  unchecked((pFinishNs[p] = -1));
  unchecked((pOps[p] = workload == WL_SEQUENTIAL ? 0 : ops));
  unchecked((pReadPages[p] = max<i64>(1, readBytes / PAGE_BYTES)));
  unchecked((pCpuPerRead[p] = cpuPerReadNs));
  unchecked((pCpuPerPage[p] = cpuPerPageNs));
  unchecked((pPhase[p] = PH_NEXT));
  unchecked((pStarted[p] = false));
  unchecked((pRng[p] = seed ^ ((<u64>(p + 1)) * 0x9e3779b97f4a7c15)));
  unchecked((pReads[p] = 0));
  unchecked((pPagesRead[p] = 0));
  unchecked((pBlocked[p] = 0));
  schedSetCr3(p, 0x0100_0000 + (<i64>p << 12)); // the page directory's physical address: opaque to the VMM
  mpageSetPrio(p, ioprio);
  if (workload < WL_GREP) raOpen(p, file);
  timerSet(startTimer0 + p, startNs);
  return p;
}

export function processCount(): i32 {
  return procs;
}
export function processesDone(): i32 {
  return done;
}
export function processIsBackground(p: i32): bool {
  return unchecked(pBackground[p]);
}

// statistics: 0 start, 1 finish (-1 running), 2 reads, 3 pages read, 4 sleeps on a page, 5 entries walked
export function processStat(p: i32, stat: i32): i64 {
  switch (stat) {
    case 5: return unchecked(pEntries[p]);
    case 0: return unchecked(pStartNs[p]);
    case 1: return unchecked(pFinishNs[p]);
    case 2: return unchecked(pReads[p]);
    case 3: return unchecked(pPagesRead[p]);
    case 4: return unchecked(pBlocked[p]);
  }
  return -1;
}

// a process's start timer: it becomes runnable
export function processStartTimer(local: i32): void {
  schedWake(local);
}

// page slot s is uptodate: the process sleeping on it runs again (mpage.ts calls this)
export function processWake(p: i32): void {
  schedWake(p);
}

// splitmix64 per process: its random offsets do not depend on what else runs
function nextRandom(p: i32): u64 {
  let z = unchecked(pRng[p]) + 0x9e3779b97f4a7c15;
  unchecked((pRng[p] = z));
  z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >>> 27)) * 0x94d049bb133111eb;
  return z ^ (z >>> 31);
}

// the next read() of the program; false when the program is over
function nextRead(p: i32): bool {
  const f = unchecked(pFile[p]);
  const n = unchecked(pReadPages[p]);
  let first: i64;
  if (unchecked(pWorkload[p]) != WL_RANDOM) {
    first = unchecked(pOps[p]);
    if (first >= filePages(f)) return false;
    unchecked((pOps[p] = first + n));
  } else {
    if (unchecked(pOps[p]) <= 0) return false;
    unchecked((pOps[p] -= 1));
    const slots = max<i64>(1, filePages(f) - n + 1);
    first = <i64>(nextRandom(p) % <u64>slots);
  }
  unchecked((rdIndex[p] = first));
  unchecked((rdFirst[p] = first));
  unchecked((rdLast[p] = min(first + n, filePages(f))));
  unchecked((rdNext[p] = first));
  unchecked((pReads[p] += 1));
  return true;
}

// do_generic_mapping_read's page loop; false when the process must sleep on a page
function readPagesOfRead(p: i32): bool {
  const f = unchecked(pFile[p]);
  while (unchecked(rdIndex[p]) < unchecked(rdLast[p])) {
    const index = unchecked(rdIndex[p]);
    if (index == unchecked(rdNext[p])) {
      if (f >= FS_FILE0 && !(indirectReady(p, f, index) && indirectReady(p, f, min(index + 32, filePages(f) - 1)))) return false;
      unchecked((rdNext[p] = pageCacheReadahead(p, index, rdLast[p] - index)));
    }
    if (pageFind(f, index) < 0) raMiss(p);
    if (!pageReady(p, f, index)) return false;
    unchecked((pPagesRead[p] += 1));
    unchecked((rdIndex[p] = index + 1));
  }
  return true;
}

// Page `index` of file f in the page cache, its read started when it is absent; false when process p
// must sleep on it (its read was started, or is in flight), true when it is up to date (touched).
function pageReady(p: i32, f: i32, index: i64): bool {
  let s = pageFind(f, index);
  if (s < 0) {
    s = pageAdd(f, index);
    assert(s >= 0, "page cache: every page locked or waited for");
    readOnePage(f, index, p);
  }
  if (pageState(s) == PG_LOCKED) {
    unchecked((pBlocked[p] += 1));
    waitOnPage(s, p);
    return false;
  }
  pageTouch(s);
  return true;
}

// bread: block `block` of the file system in the block device's page cache
function metaReady(p: i32, block: i64): bool {
  return pageReady(p, DEVICE_FILE, block);
}

// the indirect blocks mapping page `index` of fs file f (ext3_get_branch)
function indirectReady(p: i32, f: i32, index: i64): bool {
  const fs = filesFs()!;
  const n = fsIndirectCount(fs, f - FS_FILE0, index);
  for (let level = 0; level < n; level++) if (!metaReady(p, fsIndirectBlock(fs, f - FS_FILE0, index, level))) return false;
  return true;
}

const WALK_BLOCKED: i64 = -1;
const WALK_DONE: i64 = -2;
const WALK_FILE: i64 = -3; // grep opens a file: read its data next

// The next step of the tree walk: CPU time (≥ 0), or WALK_*.
function walk(p: i32): i64 {
  const fs = filesFs()!;
  while (true) {
    const d = unchecked(pDepth[p]);
    if (d < 0) return WALK_DONE;
    const at = p * MAX_DEPTH + d;
    const dir = unchecked(stDir[at]);
    const e = unchecked(stEntry[at]);
    if (e < 0) {
      // getdents: the directory's blocks, in order
      const k = -1 - e;
      if (k < fsDirBlockCount(fs, dir)) {
        if (!metaReady(p, fsDirBlock(fs, dir, k))) return WALK_BLOCKED;
        unchecked((stEntry[at] = e - 1));
      } else {
        unchecked((stEntry[at] = 0));
      }
      continue;
    }
    if (e >= fsEntryCount(fs, dir)) {
      unchecked((pDepth[p] = d - 1));
      continue;
    }
    const isDir = fsEntryIsDir(fs, dir, e);
    const id = fsEntryId(fs, dir, e);
    if (!unchecked(pStatted[p])) {
      // lookup / lstat: the entry's inode
      if (!metaReady(p, fsInodeBlock(fs, isDir ? fsDirInode(fs, id) : fsFileInode(fs, id)))) return WALK_BLOCKED;
      unchecked((pStatted[p] = true));
      unchecked((pEntries[p] += 1));
      const cpu = unchecked(pCpuPerEntry[p]);
      if (cpu > 0) return cpu;
    }
    unchecked((pStatted[p] = false));
    unchecked((stEntry[at] = e + 1));
    if (isDir) {
      assert(d + 1 < MAX_DEPTH, "tree deeper than MAX_DEPTH");
      unchecked((pDepth[p] = d + 1));
      unchecked((stDir[at + 1] = id));
      unchecked((stEntry[at + 1] = -1));
      continue;
    }
    if (unchecked(pWorkload[p]) == WL_GREP && fsFileBytes(fs, id) > 0) {
      const f = FS_FILE0 + id;
      unchecked((pFile[p] = f));
      unchecked((pOps[p] = 0));
      raOpen(p, f);
      return WALK_FILE;
    }
  }
  return WALK_DONE;
}

function exitNow(p: i32): i64 {
  unchecked((pFinishNs[p] = now()));
  done++;
  call_indirect<void>(exitHook, p);
  return STEP_EXITED;
}

// A tree walk's step: the walk, and grep's reads of each file it opens.
function treeStep(p: i32): i64 {
  while (true) {
    const ph = unchecked(pPhase[p]);
    if (ph == PH_READ) {
      if (!readPagesOfRead(p)) return STEP_BLOCKED;
      unchecked((pPhase[p] = PH_COMPUTE));
      const cpu = unchecked(pCpuPerRead[p]) + (unchecked(rdLast[p]) - unchecked(rdFirst[p])) * unchecked(pCpuPerPage[p]);
      if (cpu > 0) return cpu;
    } else if (ph == PH_COMPUTE) {
      unchecked((pPhase[p] = PH_NEXT));
    } else if (unchecked(pInFile[p])) {
      if (nextRead(p)) unchecked((pPhase[p] = PH_READ));
      else unchecked((pInFile[p] = false));
    } else {
      const w = walk(p);
      if (w == WALK_BLOCKED) return STEP_BLOCKED;
      if (w == WALK_DONE) return exitNow(p);
      if (w == WALK_FILE) unchecked((pInFile[p] = true));
      else {
        unchecked((pPhase[p] = PH_COMPUTE));
        if (w > 0) return w;
      }
    }
  }
  return STEP_EXITED;
}

// The process runs until it needs CPU time, sleeps or exits (sched.ts's StepFn).
export function processStep(p: i32): i64 {
  if (!unchecked(pStarted[p])) {
    unchecked((pStarted[p] = true));
    call_indirect<void>(startHook, p);
  }
  if (unchecked(pWorkload[p]) >= WL_GREP) return treeStep(p);
  while (true) {
    const ph = unchecked(pPhase[p]);
    if (ph == PH_READ) {
      if (!readPagesOfRead(p)) return STEP_BLOCKED;
      unchecked((pPhase[p] = PH_COMPUTE));
      const cpu = unchecked(pCpuPerRead[p]) + (unchecked(rdLast[p]) - unchecked(rdFirst[p])) * unchecked(pCpuPerPage[p]);
      if (cpu > 0) return cpu;
    } else if (ph == PH_COMPUTE) {
      unchecked((pPhase[p] = PH_NEXT));
    } else {
      if (!nextRead(p)) return exitNow(p);
      unchecked((pPhase[p] = PH_READ));
    }
  }
  return STEP_EXITED;
}
