// Host memory and its pager. Memory is counted in chunks (a chunk stands for a run of pages that
// are touched together; the host model sets its size). Frames are shared by all VMs and reclaimed
// globally by approximate LRU. Linux 2.4 reclaims process pages by sweeping their page tables like
// a clock, clearing and testing referenced bits: an approximation of LRU that, unlike exact LRU,
// does not miss on every access of a cyclic pattern slightly larger than memory.
// Simplification (named): we approximate that approximation by sampling LRU_SAMPLES resident
// chunks at random and evicting the least recently used of them (as Redis approximates LRU). A
// touched chunk that is not resident faults: if it was never paged out and a frame is free it is
// zero-filled at once; otherwise the fault is a request to the host's disk (dev/disk.ts), queued
// FIFO with the other faults: when the disk begins it, the pager takes a frame (writing the LRU
// victim back first: all guest memory is dirty to the host), and the request reads the chunk back
// if it was paged out (a chunk never paged out is zero-filled: a read of length 0).
// Simplification (named): each chunk has a fixed swap slot at chunk × chunk bytes (Linux hands out
// swap slots as it pages out, in clusters); with today's position-blind disk this costs nothing.
// Thrashing is not written down anywhere: it appears when the chunks touched between two runs of a
// VM no longer fit, so that every dispatch faults and the CPU waits for the disk.
import { rngUniform, STREAM_WORKLOAD } from "../engine/rng";
import { diskClient, diskSubmit, diskWriteFirst, diskOffset, DISK_READ } from "../dev/disk";

let lruSamples: i32 = 16; // see victim()

let frames: i32 = 0;
let freeFrames: i32 = 0;
let chunkBytes: i64 = 0;
let diskId: i32 = -1; // the pager as a client of the disk
let resident = new StaticArray<u8>(0);
let pagedOut = new StaticArray<u8>(0);
let owner = new StaticArray<i32>(0); // VM of each chunk
let lastUse = new StaticArray<i64>(0); // touch sequence number of each chunk
let slot = new StaticArray<i32>(0); // index of a resident chunk in `dense`
let dense = new StaticArray<i32>(0); // the resident chunks, in no particular order
let denseLen: i32 = 0;
let touchSeq: i64 = 0;
let faultInService: bool = false; // the disk is serving a fault: its frame is taken, not yet filled

export let faults: i64 = 0; // faults that went to the disk
export let zeroFills: i64 = 0;
export let evictions: i64 = 0;

// After diskInit: the disk serves the faults (at most one per VM: a faulting VM is stalled).
export function memoryInit(chunks: i32, frameCount: i32, bytesPerChunk: i64, samples: i32): void {
  lruSamples = max(1, samples);
  frames = frameCount;
  freeFrames = frameCount;
  chunkBytes = bytesPerChunk;
  diskId = diskClient(faultStarts, faultDone);
  resident = new StaticArray<u8>(chunks);
  pagedOut = new StaticArray<u8>(chunks);
  owner = new StaticArray<i32>(chunks);
  lastUse = new StaticArray<i64>(chunks);
  slot = new StaticArray<i32>(chunks);
  dense = new StaticArray<i32>(chunks);
  denseLen = 0;
  touchSeq = 0;
  faultInService = false;
  faults = 0;
  zeroFills = 0;
  evictions = 0;
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
// until the disk brings it in (the disk's completion names the VM, the request's owner).
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
  diskSubmit(diskId, unchecked(owner[c]), DISK_READ, <i64>c * chunkBytes, unchecked(pagedOut[c]) != 0 ? chunkBytes : 0);
  return false;
}

// The disk begins fault r: take a frame for it, reclaiming one (written back first) if none is free.
function faultStarts(r: i32): void {
  if (freeFrames == 0) {
    const v = victim();
    evict(v);
    diskWriteFirst(r, <i64>v * chunkBytes, chunkBytes);
  } else {
    freeFrames--; // reserved for this fault
  }
  faultInService = true;
  faults++;
}

// The disk finished fault r: its chunk is resident.
function faultDone(r: i32): void {
  faultInService = false;
  makeResident(<i32>(diskOffset(r) / chunkBytes));
}

export function residentChunks(): i32 {
  return frames - freeFrames - (faultInService ? 1 : 0);
}
