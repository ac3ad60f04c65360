// The deadline I/O scheduler, after Linux 2.6.16 block/deadline-iosched.c (code index id 65525194:
// `#include <linux/config.h>`, `request_queue_t`, `struct deadline_rq`, elv_dispatch_add_tail).
// Each direction keeps its requests twice: sorted by start sector (sort_list, an rb-tree there) and
// in arrival order with a deadline (fifo_list). Dispatch runs batches of up to fifo_batch requests
// in ascending sector order (a one-way elevator: past the highest request it starts over from the
// lowest); between batches it prefers reads, unless writes have been passed over writes_starved
// times, and starts at the oldest request of the chosen direction if that one has expired.
// Named simplifications: the rb-tree is a sorted list (RqList.addSorted, linear insertion), and the
// back-merge hash (keyed by end sector over both directions) is a scan of the bio's direction's
// sort list: where a read and a write end on the same sector, the kernel's hash might offer the
// wrong-direction one first and fall back to a front merge; here the right one is found.
import { Elevator, ELEVATOR_NO_MERGE, ELEVATOR_BACK_MERGE, ELEVATOR_FRONT_MERGE } from "./elevator";
import { ElvQueue } from "./elvqueue";
import {
  RqList, RqLinks, requestCapacity, rqSector, rqEndSector, rqDir, rqFlags, RQ_STARTED, RQ_NOMERGE,
  bioSector, bioEndSector, bioDir,
} from "./request";

const READ: i32 = 0;
const WRITE: i32 = 1;

export class Deadline extends Elevator {
  // sort_list[2]: by start sector; fifo_list[2]: by arrival (each request on one of each)
  private sortList: StaticArray<RqList> = new StaticArray<RqList>(2);
  private fifoList: StaticArray<RqList> = new StaticArray<RqList>(2);
  // drq->expires: the jiffy after which the request is overdue
  private expires: StaticArray<i64> = new StaticArray<i64>(0);
  // next_drq[2]: the next request in sort order after the last dispatched one (-1: none)
  private nextRq: StaticArray<i32> = new StaticArray<i32>(2);
  private batching: i32 = 0; // number of sequential requests made in this batch
  private lastSector: i64 = 0; // head position: where the last dispatched request ends
  private starved: i32 = 0; // times reads have starved writes
  // tunables (deadline_init_queue), fifo_expire in jiffies
  private fifoExpire: StaticArray<i64> = new StaticArray<i64>(2);
  private fifoBatch: i32 = 16; // `static const int fifo_batch = 16;` "# of sequential requests treated as one"
  private writesStarved: i32 = 2; // `static const int writes_starved = 2;` "max times reads can starve a write"
  private frontMerges: i32 = 1; // deadline_init_queue: `dd->front_merges = 1;`

  name(): string {
    return "deadline";
  }

  init(q: ElvQueue): void {
    const n = requestCapacity();
    const sortLinks = new RqLinks(n);
    const fifoLinks = new RqLinks(n);
    for (let d = 0; d < 2; d++) {
      unchecked((this.sortList[d] = new RqList(sortLinks)));
      unchecked((this.fifoList[d] = new RqList(fifoLinks)));
      unchecked((this.nextRq[d] = -1));
    }
    this.expires = new StaticArray<i64>(n);
    unchecked((this.fifoExpire[READ] = <i64>(q.hz / 2))); // `read_expire = HZ / 2;` "max time before a read is submitted"
    unchecked((this.fifoExpire[WRITE] = <i64>(5 * q.hz))); // `write_expire = 5 * HZ;` "these limits are SOFT!"
  }

  // deadline_attrs: read_expire / write_expire in ms (msecs_to_jiffies), the others as counts;
  // each clamped as its STORE_FUNCTION does.
  setTunable(q: ElvQueue, name: string, value: i64): bool {
    if (name == "read_expire" || name == "write_expire") {
      const ms = clampInt(value, 0, i32.MAX_VALUE);
      unchecked((this.fifoExpire[name == "read_expire" ? READ : WRITE] = q.msecsToJiffies(ms)));
    } else if (name == "writes_starved") {
      this.writesStarved = <i32>clampInt(value, i32.MIN_VALUE, i32.MAX_VALUE);
    } else if (name == "front_merges") {
      this.frontMerges = <i32>clampInt(value, 0, 1);
    } else if (name == "fifo_batch") {
      this.fifoBatch = <i32>clampInt(value, 0, i32.MAX_VALUE);
    } else return false;
    return true;
  }

  // deadline_merge: a back merge onto a request ending where the bio starts (the hash), else
  // with front_merges a front merge onto one starting where the bio ends (the rb-tree).
  merge(q: ElvQueue, bio: i32): i32 {
    const dir = bioDir(bio);
    const list = unchecked(this.sortList[dir]);
    const start = bioSector(bio);
    for (let rq = list.first(); rq >= 0; rq = list.nextOf(rq)) {
      if (rqEndSector(rq) == start && mergeable(rq)) {
        q.mergeReq = rq;
        return ELEVATOR_BACK_MERGE;
      }
    }
    if (this.frontMerges != 0) {
      const end = bioEndSector(bio);
      for (let rq = list.first(); rq >= 0 && rqSector(rq) <= end; rq = list.nextOf(rq)) {
        if (rqSector(rq) == end && mergeable(rq)) {
          q.mergeReq = rq;
          return ELEVATOR_FRONT_MERGE;
        }
      }
    }
    return ELEVATOR_NO_MERGE;
  }

  // deadline_merged_request: a front merge moved the request's key; reposition it
  merged(q: ElvQueue, rq: i32): void {
    this.reposition(q, rq);
  }

  // deadline_merged_requests: rq absorbed `next`; rq takes next's place in the FIFO if next was due earlier
  mergeRequests(q: ElvQueue, rq: i32, next: i32): void {
    this.reposition(q, rq);
    const fifo = unchecked(this.fifoList[rqDir(rq)]);
    if (fifo.links.linked(rq) && fifo.links.linked(next)) {
      if (unchecked(this.expires[next]) < unchecked(this.expires[rq])) {
        // list_move(&drq->fifo, &dnext->fifo): rq goes right after next, which is removed below
        fifo.remove(rq);
        fifo.insertAfter(next, rq);
        unchecked((this.expires[rq] = unchecked(this.expires[next])));
      }
    }
    this.removeRequest(next);
  }

  // deadline_add_request: into the sort list and the FIFO with its deadline
  addRequest(q: ElvQueue, rq: i32): void {
    const dir = rqDir(rq);
    this.addRb(q, rq);
    unchecked((this.expires[rq] = q.jiffies() + unchecked(this.fifoExpire[dir])));
    unchecked(this.fifoList[dir]).addTail(rq);
  }

  // deadline_dispatch_requests (`force` changes nothing: deadline never holds a request back)
  dispatch(q: ElvQueue, force: bool): i32 {
    const reads = !unchecked(this.fifoList[READ]).empty();
    const writes = !unchecked(this.fifoList[WRITE]).empty();
    // batches are reads XOR writes
    let rq = unchecked(this.nextRq[WRITE]);
    if (rq < 0) rq = unchecked(this.nextRq[READ]);
    if (rq >= 0) {
      // end the batch on a non-sequential request
      if (this.lastSector != rqSector(rq)) this.batching += this.fifoBatch;
      if (this.batching < this.fifoBatch) {
        this.batching++;
        this.moveRequest(q, rq);
        return 1;
      }
    }
    // not in a batch: choose the direction
    let dir: i32;
    if (reads) {
      if (writes && this.starved++ >= this.writesStarved) {
        this.starved = 0;
        dir = WRITE;
      } else dir = READ;
    } else if (writes) {
      this.starved = 0;
      dir = WRITE;
    } else return 0;
    const fifo = unchecked(this.fifoList[dir]);
    if (q.jiffies() > unchecked(this.expires[fifo.first()])) {
      // deadline_check_fifo: an expired request exists, satisfy it
      this.batching = 0;
      rq = fifo.first();
    } else if (unchecked(this.nextRq[dir]) >= 0) {
      // the last request was this direction: continue the sweep
      rq = unchecked(this.nextRq[dir]);
    } else {
      // the other direction last, or past the highest sector: start over from the lowest (one-way)
      this.batching = 0;
      rq = unchecked(this.sortList[dir]).first();
    }
    this.batching++;
    this.moveRequest(q, rq);
    return 1;
  }

  queueEmpty(q: ElvQueue): bool {
    return unchecked(this.fifoList[READ]).empty() && unchecked(this.fifoList[WRITE]).empty();
  }

  // deadline_former_request / deadline_latter_request: neighbours in sort order
  former(q: ElvQueue, rq: i32): i32 {
    const l = unchecked(this.sortList[rqDir(rq)]);
    return l.links.linked(rq) ? l.prevOf(rq) : -1;
  }
  latter(q: ElvQueue, rq: i32): i32 {
    const l = unchecked(this.sortList[rqDir(rq)]);
    return l.links.linked(rq) ? l.nextOf(rq) : -1;
  }

  // deadline_move_request: the next request in sort order becomes next_drq (of this direction
  // only), the head moves to rq's end, and rq goes to the dispatch list's tail.
  private moveRequest(q: ElvQueue, rq: i32): void {
    const dir = rqDir(rq);
    const rbnext = unchecked(this.sortList[dir]).nextOf(rq);
    unchecked((this.nextRq[READ] = -1));
    unchecked((this.nextRq[WRITE] = -1));
    unchecked((this.nextRq[dir] = rbnext));
    this.lastSector = rqEndSector(rq);
    this.removeRequest(rq);
    q.dispatchAddTail(rq);
  }

  // deadline_add_drq_rb: a request whose start sector equals one already sorted (an alias) sends
  // that one to the dispatch list first, as the rb-tree holds one request per key.
  private addRb(q: ElvQueue, rq: i32): void {
    const list = unchecked(this.sortList[rqDir(rq)]);
    const s = rqSector(rq);
    for (let a = list.first(); a >= 0 && rqSector(a) <= s; a = list.nextOf(a)) {
      if (rqSector(a) == s) {
        this.moveRequest(q, a);
        break;
      }
    }
    list.addSorted(rq);
  }

  // the request's start sector changed (a front merge): take it out of the sort list and put it back
  private reposition(q: ElvQueue, rq: i32): void {
    const list = unchecked(this.sortList[rqDir(rq)]);
    const prev = list.prevOf(rq);
    const next = list.nextOf(rq);
    const s = rqSector(rq);
    if ((prev < 0 || rqSector(prev) < s) && (next < 0 || rqSector(next) > s)) return; // still in place
    this.delRb(rq);
    this.addRb(q, rq);
  }

  // deadline_del_drq_rb: if rq was next_drq, its successor takes its place
  private delRb(rq: i32): void {
    const dir = rqDir(rq);
    const list = unchecked(this.sortList[dir]);
    if (unchecked(this.nextRq[dir]) == rq) unchecked((this.nextRq[dir] = list.nextOf(rq)));
    list.remove(rq);
  }

  // deadline_remove_request: off the FIFO and the sort list
  private removeRequest(rq: i32): void {
    const fifo = unchecked(this.fifoList[rqDir(rq)]);
    if (fifo.links.linked(rq)) fifo.remove(rq);
    this.delRb(rq);
  }
}

// rq_mergeable (what the hash lookup checks before offering a request)
@inline function mergeable(rq: i32): bool {
  return (rqFlags(rq) & (RQ_STARTED | RQ_NOMERGE)) == 0;
}

@inline function clampInt(v: i64, lo: i64, hi: i64): i64 {
  return v < lo ? lo : v > hi ? hi : v;
}
