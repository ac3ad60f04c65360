// Reading pages from the guest's disk, after 2.6.16 fs/mpage.c mpage_readpages (readahead) and
// mpage_readpage (a single missed page): pages whose blocks are consecutive on disk go into one bio
// until bio_add_page finds the queue's limit (blkfront: 11 segments = 44 KiB), each bio submitted as
// a plain READ. When a bio completes its pages become uptodate and the processes waiting on them are
// woken (unlock_page → wake_up_page). A process that waits on a page first unplugs the queue
// (sync_page → blk_run_backing_dev).
import { RequestQueue, BioEndIo } from "../block/queue";
import { PAGE_SECTORS, bioCookie } from "../block/request";
import { pageAdd, pageFind, pageReadDone, pageWaiters, pageSetWaiters } from "./pagecache";
import { fileSector } from "./files";

export const MAX_PROCS: i32 = 8;
export type WakeFn = (proc: i32) => void;

let q: RequestQueue | null = null;
let wakeFn: u32 = 0; // function-table index (engine/dispatch.ts says why)
const waitNext = new StaticArray<i32>(MAX_PROCS); // the next process waiting on the same page
// pending bios by cookie: file, first page index, pages
let cFile = new StaticArray<i32>(0);
let cIndex = new StaticArray<i64>(0);
let cPages = new StaticArray<i32>(0);
let cFree: i32 = -1;
let biosSubmitted: i64 = 0;

const procPrio = new StaticArray<i32>(MAX_PROCS); // each process's io priority (ionice), ioprio.h value

class PageEndIo extends BioEndIo {
  bioDone(queue: RequestQueue, bio: i32, error: bool): void {
    mpageBioDone(bioCookie(bio));
  }
}
export const pageEndIo = new PageEndIo();

export function mpageInit(queue: RequestQueue, wake: WakeFn, maxBios: i32): void {
  q = queue;
  wakeFn = wake.index;
  cFile = new StaticArray<i32>(maxBios);
  cIndex = new StaticArray<i64>(maxBios);
  cPages = new StaticArray<i32>(maxBios);
  cFree = -1;
  for (let c = maxBios - 1; c >= 0; c--) {
    unchecked((cFile[c] = cFree));
    cFree = c;
  }
  biosSubmitted = 0;
  for (let p = 0; p < MAX_PROCS; p++) unchecked((procPrio[p] = 0));
}

export function mpageSetPrio(proc: i32, prio: i32): void {
  unchecked((procPrio[proc] = prio));
}

export function mpageBios(): i64 {
  return biosSubmitted;
}

// The bio `cookie` finished: its pages are uptodate, their waiters woken.
export function mpageBioDone(cookie: i32): void {
  const f = unchecked(cFile[cookie]);
  const first = unchecked(cIndex[cookie]);
  const n = unchecked(cPages[cookie]);
  for (let i: i64 = 0; i < <i64>n; i++) {
    const s = pageFind(f, first + i);
    if (s < 0) continue;
    let p = pageReadDone(s);
    while (p >= 0) {
      const nx = unchecked(waitNext[p]);
      call_indirect<void>(wakeFn, p);
      p = nx;
    }
  }
  unchecked((cFile[cookie] = cFree));
  cFree = cookie;
}

function submit(f: i32, first: i64, n: i32, proc: i32): void {
  const c = cFree;
  if (c < 0) unreachable(); // more bios in flight than mpageInit's maxBios: sized from the request limits
  cFree = unchecked(cFile[c]);
  unchecked((cFile[c] = f));
  unchecked((cIndex[c] = first));
  unchecked((cPages[c] = n));
  biosSubmitted++;
  q!.submitBio(fileSector(f, first), n * PAGE_SECTORS, 0, proc, unchecked(procPrio[proc]), c);
}

// __do_page_cache_readahead + read_pages: allocate the pages of [offset, offset + nr) not yet
// cached (up to the file's last page), then read them in bios of consecutive blocks. Returns how
// many pages it started reading.
export function readPages(f: i32, offset: i64, nr: i64, lastPage: i64, proc: i32): i32 {
  let started = 0;
  let runFirst: i64 = -1;
  let runPages = 0;
  const end = min(offset + nr, lastPage + 1);
  for (let i = offset; i < end; i++) {
    if (pageFind(f, i) >= 0) {
      if (runPages > 0) flushRun(f, runFirst, runPages, proc);
      runPages = 0;
      continue;
    }
    if (pageAdd(f, i) < 0) break; // no page to evict: read what is allocated
    started++;
    if (runPages > 0 && (fileSector(f, i) != fileSector(f, runFirst) + <i64>(runPages * PAGE_SECTORS) || !fitsOneBio(f, runFirst, runPages + 1))) {
      flushRun(f, runFirst, runPages, proc);
      runPages = 0;
    }
    if (runPages == 0) runFirst = i;
    runPages++;
  }
  if (runPages > 0) flushRun(f, runFirst, runPages, proc);
  return started;
}

@inline function fitsOneBio(f: i32, first: i64, pages: i32): bool {
  return pages * PAGE_SECTORS <= q!.maxBioSectors(fileSector(f, first));
}

function flushRun(f: i32, first: i64, pages: i32, proc: i32): void {
  submit(f, first, pages, proc);
}

// mpage_readpage for one page the process found missing (already allocated by the caller)
export function readOnePage(f: i32, index: i64, proc: i32): void {
  submit(f, index, 1, proc);
}

// wait_on_page_locked: `proc` sleeps until page slot s is read; the queue is unplugged first.
export function waitOnPage(s: i32, proc: i32): void {
  unchecked((waitNext[proc] = pageWaiters(s)));
  pageSetWaiters(s, proc);
  q!.unplug();
}

// bdi_read_congested for readahead that must not block
export function readCongested(): bool {
  return q!.readCongested();
}
