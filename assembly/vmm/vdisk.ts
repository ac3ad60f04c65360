// The virtual disk of one guest under Xen 3.0.2's split block driver (anchors §1.0), and the real
// disk behind it:
//  - blkfront (the guest's driver for its queue): takes requests off the guest queue while its
//    shared ring (BLK_RING_SIZE 32) has room, stops the queue when it is full, and restarts it from
//    the completion interrupt (kick_pending_request_queues);
//  - the VMM's hook: each request reaching the ring is shown to the VM's disk policy
//    (vdisk-policy.ts) with the CR3 the VMM trapped last; the policy sends it on or holds it;
//  - blkback: one xenblkd per guest re-issues each request as a bio on dom0's queue (all of a
//    guest's I/O is one process there) and unplugs that queue after each batch (unplug_queue);
//  - dom0's queue (its own elevator, anticipatory by default) and libata's ata_piix driver: one
//    command at a time (ATA_MAX_QUEUE 1, no NCQ), each served by the Drive (dev/drive.ts);
//  - a completion goes back through blkback's response and the guest's interrupt, which ends the
//    guest request (its pages become uptodate, its readers wake).
// Named simplifications: dom0's and the hypervisor's CPU time are not modelled (xenblkd and the
// interrupt path run at once, plus `irqNs` for the guest's event channel); blkback's pool of 64
// pending requests is never the limit (one guest, ring of 32); the guest's virtual disk is a
// partition of the physical disk starting at `partitionSector` (phy: backend, no dom0 page cache).
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { registerKinds } from "../engine/dispatch";
import { timerSet, timerRange, timerCancel } from "../engine/timer";
import { RequestQueue, BlockDriver, BioEndIo } from "../block/queue";
import { rqSector, rqSectors, rqIsWrite, rqIoc, bioCookie, IOPRIO_CLASS_NONE, IOC_CAPACITY } from "../block/request";
import { Drive } from "../dev/drive";
import { TA_QUEUE, TA_ISSUE, TA_COMPLETE } from "../block/queue";
import { iologRecord } from "../block/iolog";
import { DiskPolicy } from "./vdisk-policy";
import { DiskRequestView, NEVER_NS } from "./vdisk-view";

export const BLK_RING_SIZE: i32 = 32; // __RING_SIZE(blkif_sring_t, PAGE_SIZE): 4 KiB of 112-byte entries, power of two (anchors §1.0)
export const BLKIF_MAX_SEGMENTS_PER_REQUEST: i32 = 11; // xen/include/public/io/blkif.h
export const BLKFRONT_MAX_SECTORS: i32 = 512; // vbd.c xlvbd_init_blk_queue: blk_queue_max_sectors(rq, 512)
export const ATA_LBA48_MAX_SECTORS: i32 = 2048; // 2.6.16 libata-scsi.c ata_scsi_slave_config: LBA48 drives (index id 74652861)
export const LIBATA_MAX_PRD: i32 = 128; // libata.h: ATA_MAX_PRD / 2 scatter-gather entries
export const XENBLKD_IOC: i32 = IOC_CAPACITY - 1; // the guest's xenblkd, as dom0's elevator sees it

export type TruthFn = (ioc: i32) => bool;
export const VDISK_DEVICE: i32 = 2; // the virtual disk's events in the I/O log (block/iolog.ts): after the guest's queue 0 and dom0's 1 // the statistics' ground truth: is this guest process background?

const S_FREE: i32 = 0;
const S_HELD: i32 = 1;
const S_SUBMITTED: i32 = 2;
const EV_RESPONSE: i32 = 0; // blkback's response for a ring slot: the policy learns of the completion
const EV_GUEST_IRQ: i32 = 1; // the guest's interrupt for a ring slot
const T_DRIVE: i32 = 0;
const T_POLICY: i32 = 1;

let evBase: i32 = 0;
let timer0: i32 = 0;
let policy: DiskPolicy = new DiskPolicy();
let guestQ: RequestQueue | null = null;
let dom0Q: RequestQueue | null = null;
let drive: Drive | null = null;
let partition: i64 = 0;
let irqNs: i64 = 0;
let truthFn: u32 = 0;
let trappedCr3: i64 = -1;
// the ring
const slotState = new StaticArray<i32>(BLK_RING_SIZE);
const slotRq = new StaticArray<i32>(BLK_RING_SIZE); // the guest request (the frontend's shadow copy)
const slotTruthBg = new StaticArray<bool>(BLK_RING_SIZE);
const views = new StaticArray<DiskRequestView>(BLK_RING_SIZE);
let inRing: i32 = 0;
const held = new StaticArray<i32>(BLK_RING_SIZE); // FIFO of held slots
let heldHead: i32 = 0;
let heldLen: i32 = 0;
// the drive
let ataRq: i32 = -1;
let driveBusyUntil: i64 = 0;
// statistics
let requestsSeen: i64 = 0;
let requestsHeld: i64 = 0;
let misattributed: i64 = 0;
let backgroundAsForeground: i64 = 0;
let backgroundInInterval: i64 = 0;
let driveCommands: i64 = 0;
let driveBusyNs: i64 = 0;
let driveOverlaps: i64 = 0;
let heldNsTotal: i64 = 0;

class Blkfront extends BlockDriver {
  // do_blkif_request: requests onto the ring, then one notification (flush_requests) for the batch
  requestFn(q: RequestQueue): void {
    while (true) {
      if (inRing >= BLK_RING_SIZE) {
        q.stop();
        break;
      }
      const rq = q.nextRequest();
      if (rq < 0) break;
      q.dequeue(rq);
      ringPush(rq);
    }
    unplugBatch();
  }
}

class Ata extends BlockDriver {
  // scsi_request_fn → ata_scsi_queuecmd: one command at a time, nothing while the queue is plugged
  requestFn(q: RequestQueue): void {
    if (ataRq >= 0 || q.plugged) return;
    const rq = q.nextRequest();
    if (rq < 0) return;
    q.dequeue(rq);
    ataRq = rq;
    const t = now();
    if (t < driveBusyUntil) driveOverlaps++;
    const d = drive!.serve(t, partition + rqSector(rq), rqSectors(rq), rqIsWrite(rq));
    driveCommands++;
    driveBusyNs += d;
    driveBusyUntil = t + d;
    timerSet(timer0 + T_DRIVE, t + d);
  }
}

// blkback's end_block_io_op: the bio of ring slot `cookie` is done
class Blkback extends BioEndIo {
  bioDone(q: RequestQueue, bio: i32, error: bool): void {
    queuePush(now(), packEvent(evBase + EV_RESPONSE, bioCookie(bio)));
  }
}

export const blkfront = new Blkfront();
const ata = new Ata();
const blkback = new Blkback();

// At run init, after timersInit and blockInit.
export function vdiskInit(p: DiskPolicy, intervalNs: i64, from: i32, d: Drive, partitionSector: i64, guestIrqNs: i64, truth: TruthFn): void {
  evBase = registerKinds(2, vdiskEvent);
  timer0 = timerRange(2, vdiskTimer);
  policy = p;
  policy.configure(intervalNs, from);
  drive = d;
  partition = partitionSector;
  irqNs = guestIrqNs;
  truthFn = truth.index;
  trappedCr3 = -1;
  for (let s = 0; s < BLK_RING_SIZE; s++) {
    unchecked((slotState[s] = S_FREE));
    unchecked((views[s] = new DiskRequestView()));
  }
  inRing = 0;
  batchForwarded = false;
  heldHead = 0;
  heldLen = 0;
  ataRq = -1;
  driveBusyUntil = 0;
  requestsSeen = 0;
  requestsHeld = 0;
  misattributed = 0;
  backgroundAsForeground = 0;
  backgroundInInterval = 0;
  driveCommands = 0;
  driveBusyNs = 0;
  driveOverlaps = 0;
  heldNsTotal = 0;
}

// The guest's and dom0's queues, made by the world with this module's drivers.
export function vdiskQueues(guest: RequestQueue, dom0: RequestQueue): void {
  guestQ = guest;
  dom0Q = dom0;
  guest.maxSectors = BLKFRONT_MAX_SECTORS;
  guest.maxSegments = BLKIF_MAX_SEGMENTS_PER_REQUEST;
  dom0.maxSectors = ATA_LBA48_MAX_SECTORS;
  dom0.maxSegments = LIBATA_MAX_PRD;
}

export const ata2006 = ata;
export const blkbackEndIo = blkback;

// The guest loaded CR3 (its scheduler switched processes): the VMM traps the write.
export function vdiskCr3Write(cr3: i64): void {
  trappedCr3 = cr3;
  policy.cr3Write(cr3);
}

// A guest process's message reached the VMM.
export function vdiskNotification(): void {
  policy.notification();
}

function ringPush(rq: i32): void {
  let s = 0;
  while (unchecked(slotState[s]) != S_FREE) s++;
  inRing++;
  requestsSeen++;
  unchecked((slotRq[s] = rq));
  const v = unchecked(views[s]);
  v.sector = rqSector(rq);
  v.sectors = rqSectors(rq);
  v.write = rqIsWrite(rq);
  v.cr3 = trappedCr3;
  v.arrivedNs = now();
  v.background = false;
  const truthBg = call_indirect<bool>(truthFn, rqIoc(rq));
  iologRecord(VDISK_DEVICE, TA_QUEUE, v.sector, v.sectors, rqIoc(rq), v.write ? 1 : 0);
  unchecked((slotTruthBg[s] = truthBg));
  const holding = policy.holdsBackground();
  const go = policy.admit(v);
  if (v.background != truthBg) misattributed++;
  if (truthBg && !v.background) backgroundAsForeground++;
  if (go) {
    if (truthBg && holding) backgroundInInterval++;
    forward(s);
  } else {
    unchecked((slotState[s] = S_HELD));
    unchecked((held[(heldHead + heldLen) % BLK_RING_SIZE] = s));
    heldLen++;
    requestsHeld++;
    armCheck();
  }
}

// blkif_schedule's unplug_queue after a batch of requests went to dom0's queue
let batchForwarded: bool = false;
function unplugBatch(): void {
  if (!batchForwarded) return;
  batchForwarded = false;
  dom0Q!.unplug();
}

// xenblkd (dispatch_rw_block_io): the request as one bio on dom0's queue; the batch ends with unplugBatch
function forward(s: i32): void {
  unchecked((slotState[s] = S_SUBMITTED));
  const v = unchecked(views[s]);
  heldNsTotal += now() - v.arrivedNs;
  iologRecord(VDISK_DEVICE, TA_ISSUE, v.sector, v.sectors, rqIoc(unchecked(slotRq[s])), v.write ? 1 : 0);
  dom0Q!.submitBio(v.sector, v.sectors, v.write ? 1 : 0, XENBLKD_IOC, IOPRIO_CLASS_NONE, s);
  batchForwarded = true;
}

// Held requests the policy now lets go, oldest first; then when to look again.
function releaseHeld(): void {
  while (heldLen > 0) {
    const s = unchecked(held[heldHead]);
    if (!policy.mayRelease(unchecked(views[s]))) break;
    heldHead = (heldHead + 1) % BLK_RING_SIZE;
    heldLen--;
    if (unchecked(slotTruthBg[s]) && policy.holdsBackground()) backgroundInInterval++;
    forward(s);
  }
  unplugBatch();
  armCheck();
}

function armCheck(): void {
  if (heldLen == 0) {
    timerCancel(timer0 + T_POLICY);
    return;
  }
  const t = policy.nextCheckNs();
  if (t == NEVER_NS) timerCancel(timer0 + T_POLICY);
  else timerSet(timer0 + T_POLICY, max(t, now()));
}

function vdiskTimer(local: i32): void {
  if (local == T_DRIVE) {
    // the drive raised its interrupt: the command ends, the driver issues the next
    const rq = ataRq;
    ataRq = -1;
    dom0Q!.endRequest(rq, false);
    ata.requestFn(dom0Q!);
  } else {
    releaseHeld();
  }
}

function vdiskEvent(kind: i32, s: i32): void {
  if (kind - evBase == EV_RESPONSE) {
    const v = unchecked(views[s]);
    iologRecord(VDISK_DEVICE, TA_COMPLETE, v.sector, v.sectors, rqIoc(unchecked(slotRq[s])), v.write ? 1 : 0);
    policy.completed(v);
    queuePush(now() + irqNs, packEvent(evBase + EV_GUEST_IRQ, s));
    releaseHeld();
    return;
  }
  // blkif_int: end the guest request, free the slot, kick the queue
  const rq = unchecked(slotRq[s]);
  unchecked((slotState[s] = S_FREE));
  inRing--;
  const q = guestQ!;
  q.endRequest(rq, false);
  if (q.stopped) q.start();
  else blkfront.requestFn(q);
}

// statistics by id: 0 requests seen, 1 held, 2 misattributed, 3 background taken for foreground,
// 4 background started inside an active interval, 5 drive commands, 6 drive busy ns, 7 commands
// that started while the drive was busy, 8 total ns requests waited in the VMM, 9 in the ring now
export function vdiskStat(stat: i32): i64 {
  switch (stat) {
    case 0: return requestsSeen;
    case 1: return requestsHeld;
    case 2: return misattributed;
    case 3: return backgroundAsForeground;
    case 4: return backgroundInInterval;
    case 5: return driveCommands;
    case 6: return driveBusyNs;
    case 7: return driveOverlaps;
    case 8: return heldNsTotal;
    case 9: return inRing;
  }
  return -1;
}
