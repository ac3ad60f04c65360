// The virtual disk of one guest under Xen 3.0.2's split block driver (anchors §1.0), and the real
// disk behind it:
//  - blkfront (the guest's driver for its queue): takes requests off the guest queue while its
//    shared ring (BLK_RING_SIZE 32) has room, stops the queue when it is full, and restarts it from
//    the completion interrupt (kick_pending_request_queues);
//  - the ring and blkback are a device of vmm/device.ts's shared split driver (the type VDISK): a
//    request posted on the ring is served by the host's backend CPU (dom0's xenblkd: its period
//    and per-request cost), and so is each response on its way back; the response reaches the
//    guest when its vCPU next runs (device.ts's wake-up: the guest's event-channel interrupt);
//  - the VMM's hook: each request carries the CR3 the VMM trapped last when it reached the ring;
//    when blkback takes it off the ring the VM's disk policy (vdisk-policy.ts) sends it on or
//    holds it, and it learns of each completion as blkback does;
//  - blkback: one xenblkd per guest re-issues each request as a bio on dom0's queue (all of a
//    guest's I/O is one process there) and unplugs that queue after each batch (unplug_queue:
//    when the backend has no more of the ring's requests to serve);
//  - dom0's queue (its own elevator, anticipatory by default) and libata's ata_piix driver: one
//    command at a time (ATA_MAX_QUEUE 1, no NCQ), each served by the Drive (dev/drive.ts);
//  - a completion goes back through blkback's response and the guest's interrupt, which ends the
//    guest request (its pages become uptodate, its readers wake).
// Named simplifications: dom0's CPU is the backend's per-request cost and period only (0 and 0 by
// default: xenblkd serves at once); blkback's pool of 64 pending requests is never the limit (one
// guest, ring of 32); one virtual disk per run (its ring is this module's state); the guest's
// virtual disk is a partition of the physical disk starting at `partitionSector` (phy: backend,
// no dom0 page cache).
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
import { diskPolicyCreate, diskPolicyCount } from "./vdisk-policies";
import { DiskRequestView, NEVER_NS } from "./vdisk-view";
import { DeviceType, deviceAdd, devicePost, deviceFromHost, deviceOutbound, POINT_TO_HOST, POINT_FROM_HOST } from "./device";

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
const T_DRIVE: i32 = 0;
const T_POLICY: i32 = 1;

let evBase: i32 = 0;
let timer0: i32 = 0;
let dev: i32 = -1; // the device (vmm/device.ts) of the one virtual disk
let policy: DiskPolicy = new DiskPolicy();
let guestQ: RequestQueue | null = null;
let dom0Q: RequestQueue | null = null;
let drive: Drive | null = null;
let partition: i64 = 0;
let truthFn: u32 = 0;
let trappedCr3: i64 = -1;
// the ring
const slotState = new StaticArray<i32>(BLK_RING_SIZE);
const slotRq = new StaticArray<i32>(BLK_RING_SIZE); // the guest request (the frontend's shadow copy)
const slotTruthBg = new StaticArray<bool>(BLK_RING_SIZE);
const slotGo = new StaticArray<bool>(BLK_RING_SIZE); // the policy's verdict when blkback took it
const slotHeldAt = new StaticArray<i64>(BLK_RING_SIZE); // when the policy held it
const views = new StaticArray<DiskRequestView>(BLK_RING_SIZE);
let inRing: i32 = 0;
const held = new StaticArray<i32>(BLK_RING_SIZE); // FIFO of held slots
let heldHead: i32 = 0;
let heldLen: i32 = 0;
let batchForwarded: bool = false; // a bio went to dom0's queue since its last unplug
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

// The virtual disk as a device type (vmm/devices.ts): blkfront's ring both ways, blkback's pass
// on the backend CPU, the guest's interrupt as its vCPU's wake-up, the disk policy's hook.
export const VDISK = new DeviceType("vdisk", BLK_RING_SIZE, BLK_RING_SIZE, blkbackTakes, blkifInterrupt, policyHook, noStart, diskPolicyCount());

// At run init, after timersInit, blockInit and devicesReset: the virtual disk of VM `vm` (its host
// runs a backend), costing the backend `costNs` per request each way, under disk policy `policyId`
// (vmm/vdisk-policies.ts). False: the device could not be added.
export function vdiskInit(vm: i32, costNs: i64, policyId: i32, intervalNs: i64, from: i32, d: Drive, partitionSector: i64, truth: TruthFn): bool {
  evBase = registerKinds(1, vdiskEvent);
  timer0 = timerRange(2, vdiskTimer);
  dev = deviceAdd(vm, VDISK, costNs, policyId);
  if (dev < 0) return false;
  policy = diskPolicyCreate(policyId);
  policy.configure(intervalNs, from);
  drive = d;
  partition = partitionSector;
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
  return true;
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

// blkfront puts a request on the ring: the VMM traps the notification with the CR3 current now
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
  iologRecord(VDISK_DEVICE, TA_QUEUE, v.sector, v.sectors, rqIoc(rq), v.write ? 1 : 0);
  unchecked((slotTruthBg[s] = call_indirect<bool>(truthFn, rqIoc(rq))));
  unchecked((slotGo[s] = true));
  unchecked((slotState[s] = S_SUBMITTED));
  if (!devicePost(dev, s)) unreachable(); // the ring has BLK_RING_SIZE slots, the device as many
}

// The disk policy's view of slot s at a device point (called only when the disk has a policy):
// blkback takes the request off the ring (the policy admits or holds it), or a completion reaches
// blkback (the policy learns of it; held requests it now lets go are sent on).
function policyHook(d: i32, point: i32, s: i32): void {
  const v = unchecked(views[s]);
  if (point == POINT_TO_HOST) {
    const truthBg = unchecked(slotTruthBg[s]);
    const holding = policy.holdsBackground();
    const go = policy.admit(v);
    if (v.background != truthBg) misattributed++;
    if (truthBg && !v.background) backgroundAsForeground++;
    if (go && truthBg && holding) backgroundInInterval++;
    unchecked((slotGo[s] = go));
  } else if (point == POINT_FROM_HOST) {
    policy.completed(v);
    releaseHeld();
  }
}

function noStart(d: i32): void {}

// The backend served slot s from the ring (xenblkd): to dom0's queue, or held by the policy; the
// batch ends (unplug_queue) when the backend has none of the ring's requests left to serve.
function blkbackTakes(d: i32, s: i32): void {
  if (unchecked(slotGo[s])) forward(s);
  else {
    unchecked((slotState[s] = S_HELD));
    unchecked((slotHeldAt[s] = now()));
    unchecked((held[(heldHead + heldLen) % BLK_RING_SIZE] = s));
    heldLen++;
    requestsHeld++;
    armCheck();
  }
  if (deviceOutbound(dev) == 0) unplugBatch();
}

// blkif_schedule's unplug_queue after a batch of requests went to dom0's queue
function unplugBatch(): void {
  if (!batchForwarded) return;
  batchForwarded = false;
  dom0Q!.unplug();
}

// xenblkd (dispatch_rw_block_io): the request as one bio on dom0's queue; the batch ends with unplugBatch
function forward(s: i32): void {
  if (unchecked(slotState[s]) == S_HELD) heldNsTotal += now() - unchecked(slotHeldAt[s]);
  unchecked((slotState[s] = S_SUBMITTED));
  const v = unchecked(views[s]);
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

// blkback's response for slot s: through the device's way in (the policy sees it, the backend
// serves it, the guest's vCPU takes it)
function vdiskEvent(kind: i32, s: i32): void {
  const v = unchecked(views[s]);
  iologRecord(VDISK_DEVICE, TA_COMPLETE, v.sector, v.sectors, rqIoc(unchecked(slotRq[s])), v.write ? 1 : 0);
  if (!deviceFromHost(dev, s)) unreachable(); // as many ways in as ring slots
}

// blkif_int, when the guest's vCPU runs: end the guest request, free the slot, kick the queue
function blkifInterrupt(d: i32, s: i32): void {
  const rq = unchecked(slotRq[s]);
  unchecked((slotState[s] = S_FREE));
  inRing--;
  const q = guestQ!;
  q.endRequest(rq, false);
  if (q.stopped) q.start();
  else blkfront.requestFn(q);
}

function stillHeldNs(): i64 {
  let t: i64 = 0;
  for (let i = 0; i < heldLen; i++) t += now() - unchecked(slotHeldAt[held[(heldHead + i) % BLK_RING_SIZE]]);
  return t;
}

// statistics by id: 0 requests seen, 1 held, 2 misattributed, 3 background taken for foreground,
// 4 background started inside an active interval, 5 drive commands, 6 drive busy ns, 7 commands
// that started while the drive was busy, 8 total ns the policy held requests (those still held: so far), 9 in the ring now
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
    case 8: return heldNsTotal + stillHeldNs(); // a run cut short by its time limit counts its held requests' time so far
    case 9: return inRing;
  }
  return -1;
}
