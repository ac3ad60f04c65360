// One request queue on a bench, for elevator unit tests: a queue with elevator X at HZ H whose
// driver takes up to `depth` requests and serves them one after another, `serviceNs` each (a disk
// with a command queue of `depth`, one command at a time), or — with serviceNs 0 — completes them
// only when the test says so. The test submits bios at given times (sector, sectors, direction,
// process), advances time, and reads back, per request the driver took, its sector range, process,
// bio count and the times it arrived, was taken and completed.
import { setNow, now } from "../engine/clock";
import { queueInit } from "../engine/queue";
import { runLoop, KEEP_GOING } from "../engine/loop";
import { dispatchReset, dispatchEvent } from "../engine/dispatch";
import { timersInit, timerRange, timerSet } from "../engine/timer";
import { RqList, RqLinks, requestCapacity, rqSector, rqSectors, rqFlags, rqIoc, rqStartNs, rqBioCount, rqTagA, requestPoolExhausted, IOC_CAPACITY } from "./request";
import { blockInit, blockTimers, queueCreate, RequestQueue, BlockDriver, BioEndIo } from "./queue";
import { elevatorCount } from "./registry";

export const HARNESS_LOG_FIELDS: i32 = 8; // sector, sectors, flags, ioc, bios, arrivedNs, takenNs, completedNs

class HarnessDriver extends BlockDriver {
  fifo: RqList; // requests taken, in the order the device serves them
  busyUntil: i64 = 0;
  constructor(public depth: i32, public serviceNs: i64, public timer: i32) {
    super();
    this.fifo = new RqList(new RqLinks(requestCapacity()));
  }
  requestFn(q: RequestQueue): void {
    while (this.fifo.count < this.depth) {
      const rq = q.nextRequest();
      if (rq < 0) break;
      q.dequeue(rq);
      logTaken(rq);
      this.fifo.addTail(rq);
      if (this.fifo.count == 1 && this.serviceNs > 0) {
        this.busyUntil = now() + this.serviceNs;
        timerSet(this.timer, this.busyUntil);
      }
    }
  }
  // the device finished its head request; it starts the next one, and the driver refills
  completeHead(q: RequestQueue): i32 {
    const rq = this.fifo.first();
    if (rq < 0) return -1;
    this.fifo.remove(rq);
    logCompleted(rq);
    q.endRequest(rq, false);
    if (this.fifo.count > 0 && this.serviceNs > 0) {
      this.busyUntil = now() + this.serviceNs;
      timerSet(this.timer, this.busyUntil);
    }
    this.requestFn(q);
    return rq;
  }
}

class HarnessEndIo extends BioEndIo {}

let q: RequestQueue | null = null;
let driver: HarnessDriver | null = null;
let log = new StaticArray<i64>(0);
let logRows: i32 = 0;
let logCap: i32 = 0;

function logTaken(rq: i32): void {
  if (logRows >= logCap) {
    unchecked((rqTagA[rq] = -1));
    return;
  }
  const o = logRows * HARNESS_LOG_FIELDS;
  unchecked((log[o] = rqSector(rq)));
  unchecked((log[o + 1] = <i64>rqSectors(rq)));
  unchecked((log[o + 2] = <i64>rqFlags(rq)));
  unchecked((log[o + 3] = <i64>rqIoc(rq)));
  unchecked((log[o + 4] = <i64>rqBioCount(rq)));
  unchecked((log[o + 5] = rqStartNs(rq)));
  unchecked((log[o + 6] = now()));
  unchecked((log[o + 7] = -1));
  unchecked((rqTagA[rq] = logRows));
  logRows++;
}

function logCompleted(rq: i32): void {
  const row = unchecked(rqTagA[rq]);
  if (row >= 0) unchecked((log[row * HARNESS_LOG_FIELDS + 7] = now()));
}

function deviceDone(local: i32): void {
  driver!.completeHead(q!);
}

// A model that stops time: an event that keeps scheduling another at the same instant (a queue run
// that makes no progress and asks for another run at once) would hang the run. Far more events at
// one instant than any real burst (every request of the pool taken and completed, every timer)
// fails the checked build's assertion, and stops a release run with ERR_STUCK.
const STUCK_EVENTS: i32 = 100_000;
export const ERR_STUCK: i32 = -2;
let instant: i64 = -1;
let eventsAtInstant: i32 = 0;

function onEvent(kind: i32, arg: i32): i32 {
  if (now() != instant) {
    instant = now();
    eventsAtInstant = 0;
  }
  if (++eventsAtInstant > STUCK_EVENTS) {
    assert(false, "block harness: more than 100000 events at one instant (a queue run that makes no progress repeats)");
    return ERR_STUCK;
  }
  dispatchEvent(kind, arg);
  return KEEP_GOING;
}

// Returns 0, or -1 for an elevator id, HZ or depth out of range.
export function blkHarnessInit(elevator: i32, hz: i32, depth: i32, serviceNs: i64, logCapacity: i32): i32 {
  if (elevator < 0 || elevator >= elevatorCount() || hz <= 0 || 1000 % hz != 0 || depth < 1 || serviceNs < 0 || logCapacity < 0) return -1;
  __collect(); // the last run's arrays (assembly/sim.ts simInit says why here)
  setNow(0);
  instant = -1;
  eventsAtInstant = 0;
  queueInit(4096);
  dispatchReset();
  timersInit(blockTimers(1) + 1);
  blockInit(1, 1024, 8192);
  driver = new HarnessDriver(depth, serviceNs, timerRange(1, deviceDone));
  q = queueCreate(hz, elevator, driver!, new HarnessEndIo());
  log = new StaticArray<i64>(logCapacity * HARNESS_LOG_FIELDS);
  logRows = 0;
  logCap = logCapacity;
  return 0;
}

// Run every event up to `t` (inclusive), then set the clock to `t`. Returns 0, -1 if `t` is
// before the clock, or ERR_STUCK (the clock stays where the run stuck).
export function blkHarnessAdvance(t: i64): i32 {
  if (t < now()) return -1;
  if (runLoop(i64.MAX_VALUE, t, onEvent) == ERR_STUCK) return ERR_STUCK;
  setNow(t);
  return 0;
}

// A bio at time `atNs`: `flags` RQ_WRITE 1 | RQ_SYNC 2, io context `ioc` (< IOC_CAPACITY), io
// priority value `prio` (ioprio.h packing). Returns the bio id, or -1 (bad input, pool exhausted);
// like every call below that advances the clock first, ERR_STUCK if the run stuck on the way.
export function blkHarnessSubmit(atNs: i64, sector: i64, sectors: i32, flags: i32, ioc: i32, prio: i32): i32 {
  const a = blkHarnessAdvance(atNs);
  if (a < 0) return a;
  if (sector < 0 || ioc < 0 || ioc >= IOC_CAPACITY) return -1;
  if (sectors <= 0 || sectors > q!.maxBioSectors(sector)) return -1;
  return q!.submitBio(sector, sectors, flags, ioc, prio, 0);
}

// generic_unplug_device at `atNs` (a process waiting on its page).
export function blkHarnessUnplug(atNs: i64): i32 {
  const a = blkHarnessAdvance(atNs);
  if (a < 0) return a;
  q!.unplug();
  return 0;
}

// With serviceNs 0: the device completes its oldest request at `atNs`; returns its log row, or -1.
export function blkHarnessComplete(atNs: i64): i32 {
  const a = blkHarnessAdvance(atNs);
  if (a < 0) return a;
  const rq = driver!.completeHead(q!);
  return rq < 0 ? -1 : unchecked(rqTagA[rq]);
}

// Process `ioc` exits at `atNs`.
export function blkHarnessExit(atNs: i64, ioc: i32): i32 {
  const a = blkHarnessAdvance(atNs);
  if (a < 0) return a;
  if (ioc < 0 || ioc >= IOC_CAPACITY) return -1;
  q!.exitIoc(ioc);
  return 0;
}

// Queue limits: max_sectors, max segments (pages), nr_requests. Before the first bio.
export function blkHarnessLimits(maxSectors: i32, maxSegments: i32, nrRequests: i32): i32 {
  if (maxSectors < 8 || maxSegments < 1 || nrRequests < 4) return -1;
  q!.maxSectors = maxSectors;
  q!.maxSegments = maxSegments;
  q!.nrRequests = nrRequests;
  return 0;
}

// An elevator tunable by its sysfs name (UTF-8, `nameLength` bytes the host wrote at
// blkHarnessNameBuffer()), in sysfs units (ms for jiffies tunables). 0, or -1 for a name the
// elevator does not have.
const NAME_BUFFER_BYTES: i32 = 64;
const nameBuffer: usize = memory.data(NAME_BUFFER_BYTES);
export function blkHarnessNameBuffer(): usize {
  return nameBuffer;
}
export function blkHarnessTunable(nameLength: i32, value: i64): i32 {
  if (nameLength <= 0 || nameLength > NAME_BUFFER_BYTES) return -1;
  const name = String.UTF8.decodeUnsafe(nameBuffer, <usize>nameLength);
  return q!.elevator.setTunable(q!, name, value) ? 0 : -1;
}

export function blkHarnessLogLength(): i32 {
  return logRows;
}
export function blkHarnessLogPointer(): usize {
  return changetype<usize>(log);
}

// Queue state by id: 0 requests inside the elevator, 1 in the driver, 2 on the dispatch list,
// 3 back merges, 4 front merges, 5 request merges, 6 requests completed, 7 bios completed,
// 8 bios waiting for a request, 9 plugged (0/1), 10 unplugs by the threshold, 11 by the timer,
// 12 pool exhausted (0/1).
export function blkHarnessStat(stat: i32): i64 {
  const x = q!;
  switch (stat) {
    case 0: return x.nrSorted;
    case 1: return x.inFlight;
    case 2: return x.dispatchList.count;
    case 3: return x.backMerges;
    case 4: return x.frontMerges;
    case 5: return x.requestMerges;
    case 6: return x.requestsCompleted;
    case 7: return x.biosCompleted;
    case 8: return x.waitingBios();
    case 9: return x.plugged ? 1 : 0;
    case 10: return x.unplugsByThreshold;
    case 11: return x.unplugsByTimer;
    case 12: return requestPoolExhausted() ? 1 : 0;
  }
  return -1;
}
