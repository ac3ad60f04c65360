// The congestion-control harness (assembly/tcp/cc/harness.ts) stands in for the sender in the
// cc-*.test.ts unit tests; here both drive a module with a recorder in front of it
// (assembly/tcp/cc/hooklog.ts) and each harness event must call the hooks, with the arguments
// and TCP states that matter, in the order the real sender (assembly/tcp/sender.ts) calls them
// for that event in a network run: an ACK in Open, a duplicate ACK (Open → Disorder), a fast
// retransmit (its loss response; the harness recovers at once, so the ACKs in between are left
// out) and a retransmission timeout (likewise). Not compared: an ACK of new data in Disorder, which
// needs reordering that this FIFO network cannot produce (the harness's ack() after slowAck(…, 0, …)
// returns to Open before growing, as tcp/sender.ts does).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CcHarness, type Core, type HookCall } from "../host/core.ts";
import { CC_REGISTRY } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const MS = 1e6;
const ACK_HOOKS = new Set(["inAckEvent", "pktsAcked", "congAvoid"]);
const LOG = 100_000;
// assembly/tcp/sock.ts: Linux's tcp_ca_state and tcp_ca_event values
const [CA_OPEN, CA_DISORDER, CA_RECOVERY] = [0, 1, 3];
const [CA_EVENT_TX_START, CA_EVENT_COMPLETE_CWR, CA_EVENT_LOSS] = [0, 2, 3];

// What must agree: the hook, its argument where it is a state, an event or flags, whether
// segments were acknowledged and sampled, and the TCP state at the call.
const sig = (calls: HookCall[]) =>
  calls.map((c) => {
    const arg = c.hook === "pktsAcked" ? `${c.arg > 0 ? "acked" : "none"}${c.rttSample ? "+rtt" : ""}` : c.hook === "congAvoid" ? "" : String(c.arg);
    return `${c.hook}(${arg})@${c.state}`;
  });

// One flow through the real sender: a single drop (duplicate ACKs, fast retransmit) early, then the
// last 12 segments' first transmissions (a tail loss: no duplicate ACKs come, the RTO fires).
function senderLog(core: Core, cc: number): HookCall[] {
  const segs = 140;
  core.init(1, 4096, 1 << 14, 1n, 0, 0, 0);
  const fwd = core.addLink({ rateBps: 12.5e6, delayNs: 10 * MS, limitBytes: 1e6, loss: 0, shaperRateBps: 0, shaperBurstBytes: 0, procNs: 0 });
  const rev = core.addLink({ rateBps: 12.5e6, delayNs: 10 * MS, limitBytes: 1e6, loss: 0, shaperRateBps: 0, shaperBurstBytes: 0, procNs: 0 });
  core.addFlow(0, { cc, mss: 1448, totalBytes: segs * 1448, startNs: 0, from: core.addHost(fwd), to: core.addHost(rev), rcvBufBytes: 1 << 22, initialCwnd: 10, sack: false, kernel: "linux-6.12", hz: 0 }); // the harness models recovery without SACK
  // arrival 30 is dropped; its retransmission is one more arrival, so the first transmissions of
  // the last 12 segments arrive as 129 … 140
  core.setDropList(fwd, [30, ...Array.from({ length: 12 }, (_, i) => segs - 11 + i)]);
  core.startHookLog(cc, LOG);
  core.start();
  while (core.step(1e6) !== 0);
  return core.hookLog();
}

// The sender's log cut into the events above: an ACK is the calls from its inAckEvent up to the
// next ACK or timeout; a loss response is the non-ACK calls from ssthresh to the end of the reduction.
function senderEvents(log: HookCall[]) {
  // a segment leaving with nothing in flight: the transmissions an ACK clocks out, which the
  // harness does not make (its timeout makes the one retransmission, and that is compared)
  const isTxStart = (c: HookCall) => c.hook === "cwndEvent" && c.arg === CA_EVENT_TX_START;
  const isRto = (i: number) => log[i]!.hook === "ssthresh" && log[i + 1]?.hook === "cwndEvent" && log[i + 1]!.arg === CA_EVENT_LOSS;
  const acks: HookCall[][] = [];
  let inAck = false;
  log.forEach((c, i) => {
    if (c.hook === "inAckEvent") acks.push([c]), (inAck = true);
    else if (isRto(i)) inAck = false;
    else if (inAck && !isTxStart(c)) acks.at(-1)!.push(c);
  });
  const first = (p: (a: HookCall[]) => boolean) => acks.find(p);
  // a loss response: its calls up to the first ACK after it, then the non-ACK calls of the ACK that
  // ends the episode (the ACKs in between, and the retransmissions they clock, are the recovery the
  // harness does not model)
  const lossFrom = (i: number, ends: (c: HookCall) => boolean) => {
    const next = log.findIndex((c, j) => j > i && c.hook === "inAckEvent");
    const closing = acks.find((a) => a[0]!.state !== CA_OPEN && a.some(ends) && log.indexOf(a[0]!) > i);
    return closing && [...log.slice(i, next), ...closing.filter((c) => !ACK_HOOKS.has(c.hook))];
  };
  const fast = log.findIndex((c, i) => c.hook === "ssthresh" && log[i + 1]?.hook === "setState" && log[i + 1]!.arg === CA_RECOVERY);
  const rto = log.findIndex((_, i) => isRto(i));
  return {
    ack: first((a) => a[0]!.state === CA_OPEN && a[0]!.arg === 0 && a.some((c) => c.hook === "pktsAcked" && c.arg > 0)),
    dupack: first((a) => a[0]!.state === CA_OPEN && a.some((c) => c.hook === "setState" && c.arg === CA_DISORDER)),
    fastLoss: fast < 0 ? undefined : lossFrom(fast, (c) => c.hook === "cwndEvent" && c.arg === CA_EVENT_COMPLETE_CWR),
    timeout: rto < 0 ? undefined : lossFrom(rto, (c) => c.hook === "setState" && c.arg === CA_OPEN),
  };
}

// The same events through the harness, in the order the sender met them.
function harnessEvents(core: Core, cc: number) {
  core.startHookLog(cc, LOG);
  const h = new CcHarness(core, cc, 10);
  let seen = core.hookLog().length;
  const next = () => {
    const log = core.hookLog();
    const out = log.slice(seen);
    seen = log.length;
    return out;
  };
  h.ack(20 * MS, 1, 20 * MS, 10);
  const ack = next();
  h.slowAck(21 * MS, 0, -1, 10);
  const dupack = next();
  h.slowAck(22 * MS, 0, -1, 10);
  next();
  h.fastLoss(23 * MS); // at the third duplicate ACK, in Disorder as in the sender
  const fastLoss = next();
  h.timeout(500 * MS);
  const timeout = next();
  return { ack, dupack, fastLoss, timeout };
}

test("each harness event calls the hooks the real sender calls for it, in the same order", async () => {
  for (const [cc, name] of CC_REGISTRY.entries()) {
    const sent = senderEvents(senderLog(await newCore(), cc));
    const harness = harnessEvents(await newCore(), cc);
    for (const event of ["ack", "dupack", "fastLoss", "timeout"] as const) {
      assert.ok(sent[event], `${name}: the sender run has a ${event}`);
      assert.deepEqual(sig(harness[event]), sig(sent[event]!), `${name}: ${event}`);
    }
  }
});
