// What a network scenario asks of the core, worked out before it runs: the pools it allocates
// (sized from the windows), the memory they take, and the rules without which a run could never
// finish (a frame larger than a queue or a token bucket waits forever). The schema
// (host/scenario.ts) turns each broken rule into an error naming the fields and the arithmetic;
// host/simulate.ts sizes the core with the same numbers.
import { nsFrom, NS_PER_MS } from "./units.ts";
import { CAPTURE_COLUMNS } from "./abi-names.ts";

export const FRAME_OVERHEAD = 66; // Ethernet + IPv4 + TCP + timestamps option (assembly/net/packet.ts HEADER_BYTES)

// The fields read here (the parsed Scenario has them all; a structural type keeps this module
// free of an import cycle with host/scenario.ts).
interface Shaper {
  rateKBps: number;
  burstBytes: number;
  limitBytes: number;
}
export interface NetShape {
  stopTimeS: number;
  path: { lineRateMbps: number; hostQueueBytes: number; forward: { routerPerPacketUs: number; shaper?: Shaper } };
  tcp: { mss: number; rcvBufBytes: number };
  sender: { placement: string; vmm: { policy: string } };
  vms?: { vmm: { policy: string } }[];
  flows: { bytes: number; startMs: number }[];
  trace: { periodMs: number; maxRows: number };
}

// wasm32 addresses 4 GiB; the core may use half of it, leaving room for the allocator's overhead
// and the host's own copies (the trace is copied out once). One allocation (an AssemblyScript
// StaticArray) is at most 2^30 − 16 bytes (BLOCK_MAXSIZE in the incremental runtime).
export const MAX_CORE_BYTES = 2 ** 31;
export const MAX_ARRAY_BYTES = 2 ** 30 - 16;

// Bytes per element of the core's pools (assembly/net/packet.ts: 6 × 4 + 5 × 8; engine/queue.ts:
// 3 × i64; tcp/sock.ts rings: i64 send time + u8 retransmit mark + i32 out-of-order length;
// vmm/foxyvegas.ts ring: i64 + u8; trace.ts: TRACE_FIELDS = 8 f64).
const PACKET_BYTES = 64;
const EVENT_BYTES = 24;
const TCP_RING_BYTES = 13;
const FOXY_RING_BYTES = 9;
const TRACE_ROW_BYTES = 64;
const CAPTURE_BYTES = (1 << 16) * CAPTURE_COLUMNS.length * 8; // host/simulate.ts CAPTURE_RECORDS × CAPTURE_COLUMNS × i64

export const frameBytes = (s: NetShape) => s.tcp.mss + FRAME_OVERHEAD;

// Payload rate the forward path can carry: the slowest of the line, the token bucket and the
// router's forwarding rate, times the payload share of each full frame.
export function bottleneckPayloadKBps(s: NetShape): number {
  const frame = frameBytes(s);
  const line = (s.path.lineRateMbps * 1e6) / 8 / 1000;
  const shaped = s.path.forward.shaper?.rateKBps ?? Infinity;
  const router = s.path.forward.routerPerPacketUs > 0 ? (frame / s.path.forward.routerPerPacketUs) * 1000 : Infinity; // bytes per µs → KB/s
  return Math.min(line, shaped, router) * (s.tcp.mss / frame);
}

// Pool sizes: every packet in the network belongs to some window, so the windows bound them.
export function capacities(s: NetShape) {
  const perFlow = Math.ceil(s.tcp.rcvBufBytes / s.tcp.mss) + 16;
  const packets = 2 * perFlow * s.flows.length + 1024;
  return { packets, events: 2 * packets + 64 * s.flows.length + 256 };
}

const pow2AtLeast = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

// The window scale the receiver announces for its buffer (tcp_select_initial_window), as
// assembly/sim.ts simFlow computes it.
export function windowScale(rcvBufBytes: number): number {
  let ws = 0;
  for (let space = rcvBufBytes; space > 65535 && ws < 14; space = Math.floor(space / 2)) ws++;
  return ws;
}

// Slots of the per-segment rings, as assembly/sim.ts simStart and assembly/vmm/foxyvegas.ts size
// them: TCP's from the receive buffer, FoxyVegas's from the largest window the VMM can be shown
// (the 16-bit field at the scale it read in the SYN).
export const tcpRingSlots = (s: NetShape) => pow2AtLeast(Math.floor(s.tcp.rcvBufBytes / s.tcp.mss) + 4);
export const foxyRingSlots = (s: NetShape) => pow2AtLeast(Math.floor((65535 * 2 ** windowScale(s.tcp.rcvBufBytes)) / s.tcp.mss) + 4);

// Trace rows to reserve: the stop time, or eight times the ideal transfer time at the bottleneck
// (a run that goes beyond marks its trace truncated).
export function traceRows(s: NetShape): number {
  const periodNs = nsFrom(s.trace.periodMs, NS_PER_MS, "trace.periodMs");
  if (periodNs <= 0) return 0;
  const bytes = s.flows.reduce((a, f) => a + f.bytes, 0);
  const horizonS = s.stopTimeS > 0 ? s.stopTimeS : (8 * bytes) / (bottleneckPayloadKBps(s) * 1000) + Math.max(...s.flows.map((f) => f.startMs)) / 1000 + 10;
  return Math.min(s.trace.maxRows, Math.ceil((horizonS * 1e9) / periodNs + 1) * s.flows.length);
}

export interface Footprint {
  bytes: number; // all the core's pools together
  parts: { field: string; what: string; bytes: number; arrayBytes: number }[]; // arrayBytes: its largest single allocation
}

// The memory a run takes in the core, by pool (traced or not: the trace is counted, as a run
// may be asked for one).
export function footprint(s: NetShape): Footprint {
  const cap = capacities(s);
  const n = s.flows.length;
  const foxy = (s.sender.placement === "guest" && s.sender.vmm.policy === "foxyvegas") || (s.vms ?? []).some((v) => v.vmm.policy === "foxyvegas");
  const rows = traceRows(s);
  const parts = [
    { field: "tcp.rcvBufBytes", what: `packet pool (${cap.packets} packets)`, bytes: cap.packets * PACKET_BYTES, arrayBytes: cap.packets * 8 },
    { field: "tcp.rcvBufBytes", what: `event queue (${cap.events} events)`, bytes: cap.events * EVENT_BYTES, arrayBytes: cap.events * 8 },
    { field: "tcp.rcvBufBytes", what: `TCP segment rings (${n} × ${tcpRingSlots(s)} slots)`, bytes: n * tcpRingSlots(s) * TCP_RING_BYTES, arrayBytes: n * tcpRingSlots(s) * 8 },
    ...(foxy ? [{ field: "tcp.rcvBufBytes", what: `FoxyVegas segment rings (${n} × ${foxyRingSlots(s)} slots)`, bytes: n * foxyRingSlots(s) * FOXY_RING_BYTES, arrayBytes: foxyRingSlots(s) * 8 }] : []),
    { field: "trace.maxRows", what: `trace (${rows} rows, and the host's copy)`, bytes: 2 * rows * TRACE_ROW_BYTES, arrayBytes: rows * TRACE_ROW_BYTES },
    { field: "(capture)", what: "capture buffer", bytes: CAPTURE_BYTES, arrayBytes: CAPTURE_BYTES },
  ];
  return { bytes: parts.reduce((a, p) => a + p.bytes, 0), parts };
}

export const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
const bytesText = (b: number) => `${b.toLocaleString("en-US")} B`;

export interface Problem {
  path: (string | number)[];
  input: unknown;
  message: string;
}

// The rules a valid-looking scenario must also meet, or the run could never finish or could not
// fit the core. Each problem names the other field it depends on and the arithmetic.
export function feasibilityProblems(s: NetShape): Problem[] {
  const out: Problem[] = [];
  const frame = frameBytes(s);
  const frameText = `one full frame of tcp.mss ${s.tcp.mss} + ${FRAME_OVERHEAD} B headers = ${frame} B`;
  if (s.path.hostQueueBytes < frame)
    out.push({ path: ["path", "hostQueueBytes"], input: s.path.hostQueueBytes, message: `cannot hold ${frameText}, so no segment could ever leave` });
  const shaper = s.path.forward.shaper;
  if (shaper && shaper.limitBytes < frame)
    out.push({ path: ["path", "forward", "shaper", "limitBytes"], input: shaper.limitBytes, message: `cannot hold ${frameText}, so every segment would be dropped` });
  if (shaper && shaper.burstBytes < frame)
    out.push({ path: ["path", "forward", "shaper", "burstBytes"], input: shaper.burstBytes, message: `cannot hold the tokens for ${frameText}, so no segment could ever pass` });
  if (s.tcp.rcvBufBytes < s.tcp.mss)
    out.push({ path: ["tcp", "rcvBufBytes"], input: s.tcp.rcvBufBytes, message: `must hold at least one segment (tcp.mss ${s.tcp.mss} B)` });
  if (out.length) return out; // the footprint of a scenario that cannot run is beside the point
  const fp = footprint(s);
  const blame = (field: string) => ({
    path: field.split("."),
    input: field === "trace.maxRows" ? s.trace.maxRows : s.tcp.rcvBufBytes,
    remedy: field === "trace.maxRows" ? "lower trace.maxRows or raise trace.periodMs" : `lower tcp.rcvBufBytes, raise tcp.mss (${s.tcp.mss}) or use fewer flows (${s.flows.length})`,
  });
  const widest = fp.parts.reduce((a, p) => (p.arrayBytes > a.arrayBytes ? p : a));
  const biggest = fp.parts.reduce((a, p) => (p.bytes > a.bytes ? p : a));
  if (widest.arrayBytes > MAX_ARRAY_BYTES) {
    const b = blame(widest.field);
    out.push({ path: b.path, input: b.input, message: `needs one core array of ${bytesText(widest.arrayBytes)} for its ${widest.what}; at most ${bytesText(MAX_ARRAY_BYTES)}: ${b.remedy}` });
  } else if (fp.bytes > MAX_CORE_BYTES) {
    const b = blame(biggest.field);
    const breakdown = fp.parts.filter((p) => p.bytes >= 2 ** 20).map((p) => `${p.what} ${gib(p.bytes)}`).join(" + ");
    out.push({ path: b.path, input: b.input, message: `needs ${gib(fp.bytes)} of core memory (${breakdown}); at most ${gib(MAX_CORE_BYTES)}: ${b.remedy}` });
  }
  return out;
}
