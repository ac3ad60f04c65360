// A log of block-layer events in blktrace's terms (include/linux/blktrace_api.h actions: queue,
// merges, get request, insert, issue, complete, plug, unplug), per device, for `--iotrace`: the host
// writes them as blktrace files Debian's blkparse reads (host/iotrace/blktrace.ts). Records of
// IOLOG_FIELDS i64: time ns, device, action (queue.ts TA_*), sector, sectors, process, flags.
// Off (capacity 0) unless asked for; when full it stops and says so, it never wraps.
import { now } from "../engine/clock";
import { RequestQueue, QueueObserver } from "./queue";

export const IOLOG_FIELDS: i32 = 7;

let log = new StaticArray<i64>(0);
let cap: i32 = 0;
let rows: i32 = 0;
let truncated: bool = false;

export function iologInit(capacity: i32): void {
  log = new StaticArray<i64>(capacity * IOLOG_FIELDS);
  cap = capacity;
  rows = 0;
  truncated = false;
}

@inline export function iologOn(): bool {
  return cap > 0;
}

export function iologRecord(device: i32, action: i32, sector: i64, sectors: i32, ioc: i32, flags: i32): void {
  if (rows >= cap) {
    if (cap > 0) truncated = true;
    return;
  }
  const o = rows * IOLOG_FIELDS;
  unchecked((log[o] = now()));
  unchecked((log[o + 1] = <i64>device));
  unchecked((log[o + 2] = <i64>action));
  unchecked((log[o + 3] = sector));
  unchecked((log[o + 4] = <i64>sectors));
  unchecked((log[o + 5] = <i64>ioc));
  unchecked((log[o + 6] = <i64>flags));
  rows++;
}

// The observer that logs a queue's events under its queue id.
export class QueueLogger extends QueueObserver {
  event(q: RequestQueue, action: i32, sector: i64, sectors: i32, ioc: i32, flags: i32): void {
    iologRecord(q.id, action, sector, sectors, ioc, flags);
  }
}

export function iologRows(): i32 {
  return rows;
}
export function iologPointer(): usize {
  return changetype<usize>(log);
}
export function iologTruncated(): bool {
  return truncated;
}
