// The network paths of seed 004 and its peer XenLoop, as the stages a packet goes through and the
// CPU each stage runs on (cpu/cores.ts). A VM's path is chosen per VM:
//  - native: an application on the host's own stack (the host's TCP/IP on a host core);
//  - hosted (conventional): guest socket → guest TCP/IP on the vCPU → notify the VMM → the
//    backend and bridge on the host's backend core (a copy of the payload: the duplicate copy
//    seed 004's abstract names) → physical NIC; co-resident VMs go through the bridge, both guest
//    stacks and two backend passes in the path;
//  - outsourced (seed 004): the guest's socket call is an RPC (marshalled on the vCPU, a
//    notification) into the host's socket layer; the payload is copied once, by the guest into
//    shared memory, and the host's TCP sends it from there; received data is copied once by the
//    host into the guest's shared buffer. The guest's TCP/IP is not in the path, and the host's
//    TCP makes and takes the ACKs (they never reach the guest). Co-resident VMs talk through the
//    host's own sockets (loopback);
//  - xenloop: co-resident guests exchange packets through a shared-memory FIFO (vmm/xenloop.ts)
//    below their own TCP/IP: the sender copies the packet into the FIFO and notifies, the receiver
//    copies it out; to a remote peer (or when the FIFO lacks room) the hosted path.
// A program is the list of a direction's stages; a pure ACK takes the data program of the other
// direction, skipping the stages marked DATA_ONLY (the socket-side work of an outsourced guest).
// Costs per stage: fixed ns + copies × payload × copy cost + a share of one socket call's cost in
// proportion to the payload (named simplification: a call's fixed cost is spread over the
// segments it writes or reads, instead of being paid when the call is made).
import { P_STACK_NS, P_SYSCALL_NS, P_NOTIFY_NS, P_BACKEND_NS, P_RPC_GUEST_NS, P_RPC_HOST_NS, paramNs } from "../cpu/costs";

export const PATH_NATIVE: i32 = 0;
export const PATH_HOSTED: i32 = 1;
export const PATH_OUTSOURCED: i32 = 2;
export const PATH_XENLOOP: i32 = 3;
export const PATH_COUNT: i32 = 4;

export const STEP_CPU: i32 = 0;
export const STEP_LINK: i32 = 1;
export const FLAG_CROSSING: i32 = 1; // reached by an event from another domain (cpu/cores.ts wake-up)
export const FLAG_DATA_ONLY: i32 = 2; // skipped by pure ACKs

export const MAX_MACHINES: i32 = 64;
const MAX_STEPS: i32 = 16384;

// machines: a host (path native, its backend core) or a VM on a host (its path, its vCPU's core)
const mHost = new StaticArray<i32>(MAX_MACHINES); // -1 a host
const mPath = new StaticArray<i32>(MAX_MACHINES);
const mCore = new StaticArray<i32>(MAX_MACHINES); // a VM's vCPU; a host's backend core
let machines: i32 = 0;

// steps, flat; a program is (start, length)
export const sKind = new StaticArray<i32>(MAX_STEPS);
export const sTarget = new StaticArray<i32>(MAX_STEPS); // core or link
export const sFixedNs = new StaticArray<i64>(MAX_STEPS);
export const sCopies = new StaticArray<i32>(MAX_STEPS);
export const sCallNs = new StaticArray<i64>(MAX_STEPS); // one socket call's cost, shared by its segments
export const sFlags = new StaticArray<i32>(MAX_STEPS);
let steps: i32 = 0;

export function pathsReset(): void {
  machines = 0;
  steps = 0;
}

export function pathHost(backendCore: i32): i32 {
  if (machines >= MAX_MACHINES) return -1;
  const m = machines++;
  unchecked((mHost[m] = -1));
  unchecked((mPath[m] = PATH_NATIVE));
  unchecked((mCore[m] = backendCore));
  return m;
}

export function pathVm(host: i32, path: i32, vcpuCore: i32): i32 {
  if (machines >= MAX_MACHINES || !isHost(host) || path <= PATH_NATIVE || path >= PATH_COUNT) return -1;
  const m = machines++;
  unchecked((mHost[m] = host));
  unchecked((mPath[m] = path));
  unchecked((mCore[m] = vcpuCore));
  return m;
}

export function isHost(m: i32): bool {
  return m >= 0 && m < machines && unchecked(mHost[m]) < 0;
}
export function isMachine(m: i32): bool {
  return m >= 0 && m < machines;
}
export function hostOf(m: i32): i32 {
  const h = unchecked(mHost[m]);
  return h < 0 ? m : h;
}
export function pathOf(m: i32): i32 {
  return unchecked(mPath[m]);
}
// The core an application on machine m runs on: a VM's vCPU, or on a host the given core.
export function appCore(m: i32, hostCore: i32): i32 {
  return isHost(m) ? hostCore : unchecked(mCore[m]);
}

export function programStart(): i32 {
  return steps;
}
export function programSteps(start: i32): i32 {
  return steps - start;
}
export function stepsFull(): bool {
  return steps > MAX_STEPS - 8;
}

function step(kind: i32, target: i32, fixedNs: i64, copies: i32, callNs: i64, flags: i32): void {
  if (steps >= MAX_STEPS) return; // checked by stepsFull after each program
  const s = steps++;
  unchecked((sKind[s] = kind));
  unchecked((sTarget[s] = target));
  unchecked((sFixedNs[s] = fixedNs));
  unchecked((sCopies[s] = copies));
  unchecked((sCallNs[s] = callNs));
  unchecked((sFlags[s] = flags));
}

function cpu(core: i32, fixedNs: i64, copies: i32, callNs: i64, flags: i32): void {
  step(STEP_CPU, core, fixedNs, copies, callNs, flags);
}

// The stages from machine x's socket to where the packet leaves x's host (its physical NIC, or
// the bridge/host socket layer for a co-resident peer). `hostCore`: the host core that runs
// x's host-side socket work (a native application's stack, an outsourced VM's host sockets).
function transmit(x: i32, hostCore: i32): void {
  const S = paramNs(P_STACK_NS);
  const sys = paramNs(P_SYSCALL_NS);
  const N = paramNs(P_NOTIFY_NS);
  const path = pathOf(x);
  if (path == PATH_NATIVE) {
    cpu(hostCore, S, 1, sys, 0); // send call, copy into the socket buffer, TCP/IP
  } else if (path == PATH_OUTSOURCED) {
    cpu(unchecked(mCore[x]), N, 1, sys + paramNs(P_RPC_GUEST_NS), FLAG_DATA_ONLY); // guest: RPC, copy into shared memory, notify
    cpu(hostCore, S, 0, paramNs(P_RPC_HOST_NS), FLAG_CROSSING); // host: the call, TCP/IP from shared memory
  } else {
    // hosted, and XenLoop towards a remote peer
    cpu(unchecked(mCore[x]), S + N, 1, sys, 0); // guest: send call, copy, TCP/IP, notify the backend
    cpu(unchecked(mCore[hostOf(x)]), paramNs(P_BACKEND_NS), 1, 0, FLAG_CROSSING); // backend + bridge, copy out of the guest
  }
}

// The stages from y's host (its NIC, or the bridge/host socket layer) to y's socket.
function receive(y: i32, hostCore: i32): void {
  const S = paramNs(P_STACK_NS);
  const sys = paramNs(P_SYSCALL_NS);
  const N = paramNs(P_NOTIFY_NS);
  const path = pathOf(y);
  if (path == PATH_NATIVE) {
    cpu(hostCore, S, 1, sys, 0); // TCP/IP, the receive call's copy to the user
  } else if (path == PATH_OUTSOURCED) {
    cpu(hostCore, S, 0, 0, 0); // the host's TCP/IP takes it (and ACKs it)
    cpu(hostCore, N, 1, paramNs(P_RPC_HOST_NS), FLAG_DATA_ONLY); // host: copy into the guest's shared buffer, notify
    cpu(unchecked(mCore[y]), 0, 0, sys + paramNs(P_RPC_GUEST_NS), FLAG_DATA_ONLY | FLAG_CROSSING); // guest: the call returns
  } else {
    cpu(unchecked(mCore[hostOf(y)]), paramNs(P_BACKEND_NS) + N, 1, 0, 0); // backend: copy into the guest, notify
    cpu(unchecked(mCore[y]), S, 1, sys, FLAG_CROSSING); // guest: TCP/IP, the receive call's copy
  }
}

// Program for packets from machine x to machine y: through `link` when they are on different hosts
// (-1 when co-resident). Returns its start; its length is programSteps(start).
export function buildProgram(x: i32, hostCoreX: i32, y: i32, hostCoreY: i32, link: i32): i32 {
  const start = steps;
  transmit(x, hostCoreX);
  if (link >= 0) step(STEP_LINK, link, 0, 0, 0, 0);
  // co-resident, an outsourced receiver's host socket takes the packet where the sender's host
  // socket sent it (Linux's loopback receives on the sending CPU's backlog), then wakes its guest
  receive(y, link < 0 && pathOf(y) == PATH_OUTSOURCED && pathOf(x) == PATH_OUTSOURCED ? hostCoreX : hostCoreY);
  return start;
}

// XenLoop between co-resident guests x and y: each guest's TCP/IP, a copy into the FIFO and a
// notification on x's vCPU, a copy out of it on y's.
export function buildFifoProgram(x: i32, y: i32): i32 {
  const start = steps;
  const S = paramNs(P_STACK_NS);
  const sys = paramNs(P_SYSCALL_NS);
  cpu(unchecked(mCore[x]), S + paramNs(P_NOTIFY_NS), 2, sys, 0); // send call's copy, TCP/IP, copy into the FIFO, notify
  cpu(unchecked(mCore[y]), S, 2, sys, FLAG_CROSSING); // copy out of the FIFO, TCP/IP, receive call's copy
  return start;
}

// Both ends are XenLoop guests on one host: their packets may take the FIFO.
export function fifoPair(x: i32, y: i32): bool {
  return !isHost(x) && !isHost(y) && hostOf(x) == hostOf(y) && pathOf(x) == PATH_XENLOOP && pathOf(y) == PATH_XENLOOP;
}
