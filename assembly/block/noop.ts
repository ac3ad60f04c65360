// The noop I/O scheduler, after Linux 2.6.16 block/noop-iosched.c: one FIFO of requests
// (list_add_tail on the request's queuelist), dispatched one per call from its head through
// elv_dispatch_sort. It has no merge lookup of its own: a bio merges only into the queue's
// last_merge (elv_merge), and a grown request joins its FIFO neighbour (former/latter are the list's
// previous and next, as noop_former_request / noop_latter_request).
import { Elevator } from "./elevator";
import { ElvQueue } from "./elvqueue";
import { RqList, queuelist } from "./request";

export class Noop extends Elevator {
  private fifo: RqList = new RqList(queuelist);

  name(): string {
    return "noop";
  }
  // noop_merged_requests: `next` was merged into its predecessor
  mergeRequests(q: ElvQueue, rq: i32, next: i32): void {
    this.fifo.remove(next);
  }
  dispatch(q: ElvQueue, force: bool): i32 {
    const rq = this.fifo.first();
    if (rq < 0) return 0;
    this.fifo.remove(rq);
    q.dispatchSort(rq);
    return 1;
  }
  addRequest(q: ElvQueue, rq: i32): void {
    this.fifo.addTail(rq);
  }
  queueEmpty(q: ElvQueue): bool {
    return this.fifo.empty();
  }
  former(q: ElvQueue, rq: i32): i32 {
    return this.fifo.prevOf(rq);
  }
  latter(q: ElvQueue, rq: i32): i32 {
    return this.fifo.nextOf(rq);
  }
}
