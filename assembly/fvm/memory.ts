// Host memory and the paging device. Memory is counted in chunks (a chunk stands for a run of pages
// that are touched together; the host model sets its size). Frames are shared by all VMs and
// reclaimed globally by approximate LRU. Linux 2.4 reclaims process pages by sweeping their page
// tables like a clock, clearing and testing referenced bits: an approximation of LRU that, unlike
// exact LRU, does not miss on every access of a cyclic pattern slightly larger than memory.
// Simplification (named): we approximate that approximation by sampling LRU_SAMPLES resident
// chunks at random and evicting the least recently used of them (as Redis approximates LRU). A touched chunk that is not
// resident faults: if it was never paged out and a frame is free it is zero-filled at once;
// otherwise the fault waits in the paging disk's FIFO queue, whose service is the write-back of the
// LRU victim (all guest memory is dirty to the host) plus the read of the chunk if it was paged out.
// Thrashing is not written down anywhere: it appears when the chunks touched between two runs of a
// VM no longer fit, so that every dispatch faults and the CPU waits for the disk.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { rngUniform, STREAM_WORKLOAD } from "../engine/rng";

export const EV_FVM_DISK_DONE: i32 = 13;
let lruSamples: i32 = 16; // see victim()

let frames: i32 = 0;
let freeFrames: i32 = 0;
let readNs: i64 = 0;
let writeNs: i64 = 0;
let resident = new StaticArray<u8>(0);
let pagedOut = new StaticArray<u8>(0);
let owner = new StaticArray<i32>(0); // VM of each chunk
let lastUse = new StaticArray<i64>(0); // touch sequence number of each chunk
let slot = new StaticArray<i32>(0); // index of a resident chunk in `dense`
let dense = new StaticArray<i32>(0); // the resident chunks, in no particular order
let denseLen: i32 = 0;
let touchSeq: i64 = 0;
// Fault queue: at most one outstanding fault per VM (a faulting VM is stalled), so V entries.
let fq = new StaticArray<i32>(0);
let fqHead: i32 = 0;
let fqLen: i32 = 0;
let diskBusy: bool = false;
let diskChunk: i32 = -1;

export let faults: i64 = 0; // faults that went to the disk
export let zeroFills: i64 = 0;
export let evictions: i64 = 0;
export let diskBusyNs: i64 = 0;

export function memoryInit(chunks: i32, frameCount: i32, vms: i32, read: i64, write: i64, samples: i32): void {
  lruSamples = max(1, samples);
  frames = frameCount;
  freeFrames = frameCount;
  readNs = read;
  writeNs = write;
  resident = new StaticArray<u8>(chunks);
  pagedOut = new StaticArray<u8>(chunks);
  owner = new StaticArray<i32>(chunks);
  lastUse = new StaticArray<i64>(chunks);
  slot = new StaticArray<i32>(chunks);
  dense = new StaticArray<i32>(chunks);
  denseLen = 0;
  touchSeq = 0;
  fq = new StaticArray<i32>(max(1, vms));
  fqHead = 0;
  fqLen = 0;
  diskBusy = false;
  diskChunk = -1;
  faults = 0;
  zeroFills = 0;
  evictions = 0;
  diskBusyNs = 0;
}

export function chunkSetOwner(c: i32, vm: i32): void {
  unchecked((owner[c] = vm));
}

function makeResident(c: i32): void {
  unchecked((resident[c] = 1));
  unchecked((slot[c] = denseLen));
  unchecked((dense[denseLen] = c));
  denseLen++;
  unchecked((lastUse[c] = ++touchSeq));
}

function evict(c: i32): void {
  const i = unchecked(slot[c]);
  const last = unchecked(dense[--denseLen]);
  unchecked((dense[i] = last));
  unchecked((slot[last] = i));
  unchecked((resident[c] = 0));
  unchecked((pagedOut[c] = 1));
  evictions++;
}

// The least recently used of LRU_SAMPLES resident chunks drawn at random (with replacement).
function victim(): i32 {
  let best = unchecked(dense[<i32>(rngUniform(STREAM_WORKLOAD) * <f64>denseLen)]);
  for (let k = 1; k < lruSamples; k++) {
    const c = unchecked(dense[<i32>(rngUniform(STREAM_WORKLOAD) * <f64>denseLen)]);
    if (unchecked(lastUse[c]) < unchecked(lastUse[best])) best = c;
  }
  return best;
}

// Touch chunk c on behalf of its VM. True when it is (now) resident; false when the VM must stall
// until EV_FVM_DISK_DONE brings it in.
export function chunkAccess(c: i32): bool {
  if (unchecked(resident[c]) != 0) {
    unchecked((lastUse[c] = ++touchSeq));
    return true;
  }
  if (unchecked(pagedOut[c]) == 0 && freeFrames > 0) {
    freeFrames--;
    makeResident(c);
    zeroFills++;
    return true;
  }
  unchecked((fq[(fqHead + fqLen) % fq.length] = c));
  fqLen++;
  if (!diskBusy) diskStart();
  return false;
}

function diskStart(): void {
  const c = unchecked(fq[fqHead]);
  let cost: i64 = unchecked(pagedOut[c]) != 0 ? readNs : 0;
  if (freeFrames == 0) {
    // reclaim a frame for this fault; its dirty contents go to swap first
    evict(victim());
    cost += writeNs;
  } else {
    freeFrames--; // reserved for this fault
  }
  diskBusy = true;
  diskChunk = c;
  faults++;
  diskBusyNs += cost;
  queuePush(now() + cost, packEvent(EV_FVM_DISK_DONE, c));
}

// The disk finished chunk c's fault: it is resident; returns the VM that waited for it, and starts
// the next fault in the queue.
export function diskDone(): i32 {
  const c = diskChunk;
  makeResident(c);
  fqHead = (fqHead + 1) % fq.length;
  fqLen--;
  diskBusy = false;
  diskChunk = -1;
  if (fqLen > 0) diskStart();
  return unchecked(owner[c]);
}

export function residentChunks(): i32 {
  return frames - freeFrames - (diskBusy ? 1 : 0);
}
