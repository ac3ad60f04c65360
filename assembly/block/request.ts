// Block requests and bios, after Linux 2.6.16 `struct request` / `struct bio` (include/linux/blkdev.h,
// include/linux/bio.h): what an elevator reads of them. Both live in pools of struct-of-arrays indexed
// by id (a request id `rq`, a bio id `bio`), shared by every queue of a run and sized once by
// blockInit, so a run never allocates per I/O. -1 is NULL.
//
// A request carries: its first sector and length (sector, nr_sectors, 512-byte sectors), its pages as
// segments (nr_phys_segments: every page its own segment, see queue.ts), direction and sync flags, the
// io context that allocated it (the process current at elv_set_request: `rq->elevator_private`'s
// owner in AS and CFQ), its io priority (rq->ioprio, ioprio_best of its bios), start_time (arrival of
// its first bio; jiffies in Linux, ns here, RequestQueue.jiffiesAt converts), one i32 of elevator
// private data, the `queuelist` links (the elevator's own list, then the dispatch list) and its
// bios. Named simplifications: no barriers, no special/packet commands, no bounce buffers.
import { now } from "../engine/clock";

export const SECTOR_BYTES: i32 = 512;
export const PAGE_SECTORS: i32 = 8; // a 4 KiB page (PAGE_SIZE on i386)

// rq flags (REQ_* of 2.6.16 blkdev.h that an elevator tests)
export const RQ_WRITE: i32 = 1; // REQ_RW: rq_data_dir() == WRITE
export const RQ_SYNC: i32 = 2; // REQ_RW_SYNC: a synchronous write (reads are sync by definition, rqIsSync)
export const RQ_SORTED: i32 = 4; // REQ_SORTED: inserted through the elevator (ELEVATOR_INSERT_SORT)
export const RQ_STARTED: i32 = 8; // REQ_STARTED: the driver has seen it; never merged or passed again
export const RQ_ELVPRIV: i32 = 16; // REQ_ELVPRIV: elv_set_request ran, elv_put_request must run
export const RQ_NOMERGE: i32 = 32; // REQ_NOMERGE: once failed to grow past the limits, never offered a merge again

// io priorities as include/linux/ioprio.h packs them: class << 13 | data (level 0..7)
export const IOPRIO_CLASS_NONE: i32 = 0;
export const IOPRIO_CLASS_RT: i32 = 1;
export const IOPRIO_CLASS_BE: i32 = 2;
export const IOPRIO_CLASS_IDLE: i32 = 3;
export const IOPRIO_BE_NR: i32 = 8;
const IOPRIO_CLASS_SHIFT: i32 = 13;

@inline export function ioprioValue(cls: i32, data: i32): i32 {
  return (cls << IOPRIO_CLASS_SHIFT) | data;
}
@inline export function ioprioClass(prio: i32): i32 {
  return prio >> IOPRIO_CLASS_SHIFT;
}
@inline export function ioprioData(prio: i32): i32 {
  return prio & ((1 << IOPRIO_CLASS_SHIFT) - 1);
}
// ioprio_best (fs/ioprio.c): the better of two priorities (a lower class, then a lower level);
// NONE counts as BE and loses to any valid priority.
export function ioprioBest(a: i32, b: i32): i32 {
  let ac = ioprioClass(a);
  let bc = ioprioClass(b);
  if (ac == IOPRIO_CLASS_NONE) return b;
  if (bc == IOPRIO_CLASS_NONE) return a;
  if (ac == bc) return min(a, b);
  return ac > bc ? b : a;
}

// Io contexts (struct io_context): one per process that issues I/O, numbered by the world (a guest
// process; dom0's xenblkd of each guest). Elevators keep their per-context state (as_io_context,
// cfq_io_context) in arrays of this size.
export const IOC_CAPACITY: i32 = 64;

// --- the request pool ---
let rqCap: i32 = 0;
export let rqSectorA = new StaticArray<i64>(0);
export let rqSectorsA = new StaticArray<i32>(0);
export let rqSegmentsA = new StaticArray<i32>(0);
export let rqFlagsA = new StaticArray<i32>(0);
export let rqIocA = new StaticArray<i32>(0);
export let rqPrioA = new StaticArray<i32>(0);
export let rqStartNsA = new StaticArray<i64>(0);
export let rqElvPrivA = new StaticArray<i32>(0);
export let rqQueueA = new StaticArray<i32>(0);
export let rqBioHeadA = new StaticArray<i32>(0);
export let rqBioTailA = new StaticArray<i32>(0);
export let rqTagA = new StaticArray<i32>(0); // the driver's use (a ring slot, a log row)
let rqFree: i32 = -1; // free list through rqElvPriv

// --- the bio pool ---
let bioCap: i32 = 0;
export let bioSectorA = new StaticArray<i64>(0);
export let bioSectorsA = new StaticArray<i32>(0);
export let bioFlagsA = new StaticArray<i32>(0); // RQ_WRITE | RQ_SYNC
export let bioIocA = new StaticArray<i32>(0); // the submitting process (`current` in make_request)
export let bioPrioA = new StaticArray<i32>(0);
export let bioCookieA = new StaticArray<i32>(0); // the submitter's tag, handed back at completion
export let bioNextA = new StaticArray<i32>(0); // bi_next: the request's bio chain, or a wait list
export let bioSubmitNsA = new StaticArray<i64>(0);
let bioFree: i32 = -1;
let poolExhausted: bool = false;

// The queuelist links of every request: the elevator's own list while it is sorted (noop's FIFO),
// then the dispatch list.
export let queuelist = new RqLinks(0);

export function requestPoolInit(requests: i32, bios: i32): void {
  rqCap = requests;
  rqSectorA = new StaticArray<i64>(requests);
  rqSectorsA = new StaticArray<i32>(requests);
  rqSegmentsA = new StaticArray<i32>(requests);
  rqFlagsA = new StaticArray<i32>(requests);
  rqIocA = new StaticArray<i32>(requests);
  rqPrioA = new StaticArray<i32>(requests);
  rqStartNsA = new StaticArray<i64>(requests);
  rqElvPrivA = new StaticArray<i32>(requests);
  rqQueueA = new StaticArray<i32>(requests);
  rqBioHeadA = new StaticArray<i32>(requests);
  rqBioTailA = new StaticArray<i32>(requests);
  rqTagA = new StaticArray<i32>(requests);
  queuelist = new RqLinks(requests);
  rqFree = -1;
  for (let r = requests - 1; r >= 0; r--) {
    unchecked((rqElvPrivA[r] = rqFree));
    unchecked((rqQueueA[r] = -1));
    rqFree = r;
  }
  bioCap = bios;
  bioSectorA = new StaticArray<i64>(bios);
  bioSectorsA = new StaticArray<i32>(bios);
  bioFlagsA = new StaticArray<i32>(bios);
  bioIocA = new StaticArray<i32>(bios);
  bioPrioA = new StaticArray<i32>(bios);
  bioCookieA = new StaticArray<i32>(bios);
  bioNextA = new StaticArray<i32>(bios);
  bioSubmitNsA = new StaticArray<i64>(bios);
  bioFree = -1;
  for (let b = bios - 1; b >= 0; b--) {
    unchecked((bioNextA[b] = bioFree));
    bioFree = b;
  }
  poolExhausted = false;
}

// How many request ids exist: an elevator sizes its per-request arrays by it.
export function requestCapacity(): i32 {
  return rqCap;
}

// True once an allocation found its pool empty (the run reports it; nothing is dropped silently).
export function requestPoolExhausted(): bool {
  return poolExhausted;
}

export function requestAlloc(): i32 {
  const r = rqFree;
  if (r < 0) {
    poolExhausted = true;
    return -1;
  }
  rqFree = unchecked(rqElvPrivA[r]);
  unchecked((rqElvPrivA[r] = 0));
  unchecked((rqFlagsA[r] = 0));
  unchecked((rqBioHeadA[r] = -1));
  unchecked((rqBioTailA[r] = -1));
  unchecked((rqTagA[r] = -1));
  queuelist.clear(r);
  return r;
}

export function requestFree(r: i32): void {
  unchecked((rqQueueA[r] = -1));
  unchecked((rqElvPrivA[r] = rqFree));
  rqFree = r;
}

export function bioAlloc(sector: i64, sectors: i32, flags: i32, ioc: i32, prio: i32, cookie: i32): i32 {
  const b = bioFree;
  if (b < 0) {
    poolExhausted = true;
    return -1;
  }
  bioFree = unchecked(bioNextA[b]);
  unchecked((bioSectorA[b] = sector));
  unchecked((bioSectorsA[b] = sectors));
  unchecked((bioFlagsA[b] = flags & (RQ_WRITE | RQ_SYNC)));
  unchecked((bioIocA[b] = ioc));
  unchecked((bioPrioA[b] = prio));
  unchecked((bioCookieA[b] = cookie));
  unchecked((bioNextA[b] = -1));
  unchecked((bioSubmitNsA[b] = now()));
  return b;
}

export function bioFreeId(b: i32): void {
  unchecked((bioNextA[b] = bioFree));
  bioFree = b;
}

// --- what an elevator reads of a request (rq->sector, rq->nr_sectors, rq_data_dir, …) ---
@inline export function rqSector(rq: i32): i64 {
  return unchecked(rqSectorA[rq]);
}
@inline export function rqSectors(rq: i32): i32 {
  return unchecked(rqSectorsA[rq]);
}
// rq->sector + rq->nr_sectors (rq_end_sector)
@inline export function rqEndSector(rq: i32): i64 {
  return unchecked(rqSectorA[rq]) + <i64>unchecked(rqSectorsA[rq]);
}
@inline export function rqSegments(rq: i32): i32 {
  return unchecked(rqSegmentsA[rq]);
}
@inline export function rqFlags(rq: i32): i32 {
  return unchecked(rqFlagsA[rq]);
}
@inline export function rqIsWrite(rq: i32): bool {
  return (unchecked(rqFlagsA[rq]) & RQ_WRITE) != 0;
}
// rq_data_dir as an index: READ 0, WRITE 1
@inline export function rqDir(rq: i32): i32 {
  return unchecked(rqFlagsA[rq]) & RQ_WRITE;
}
// a read, or a write marked synchronous (AS's arq->is_sync, CFQ's cfq_crq_is_sync)
@inline export function rqIsSync(rq: i32): bool {
  const f = unchecked(rqFlagsA[rq]);
  return (f & RQ_WRITE) == 0 || (f & RQ_SYNC) != 0;
}
@inline export function rqIoc(rq: i32): i32 {
  return unchecked(rqIocA[rq]);
}
@inline export function rqIoprio(rq: i32): i32 {
  return unchecked(rqPrioA[rq]);
}
// start_time: when its first bio arrived (ns), the earlier of two merged requests'
@inline export function rqStartNs(rq: i32): i64 {
  return unchecked(rqStartNsA[rq]);
}
@inline export function rqElvPriv(rq: i32): i32 {
  return unchecked(rqElvPrivA[rq]);
}
@inline export function rqSetElvPriv(rq: i32, v: i32): void {
  unchecked((rqElvPrivA[rq] = v));
}
@inline export function rqBioCount(rq: i32): i32 {
  let n = 0;
  for (let b = unchecked(rqBioHeadA[rq]); b >= 0; b = unchecked(bioNextA[b])) n++;
  return n;
}

// --- what an elevator reads of a bio (merge, set_req, may_queue) ---
@inline export function bioSector(b: i32): i64 {
  return unchecked(bioSectorA[b]);
}
@inline export function bioSectors(b: i32): i32 {
  return unchecked(bioSectorsA[b]);
}
@inline export function bioEndSector(b: i32): i64 {
  return unchecked(bioSectorA[b]) + <i64>unchecked(bioSectorsA[b]);
}
@inline export function bioDir(b: i32): i32 {
  return unchecked(bioFlagsA[b]) & RQ_WRITE;
}
@inline export function bioIsSync(b: i32): bool {
  const f = unchecked(bioFlagsA[b]);
  return (f & RQ_WRITE) == 0 || (f & RQ_SYNC) != 0;
}
@inline export function bioIoc(b: i32): i32 {
  return unchecked(bioIocA[b]);
}
@inline export function bioIoprio(b: i32): i32 {
  return unchecked(bioPrioA[b]);
}
@inline export function bioCookie(b: i32): i32 {
  return unchecked(bioCookieA[b]);
}

// Intrusive doubly linked lists of requests over one pair of link arrays (struct list_head): a
// request is on at most one list per RqLinks. request.ts owns `queuelist`; an elevator that keeps
// more lists per request (AS's and deadline's FIFOs, CFQ's per-queue lists) makes its own RqLinks
// of requestCapacity() in its init.
export class RqLinks {
  next: StaticArray<i32>;
  prev: StaticArray<i32>;
  constructor(n: i32) {
    this.next = new StaticArray<i32>(n);
    this.prev = new StaticArray<i32>(n);
    for (let i = 0; i < n; i++) this.clear(i);
  }
  // list_del_init's state: on no list (-2, so that -1 can mean "end of list")
  @inline clear(rq: i32): void {
    unchecked((this.next[rq] = -2));
    unchecked((this.prev[rq] = -2));
  }
  @inline linked(rq: i32): bool {
    return unchecked(this.next[rq]) != -2;
  }
}

export class RqList {
  head: i32 = -1;
  tail: i32 = -1;
  count: i32 = 0;
  constructor(public links: RqLinks) {}

  @inline empty(): bool {
    return this.head < 0;
  }
  @inline first(): i32 {
    return this.head;
  }
  @inline last(): i32 {
    return this.tail;
  }
  // the request after / before rq on this list, -1 at the end
  @inline nextOf(rq: i32): i32 {
    return unchecked(this.links.next[rq]);
  }
  @inline prevOf(rq: i32): i32 {
    return unchecked(this.links.prev[rq]);
  }
  addTail(rq: i32): void {
    this.insertAfter(this.tail, rq);
  }
  addHead(rq: i32): void {
    this.insertAfter(-1, rq);
  }
  // insert rq after `pos` (-1: at the head), as list_add(&rq, pos)
  insertAfter(pos: i32, rq: i32): void {
    const l = this.links;
    const nxt = pos < 0 ? this.head : unchecked(l.next[pos]);
    unchecked((l.prev[rq] = pos));
    unchecked((l.next[rq] = nxt));
    if (pos < 0) this.head = rq;
    else unchecked((l.next[pos] = rq));
    if (nxt < 0) this.tail = rq;
    else unchecked((l.prev[nxt] = rq));
    this.count++;
  }
  // list_del_init
  remove(rq: i32): void {
    const l = this.links;
    const p = unchecked(l.prev[rq]);
    const n = unchecked(l.next[rq]);
    if (p < 0) this.head = n;
    else unchecked((l.next[p] = n));
    if (n < 0) this.tail = p;
    else unchecked((l.prev[n] = p));
    l.clear(rq);
    this.count--;
  }
  // Insert keeping the list sorted by ascending sector (after equal sectors): a stand-in for the
  // rb-trees of deadline/AS (elv_rb_add), linear in the list length (≤ nr_requests · 3/2 per
  // direction), searching from the tail as new requests mostly come last.
  addSorted(rq: i32): void {
    const s = unchecked(rqSectorA[rq]);
    let pos = this.tail;
    while (pos >= 0 && unchecked(rqSectorA[pos]) > s) pos = unchecked(this.links.prev[pos]);
    this.insertAfter(pos, rq);
  }
}
