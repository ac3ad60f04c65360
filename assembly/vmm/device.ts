// Virtual devices as one shape: the split driver of a 2007-style VMM (Xen 3.0's netfront/netback,
// blkfront/blkback), whatever the device moves. A device type (vmm/devices.ts lists them) says
// what its requests are and where they go; this module is what every split driver shares:
//  - the guest side: at most `guestSlots` requests of a device on their way out (posted by the
//    guest, not yet handed to the physical device: the front end's ring, and for a NIC the qdisc
//    in front of it); a post beyond that is refused — the type decides what a refusal means;
//  - the way in: at most `hostSlots` requests on their way to the guest (received packets,
//    completions), from the moment the physical device hands them over until the guest takes them;
//  - the backend CPU, one per host (the driver domain), shared by every device of every VM on it:
//    a core of cpu/cores.ts (the one CPU accounting of the model: the inter-VM paths queue their
//    stages on the same kind of core) that the VMM schedules every `periodNs`, so a request that
//    finds it idle waits for the next period boundary and requests move in batches; it serves them
//    as kernel work in arrival order, one at a time, the device's `costNs` each, in both directions;
//  - the VM's vCPU: what is on its way in is taken only when the vCPU next runs, after a wake-up
//    delay of mean `wakeMeanNs` drawn from `wakeDist` (PRNG stream STREAM_VIRT): exponential (a
//    vCPU woken at a random point of other domains' slices), constant, or uniform on [0, 2·mean];
//    everything that arrived for the VM before it runs is taken in that run, for all its devices;
//  - a VMM policy: when a device has one, its type's `hook` is called at the four points below
//    with the request, and shows the policy a typed view of it (for the NIC: vmm/view.ts).
// Requests are the type's own ids (a packet index for the NIC); this module only queues them.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { registerKinds } from "../engine/dispatch";
import { rngUniform, STREAM_VIRT } from "../engine/rng";
import { MAX_MACHINES, hostOf, isVm } from "../machine/machines";
import { coresReset, coreJobs, coreAddScheduled, coreSubmit, coreStartedNs, coreServed } from "../cpu/cores";

export const MAX_DEVICES: i32 = 256;

export const WAKE_EXPONENTIAL: i32 = 0;
export const WAKE_CONSTANT: i32 = 1;
export const WAKE_UNIFORM: i32 = 2;

// Where a policy sees a request (the `point` of DeviceType.hook).
export const POINT_GUEST_POST: i32 = 0; // the guest posts it on the front end's ring
export const POINT_TO_HOST: i32 = 1; // the backend served it; it leaves for the physical device
export const POINT_FROM_HOST: i32 = 2; // it arrives from the physical device for the guest
export const POINT_TO_GUEST: i32 = 3; // the guest's vCPU runs and takes it

// (dev, r): request r of device dev
export type DeviceHandler = (dev: i32, r: i32) => void;
// (dev, point, r): show device dev's policy request r at `point` (POINT_*)
export type PolicyHook = (dev: i32, point: i32, r: i32) => void;
// (dev): the run starts
export type DeviceStart = (dev: i32) => void;

// A device type: the contract of vmm/devices.ts (its header says it in words).
export class DeviceType {
  constructor(
    public name: string,
    public guestSlots: i32,
    public hostSlots: i32,
    public toHost: DeviceHandler,
    public toGuest: DeviceHandler,
    public hook: PolicyHook,
    public start: DeviceStart,
    public policies: i32,
  ) {}
}

// event kind registered in devicesReset (the backend's are cpu/cores.ts's)
let evVcpu: i32 = 0; // arg: VM whose vCPU runs to take what is on its way in

// per device
let devices: i32 = 0;
const dVm = new StaticArray<i32>(MAX_DEVICES);
const dType = new StaticArray<DeviceType | null>(MAX_DEVICES);
const dCost = new StaticArray<i64>(MAX_DEVICES);
const dPolicy = new StaticArray<i32>(MAX_DEVICES); // the type's policy id; 0 none (hooks skipped)
// function-table indices (engine/dispatch.ts says why not references)
const dToHost = new StaticArray<u32>(MAX_DEVICES);
const dToGuest = new StaticArray<u32>(MAX_DEVICES);
const dHook = new StaticArray<u32>(MAX_DEVICES);
const dOutSlots = new StaticArray<i32>(MAX_DEVICES);
const dInSlots = new StaticArray<i32>(MAX_DEVICES);
const dOut = new StaticArray<i32>(MAX_DEVICES); // requests on their way out
const dIn = new StaticArray<i32>(MAX_DEVICES); // on their way in
const dRefusedOut = new StaticArray<i64>(MAX_DEVICES);
const dRefusedIn = new StaticArray<i64>(MAX_DEVICES);
const dToGuestCount = new StaticArray<i64>(MAX_DEVICES);

// per host: its backend CPU's core, -1 none
const bCore = new StaticArray<i32>(MAX_MACHINES);
// per VM: its vCPU
const wakeMeanNs = new StaticArray<f64>(MAX_MACHINES);
const wakeDist = new StaticArray<i32>(MAX_MACHINES);
const vWakeAt = new StaticArray<i64>(MAX_MACHINES); // when the vCPU next runs to take its requests; -1 none pending

// The vCPU queues, FIFO rings of entries (request, device, direction) packed in an i64, one region
// per VM in one array: a VM's queue holds at most Σ hostSlots of its devices, so no ring overflows
// and nothing is allocated while running. The backend's jobs (a job per request it holds, in both
// directions) are numbered from a free list of Σ (guestSlots + hostSlots) over every device, each
// holding its entry. Both are laid out again whenever a device is added (before the run).
const qBase = new StaticArray<i32>(MAX_MACHINES);
const qCap = new StaticArray<i32>(MAX_MACHINES);
const qHead = new StaticArray<i32>(MAX_MACHINES);
const qLen = new StaticArray<i32>(MAX_MACHINES);
let ring = new StaticArray<i64>(0); // kept alive here
let ringAt: usize = 0; // its data, read raw (machine/machines.ts says why)
let jobs = new StaticArray<i64>(0); // per job: its entry (kept alive here)
let jobsAt: usize = 0;
let free = new StaticArray<i32>(0); // the free job numbers, a stack
let freeAt: usize = 0;
let freeTop: i32 = 0;

@inline function entry(dev: i32, r: i32, inward: bool): i64 {
  return (<i64>((dev << 1) | <i32>inward) << 32) | <i64><u32>r;
}
@inline function entryReq(e: i64): i32 {
  return <i32>e;
}
@inline function entryDev(e: i64): i32 {
  return <i32>(e >>> 33);
}
@inline function entryInward(e: i64): bool {
  return ((e >>> 32) & 1) != 0;
}

function push(m: i32, e: i64): void {
  const cap = unchecked(qCap[m]);
  let i = unchecked(qHead[m]) + unchecked(qLen[m]);
  if (i >= cap) i -= cap;
  store<i64>(ringAt + (<usize>(unchecked(qBase[m]) + i) << 3), e);
  unchecked((qLen[m] += 1));
}

// The oldest entry of machine m's queue (its length must be > 0).
function pop(m: i32): i64 {
  const h = unchecked(qHead[m]);
  const e = load<i64>(ringAt + (<usize>(unchecked(qBase[m]) + h) << 3));
  unchecked((qHead[m] = h + 1 == qCap[m] ? 0 : h + 1));
  unchecked((qLen[m] -= 1));
  return e;
}

function noOwner(job: i32): void {
  unreachable(); // only scheduled cores (with their owner) run in a network simulation
}

// At simulation init, after dispatchReset.
export function devicesReset(): void {
  evVcpu = registerKinds(1, vcpuEvent);
  coresReset(0, noOwner, 0);
  devices = 0;
  ring = new StaticArray<i64>(0);
  ringAt = changetype<usize>(ring);
  for (let m = 0; m < MAX_MACHINES; m++) {
    unchecked((bCore[m] = -1));
    unchecked((vWakeAt[m] = -1));
    unchecked((qBase[m] = 0));
    unchecked((qCap[m] = 0));
    unchecked((qHead[m] = 0));
    unchecked((qLen[m] = 0));
  }
}

// Host h runs a VMM whose backend CPU serves its devices' requests every `period` ns. False: no
// core left for it.
export function backendOnHost(h: i32, period: i64): bool {
  const c = coreAddScheduled(backendDone, period);
  unchecked((bCore[h] = c));
  return c >= 0;
}

export function hasBackend(h: i32): bool {
  return unchecked(bCore[h]) >= 0;
}

// VM v's vCPU wake-up: mean delay (ns) and distribution (WAKE_*).
export function vcpuOfVm(v: i32, wakeMean: i64, dist: i32): void {
  unchecked((wakeMeanNs[v] = <f64>wakeMean));
  unchecked((wakeDist[v] = dist));
}

// A device of `type` on VM v (whose host runs a backend), costing the backend `costNs` per request,
// with the type's policy `policy` (0 none). Returns its id, or -1: not such a VM, a policy the type
// does not have, or too many.
export function deviceAdd(v: i32, type: DeviceType, costNs: i64, policy: i32): i32 {
  if (!isVm(v) || !hasBackend(hostOf(v)) || devices >= MAX_DEVICES || costNs < 0) return -1;
  if (policy < 0 || (policy > 0 && policy >= type.policies)) return -1;
  const d = devices++;
  unchecked((dVm[d] = v));
  unchecked((dType[d] = type));
  unchecked((dCost[d] = costNs));
  unchecked((dPolicy[d] = policy));
  unchecked((dToHost[d] = type.toHost.index));
  unchecked((dToGuest[d] = type.toGuest.index));
  unchecked((dHook[d] = type.hook.index));
  unchecked((dOutSlots[d] = type.guestSlots));
  unchecked((dInSlots[d] = type.hostSlots));
  unchecked((dOut[d] = 0));
  unchecked((dIn[d] = 0));
  unchecked((dRefusedOut[d] = 0));
  unchecked((dRefusedIn[d] = 0));
  unchecked((dToGuestCount[d] = 0));
  layout();
  return d;
}

function layout(): void {
  for (let m = 0; m < MAX_MACHINES; m++) unchecked((qCap[m] = 0));
  let held = 0;
  for (let d = 0; d < devices; d++) {
    unchecked((qCap[dVm[d]] += dInSlots[d]));
    held += unchecked(dOutSlots[d] + dInSlots[d]);
  }
  let total = 0;
  for (let m = 0; m < MAX_MACHINES; m++) {
    unchecked((qBase[m] = total));
    total += unchecked(qCap[m]);
  }
  ring = new StaticArray<i64>(total);
  ringAt = changetype<usize>(ring);
  jobs = new StaticArray<i64>(held);
  jobsAt = changetype<usize>(jobs);
  free = new StaticArray<i32>(held);
  freeAt = changetype<usize>(free);
  for (let j = 0; j < held; j++) store<i32>(freeAt + (<usize>j << 2), held - 1 - j);
  freeTop = held;
  coreJobs(held);
}

// When the run starts: each device's type may begin (a device that makes its own load).
export function devicesStart(): void {
  for (let d = 0; d < devices; d++) unchecked(dType[d])!.start(d);
}

export function deviceCount(): i32 {
  return devices;
}
export function deviceVm(dev: i32): i32 {
  return unchecked(dVm[dev]);
}
export function devicePolicy(dev: i32): i32 {
  return unchecked(dPolicy[dev]);
}

@inline function hook(dev: i32, point: i32, r: i32): void {
  if (unchecked(dPolicy[dev]) != 0) call_indirect<void>(unchecked(dHook[dev]), dev, point, r);
}

// The guest posts request r on device dev. False: its ring is full, r was refused (counted).
export function devicePost(dev: i32, r: i32): bool {
  if (unchecked(dOut[dev]) >= unchecked(dOutSlots[dev])) {
    unchecked((dRefusedOut[dev] += 1));
    return false;
  }
  unchecked((dOut[dev] += 1));
  hook(dev, POINT_GUEST_POST, r);
  backendEnqueue(dev, r, false);
  return true;
}

// The physical device hands request r to device dev, for its guest. False: the way in is full,
// r was refused (counted).
export function deviceFromHost(dev: i32, r: i32): bool {
  if (unchecked(dIn[dev]) >= unchecked(dInSlots[dev])) {
    unchecked((dRefusedIn[dev] += 1));
    return false;
  }
  unchecked((dIn[dev] += 1));
  hook(dev, POINT_FROM_HOST, r);
  backendEnqueue(dev, r, true);
  return true;
}

// A job for the host's backend core: the request's entry, its device's cost. (A device's requests
// in the VMM never outnumber its slots, so a job number is always free.)
function backendEnqueue(dev: i32, r: i32, inward: bool): void {
  freeTop -= 1;
  const j = load<i32>(freeAt + (<usize>freeTop << 2));
  store<i64>(jobsAt + (<usize>j << 3), entry(dev, r, inward));
  coreSubmit(unchecked(bCore[hostOf(unchecked(dVm[dev]))]), j, unchecked(dCost[dev]), false, false);
}

// The backend core served job j.
function backendDone(j: i32): void {
  const e = load<i64>(jobsAt + (<usize>j << 3));
  store<i32>(freeAt + (<usize>freeTop << 2), j);
  freeTop += 1;
  finish(e);
}

function vcpuEvent(kind: i32, v: i32): void {
  vcpuRun(v);
}

function finish(e: i64): void {
  const dev = entryDev(e);
  const r = entryReq(e);
  if (!entryInward(e)) {
    // out of the guest, to the physical device
    unchecked((dOut[dev] -= 1));
    hook(dev, POINT_TO_HOST, r);
    call_indirect<void>(unchecked(dToHost[dev]), dev, r);
    return;
  }
  // to the guest, when its vCPU next runs
  const v = unchecked(dVm[dev]);
  push(v, e);
  if (unchecked(vWakeAt[v]) < 0) {
    const wake = wakeDelay(v);
    unchecked((vWakeAt[v] = now() + wake));
    queuePush(now() + wake, packEvent(evVcpu, v));
  }
}

// How long until VM v's vCPU next runs (ns). A constant delay draws nothing, so it leaves the
// stream where it was; exponential is the inverse-CDF draw of the original model, unchanged.
function wakeDelay(v: i32): i64 {
  const mean = unchecked(wakeMeanNs[v]);
  if (mean <= 0) return 0;
  const dist = unchecked(wakeDist[v]);
  if (dist == WAKE_CONSTANT) return <i64>mean;
  const u = rngUniform(STREAM_VIRT);
  if (dist == WAKE_UNIFORM) return <i64>(2.0 * mean * u);
  return <i64>(-mean * Math.log(1.0 - u));
}

// EV_VCPU: VM v's vCPU runs and takes everything waiting for it, in arrival order; each request
// goes to its type's guest side (the policy sees each hand-over first).
function vcpuRun(v: i32): void {
  unchecked((vWakeAt[v] = -1));
  for (let n = unchecked(qLen[v]); n > 0; n--) {
    const e = pop(v);
    const dev = entryDev(e);
    const r = entryReq(e);
    unchecked((dIn[dev] -= 1));
    unchecked((dToGuestCount[dev] += 1));
    hook(dev, POINT_TO_GUEST, r);
    call_indirect<void>(unchecked(dToGuest[dev]), dev, r);
  }
}

// --- statistics (docs/ABI.md deviceStat, machineStat) ---
// (the request in service counts in full)
export function backendBusyNs(h: i32): i64 {
  const c = unchecked(bCore[h]);
  return c < 0 ? 0 : coreStartedNs(c);
}
export function backendServed(h: i32): i64 {
  const c = unchecked(bCore[h]);
  return c < 0 ? 0 : coreServed(c);
}
// requests of device dev inside the VMM (either way)
export function deviceHeld(dev: i32): i32 {
  return unchecked(dOut[dev]) + unchecked(dIn[dev]);
}
// requests of device dev the backend has yet to serve on their way out
export function deviceOutbound(dev: i32): i32 {
  return unchecked(dOut[dev]);
}
export function deviceRefusedOut(dev: i32): i64 {
  return unchecked(dRefusedOut[dev]);
}
export function deviceRefusedIn(dev: i32): i64 {
  return unchecked(dRefusedIn[dev]);
}
export function deviceTakenByGuest(dev: i32): i64 {
  return unchecked(dToGuestCount[dev]);
}
