// simulate(scenario) → result: builds the path in the core, runs it, collects the numbers.
import { Core, FlowStat, LinkStat, RUN_DONE, type LinkSpec } from "./core.ts";
import { VMM_POLICIES } from "./vmm.ts";
import { congestionControlId } from "./congestion.ts";
import type { Scenario } from "./scenario.ts";

const NS_PER_MS = 1e6;
const FRAME_OVERHEAD = 66; // Ethernet + IPv4 + TCP + timestamps option (assembly/net/packet.ts)
const STEP_EVENTS = 2_000_000; // events per call into the core between progress reports

export interface FlowResult {
  cc: string;
  goodputKBps: number;
  completionTimeS: number | null; // null: did not finish before stopTimeS
  bytesDelivered: number;
  dataPacketsSent: number;
  retransmits: number;
  timeouts: number;
  fastRecoveries: number;
  meanCwnd: number;
  srttMs: number;
  minRttMs: number | null;
  deliveryHash: string; // receiver's FNV-1a over delivered segment offsets, in delivery order (hex)
  windowViolations: number; // new data sent beyond min(cwnd, rwnd): 0 unless TCP is broken
  minCwnd: number;
  minSsthresh: number;
  // SACK checks (0 unless TCP is broken) and counts
  sackLies: number;
  lostButSacked: number;
  recoveryOverruns: number;
  dsacks: number;
  undos: number;
  vmm?: { policy: string; windowSegments?: number; rewrittenAcks?: number; rttSamples?: number; edgeViolations?: number };
}

export interface LinkResult {
  name: string;
  arrivals: number;
  drops: number;
  sent: number;
  maxQueuedBytes: number;
}

export interface SimResult {
  scenario: string;
  seed: number;
  goodputKBps: number;
  completionTimeS: number | null;
  bytesDelivered: number;
  dataPacketsSent: number;
  retransmits: number;
  timeouts: number;
  fastRecoveries: number;
  drops: number;
  events: number;
  simulatedS: number;
  flows: FlowResult[];
  links: LinkResult[];
  conservation: { injected: number; delivered: number; dropped: number; inNetwork: number };
  virtualization?: { guestTxDrops: number; guestRxDrops: number; heldInVmm: number };
}

function vmmResult(core: Core, s: Scenario, f: number): NonNullable<FlowResult["vmm"]> {
  if (s.sender.vmm.policy !== "foxyvegas") return { policy: s.sender.vmm.policy };
  return { policy: "foxyvegas", windowSegments: core.foxyVegasStat(f, 0), rewrittenAcks: core.foxyVegasStat(f, 1), rttSamples: core.foxyVegasStat(f, 2), edgeViolations: core.foxyVegasStat(f, 3) };
}

export interface Trace {
  columns: readonly string[];
  rows: number;
  data: Float64Array; // rows × columns, copied out of wasm memory
  truncated: boolean;
}

export interface SimOptions {
  onProgress?: (simulatedS: number, events: number) => void;
  // scripted drops: ascending arrival indices at the router's forward (data) and reverse (ACK) egress
  drops?: { forward?: readonly number[]; reverse?: readonly number[] };
  withTrace?: boolean;
  // packet capture: called with each batch of records (a view, valid during the call)
  onCapture?: (records: BigInt64Array) => void;
  // keep up to this many RTT samples (the sender TCP's and the VMM policy's), returned as rtts
  rttSamples?: number;
}

const CAPTURE_RECORDS = 1 << 16;

export const TRACE_COLUMNS = ["time_s", "flow", "cwnd_segments", "ssthresh_segments", "rwnd_bytes", "srtt_ms", "bytes_acked", "inflight_bytes"] as const;

// The path of the seeds' testbeds, each direction a chain: the sending host's NIC → the router's
// ingress (only when it has a forwarding cost: the router CPU takes routerPerPacketUs per packet,
// bursts waiting in the NIC's receive ring, 256 descriptors as e1000's default RxDescriptors) →
// the router's egress (token bucket, drop-tail queue, line rate, one-way delay, random loss).
const ROUTER_RX_RING_FRAMES = 256;

function buildPath(core: Core, s: Scenario) {
  const line = (s.path.lineRateMbps * 1e6) / 8;
  const links: { name: string; id: number }[] = [];
  const chain = (stages: [string, Partial<LinkSpec>][]) => {
    const ids = stages.map(([name, spec]) => {
      const id = core.addLink({ rateBps: line, delayNs: 0, limitBytes: s.path.hostQueueBytes, loss: 0, shaperRateBps: 0, shaperBurstBytes: 0, procNs: 0, ...spec });
      links.push({ name, id });
      return id;
    });
    for (let i = 1; i < ids.length; i++) core.connect(ids[i - 1]!, ids[i]!);
    return { first: ids[0]!, egress: ids[ids.length - 1]! };
  };
  const direction = (host: string, dir: "forward" | "reverse") => {
    const d = s.path[dir];
    const ingress: [string, Partial<LinkSpec>][] = d.routerPerPacketUs > 0 ? [[`router-${dir}-ingress`, { procNs: d.routerPerPacketUs * 1000, limitBytes: ROUTER_RX_RING_FRAMES * 1514 }]] : [];
    const ends = chain([
      [host, {}],
      ...ingress,
      [`router-${dir}`, { delayNs: d.delayMs * NS_PER_MS, limitBytes: d.shaper?.limitBytes ?? s.path.hostQueueBytes, loss: d.lossRate, shaperRateBps: (d.shaper?.rateKBps ?? 0) * 1000, shaperBurstBytes: d.shaper?.burstBytes ?? 0 }],
    ]);
    if (d.shaper && d.shaper.timerHz > 0) core.shaperTimer(ends.egress, 1e9 / d.shaper.timerHz);
    return ends;
  };
  const fwd = direction("sender-nic", "forward");
  const rev = direction("receiver-nic", "reverse");
  return { links, fwd: fwd.first, rev: rev.first, bottleneck: fwd.egress, reverse: rev.egress };
}

// Pool sizes: every packet in the network belongs to some window, so the windows bound them.
function capacities(s: Scenario) {
  const perFlow = Math.ceil(s.tcp.rcvBufBytes / s.tcp.mss) + 16;
  const packets = 2 * perFlow * s.flows.length + 1024;
  return { packets, events: 2 * packets + 64 * s.flows.length + 256 };
}

// Trace rows to reserve: the stop time, or eight times the ideal transfer time at the bottleneck
// (a run that goes beyond marks its trace truncated).
function traceRows(s: Scenario): number {
  if (s.trace.periodMs <= 0) return 0;
  const bytes = s.flows.reduce((a, f) => a + f.bytes, 0);
  const horizonS = s.stopTimeS > 0 ? s.stopTimeS : (8 * bytes) / (bottleneckPayloadKBps(s) * 1000) + Math.max(...s.flows.map((f) => f.startMs)) / 1000 + 10;
  return Math.min(s.trace.maxRows, Math.ceil((horizonS * 1000) / s.trace.periodMs + 1) * s.flows.length);
}

export interface SimOutput {
  result: SimResult;
  trace?: Trace;
  rtts?: { tcpMs: number[]; vmmMs: number[]; truncated: boolean };
}

export function simulate(core: Core, s: Scenario, opts: SimOptions = {}): SimOutput {
  const cap = capacities(s);
  const withTrace = opts.withTrace ?? false;
  core.init(s.flows.length, cap.packets, cap.events, BigInt(s.seed), s.stopTimeS * 1e9, withTrace ? s.trace.periodMs * NS_PER_MS : 0, withTrace ? traceRows(s) : 0);
  const path = buildPath(core, s);
  core.setCubicHystart(s.tcp.cubicHystart); // a module parameter: set for every run, never inherited
  s.flows.forEach((f, i) =>
    core.addFlow(i, {
      cc: congestionControlId(f.cc),
      mss: s.tcp.mss,
      totalBytes: f.bytes,
      startNs: f.startMs * NS_PER_MS,
      fwdLink: path.fwd,
      revLink: path.rev,
      rcvBufBytes: s.tcp.rcvBufBytes,
      initialCwnd: s.tcp.initialCwnd,
      sack: s.tcp.sack,
      kernel: s.tcp.kernel,
      hz: s.tcp.hz,
    }),
  );
  if (opts.drops?.forward) core.setDropList(path.bottleneck, opts.drops.forward);
  if (opts.drops?.reverse) core.setDropList(path.reverse, opts.drops.reverse);
  if (s.sender.placement === "guest") {
    const v = s.sender.virtualization;
    core.virtualization(v.perPacketUs * 1000, v.backendPeriodUs * 1000, v.guestWakeupUs * 1000);
    const m = s.sender.vmm;
    core.foxyVegas(m.alpha, m.beta, m.gamma, m.initialWindow, m.lossResponse);
    s.flows.forEach((_, i) => core.virtualizeFlow(i, VMM_POLICIES.indexOf(m.policy)));
  }
  if (opts.onCapture) core.captureEnable(CAPTURE_RECORDS);
  if (opts.rttSamples) core.rttLogEnable(opts.rttSamples);
  core.start();
  for (;;) {
    const rc = core.step(STEP_EVENTS); // RUN_CAPTURE_FULL pauses only to be drained here
    const captured = opts.onCapture ? core.captureView() : undefined;
    if (captured && captured.length > 0) {
      opts.onCapture!(captured);
      core.captureDrained();
    }
    if (rc === RUN_DONE) break;
    opts.onProgress?.(core.nowNs() / 1e9, core.events());
  }
  const result = collect(core, s, path.links);
  let trace: Trace | undefined;
  if (withTrace) {
    const v = core.traceView();
    trace = { columns: TRACE_COLUMNS, rows: v.rows, data: v.data.slice(), truncated: v.truncated };
  }
  return { result, trace, ...(opts.rttSamples ? { rtts: core.rttLog() } : {}) };
}

function collect(core: Core, s: Scenario, links: { name: string; id: number }[]): SimResult {
  const endS = core.nowNs() / 1e9;
  const flows: FlowResult[] = s.flows.map((f, i) => {
    const st = (k: number) => core.flowStat(i, k);
    const startS = st(FlowStat.startNs) / 1e9;
    const doneNs = st(FlowStat.doneAtNs);
    const completionTimeS = doneNs >= 0 ? doneNs / 1e9 - startS : null;
    const elapsed = completionTimeS ?? Math.max(endS - startS, 0);
    const bytesDelivered = st(FlowStat.delivered);
    const minRtt = st(FlowStat.minRttNs);
    return {
      cc: f.cc,
      goodputKBps: elapsed > 0 ? bytesDelivered / elapsed / 1000 : 0,
      completionTimeS,
      bytesDelivered,
      dataPacketsSent: st(FlowStat.segsSent),
      retransmits: st(FlowStat.retransmits),
      timeouts: st(FlowStat.timeouts),
      fastRecoveries: st(FlowStat.fastRecoveries),
      meanCwnd: st(FlowStat.meanCwnd),
      srttMs: st(FlowStat.srttNs) / 1e6,
      minRttMs: minRtt >= 0 ? minRtt / 1e6 : null,
      deliveryHash: `0x${core.flowDeliveryHash(i).toString(16)}`,
      windowViolations: st(FlowStat.windowViolations),
      minCwnd: st(FlowStat.minCwnd),
      minSsthresh: st(FlowStat.minSsthresh),
      sackLies: st(FlowStat.sackLies),
      lostButSacked: st(FlowStat.lostButSacked),
      recoveryOverruns: st(FlowStat.recoveryOverruns),
      dsacks: st(FlowStat.dsacks),
      undos: st(FlowStat.undos),
      ...(s.sender.placement === "guest" ? { vmm: vmmResult(core, s, i) } : {}),
    };
  });
  const linkResults: LinkResult[] = links.map((l) => ({
    name: l.name,
    arrivals: core.linkStat(l.id, LinkStat.arrivals),
    drops: core.linkStat(l.id, LinkStat.drops),
    sent: core.linkStat(l.id, LinkStat.sent),
    maxQueuedBytes: core.linkStat(l.id, LinkStat.maxQueuedBytes),
  }));
  const sum = (k: keyof FlowResult) => flows.reduce((a, f) => a + (f[k] as number), 0);
  const allDone = flows.every((f) => f.completionTimeS !== null);
  const completionTimeS = allDone ? Math.max(...flows.map((f, i) => (f.completionTimeS ?? 0) + s.flows[i]!.startMs / 1000)) - Math.min(...s.flows.map((f) => f.startMs / 1000)) : null;
  const bytesDelivered = sum("bytesDelivered");
  const span = completionTimeS ?? endS - Math.min(...s.flows.map((f) => f.startMs / 1000));
  const c = core.conservation();
  const dropped = linkResults.reduce((a, l) => a + l.drops, 0);
  return {
    scenario: s.name,
    seed: s.seed,
    goodputKBps: span > 0 ? bytesDelivered / span / 1000 : 0,
    completionTimeS,
    bytesDelivered,
    dataPacketsSent: sum("dataPacketsSent"),
    retransmits: sum("retransmits"),
    timeouts: sum("timeouts"),
    fastRecoveries: sum("fastRecoveries"),
    drops: dropped,
    events: core.events(),
    simulatedS: endS,
    flows,
    links: linkResults,
    conservation: { injected: c.injected, delivered: c.delivered, dropped, inNetwork: c.inNetwork },
    ...(s.sender.placement === "guest" ? { virtualization: { guestTxDrops: core.vmmStat(1), guestRxDrops: core.vmmStat(2), heldInVmm: core.vmmStat(0) } } : {}),
  };
}

// Payload rate the forward path can carry: the slowest of the line, the token bucket and the
// router's forwarding rate, times the payload share of each full frame.
export function bottleneckPayloadKBps(s: Scenario): number {
  const frame = s.tcp.mss + FRAME_OVERHEAD;
  const line = (s.path.lineRateMbps * 1e6) / 8 / 1000;
  const shaped = s.path.forward.shaper?.rateKBps ?? Infinity;
  const router = s.path.forward.routerPerPacketUs > 0 ? (frame / s.path.forward.routerPerPacketUs) * 1000 : Infinity; // bytes per µs → KB/s
  return Math.min(line, shaped, router) * (s.tcp.mss / frame);
}

export function traceCsv(t: Trace): string {
  const lines = [t.columns.join(",")];
  const n = t.columns.length;
  for (let r = 0; r < t.rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < n; c++) row.push(String(t.data[r * n + c]));
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}
