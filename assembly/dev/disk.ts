// A physical disk of the host: one FIFO queue of requests, served one at a time. Any part of the
// host may issue requests (today the pager of fvm/memory.ts; file I/O later) after registering as
// a client with two handlers: one when the disk begins a request, one when the data is in memory.
// The disk never imports its clients, and it does not know which run loop it is in: the loop gives
// it an event kind at diskInit and hands the event back through diskComplete.
//
// A request carries its owner (the VM or process that waits for it), an operation, a byte offset
// and a length. The start handler may put a write in front of the request (diskWriteFirst): a
// fault that needs a frame writes a dirty page out before it reads (Linux's direct reclaim).
//
// Simplifications (named): no seek or rotation — the service time (diskServiceNs) is a cost per
// block moved, whatever the head position; the queue is FIFO (no elevator, neither here nor in a
// guest); one request in service at a time (no command queueing in the drive).
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";

export type DiskHandler = (req: i32) => void;

export const DISK_READ: i32 = 0;
export const DISK_WRITE: i32 = 1;

let doneKind: i32 = 0; // the run loop's event kind for a finished request
let blockBytes: i64 = 1;
let readNsPerBlock: i64 = 0;
let writeNsPerBlock: i64 = 0;

const onStart = new Array<DiskHandler>();
const onDone = new Array<DiskHandler>();

// requests (struct of arrays, recycled through a free list)
let rClient = new StaticArray<i32>(0);
let rOwner = new StaticArray<i32>(0);
let rOp = new StaticArray<i32>(0);
let rOffset = new StaticArray<i64>(0);
let rLength = new StaticArray<i64>(0);
let rFirstOffset = new StaticArray<i64>(0); // the write put in front (length 0: none)
let rFirstLength = new StaticArray<i64>(0);
let freeList = new StaticArray<i32>(0);
let freeCount: i32 = 0;
// the FIFO (a ring of request ids); its head is in service while `busy`
let fifo = new StaticArray<i32>(0);
let head: i32 = 0;
let queued: i32 = 0;
let busy: bool = false;

export let diskBusyNs: i64 = 0; // total service time begun
export let diskRequests: i64 = 0; // requests begun

// A disk for one run: `capacity` requests at most in the system at once (clients size it: a
// submit beyond it traps on the bounds check, it never overwrites a queued request), moving a
// block of `block` bytes in `readNs` / `writeNs`.
export function diskInit(kind: i32, capacity: i32, block: i64, readNs: i64, writeNs: i64): void {
  doneKind = kind;
  blockBytes = max<i64>(1, block);
  readNsPerBlock = readNs;
  writeNsPerBlock = writeNs;
  onStart.length = 0;
  onDone.length = 0;
  const n = max(1, capacity);
  rClient = new StaticArray<i32>(n);
  rOwner = new StaticArray<i32>(n);
  rOp = new StaticArray<i32>(n);
  rOffset = new StaticArray<i64>(n);
  rLength = new StaticArray<i64>(n);
  rFirstOffset = new StaticArray<i64>(n);
  rFirstLength = new StaticArray<i64>(n);
  freeList = new StaticArray<i32>(n);
  for (let i = 0; i < n; i++) unchecked((freeList[i] = n - 1 - i));
  freeCount = n;
  fifo = new StaticArray<i32>(n);
  head = 0;
  queued = 0;
  busy = false;
  diskBusyNs = 0;
  diskRequests = 0;
}

// Register an issuer; returns its client id for diskSubmit.
export function diskClient(started: DiskHandler, done: DiskHandler): i32 {
  onStart.push(started);
  onDone.push(done);
  return onStart.length - 1;
}

// Queue a request; the disk begins it at once when idle. Returns its id, valid until it completes.
export function diskSubmit(client: i32, owner: i32, op: i32, offset: i64, length: i64): i32 {
  const r = freeList[--freeCount]; // checked: see diskInit
  unchecked((rClient[r] = client));
  unchecked((rOwner[r] = owner));
  unchecked((rOp[r] = op));
  unchecked((rOffset[r] = offset));
  unchecked((rLength[r] = length));
  unchecked((rFirstLength[r] = 0));
  unchecked((fifo[(head + queued) % fifo.length] = r));
  queued++;
  if (!busy) begin();
  return r;
}

// From a start handler: the disk writes `length` bytes at `offset` before request r's own transfer.
export function diskWriteFirst(r: i32, offset: i64, length: i64): void {
  unchecked((rFirstOffset[r] = offset));
  unchecked((rFirstLength[r] = length));
}

// The service-time model: a cost per block moved, proportional to the length (exact for whole
// blocks). A later model of seeks and rotation replaces this one function.
export function diskServiceNs(r: i32): i64 {
  const first = (unchecked(rFirstLength[r]) * writeNsPerBlock) / blockBytes;
  const perBlock = unchecked(rOp[r]) == DISK_READ ? readNsPerBlock : writeNsPerBlock;
  return first + (unchecked(rLength[r]) * perBlock) / blockBytes;
}

function begin(): void {
  const r = unchecked(fifo[head]);
  busy = true;
  unchecked(onStart[rClient[r]])(r);
  const service = diskServiceNs(r);
  diskRequests++;
  diskBusyNs += service;
  queuePush(now() + service, packEvent(doneKind, r));
}

// The run loop's handler for the disk's event: the request at the head is done. Its client's
// done handler runs first (the data is in memory), then the disk begins its next request (it does
// not wait for the CPU); returns the owner, whom the loop wakes.
export function diskComplete(): i32 {
  const r = unchecked(fifo[head]);
  const owner = unchecked(rOwner[r]);
  head = (head + 1) % fifo.length;
  queued--;
  busy = false;
  unchecked(onDone[rClient[r]])(r);
  unchecked((freeList[freeCount++] = r));
  if (queued > 0) begin();
  return owner;
}
@inline export function diskOffset(r: i32): i64 {
  return unchecked(rOffset[r]);
}
