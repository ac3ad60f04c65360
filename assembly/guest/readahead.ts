// 2.6.16's two-window readahead (mm/readahead.c, before the 2.6.23 on-demand rewrite; anchors §1.a):
// page_cache_readahead keeps a current window (start, size) and an ahead window
// (ahead_start, ahead_size) per open file; a sequential reader that reaches the ahead window
// shifts it to current and submits the next one, so I/O for the next window runs while the reader
// walks this one. Windows start at get_init_ra_size and grow by get_next_ra_size up to ra_pages
// (128 KiB = 32 pages); a non-sequential read turns readahead off (ra_off) and reads only what was
// asked. One open file per process (its file_ra_state), reset at open.
import { readPages, readCongested } from "./mpage";
import { MAX_PROCS } from "./mpage";
import { filePages } from "./files";

const VM_MAX_READAHEAD_KB: i64 = 128; // include/linux/mm.h: "kbytes"
const VM_MIN_READAHEAD_KB: i64 = 16;
const VM_MAX_CACHE_HIT: i64 = 256; // "max pages in a row in cache before turning readahead off"
const PAGE_KB: i64 = 4;
const RA_FLAG_MISS: i32 = 1;
const RA_FLAG_INCACHE: i32 = 2;

const raFile = new StaticArray<i32>(MAX_PROCS);
const raStart = new StaticArray<i64>(MAX_PROCS);
const raSize = new StaticArray<i64>(MAX_PROCS);
const raFlags = new StaticArray<i32>(MAX_PROCS);
const raCacheHit = new StaticArray<i64>(MAX_PROCS);
const raPrevPage = new StaticArray<i64>(MAX_PROCS);
const raAheadStart = new StaticArray<i64>(MAX_PROCS);
const raAheadSize = new StaticArray<i64>(MAX_PROCS);
const raPages = new StaticArray<i64>(MAX_PROCS);

// file_ra_state_init at open(): ra_pages from the queue's backing_dev_info (default 32 pages)
export function raOpen(p: i32, file: i32): void {
  unchecked((raFile[p] = file));
  unchecked((raStart[p] = 0));
  unchecked((raSize[p] = 0));
  unchecked((raFlags[p] = 0));
  unchecked((raCacheHit[p] = 0));
  unchecked((raPrevPage[p] = -1));
  unchecked((raAheadStart[p] = 0));
  unchecked((raAheadSize[p] = 0));
  unchecked((raPages[p] = VM_MAX_READAHEAD_KB / PAGE_KB));
}

function resetAheadWindow(p: i32): void {
  unchecked((raAheadSize[p] += raAheadStart[p]));
  unchecked((raAheadStart[p] = 0));
}

function raOff(p: i32): void {
  unchecked((raStart[p] = 0));
  unchecked((raFlags[p] = 0));
  unchecked((raSize[p] = 0));
  resetAheadWindow(p);
}

function roundupPowOfTwo(x: i64): i64 {
  let n: i64 = 1;
  while (n < x) n <<= 1;
  return n;
}

// get_init_ra_size
export function initRaSize(size: i64, max: i64): i64 {
  let n = roundupPowOfTwo(size);
  if (n <= max / 32) n *= 4;
  else if (n <= max / 4) n *= 2;
  else n = max;
  return n;
}

// get_next_ra_size
function nextRaSize(p: i32): i64 {
  const max = unchecked(raPages[p]);
  const lo = VM_MIN_READAHEAD_KB / PAGE_KB;
  const cur = unchecked(raSize[p]);
  let n: i64;
  if ((unchecked(raFlags[p]) & RA_FLAG_MISS) != 0) {
    unchecked((raFlags[p] &= ~RA_FLAG_MISS));
    n = cur - 2 > lo ? cur - 2 : lo;
  } else if (cur < max / 16) {
    n = 4 * cur;
  } else {
    n = 2 * cur;
  }
  return min(n, max);
}

// check_ra_success
function checkRaSuccess(p: i32, nr: i64, actual: i64): bool {
  if (actual == 0) {
    unchecked((raCacheHit[p] += nr));
    if (unchecked(raCacheHit[p]) >= VM_MAX_CACHE_HIT) {
      raOff(p);
      unchecked((raFlags[p] |= RA_FLAG_INCACHE));
      return false;
    }
  } else {
    unchecked((raCacheHit[p] = 0));
  }
  return true;
}

// blockable_page_cache_readahead: without `block`, skip when the queue is read-congested
function blockableReadahead(p: i32, offset: i64, nr: i64, block: bool): bool {
  if (!block && readCongested()) return false;
  const f = unchecked(raFile[p]);
  const actual = readPages(f, offset, nr, filePages(f) - 1, p);
  return checkRaSuccess(p, nr, <i64>actual);
}

// make_ahead_window
function makeAheadWindow(p: i32, force: bool): bool {
  unchecked((raAheadSize[p] = nextRaSize(p)));
  unchecked((raAheadStart[p] = raStart[p] + raSize[p]));
  const block = force || unchecked(raPrevPage[p]) >= unchecked(raAheadStart[p]);
  const ret = blockableReadahead(p, unchecked(raAheadStart[p]), unchecked(raAheadSize[p]), block);
  if (!ret && !force) resetAheadWindow(p);
  return ret;
}

// handle_ra_miss: a page readahead should have brought was not in the cache
export function raMiss(p: i32): void {
  unchecked((raFlags[p] |= RA_FLAG_MISS));
  unchecked((raFlags[p] &= ~RA_FLAG_INCACHE));
  unchecked((raCacheHit[p] = 0));
}

// page_cache_readahead(offset, req_size): returns the next page index at which to call again
export function pageCacheReadahead(p: i32, offsetIn: i64, reqSizeIn: i64): i64 {
  let offset = offsetIn;
  let reqSize = reqSizeIn;
  if (offset == unchecked(raPrevPage[p])) {
    reqSize--;
    if (reqSize != 0) offset++;
  }
  const sequential = offset == unchecked(raPrevPage[p]) + 1;
  unchecked((raPrevPage[p] = offset));
  const max = unchecked(raPages[p]);
  const newsize = min(reqSize, max);
  if (newsize == 0 || (unchecked(raFlags[p]) & RA_FLAG_INCACHE) != 0) return unchecked(raPrevPage[p]) + 1;
  unchecked((raPrevPage[p] += newsize - 1));

  if (sequential && unchecked(raSize[p]) == 0) {
    unchecked((raSize[p] = initRaSize(newsize, max)));
    unchecked((raStart[p] = offset));
    if (!blockableReadahead(p, offset, unchecked(raSize[p]), true)) return unchecked(raPrevPage[p]) + 1;
    if (reqSize >= max) makeAheadWindow(p, true);
    return unchecked(raPrevPage[p]) + 1;
  }
  if (!sequential) {
    raOff(p);
    blockableReadahead(p, offset, newsize, true);
    return unchecked(raPrevPage[p]) + 1;
  }
  let recheck = false;
  if (unchecked(raAheadStart[p]) == 0) {
    if (!makeAheadWindow(p, false)) recheck = true;
  }
  if (recheck || unchecked(raPrevPage[p]) >= unchecked(raAheadStart[p])) {
    if (!recheck) {
      unchecked((raStart[p] = raAheadStart[p]));
      unchecked((raSize[p] = raAheadSize[p]));
      makeAheadWindow(p, false);
    }
    // recheck: prev_page shouldn't overrun the ahead window
    unchecked((raPrevPage[p] = min(raPrevPage[p], raAheadStart[p] + raAheadSize[p] - 1)));
  }
  return unchecked(raPrevPage[p]) + 1;
}
