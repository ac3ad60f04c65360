// Connections between two machines' sockets, moving segments along their path's stages (vmm/
// paths.ts) — CPU stages queue on cores (cpu/cores.ts), link stages on a link — and the TCP of
// their ends as this model keeps it: segments of MSS bytes, a sender limited by the receiver's
// window (bytes in flight ≤ window), cumulative ACKs sent for every second segment or when the
// delayed-ACK timer fires, and carried free on data going the other way.
// Named simplifications: no loss anywhere (every queue here is bounded by the windows, so nothing
// overflows), hence no congestion control or retransmission: the transfer is the loss-free steady
// state that window, links and CPUs allow. No Nagle: a message's last partial segment leaves at once.
// The application above (app/workloads.ts) hands a connection direction messages (or an endless
// stream) and hears when a message it awaits has fully arrived; it runs its own CPU work as jobs.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { registerKinds } from "../engine/dispatch";
import { coreSubmit } from "../cpu/cores";
import { P_MSS, P_WIRE_OVERHEAD, P_DELACK_NS, paramNs, copyNs } from "../cpu/costs";
import {
  sKind, sTarget, sFixedNs, sCopies, sCallNs, sFlags, STEP_LINK, FLAG_CROSSING, FLAG_DATA_ONLY,
  buildProgram, buildFifoProgram, programSteps, fifoPair, stepsFull, isMachine, isHost, hostOf, appCore,
} from "../vmm/paths";
import { fifoEntries, fifoFits, fifoEnter, fifoLeave } from "../vmm/xenloop";

export const MAX_LINKS: i32 = 64;
export const MAX_CONNS: i32 = 1024;
export const NO_APP: i32 = -1;

// message(c, d): direction d of connection c delivered the message its receiver awaited
export type MessageHandler = (c: i32, d: i32) => void;
// jobDone(code, c, d): an application job (runApp) finished
export type AppJobHandler = (code: i32, c: i32, d: i32) => void;

function noMessage(c: i32, d: i32): void {}
function noAppJob(code: i32, c: i32, d: i32): void {}
let onMessage: MessageHandler = noMessage;
let onAppJob: AppJobHandler = noAppJob;

const EV_LINK: i32 = 0; // arg: packet that left its link
const EV_DELACK: i32 = 1; // arg: connection direction whose delayed ACK is due
let evBase: i32 = 0;

// links: a FIFO transmitter (rate, then propagation delay)
const lRateBps = new StaticArray<i64>(MAX_LINKS);
const lDelayNs = new StaticArray<i64>(MAX_LINKS);
const lFreeAt = new StaticArray<i64>(MAX_LINKS);
let links: i32 = 0;

// packets (and application jobs), a pool with a free list through pNext
let pConn = new StaticArray<i32>(0);
let pDir = new StaticArray<i32>(0); // the data direction (for a pure ACK: the direction it acknowledges)
let pBytes = new StaticArray<i32>(0);
let pAck = new StaticArray<bool>(0); // a pure ACK
let pAckVal = new StaticArray<i64>(0); // cumulative bytes acknowledged (of the other direction, for data)
let pProg = new StaticArray<i32>(0);
let pLen = new StaticArray<i32>(0);
let pStep = new StaticArray<i32>(0);
let pRan = new StaticArray<bool>(0); // has run a CPU stage (a later crossing may find a halted core)
let pCore = new StaticArray<i32>(0); // the core of its last CPU stage
let pFifo = new StaticArray<i64>(0); // FIFO entries it takes (0: not through a FIFO)
let pAdmitted = new StaticArray<bool>(0);
let pApp = new StaticArray<i32>(0); // an application job's code, NO_APP for a packet
let pLive = new StaticArray<bool>(0);
let pNext = new StaticArray<i32>(0);
let freeHead: i32 = -1;
let exhausted: bool = false;

// connections: ends A (index 0) and B (1); direction d goes from end d to end 1-d
let conns: i32 = 0;
const cEnd = new StaticArray<i32>(MAX_CONNS * 2);
const cHostCore = new StaticArray<i32>(MAX_CONNS * 2);
const cWindow = new StaticArray<i64>(MAX_CONNS);
// per direction cd = 2c + d
const dCallBytes = new StaticArray<i64>(MAX_CONNS * 2);
const dProg = new StaticArray<i32>(MAX_CONNS * 2);
const dLen = new StaticArray<i32>(MAX_CONNS * 2);
const dFifoProg = new StaticArray<i32>(MAX_CONNS * 2); // -1: no FIFO between the ends
const dFifoLen = new StaticArray<i32>(MAX_CONNS * 2);
const dPending = new StaticArray<i64>(MAX_CONNS * 2); // bytes the application has written, not yet sent
const dSndNxt = new StaticArray<i64>(MAX_CONNS * 2);
const dSndUna = new StaticArray<i64>(MAX_CONNS * 2);
const dRcvd = new StaticArray<i64>(MAX_CONNS * 2);
const dUnacked = new StaticArray<i32>(MAX_CONNS * 2); // segments received since the last ACK sent
const dDelackAt = new StaticArray<i64>(MAX_CONNS * 2); // -1 not armed
const dTimerAt = new StaticArray<i64>(MAX_CONNS * 2); // when its queued timer event fires, -1 none (one event at a time)
const dMsgEnd = new StaticArray<i64>(MAX_CONNS * 2); // rcvd count completing the awaited message, -1 none

export const UNLIMITED: i64 = i64.MAX_VALUE;

// At init, after dispatchReset and before the first connection.
export function socketsReset(poolSize: i32, message: MessageHandler, appJob: AppJobHandler): void {
  evBase = registerKinds(2, socketEvent);
  onMessage = message;
  onAppJob = appJob;
  links = 0;
  conns = 0;
  pConn = new StaticArray<i32>(poolSize);
  pDir = new StaticArray<i32>(poolSize);
  pBytes = new StaticArray<i32>(poolSize);
  pAck = new StaticArray<bool>(poolSize);
  pAckVal = new StaticArray<i64>(poolSize);
  pProg = new StaticArray<i32>(poolSize);
  pLen = new StaticArray<i32>(poolSize);
  pStep = new StaticArray<i32>(poolSize);
  pRan = new StaticArray<bool>(poolSize);
  pCore = new StaticArray<i32>(poolSize);
  pFifo = new StaticArray<i64>(poolSize);
  pAdmitted = new StaticArray<bool>(poolSize);
  pApp = new StaticArray<i32>(poolSize);
  pLive = new StaticArray<bool>(poolSize);
  pNext = new StaticArray<i32>(poolSize);
  for (let i = 0; i < poolSize; i++) unchecked((pNext[i] = i + 1 < poolSize ? i + 1 : -1));
  freeHead = poolSize > 0 ? 0 : -1;
  exhausted = false;
}

export function poolExhausted(): bool {
  return exhausted;
}

export function linkAdd(rateBps: i64, delayNs: i64): i32 {
  if (links >= MAX_LINKS || rateBps <= 0 || delayNs < 0) return -1;
  const l = links++;
  unchecked((lRateBps[l] = rateBps));
  unchecked((lDelayNs[l] = delayNs));
  unchecked((lFreeAt[l] = 0));
  return l;
}

// Connection between machine a (its host-side socket work on host core ha) and machine b (hb),
// packets a→b on linkAB and b→a on linkBA (both -1 when a and b share a host), a receive window
// of `window` bytes each way. Both ends on one machine: two processes of one host (loopback).
// Returns its id, or -1.
export function connAdd(a: i32, ha: i32, b: i32, hb: i32, linkAB: i32, linkBA: i32, window: i64): i32 {
  if (conns >= MAX_CONNS || !isMachine(a) || !isMachine(b) || (a == b && !isHost(a)) || window < paramNs(P_MSS)) return -1;
  const coResident = hostOf(a) == hostOf(b);
  if (coResident != (linkAB < 0) || coResident != (linkBA < 0) || linkAB >= links || linkBA >= links) return -1;
  const c = conns++;
  unchecked((cEnd[2 * c] = a));
  unchecked((cEnd[2 * c + 1] = b));
  unchecked((cHostCore[2 * c] = ha));
  unchecked((cHostCore[2 * c + 1] = hb));
  unchecked((cWindow[c] = window));
  for (let d = 0; d < 2; d++) {
    const x = d == 0 ? a : b;
    const y = d == 0 ? b : a;
    const cd = 2 * c + d;
    const start = buildProgram(x, d == 0 ? ha : hb, y, d == 0 ? hb : ha, d == 0 ? linkAB : linkBA);
    unchecked((dProg[cd] = start));
    unchecked((dLen[cd] = programSteps(start)));
    unchecked((dFifoProg[cd] = -1));
    if (fifoPair(x, y)) {
      const f = buildFifoProgram(x, y);
      unchecked((dFifoProg[cd] = f));
      unchecked((dFifoLen[cd] = programSteps(f)));
    }
    unchecked((dCallBytes[cd] = paramNs(P_MSS)));
    unchecked((dPending[cd] = 0));
    unchecked((dSndNxt[cd] = 0));
    unchecked((dSndUna[cd] = 0));
    unchecked((dRcvd[cd] = 0));
    unchecked((dUnacked[cd] = 0));
    unchecked((dDelackAt[cd] = -1));
    unchecked((dTimerAt[cd] = -1));
    unchecked((dMsgEnd[cd] = -1));
  }
  if (stepsFull()) return -1;
  return c;
}

export function connCount(): i32 {
  return conns;
}
export function connEnd(c: i32, end: i32): i32 {
  return unchecked(cEnd[2 * c + end]);
}
// The core the application at end `end` of c runs on.
export function connAppCore(c: i32, end: i32): i32 {
  return appCore(unchecked(cEnd[2 * c + end]), unchecked(cHostCore[2 * c + end]));
}

// The application's socket calls in direction d are `bytes` long (a bulk writer's buffer, a
// message): each segment carries its share of a call's fixed cost.
export function connCallBytes(c: i32, d: i32, bytes: i64): void {
  unchecked((dCallBytes[2 * c + d] = max<i64>(1, bytes)));
}

function alloc(): i32 {
  const p = freeHead;
  if (p < 0) {
    exhausted = true;
    return -1;
  }
  freeHead = unchecked(pNext[p]);
  unchecked((pLive[p] = true));
  return p;
}

function release(p: i32): void {
  unchecked((pLive[p] = false));
  unchecked((pNext[p] = freeHead));
  freeHead = p;
}

// The application at end d of c sends `bytes` (UNLIMITED: an endless stream); when the peer's
// application awaits the message, it hears of it once the last byte arrives.
export function send(c: i32, d: i32, bytes: i64): void {
  const cd = 2 * c + d;
  const pending = unchecked(dPending[cd]);
  unchecked((dPending[cd] = bytes == UNLIMITED || pending == UNLIMITED ? UNLIMITED : pending + bytes));
  if (bytes != UNLIMITED) unchecked((dMsgEnd[cd] = unchecked(dSndNxt[cd]) + unchecked(dPending[cd])));
  pump(c, d);
}

// Direction d of c sends what the window allows.
function pump(c: i32, d: i32): void {
  const cd = 2 * c + d;
  const mss = paramNs(P_MSS);
  const window = unchecked(cWindow[c]);
  while (unchecked(dPending[cd]) > 0) {
    const pending = unchecked(dPending[cd]);
    const bytes = pending < mss ? pending : mss;
    if (unchecked(dSndNxt[cd]) - unchecked(dSndUna[cd]) + bytes > window) return;
    const p = alloc();
    if (p < 0) return;
    if (pending != UNLIMITED) unchecked((dPending[cd] = pending - bytes));
    unchecked((dSndNxt[cd] += bytes));
    // it carries the ACK of everything received the other way
    const back = 2 * c + (1 - d);
    unchecked((dUnacked[back] = 0));
    unchecked((dDelackAt[back] = -1));
    launch(p, c, d, <i32>bytes, false, unchecked(dRcvd[back]));
  }
}

// A pure ACK for direction d (travelling the other way).
function sendAck(c: i32, d: i32): void {
  const cd = 2 * c + d;
  const p = alloc();
  if (p < 0) return;
  unchecked((dUnacked[cd] = 0));
  unchecked((dDelackAt[cd] = -1));
  launch(p, c, d, 0, true, unchecked(dRcvd[cd]));
}

function launch(p: i32, c: i32, d: i32, bytes: i32, ack: bool, ackVal: i64): void {
  const route = ack ? 2 * c + (1 - d) : 2 * c + d; // a pure ACK takes the other direction's stages
  unchecked((pConn[p] = c));
  unchecked((pDir[p] = d));
  unchecked((pBytes[p] = bytes));
  unchecked((pAck[p] = ack));
  unchecked((pAckVal[p] = ackVal));
  unchecked((pStep[p] = 0));
  unchecked((pRan[p] = false));
  unchecked((pApp[p] = NO_APP));
  unchecked((pAdmitted[p] = false));
  const fifo = unchecked(dFifoProg[route]);
  if (fifo >= 0 && fifoFits(bytes)) {
    unchecked((pProg[p] = fifo));
    unchecked((pLen[p] = unchecked(dFifoLen[route])));
    unchecked((pFifo[p] = fifoEntries(bytes)));
  } else {
    unchecked((pProg[p] = unchecked(dProg[route])));
    unchecked((pLen[p] = unchecked(dLen[route])));
    unchecked((pFifo[p] = 0));
  }
  advance(p);
}

// The machine packet p leaves from, and the one it goes to.
function fromOf(p: i32): i32 {
  const d = unchecked(pDir[p]);
  return unchecked(cEnd[2 * unchecked(pConn[p]) + (unchecked(pAck[p]) ? 1 - d : d)]);
}
function toOf(p: i32): i32 {
  const d = unchecked(pDir[p]);
  return unchecked(cEnd[2 * unchecked(pConn[p]) + (unchecked(pAck[p]) ? d : 1 - d)]);
}

// Move p to its next stage (or, after its last, to its socket).
function advance(p: i32): void {
  while (true) {
    const i = unchecked(pStep[p]);
    if (i >= unchecked(pLen[p])) {
      arrive(p);
      return;
    }
    // a FIFO packet copied in by its sender waits for room before its receiver sees it
    if (i == 1 && unchecked(pFifo[p]) > 0 && !unchecked(pAdmitted[p])) {
      if (!fifoEnter(fromOf(p), toOf(p), p, unchecked(pFifo[p]), pNext)) return;
      unchecked((pAdmitted[p] = true));
    }
    const s = unchecked(pProg[p]) + i;
    unchecked((pStep[p] = i + 1));
    const flags = unchecked(sFlags[s]);
    if (unchecked(pAck[p]) && (flags & FLAG_DATA_ONLY) != 0) continue;
    if (unchecked(sKind[s]) == STEP_LINK) {
      linkSend(unchecked(sTarget[s]), p);
      return;
    }
    const bytes = unchecked(pBytes[p]);
    const route = unchecked(pAck[p]) ? 2 * unchecked(pConn[p]) + 1 - unchecked(pDir[p]) : 2 * unchecked(pConn[p]) + unchecked(pDir[p]);
    let cost = unchecked(sFixedNs[s]) + copyNs(unchecked(sCopies[s]), bytes);
    if (bytes > 0) cost += (unchecked(sCallNs[s]) * <i64>bytes) / unchecked(dCallBytes[route]);
    // an event to another core may find it halted; onto the core it ran on (a VM exit into the
    // host on the vCPU's own core) it may not
    const core = unchecked(sTarget[s]);
    const crossing = (flags & FLAG_CROSSING) != 0 && unchecked(pRan[p]) && unchecked(pCore[p]) != core;
    unchecked((pRan[p] = true));
    unchecked((pCore[p] = core));
    coreSubmit(core, p, cost, crossing, false);
    return;
  }
}

function fifoEntriesOf(p: i32): i64 {
  return unchecked(pFifo[p]);
}
function fifoAdmitted(p: i32): void {
  unchecked((pAdmitted[p] = true));
  advance(p);
}

// A job finished on its core (cpu/cores.ts): a packet's stage, or an application's work.
export function jobDone(j: i32): void {
  const code = unchecked(pApp[j]);
  if (code == NO_APP) {
    advance(j);
    return;
  }
  const c = unchecked(pConn[j]);
  const d = unchecked(pDir[j]);
  release(j);
  onAppJob(code, c, d);
}

// The application at end `end` of c does `ns` of work on its core, then hears jobDone(code).
export function runApp(c: i32, end: i32, ns: i64, code: i32): void {
  const j = alloc();
  if (j < 0) return;
  unchecked((pConn[j] = c));
  unchecked((pDir[j] = end));
  unchecked((pApp[j] = code));
  coreSubmit(connAppCore(c, end), j, ns, false, true);
}

function linkSend(l: i32, p: i32): void {
  const wire = <i64>unchecked(pBytes[p]) + paramNs(P_WIRE_OVERHEAD);
  const rate = unchecked(lRateBps[l]);
  const tx = (wire * 8 * 1_000_000_000 + rate - 1) / rate; // ns, rounded up
  const free = unchecked(lFreeAt[l]);
  const start = free > now() ? free : now();
  unchecked((lFreeAt[l] = start + tx));
  queuePush(start + tx + unchecked(lDelayNs[l]), packEvent(evBase + EV_LINK, p));
}

function socketEvent(kind: i32, arg: i32): void {
  if (kind - evBase == EV_LINK) advance(arg);
  else delackDue(arg);
}

// The timer event fires: the ACK is due, or was re-armed later (the event goes again then), or
// disarmed by an ACK sent since.
function delackDue(cd: i32): void {
  unchecked((dTimerAt[cd] = -1));
  const at = unchecked(dDelackAt[cd]);
  if (at < 0 || unchecked(dUnacked[cd]) == 0) return;
  if (at > now()) armTimer(cd, at);
  else sendAck(cd >> 1, cd & 1);
}

function armTimer(cd: i32, at: i64): void {
  if (unchecked(dTimerAt[cd]) >= 0) return; // its event comes first and re-arms
  unchecked((dTimerAt[cd] = at));
  queuePush(at, packEvent(evBase + EV_DELACK, cd));
}

// Packet p reached the socket at its destination.
function arrive(p: i32): void {
  const c = unchecked(pConn[p]);
  const d = unchecked(pDir[p]);
  const bytes = unchecked(pBytes[p]);
  const ack = unchecked(pAck[p]);
  const ackVal = unchecked(pAckVal[p]);
  const entries = unchecked(pFifo[p]);
  const from = fromOf(p);
  const to = toOf(p);
  release(p);
  if (entries > 0) fifoLeave(from, to, entries, pNext, fifoEntriesOf, fifoAdmitted);
  if (ack) {
    acknowledged(c, d, ackVal);
    return;
  }
  acknowledged(c, 1 - d, ackVal);
  const cd = 2 * c + d;
  unchecked((dRcvd[cd] += bytes));
  unchecked((dUnacked[cd] += 1));
  const end = unchecked(dMsgEnd[cd]);
  if (end >= 0 && unchecked(dRcvd[cd]) >= end) {
    unchecked((dMsgEnd[cd] = -1));
    onMessage(c, d); // may answer at once, carrying the ACK
  }
  if (unchecked(dUnacked[cd]) >= 2) sendAck(c, d);
  else if (unchecked(dUnacked[cd]) > 0 && unchecked(dDelackAt[cd]) < 0) {
    const at = now() + paramNs(P_DELACK_NS);
    unchecked((dDelackAt[cd] = at));
    armTimer(cd, at);
  }
}

function acknowledged(c: i32, d: i32, ackVal: i64): void {
  const cd = 2 * c + d;
  if (ackVal > unchecked(dSndUna[cd])) {
    unchecked((dSndUna[cd] = ackVal));
    pump(c, d);
  }
}

// --- measurements ---
export function sentBytes(c: i32, d: i32): i64 {
  return unchecked(dSndNxt[2 * c + d]);
}
export function receivedBytes(c: i32, d: i32): i64 {
  return unchecked(dRcvd[2 * c + d]);
}
// Payload bytes of direction d of c in packets on their way, counted over the pool (an
// independent count for the conservation check: sent = received + in flight).
export function bytesInFlight(c: i32, d: i32): i64 {
  let n: i64 = 0;
  for (let p = 0; p < pLive.length; p++)
    if (unchecked(pLive[p]) && unchecked(pApp[p]) == NO_APP && !unchecked(pAck[p]) && unchecked(pConn[p]) == c && unchecked(pDir[p]) == d) n += unchecked(pBytes[p]);
  return n;
}
