// Links: a drop-tail byte-limited queue, an optional token-bucket shaper in front of the
// transmitter (Linux `tc tbf`: rate, burst, limit), serialization at the line rate, then a fixed
// propagation delay, and optionally reordering: a drawn share of packets is held back on the
// propagation by an extra delay, so that the packets behind it overtake (netem's `delay … reorder`
// as researchers use it to emulate multipath or parallel forwarding). Each direction of a path is a chain of links; a packet leaving the last
// link of a chain arrives as an event of the kind the NICs registered (dev/nic.ts), which deliver
// it to the machine it is addressed to: one dispatch, no call back from here.
import { NEVER, NS_PER_S, now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { registerKinds } from "../engine/dispatch";
import { rngUniform, STREAM_LOSS, STREAM_REORDER } from "../engine/rng";
import { pLink, pNext, pKind, pFlow, PKT_DATA, packetFree, wireBytes } from "./packet";

const MAX_LINKS: i32 = 64;

// event kinds, local to the range registered in linksReset
const EV_TX_DONE: i32 = 0; // arg: link whose transmitter finished a packet
const EV_ARRIVE: i32 = 1; // arg: packet arriving at the end of its current link
const EV_SHAPER_WAKE: i32 = 2; // arg: link whose token bucket has refilled enough
let evBase: i32 = 0;

let sinkKind: i32 = 0; // the event kind of a packet reaching the far end of a chain

const lRate = new StaticArray<i64>(MAX_LINKS); // line rate, bytes/s
const lDelay = new StaticArray<i64>(MAX_LINKS); // propagation delay, ns
const lLimit = new StaticArray<i64>(MAX_LINKS); // queue limit, bytes (excluding the packet on the wire)
const lLoss = new StaticArray<f64>(MAX_LINKS); // random loss probability per packet
const lProc = new StaticArray<i64>(MAX_LINKS); // per-packet processing time of the sending box, ns (a packet occupies the transmitter for max(serialization, this))
const lNextLink = new StaticArray<i32>(MAX_LINKS); // -1: end of chain
// TX completion: a host NIC's link tells the sending stack when a data packet has left its
// transmitter (the skb is freed: tcp_wfree, TCP small queues' wake-up)
const lTxNotify = new StaticArray<bool>(MAX_LINKS);
const lOnWireFlow = new StaticArray<i32>(MAX_LINKS); // data packet on the transmitter: its flow (-1 none) and size
const lOnWireBytes = new StaticArray<i32>(MAX_LINKS);
function noTxHook(flow: i32, bytes: i32, sent: bool): void {}
let txHook: (flow: i32, bytes: i32, sent: bool) => void = noTxHook;
// reordering: probability a packet is held back, and by how much more propagation delay (ns); its
// own PRNG stream, drawn only when the rate is > 0, so runs without it keep their numbers
const lReorderRate = new StaticArray<f64>(MAX_LINKS);
const lReorderNs = new StaticArray<i64>(MAX_LINKS);
// token bucket (rate 0 = no shaper). Tokens are kept in byte-nanoseconds (bytes × 1e9) so that
// refill is exact integer arithmetic: tokens += elapsed_ns × rate_Bps.
const lTbfRate = new StaticArray<i64>(MAX_LINKS);
const lTbfBurst = new StaticArray<i64>(MAX_LINKS);
const lTokens = new StaticArray<i64>(MAX_LINKS);
const lTokensAt = new StaticArray<i64>(MAX_LINKS);
const lWakeAt = new StaticArray<i64>(MAX_LINKS);
// The shaper's watchdog timer granularity (ns); 0 = exact (hrtimers). Linux 2.6's tbf armed a
// jiffy timer: delay = ⌊wait in jiffies⌋, at least one, expiring on a jiffy boundary
// (tbf_dequeue: PSCHED_US2JIFFIE, mod_timer); an arriving packet also retries at once.
const lTbfTick = new StaticArray<i64>(MAX_LINKS);
// queue state
const lHead = new StaticArray<i32>(MAX_LINKS);
const lTail = new StaticArray<i32>(MAX_LINKS);
const lQueued = new StaticArray<i64>(MAX_LINKS);
const lBusy = new StaticArray<bool>(MAX_LINKS);
// counters
export const lArrivals = new StaticArray<i64>(MAX_LINKS);
export const lDrops = new StaticArray<i64>(MAX_LINKS);
export const lDataDrops = new StaticArray<i64>(MAX_LINKS);
export const lSent = new StaticArray<i64>(MAX_LINKS);
export const lSentBytes = new StaticArray<i64>(MAX_LINKS);
export const lMaxQueued = new StaticArray<i64>(MAX_LINKS);
let linkCount: i32 = 0;

// Scripted drops: per link, the arrival indices (0-based, ascending) to drop.
const dropLists = new Array<StaticArray<i32>>(MAX_LINKS);
const dropCount = new StaticArray<i32>(MAX_LINKS);
const dropNext = new StaticArray<i32>(MAX_LINKS);

// At simulation init, after dispatchReset.
export function linksReset(): void {
  linkCount = 0;
  txHook = noTxHook;
  sinkKind = 0;
  evBase = registerKinds(3, linkEvent);
}

// The event kind (engine/dispatch.ts) whose handler takes a packet arriving at the far end of the
// last link of its chain (arg: the packet).
export function linkSinkKind(kind: i32): void {
  sinkKind = kind;
}

function linkEvent(kind: i32, arg: i32): void {
  kind -= evBase;
  if (kind == EV_ARRIVE) linkArrive(arg);
  else if (kind == EV_TX_DONE) linkTxDone(arg);
  else linkShaperWake(arg);
}

export function linkCountGet(): i32 {
  return linkCount;
}

export function linkAdd(rateBps: i64, delayNs: i64, limitBytes: i64, loss: f64, tbfRateBps: i64, tbfBurstBytes: i64, procNs: i64): i32 {
  if (linkCount >= MAX_LINKS) return -1;
  const l = linkCount++;
  unchecked((lProc[l] = procNs));
  unchecked((lRate[l] = rateBps));
  unchecked((lDelay[l] = delayNs));
  unchecked((lLimit[l] = limitBytes));
  unchecked((lLoss[l] = loss));
  unchecked((lNextLink[l] = -1));
  unchecked((lTxNotify[l] = false));
  unchecked((lOnWireFlow[l] = -1));
  unchecked((lReorderRate[l] = 0));
  unchecked((lReorderNs[l] = 0));
  unchecked((lTbfRate[l] = tbfRateBps));
  unchecked((lTbfBurst[l] = tbfBurstBytes));
  unchecked((lTokens[l] = tbfBurstBytes * NS_PER_S)); // the bucket starts full, as tbf's does
  unchecked((lTokensAt[l] = 0));
  unchecked((lWakeAt[l] = NEVER));
  unchecked((lTbfTick[l] = 0));
  unchecked((lHead[l] = -1));
  unchecked((lTail[l] = -1));
  unchecked((lQueued[l] = 0));
  unchecked((lBusy[l] = false));
  unchecked((lArrivals[l] = 0));
  unchecked((lDrops[l] = 0));
  unchecked((lDataDrops[l] = 0));
  unchecked((lSent[l] = 0));
  unchecked((lSentBytes[l] = 0));
  unchecked((lMaxQueued[l] = 0));
  unchecked((dropCount[l] = 0));
  unchecked((dropNext[l] = 0));
  return l;
}

export function linkShaperTimer(l: i32, tickNs: i64): void {
  unchecked((lTbfTick[l] = tickNs));
}

// Link l is a host NIC's: report each data packet leaving its transmitter to `hook` (flow, bytes,
// sent = true), or dropped by a scripted or random loss after the queue took it (sent = false: the
// stack must not send from inside this queue's enqueue).
export function linkTxNotify(l: i32): void {
  unchecked((lTxNotify[l] = true));
}
export function linkTxHook(hook: (flow: i32, bytes: i32, sent: bool) => void): void {
  txHook = hook;
}

// Hold back a share `rate` of the packets leaving link l by `extraNs` more propagation delay.
export function linkReorder(l: i32, rate: f64, extraNs: i64): void {
  unchecked((lReorderRate[l] = rate));
  unchecked((lReorderNs[l] = extraNs));
}

export function linkConnect(from: i32, to: i32): void {
  unchecked((lNextLink[from] = to));
}

export function dropListInit(link: i32, n: i32): usize {
  const list = new StaticArray<i32>(n);
  dropLists[link] = list;
  unchecked((dropCount[link] = n));
  unchecked((dropNext[link] = 0));
  return changetype<usize>(list);
}

// `taken`: the queue had accepted the packet (a loss on the wire), so the sending stack hears of it.
function drop(l: i32, p: i32, taken: bool): void {
  unchecked((lDrops[l] += 1));
  if (taken && unchecked(lTxNotify[l]) && unchecked(pKind[p]) == PKT_DATA) txHook(unchecked(pFlow[p]), wireBytes(p), false);
  if (unchecked(pKind[p]) == PKT_DATA) unchecked((lDataDrops[l] += 1));
  packetFree(p);
}

// A packet arrives at link l's queue. False when the queue was full and dropped it (what a sender
// on this queue hears as local congestion); a scripted or random loss models the wire and is not
// reported.
export function linkEnqueue(l: i32, p: i32): bool {
  const idx = unchecked(lArrivals[l]);
  unchecked((lArrivals[l] = idx + 1));
  const k = unchecked(dropNext[l]);
  if (k < unchecked(dropCount[l]) && unchecked(unchecked(dropLists[l])[k]) == <i32>idx) {
    unchecked((dropNext[l] = k + 1));
    drop(l, p, true);
    return true;
  }
  const loss = unchecked(lLoss[l]);
  if (loss > 0.0 && rngUniform(STREAM_LOSS) < loss) {
    drop(l, p, true);
    return true;
  }
  const size = <i64>wireBytes(p);
  const q = unchecked(lQueued[l]);
  if (q + size > unchecked(lLimit[l])) {
    drop(l, p, false); // drop-tail
    return false;
  }
  unchecked((pLink[p] = l));
  unchecked((pNext[p] = -1));
  const tail = unchecked(lTail[l]);
  if (tail < 0) unchecked((lHead[l] = p));
  else unchecked((pNext[tail] = p));
  unchecked((lTail[l] = p));
  unchecked((lQueued[l] = q + size));
  if (q + size > unchecked(lMaxQueued[l])) unchecked((lMaxQueued[l] = q + size));
  if (!unchecked(lBusy[l])) tryTransmit(l);
  return true;
}

// Start serializing the head packet if the transmitter is idle and the shaper allows it.
function tryTransmit(l: i32): void {
  const p = unchecked(lHead[l]);
  if (p < 0) return;
  const size = <i64>wireBytes(p);
  const tbfRate = unchecked(lTbfRate[l]);
  const t = now();
  if (tbfRate > 0) {
    const cap = unchecked(lTbfBurst[l]) * NS_PER_S;
    // refill, without the product elapsed × rate overflowing i64 after a long idle spell (at
    // 1e11 B/s that takes 92 ms): a bucket idle long enough to fill is simply full
    let tokens = unchecked(lTokens[l]);
    const elapsed = t - unchecked(lTokensAt[l]);
    if (elapsed > (cap - tokens) / tbfRate) tokens = cap;
    else tokens += elapsed * tbfRate;
    unchecked((lTokens[l] = tokens));
    unchecked((lTokensAt[l] = t));
    const need = size * NS_PER_S;
    if (tokens < need) {
      const wait = (need - tokens + tbfRate - 1) / tbfRate;
      const tick = unchecked(lTbfTick[l]);
      const at = tick > 0 ? (t / tick + max(<i64>1, wait / tick)) * tick : t + wait;
      if (unchecked(lWakeAt[l]) == NEVER) {
        unchecked((lWakeAt[l] = at));
        queuePush(at, packEvent(evBase + EV_SHAPER_WAKE, l));
      }
      return;
    }
    unchecked((lTokens[l] = tokens - need));
  }
  // dequeue and serialize
  unchecked((lHead[l] = pNext[p]));
  if (unchecked(lHead[l]) < 0) unchecked((lTail[l] = -1));
  unchecked((lQueued[l] -= size));
  unchecked((lBusy[l] = true));
  unchecked((lSent[l] += 1));
  unchecked((lSentBytes[l] += size));
  if (unchecked(lTxNotify[l]) && unchecked(pKind[p]) == PKT_DATA) {
    unchecked((lOnWireFlow[l] = pFlow[p]));
    unchecked((lOnWireBytes[l] = <i32>size));
  }
  let txNs = (size * NS_PER_S + unchecked(lRate[l]) - 1) / unchecked(lRate[l]);
  if (unchecked(lProc[l]) > txNs) txNs = unchecked(lProc[l]);
  queuePush(t + txNs, packEvent(evBase + EV_TX_DONE, l));
  const last = unchecked(lNextLink[l]) < 0;
  let delay = unchecked(lDelay[l]);
  const reorder = unchecked(lReorderRate[l]);
  if (reorder > 0.0 && rngUniform(STREAM_REORDER) < reorder) delay += unchecked(lReorderNs[l]);
  queuePush(t + txNs + delay, packEvent(last ? sinkKind : evBase + EV_ARRIVE, p));
}

function linkTxDone(l: i32): void {
  unchecked((lBusy[l] = false));
  const f = unchecked(lOnWireFlow[l]);
  const bytes = unchecked(lOnWireBytes[l]);
  unchecked((lOnWireFlow[l] = -1));
  tryTransmit(l);
  // after the next packet has started: the stack may send at once into this queue
  if (f >= 0) txHook(f, bytes, true);
}

function linkShaperWake(l: i32): void {
  unchecked((lWakeAt[l] = NEVER));
  if (!unchecked(lBusy[l])) tryTransmit(l);
}

// The packet reached the far end of a link that is not its chain's last: on to the next.
function linkArrive(p: i32): void {
  linkEnqueue(unchecked(lNextLink[pLink[p]]), p);
}

export function linkQueuedBytes(l: i32): i64 {
  return unchecked(lQueued[l]);
}
