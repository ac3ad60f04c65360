// simulate(scenario) → result: builds the path in the core, runs it, collects the numbers.
import { Core, FlowStat, LinkStat, RUN_DONE, type LinkSpec } from "./core.ts";
import { VmmStat, MachineStat, FoxyVegasStat } from "./abi-names.ts";
import { VMM_POLICIES, WAKE_DISTRIBUTIONS } from "./vmm.ts";
import { congestionControlId } from "./congestion.ts";
import { TRACE_COLUMNS } from "./abi-names.ts";
import { machinesOf, type Scenario, type Machines } from "./scenario.ts";
import { ScenarioError } from "./schema.ts";
import { nsFrom, bytesPerSecondFrom, NS_PER_US, NS_PER_MS, NS_PER_S } from "./units.ts";
import { bottleneckPayloadKBps, capacities, traceRows, feasibilityProblems } from "./feasibility.ts";

export { bottleneckPayloadKBps };
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
  recoveryOverruns: number; // counted by the checked core only (FOXSIM_CORE=checked): 0 from the release core
  dsacks: number;
  undos: number;
  lossProbes: number; // tail loss probes sent (6.12 profile)
  localDrops: number; // segments the sender's own queue refused (each one a CWR signal)
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
  machines?: MachineResult[]; // when the scenario names its machines (hosts/vms)
}

export interface MachineResult {
  name: string;
  kind: "host" | "vm";
  host?: string; // a VM's host
  goodputKBps: number; // of the flows sent from this machine (a host's: its own and its VMs')
  flows: number[]; // indices of the flows sent from it (a host's: its own and its VMs')
  receivedKBps: number; // goodput of the flows this machine receives (a host's: its own and its VMs')
  receivedFlows: number[]; // indices of the flows it receives (a host's: its own and its VMs')
  // a host with a VMM: the backend CPU's busy share of the run, and the packets it served
  backend?: { utilisation: number; packets: number };
  // a VM: its virtual NIC
  vnic?: { txDrops: number; rxDrops: number; held: number };
}

// Per machine: what the flows it sends and receives achieved, a VMM host's backend CPU, a VM's virtual NIC.
function machineResults(core: Core, m: Machines, ids: Map<string, number>, flows: FlowResult[], endS: number): MachineResult[] {
  const hostOf = (name: string) => m.vms.find((v) => v.name === name)?.host ?? name;
  const ends = (name: string, host: boolean, end: "from" | "to") => m.flows.flatMap((f, i) => ((host ? hostOf(f[end]) : f[end]) === name ? [i] : []));
  const goodput = (idx: number[]) => idx.reduce((a, i) => a + flows[i]!.goodputKBps, 0);
  const traffic = (name: string, host: boolean) => {
    const [sent, received] = [ends(name, host, "from"), ends(name, host, "to")];
    return { goodputKBps: goodput(sent), flows: sent, receivedKBps: goodput(received), receivedFlows: received };
  };
  return [
    ...m.hosts.map((h): MachineResult => {
      const id = ids.get(h.name)!;
      return {
        name: h.name,
        kind: "host",
        ...traffic(h.name, true),
        ...(h.vmm ? { backend: { utilisation: endS > 0 ? core.machineStat(id, MachineStat.backendBusyNs) / 1e9 / endS : 0, packets: core.machineStat(id, MachineStat.backendServed) } } : {}),
      };
    }),
    ...m.vms.map((v): MachineResult => {
      const id = ids.get(v.name)!;
      return { name: v.name, kind: "vm", host: v.host, ...traffic(v.name, false), vnic: { txDrops: core.machineStat(id, MachineStat.vnicTxDrops), rxDrops: core.machineStat(id, MachineStat.vnicRxDrops), held: core.machineStat(id, MachineStat.vnicHeld) } };
    }),
  ];
}

function vmmResult(core: Core, policy: string, f: number): NonNullable<FlowResult["vmm"]> {
  if (policy !== "foxyvegas") return { policy };
  return { policy: "foxyvegas", windowSegments: core.foxyVegasStat(f, FoxyVegasStat.windowSegments), rewrittenAcks: core.foxyVegasStat(f, FoxyVegasStat.rewrittenAcks), rttSamples: core.foxyVegasStat(f, FoxyVegasStat.rttSamples), edgeViolations: core.foxyVegasStat(f, FoxyVegasStat.edgeViolations) };
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
  // A run watched while it runs (the playground): the core stops every `events` events (instead of
  // STEP_EVENTS; read before each step, so onStep may change it) and onStep reads it between steps
  // (the trace so far, a link's queue). How the run is cut into steps does not change it: the core
  // runs the same events in the same order.
  live?: { events: number; onStep: (core: Core, links: readonly { name: string; id: number }[]) => void };
}

const CAPTURE_RECORDS = 1 << 16;

export { TRACE_COLUMNS }; // declared beside the ABI's other name tables, checked against the core at load

// The path of the seeds' testbeds, each direction a chain: the sending host's NIC → the router's
// ingress (only when it has a forwarding cost: the router CPU takes routerPerPacketUs per packet,
// bursts waiting in the NIC's receive ring, 256 descriptors as e1000's default RxDescriptors) →
// the router's egress (token bucket, drop-tail queue, line rate, one-way delay, random loss).
const ROUTER_RX_RING_FRAMES = 256;

function buildPath(core: Core, s: Scenario, m: Machines) {
  const line = bytesPerSecondFrom(s.path.lineRateMbps, 1e6 / 8, "path.lineRateMbps");
  const links: { name: string; id: number }[] = [];
  const link = (name: string, spec: Partial<LinkSpec>) => {
    const id = core.addLink({ rateBps: line, delayNs: 0, limitBytes: s.path.hostQueueBytes, loss: 0, shaperRateBps: 0, shaperBurstBytes: 0, procNs: 0, ...spec });
    links.push({ name, id });
    return id;
  };
  // each host's NIC (its transmit queue) feeds its side's router chain
  const direction = (side: "sender" | "receiver", dir: "forward" | "reverse") => {
    const d = s.path[dir];
    const at = `path.${dir}`;
    const nics = m.hosts.filter((h) => h.side === side).map((h) => [h.name, link(`${h.name}-nic`, {})] as const);
    const procNs = nsFrom(d.routerPerPacketUs, NS_PER_US, `${at}.routerPerPacketUs`);
    const ingress = procNs > 0 ? [link(`router-${dir}-ingress`, { procNs, limitBytes: ROUTER_RX_RING_FRAMES * 1514 })] : [];
    const egress = link(`router-${dir}`, {
      delayNs: nsFrom(d.delayMs, NS_PER_MS, `${at}.delayMs`),
      limitBytes: d.shaper?.limitBytes ?? s.path.hostQueueBytes,
      loss: d.lossRate,
      shaperRateBps: d.shaper ? bytesPerSecondFrom(d.shaper.rateKBps, 1000, `${at}.shaper.rateKBps`) : 0,
      shaperBurstBytes: d.shaper?.burstBytes ?? 0,
    });
    const router = [...ingress, egress];
    for (const [, nic] of nics) core.connect(nic, router[0]!);
    for (let i = 1; i < router.length; i++) core.connect(router[i - 1]!, router[i]!);
    if (d.reorder && d.reorder.rate > 0) core.reorder(egress, d.reorder.rate, nsFrom(d.reorder.extraDelayMs, NS_PER_MS, `${at}.reorder.extraDelayMs`));
    if (d.shaper && d.shaper.timerHz > 0) core.shaperTimer(egress, nsFrom(1 / d.shaper.timerHz, NS_PER_S, `${at}.shaper.timerHz`));
    return { nics, egress };
  };
  const fwd = direction("sender", "forward");
  const rev = direction("receiver", "reverse");
  return { links, nics: new Map([...fwd.nics, ...rev.nics]), bottleneck: fwd.egress, reverse: rev.egress };
}

// The hosts (each on its NIC link), their VMMs and the VMs, in the order the document lists them;
// returns each machine's id in the core by name.
function buildMachines(core: Core, m: Machines, nics: Map<string, number>, at: (field: string) => string) {
  const ids = new Map<string, number>();
  for (const h of m.hosts) {
    const id = core.addHost(nics.get(h.name)!);
    ids.set(h.name, id);
    if (h.vmm) core.addVmm(id, nsFrom(h.vmm.perPacketUs, NS_PER_US, at("perPacketUs")), nsFrom(h.vmm.backendPeriodUs, NS_PER_US, at("backendPeriodUs")));
  }
  for (const v of m.vms) ids.set(v.name, core.addVm(ids.get(v.host)!, nsFrom(v.guestWakeupUs, NS_PER_US, at("guestWakeupUs")), WAKE_DISTRIBUTIONS.indexOf(v.guestWakeupDistribution), VMM_POLICIES.indexOf(v.vmm.policy)));
  return ids;
}

export interface SimOutput {
  result: SimResult;
  trace?: Trace;
  rtts?: { tcpMs: number[]; vmmMs: number[]; truncated: boolean };
}

export function simulate(core: Core, s: Scenario, opts: SimOptions = {}): SimOutput {
  // parseScenario has checked these; a scenario built by hand is held to the same rules
  const problems = feasibilityProblems(s);
  if (problems.length) throw new ScenarioError(problems.map((p) => `${p.path.join(".")}: got ${p.input}; ${p.message}`));
  const cap = capacities(s);
  const withTrace = opts.withTrace ?? false;
  const stopNs = nsFrom(s.stopTimeS, NS_PER_S, "stopTimeS");
  const periodNs = withTrace ? nsFrom(s.trace.periodMs, NS_PER_MS, "trace.periodMs") : 0;
  core.init(s.flows.length, cap.packets, cap.events, BigInt(s.seed), stopNs, periodNs, withTrace ? traceRows(s) : 0);
  const machines = machinesOf(s);
  const path = buildPath(core, s, machines);
  const ids = buildMachines(core, machines, path.nics, (k) => (machines.explicit ? `hosts/vms ${k}` : `sender.virtualization.${k}`));
  core.setCubicHystart(s.tcp.cubicHystart); // a module parameter: set for every run, never inherited
  // The 2.6.16 congestion modules keep time in that kernel's jiffies and count bytes as its default
  // net.ipv4.tcp_abc = 1 (assembly/tcp/cc/linux-2.6.16/cong.ts); module parameters, set every run.
  core.set2616Hz(s.tcp.kernel === "linux-2.6.16" && s.tcp.hz > 0 ? s.tcp.hz : 100);
  core.set2616Abc(1);
  s.flows.forEach((f, i) =>
    core.addFlow(i, {
      cc: congestionControlId(f.cc, s.tcp.kernel),
      mss: s.tcp.mss,
      totalBytes: f.bytes,
      startNs: nsFrom(f.startMs, NS_PER_MS, `flows.${i}.startMs`),
      from: ids.get(machines.flows[i]!.from)!,
      to: ids.get(machines.flows[i]!.to)!,
      rcvBufBytes: s.tcp.rcvBufBytes,
      initialCwnd: s.tcp.initialCwnd,
      sack: s.tcp.sack,
      kernel: s.tcp.kernel,
      hz: s.tcp.hz,
    }),
  );
  if (opts.drops?.forward) core.setDropList(path.bottleneck, opts.drops.forward);
  if (opts.drops?.reverse) core.setDropList(path.reverse, opts.drops.reverse);
  // one FoxyVegas parameter set per run (the schema holds every VM's to the same)
  const foxy = machines.vms.find((v) => v.vmm.policy === "foxyvegas")?.vmm ?? machines.vms[0]?.vmm;
  if (foxy) core.foxyVegas(foxy.alpha, foxy.beta, foxy.gamma, foxy.initialWindow, foxy.lossResponse);
  if (opts.onCapture) core.captureEnable(CAPTURE_RECORDS);
  if (opts.rttSamples) core.rttLogEnable(opts.rttSamples);
  core.start();
  for (;;) {
    const rc = core.step(opts.live?.events ?? STEP_EVENTS); // RUN_CAPTURE_FULL pauses only to be drained here
    const captured = opts.onCapture ? core.captureView() : undefined;
    if (captured && captured.length > 0) {
      opts.onCapture!(captured);
      core.captureDrained();
    }
    opts.live?.onStep(core, path.links);
    if (rc === RUN_DONE) break;
    opts.onProgress?.(core.nowNs() / 1e9, core.events());
  }
  const result = collect(core, s, path.links, machines, ids);
  let trace: Trace | undefined;
  if (withTrace) {
    const v = core.traceView();
    trace = { columns: TRACE_COLUMNS, rows: v.rows, data: v.data.slice(), truncated: v.truncated };
  }
  return { result, trace, ...(opts.rttSamples ? { rtts: core.rttLog() } : {}) };
}

// Flows `idx` taken together: their bytes over the span from the first one's start to the last one's
// completion, or to the end of the run (endS) while one still runs.
export function together(s: Scenario, flows: FlowResult[], idx: number[], endS: number) {
  const firstStartS = Math.min(...idx.map((i) => s.flows[i]!.startMs / 1000));
  const allDone = idx.every((i) => flows[i]!.completionTimeS !== null);
  const completionTimeS = allDone ? Math.max(...idx.map((i) => (flows[i]!.completionTimeS ?? 0) + s.flows[i]!.startMs / 1000)) - firstStartS : null;
  const bytesDelivered = idx.reduce((a, i) => a + flows[i]!.bytesDelivered, 0);
  const span = completionTimeS ?? endS - firstStartS;
  return { goodputKBps: span > 0 ? bytesDelivered / span / 1000 : 0, completionTimeS, bytesDelivered };
}

function collect(core: Core, s: Scenario, links: { name: string; id: number }[], m: Machines, ids: Map<string, number>): SimResult {
  const endS = core.nowNs() / 1e9;
  const vmOf = (i: number) => m.vms.find((v) => v.name === m.flows[i]!.from);
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
      lossProbes: st(FlowStat.lossProbes),
      localDrops: st(FlowStat.localDrops),
      ...(vmOf(i) ? { vmm: vmmResult(core, vmOf(i)!.vmm.policy, i) } : {}),
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
  const { goodputKBps, completionTimeS, bytesDelivered } = together(s, flows, flows.map((_, i) => i), endS);
  const c = core.conservation();
  const dropped = linkResults.reduce((a, l) => a + l.drops, 0);
  return {
    scenario: s.name,
    seed: s.seed,
    goodputKBps,
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
    ...(m.vms.length > 0 ? { virtualization: { guestTxDrops: core.vmmStat(VmmStat.guestTxDrops), guestRxDrops: core.vmmStat(VmmStat.guestRxDrops), heldInVmm: core.vmmStat(VmmStat.heldInVmm) } } : {}),
    ...(m.explicit ? { machines: machineResults(core, m, ids, flows, endS) } : {}),
  };
}

// The trace as CSV text in pieces of about `rowsPerChunk` rows, for writing a trace of any size
// without holding it as one string (V8's strings stop at 2^29 characters).
export function* traceCsvChunks(t: Trace, rowsPerChunk = 65_536): Generator<string> {
  const n = t.columns.length;
  let lines = [t.columns.join(",")];
  for (let r = 0; r < t.rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < n; c++) row.push(String(t.data[r * n + c]));
    lines.push(row.join(","));
    if (lines.length >= rowsPerChunk) {
      yield lines.join("\n") + "\n";
      lines = [];
    }
  }
  if (lines.length) yield lines.join("\n") + "\n";
}

export function traceCsv(t: Trace): string {
  return [...traceCsvChunks(t)].join("");
}
