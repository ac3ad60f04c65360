// The guest's page cache: pages of files by (file, index), each locked while its read is in flight
// and uptodate after, with the processes waiting for it (wait_on_page_locked / lock_page). Its size
// comes from the guest's RAM: a 128 MB guest cannot cache a 1 GB file. Eviction takes the least
// recently used page that is uptodate and nobody waits for — a named simplification of 2.6.16's
// active/inactive lists (mm/vmscan.c), which for the single-pass reads here evict in the same
// order. Lookups go through an open-addressed hash (linear probing, backward-shift deletion).
export const PAGE_BYTES: i64 = 4096;
export const PG_LOCKED: i32 = 1;
export const PG_UPTODATE: i32 = 2;

let slots: i32 = 0;
let used: i32 = 0;
let pKey = new StaticArray<i64>(0); // file << 40 | index, -1 free
let pState = new StaticArray<i32>(0);
let pWaiters = new StaticArray<i32>(0); // head of the process list waiting for the page (process.ts links them)
let lruPrev = new StaticArray<i32>(0);
let lruNext = new StaticArray<i32>(0);
let lruHead: i32 = -1; // least recently used
let lruTail: i32 = -1;
let freeHead: i32 = -1;
let hash = new StaticArray<i32>(0); // slot, -1 empty
let hashMask: i32 = 0;
let evictions: i64 = 0;

export function pageCacheInit(pages: i32): void {
  slots = pages;
  used = 0;
  pKey = new StaticArray<i64>(pages);
  pState = new StaticArray<i32>(pages);
  pWaiters = new StaticArray<i32>(pages);
  lruPrev = new StaticArray<i32>(pages);
  lruNext = new StaticArray<i32>(pages);
  freeHead = -1;
  for (let s = pages - 1; s >= 0; s--) {
    unchecked((pKey[s] = -1));
    unchecked((lruNext[s] = freeHead));
    freeHead = s;
  }
  lruHead = -1;
  lruTail = -1;
  let h = 1;
  while (h < pages * 2) h <<= 1;
  hash = new StaticArray<i32>(h);
  hashMask = h - 1;
  for (let i = 0; i < h; i++) unchecked((hash[i] = -1));
  evictions = 0;
}

export function pageCacheEvictions(): i64 {
  return evictions;
}

@inline function keyOf(file: i32, index: i64): i64 {
  return (<i64>file << 40) | index;
}
@inline function bucket(key: i64): i32 {
  return <i32>((<u64>key * 0x9e3779b97f4a7c15) >>> 40) & hashMask;
}

// find_get_page: the slot of (file, index), -1 if absent
export function pageFind(file: i32, index: i64): i32 {
  const key = keyOf(file, index);
  let i = bucket(key);
  while (true) {
    const s = unchecked(hash[i]);
    if (s < 0) return -1;
    if (unchecked(pKey[s]) == key) return s;
    i = (i + 1) & hashMask;
  }
  return -1;
}

@inline export function pageState(s: i32): i32 {
  return unchecked(pState[s]);
}
@inline export function pageWaiters(s: i32): i32 {
  return unchecked(pWaiters[s]);
}
@inline export function pageSetWaiters(s: i32, head: i32): void {
  unchecked((pWaiters[s] = head));
}

// mark_page_accessed: the page becomes the most recently used
export function pageTouch(s: i32): void {
  lruUnlink(s);
  lruAppend(s);
}

// page_cache_alloc + add_to_page_cache_lru: a new locked page for (file, index), evicting the
// least recently used idle page when the cache is full; -1 if every page is locked or waited for.
export function pageAdd(file: i32, index: i64): i32 {
  let s = freeHead;
  if (s >= 0) {
    freeHead = unchecked(lruNext[s]);
  } else {
    s = lruHead;
    while (s >= 0 && (unchecked(pState[s]) != PG_UPTODATE || unchecked(pWaiters[s]) >= 0)) s = unchecked(lruNext[s]);
    if (s < 0) return -1;
    lruUnlink(s);
    hashRemove(s);
    evictions++;
    used--;
  }
  const key = keyOf(file, index);
  unchecked((pKey[s] = key));
  unchecked((pState[s] = PG_LOCKED));
  unchecked((pWaiters[s] = -1));
  let i = bucket(key);
  while (unchecked(hash[i]) >= 0) i = (i + 1) & hashMask;
  unchecked((hash[i] = s));
  lruAppend(s);
  used++;
  return s;
}

// SetPageUptodate + unlock_page (the read finished); returns the head of its waiters, now cleared
export function pageReadDone(s: i32): i32 {
  unchecked((pState[s] = PG_UPTODATE));
  const w = unchecked(pWaiters[s]);
  unchecked((pWaiters[s] = -1));
  return w;
}

function lruUnlink(s: i32): void {
  const p = unchecked(lruPrev[s]);
  const n = unchecked(lruNext[s]);
  if (p < 0) lruHead = n;
  else unchecked((lruNext[p] = n));
  if (n < 0) lruTail = p;
  else unchecked((lruPrev[n] = p));
}
function lruAppend(s: i32): void {
  unchecked((lruPrev[s] = lruTail));
  unchecked((lruNext[s] = -1));
  if (lruTail < 0) lruHead = s;
  else unchecked((lruNext[lruTail] = s));
  lruTail = s;
}

// linear probing's backward-shift deletion: no tombstones, lookups stay short
function hashRemove(s: i32): void {
  const key = unchecked(pKey[s]);
  let i = bucket(key);
  while (unchecked(hash[i]) != s) i = (i + 1) & hashMask;
  let j = i;
  while (true) {
    j = (j + 1) & hashMask;
    const t = unchecked(hash[j]);
    if (t < 0) break;
    const home = bucket(unchecked(pKey[t]));
    // move t into the hole at i unless its home lies cyclically in (i, j]
    const inRange = i <= j ? home > i && home <= j : home > i || home <= j;
    if (!inRange) {
      unchecked((hash[i] = t));
      i = j;
    }
  }
  unchecked((hash[i] = -1));
  unchecked((pKey[s] = -1));
}
