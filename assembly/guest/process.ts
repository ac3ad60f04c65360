// The guest's processes and what they run (seed 001 §5.3's benchmarks): each opens its own file and
// reads it through the page cache with read() of `readBytes`, computing between reads; it blocks
// whenever a page it needs is not yet read. The read path is 2.6.16's do_generic_mapping_read:
// page_cache_readahead whenever the reader reaches the index readahead asked to be called at; a
// page found missing is read alone (handle_ra_miss, readpage); a page still locked is waited for.
//   WL_SEQUENTIAL: the whole file, front to back ("sequential reads a 1 GB file sequentially").
//   WL_RANDOM: `ops` reads at uniformly random page-aligned offsets of the file (readahead turns
//     itself off). "randomly 10 times" is read as 10 passes of ops/10 reads each: the passes
//     follow one another with nothing between them, so only the total count matters.
// CPU per read: `cpuPerReadNs` (the system call and the copy to user space) plus `cpuPerPageNs` per
// page read (the job's own work on the data), both fixed per workload.
import { now } from "../engine/clock";
import { timerSet } from "../engine/timer";
import { pageFind, pageAdd, pageState, pageTouch, PG_LOCKED, PAGE_BYTES } from "./pagecache";
import { readOnePage, waitOnPage, MAX_PROCS, mpageSetPrio } from "./mpage";
import { raOpen, raMiss, pageCacheReadahead } from "./readahead";
import { filePages } from "./files";
import { schedWake, schedSetCr3, STEP_BLOCKED, STEP_EXITED } from "./sched";

export const WL_SEQUENTIAL: i32 = 0;
export const WL_RANDOM: i32 = 1;

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
export function processAdd(workload: i32, file: i32, background: bool, startNs: i64, ops: i64, readBytes: i64,
  cpuPerReadNs: i64, cpuPerPageNs: i64, ioprio: i32, seed: u64): i32 {
  if (procs >= MAX_PROCS) return -1;
  const p = procs++;
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
  raOpen(p, file);
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

// statistics: 0 start, 1 finish (-1 running), 2 reads, 3 pages read, 4 sleeps on a page
export function processStat(p: i32, stat: i32): i64 {
  switch (stat) {
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
  if (unchecked(pWorkload[p]) == WL_SEQUENTIAL) {
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
    if (index == unchecked(rdNext[p])) unchecked((rdNext[p] = pageCacheReadahead(p, index, rdLast[p] - index)));
    let s = pageFind(f, index);
    if (s < 0) {
      raMiss(p);
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
    unchecked((pPagesRead[p] += 1));
    unchecked((rdIndex[p] = index + 1));
  }
  return true;
}

// The process runs until it needs CPU time, sleeps or exits (sched.ts's StepFn).
export function processStep(p: i32): i64 {
  if (!unchecked(pStarted[p])) {
    unchecked((pStarted[p] = true));
    call_indirect<void>(startHook, p);
  }
  while (true) {
    const ph = unchecked(pPhase[p]);
    if (ph == PH_READ) {
      if (!readPagesOfRead(p)) return STEP_BLOCKED;
      unchecked((pPhase[p] = PH_COMPUTE));
      const cpu = unchecked(pCpuPerRead[p]) + unchecked(pReadPages[p]) * unchecked(pCpuPerPage[p]);
      if (cpu > 0) return cpu;
    } else if (ph == PH_COMPUTE) {
      unchecked((pPhase[p] = PH_NEXT));
    } else {
      if (!nextRead(p)) {
        unchecked((pFinishNs[p] = now()));
        done++;
        call_indirect<void>(exitHook, p);
        return STEP_EXITED;
      }
      unchecked((pPhase[p] = PH_READ));
    }
  }
  return STEP_EXITED;
}
