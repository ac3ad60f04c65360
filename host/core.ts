// The only module that touches core.wasm's exports. It works wherever WebAssembly does: give it
// the wasm bytes (Node: loadNodeCore in host/node.ts; a browser: fetch them).
// The ABI is documented in docs/ABI.md.
import { KERNELS, type Kernel } from "./kernels.ts";

import { WAKE_DISTRIBUTIONS } from "./vmm.ts";
export const RUN_DONE = 0;
export const RUN_MORE = 1;
export const RUN_CAPTURE_FULL = 2;
const RUN_ERRORS: Record<number, string> = {
  [-1]: "event queue full (raise limits.eventCapacity)",
  [-2]: "packet pool exhausted (raise limits.packetCapacity)",
  [-3]: "invalid configuration reached the core",
};

export const FlowStat = {
  delivered: 0,
  doneAtNs: 1,
  segsSent: 2,
  retransmits: 3,
  timeouts: 4,
  fastRecoveries: 5,
  meanCwnd: 6,
  cwnd: 7,
  ssthresh: 8,
  srttNs: 9,
  minRttNs: 10,
  sndUna: 11,
  dupSegments: 12,
  acksSent: 13,
  rcvNxt: 14,
  startNs: 15,
  windowViolations: 16,
  minCwnd: 17,
  minSsthresh: 18,
  sackLies: 19,
  lostButSacked: 20,
  dsacks: 21,
  undos: 22,
  recoveryOverruns: 23,
} as const;

export const LinkStat = {
  arrivals: 0,
  drops: 1,
  dataDrops: 2,
  sent: 3,
  sentBytes: 4,
  maxQueuedBytes: 5,
  queuedBytes: 6,
} as const;

interface Exports {
  memory: WebAssembly.Memory;
  ABI_VERSION: WebAssembly.Global;
  init(flows: number, packetCap: number, eventCap: number, seed: bigint, stopAtNs: bigint, tracePeriodNs: bigint, traceMaxRows: number): void;
  addLink(rateBps: bigint, delayNs: bigint, limitBytes: bigint, loss: number, tbfRateBps: bigint, tbfBurstBytes: bigint, procNs: bigint): number;
  addHost(nicLink: number): number;
  addVmm(host: number, perPacketNs: bigint, periodNs: bigint): number;
  addVm(host: number, wakeMeanNs: bigint, wakeDist: number, policy: number): number;
  machineStat(m: number, stat: number): number;
  foxyVegas(alpha: number, beta: number, gamma: number, initialWindow: number, halveOnLoss: number): void;
  foxyVegasStat(f: number, stat: number): number;
  vmmStat(stat: number): number;
  captureEnable(records: number): void;
  rttLogEnable(samples: number): void;
  rttLogLength(): number;
  rttLogPointer(): number;
  rttLogWasTruncated(): number;
  captureFields(): number;
  captureLength(): number;
  capturePointer(): number;
  captureDrained(): void;
  connect(from: number, to: number): void;
  shaperTimer(link: number, tickNs: bigint): void;
  addFlow(f: number, cc: number, mss: number, totalBytes: bigint, startNs: bigint, from: number, to: number, rcvBufBytes: bigint, initCwnd: number): number;
  flowTcp(f: number, sack: number, kernel: number, hz: number): number;
  recoveryProbePrr(ssthresh: number, priorCwnd: number, prrDelivered: number, prrOut: number, inFlight: number, newly: number, newlyLost: number, unaAdvanced: number): number;
  recoveryProbeCwndDown(cwnd: number, cnt: number, minCwnd: number, inFlight: number): number;
  dropList(link: number, n: number): number;
  start(): number;
  run(maxEvents: bigint): number;
  congestionControls(): number;
  nowNs(): bigint;
  eventsExecuted(): bigint;
  packetsInjected(): bigint;
  packetsDelivered(): bigint;
  packetsInNetwork(): number;
  flowStat(f: number, stat: number): number;
  flowDeliveryHash(f: number): bigint;
  linkStat(l: number, stat: number): number;
  traceFields(): number;
  traceLength(): number;
  tracePointer(): number;
  traceWasTruncated(): number;
  ccHarnessInit(cc: number, initialCwnd: number, ssthresh: number): void;
  ccHarnessAck(atNs: bigint, acked: number, rttNs: bigint, inFlight: number): void;
  ccHarnessSlowAck(atNs: bigint, acked: number, rttNs: bigint, inFlight: number): void;
  ccHarnessFastLoss(atNs: bigint): void;
  ccHarnessTimeout(atNs: bigint): void;
  ccHarnessUndoneLoss(atNs: bigint): void;
  cubicSetHystart(on: number): void;
  cc2616SetHz(hz: number): number;
  cc2616SetAbc(abc: number): number;
  ccNameLength(id: number): number;
  ccNameCode(id: number, i: number): number;
  ccHarnessCwnd(): number;
  ccHarnessSsthresh(): number;
  ccHarnessMinCwnd(): number;
}

export interface LinkSpec {
  rateBps: number;
  delayNs: number;
  limitBytes: number;
  loss: number;
  shaperRateBps: number; // 0: no token bucket
  shaperBurstBytes: number;
  procNs: number; // per-packet processing time of the sending box (0: serialization only)
}

export interface FlowSpec {
  cc: number;
  mss: number;
  totalBytes: number;
  startNs: number;
  from: number; // the sender's machine (addHost, addVm)
  to: number; // the receiver's host
  rcvBufBytes: number;
  initialCwnd: number;
  sack: boolean;
  kernel: Kernel;
  hz: number; // 0: the kernel profile's own
}

export class CoreError extends Error {}

// An i64 argument: a whole number the host has already converted (host/units.ts); anything else
// is a bug in the caller, reported by name rather than as BigInt's RangeError.
function i64(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value)) throw new CoreError(`${name} must be a whole number, got ${value}`);
  return BigInt(value);
}

export class Core {
  readonly #x: Exports;

  constructor(instance: WebAssembly.Instance) {
    this.#x = instance.exports as unknown as Exports;
  }

  // For the other typed wrappers in this module only.
  get exports(): Exports {
    return this.#x;
  }

  get abiVersion(): number {
    return this.#x.ABI_VERSION.value as number;
  }
  get congestionControlCount(): number {
    return this.#x.congestionControls();
  }
  // CUBIC's HyStart, a module parameter as /sys/module/tcp_cubic/parameters/hystart (on by
  // default, as in Linux); it holds for every later run in this instance.
  setCubicHystart(on: boolean): void {
    this.#x.cubicSetHystart(on ? 1 : 0);
  }
  // Linux 2.6.16's CONFIG_HZ (100, 250 or 1000; the testbed's was 100) and net.ipv4.tcp_abc (0, 1, 2)
  // for the 2.6.16 congestion modules; like setCubicHystart they hold for later runs.
  set2616Hz(hz: number): void {
    if (!this.#x.cc2616SetHz(hz)) throw new RangeError(`HZ ${hz}: Linux 2.6.16 offered 100, 250 or 1000`);
  }
  set2616Abc(abc: number): void {
    if (!this.#x.cc2616SetAbc(abc)) throw new RangeError(`tcp_abc ${abc}: allowed 0, 1 or 2`);
  }
  // The name module `id` reports (tcp_congestion_ops.name, "@kernel" for an era variant).
  congestionControlName(id: number): string {
    const n = this.#x.ccNameLength(id);
    if (n < 0) throw new RangeError(`congestion-control id ${id}: the core has ${this.congestionControlCount}`);
    return String.fromCharCode(...Array.from({ length: n }, (_, i) => this.#x.ccNameCode(id, i)));
  }


  init(flows: number, packetCap: number, eventCap: number, seed: bigint, stopAtNs: number, tracePeriodNs: number, traceMaxRows: number): void {
    this.#x.init(flows, packetCap, eventCap, seed, i64(stopAtNs, "stopAtNs"), i64(tracePeriodNs, "tracePeriodNs"), traceMaxRows);
  }
  addLink(l: LinkSpec): number {
    const id = this.#x.addLink(BigInt(Math.round(l.rateBps)), BigInt(Math.round(l.delayNs)), BigInt(Math.round(l.limitBytes)), l.loss, BigInt(Math.round(l.shaperRateBps)), BigInt(Math.round(l.shaperBurstBytes)), BigInt(Math.round(l.procNs)));
    if (id < 0) throw new CoreError("too many links (the core holds 64)");
    return id;
  }
  connect(from: number, to: number): void {
    this.#x.connect(from, to);
  }
  // The link's token bucket arms its wait timer in ticks of `tickNs` (a kernel's jiffies); 0 = exact.
  shaperTimer(link: number, tickNs: number): void {
    this.#x.shaperTimer(link, BigInt(Math.round(tickNs)));
  }
  addFlow(index: number, f: FlowSpec): void {
    const rc = this.#x.addFlow(index, f.cc, f.mss, i64(f.totalBytes, "totalBytes"), i64(f.startNs, "startNs"), f.from, f.to, i64(f.rcvBufBytes, "rcvBufBytes"), f.initialCwnd);
    if (rc !== 0) throw new CoreError(`flow ${index}: ${RUN_ERRORS[rc] ?? rc}`);
    if (this.#x.flowTcp(index, f.sack ? 1 : 0, KERNELS.indexOf(f.kernel), f.hz) !== 0) throw new CoreError(`flow ${index}: invalid TCP options`);
  }
  // A physical host whose NIC transmits on `nicLink`; returns its machine id.
  addHost(nicLink: number): number {
    const m = this.#x.addHost(nicLink);
    if (m < 0) throw new CoreError(`host on link ${nicLink}: no such link, or too many machines (the core holds 64)`);
    return m;
  }
  // Host `host` runs a split-driver VMM whose backend CPU serves each packet in perPacketNs, every
  // periodNs (assembly/vmm/vnic.ts), for all its VMs.
  addVmm(host: number, perPacketNs: number, periodNs: number): void {
    if (this.#x.addVmm(host, i64(Math.round(perPacketNs), "perPacketNs"), i64(Math.round(periodNs), "periodNs")) !== 0) throw new CoreError(`VMM on machine ${host}: not a host, or it has one already`);
  }
  // A VM on `host` (which runs a VMM): its vCPU wake-up delay (wakeDist: an index of
  // WAKE_DISTRIBUTIONS) and the VMM policy id on its virtual NIC; returns its machine id.
  addVm(host: number, wakeMeanNs: number, wakeDist: number, policy: number): number {
    const m = this.#x.addVm(host, i64(Math.round(wakeMeanNs), "wakeMeanNs"), wakeDist, policy);
    if (m < 0) throw new CoreError(`VM on machine ${host}: not a host with a VMM, wake-up distribution ${wakeDist} not one of 0..${WAKE_DISTRIBUTIONS.length - 1} (${WAKE_DISTRIBUTIONS.join(", ")}), policy ${policy} unknown, or too many machines`);
    return m;
  }
  // 0 a host's backend CPU busy time (ns), 1 packets it served; 2 packets held in a VM's virtual
  // NIC, 3 its guest's segments dropped at a full transmit ring, 4 received packets dropped
  machineStat(m: number, stat: number): number {
    return this.#x.machineStat(m, stat);
  }
  foxyVegas(alpha: number, beta: number, gamma: number, initialWindow: number, lossResponse: "halve" | "none"): void {
    this.#x.foxyVegas(alpha, beta, gamma, initialWindow, lossResponse === "halve" ? 1 : 0);
  }
  // 0 the VMM's Vegas window (segments), 1 ACKs rewritten, 2 RTT samples taken, 3 data posted
  // beyond the edge the guest was shown
  foxyVegasStat(f: number, stat: number): number {
    return this.#x.foxyVegasStat(f, stat);
  }
  // 0 packets held in the VMM, 1 guest segments dropped at a full transmit ring, 2 received packets dropped
  vmmStat(stat: number): number {
    return this.#x.vmmStat(stat);
  }
  captureEnable(records: number): void {
    this.#x.captureEnable(records);
  }
  // Keep up to `samples` RTT samples (after init, before start).
  rttLogEnable(samples: number): void {
    this.#x.rttLogEnable(samples);
  }
  // The RTT samples as (source, ns) pairs: source 0 the sender's TCP, 1 the VMM policy. Copied.
  rttLog(): { tcpMs: number[]; vmmMs: number[]; truncated: boolean } {
    const n = this.#x.rttLogLength();
    const v = new BigInt64Array(this.#x.memory.buffer, this.#x.rttLogPointer(), n * 2);
    const tcpMs: number[] = [];
    const vmmMs: number[] = [];
    for (let i = 0; i < n; i++) (v[2 * i] === 0n ? tcpMs : vmmMs).push(Number(v[2 * i + 1]!) / 1e6);
    return { tcpMs, vmmMs, truncated: this.#x.rttLogWasTruncated() !== 0 };
  }
  // The capture records so far as a view over wasm memory; call captureDrained() after reading.
  captureView(): BigInt64Array {
    return new BigInt64Array(this.#x.memory.buffer, this.#x.capturePointer(), this.#x.captureLength() * this.#x.captureFields());
  }
  captureDrained(): void {
    this.#x.captureDrained();
  }
  // Scripted drops: ascending arrival indices at `link` (0 = the first packet to arrive there).
  setDropList(link: number, indices: readonly number[]): void {
    const ptr = this.#x.dropList(link, indices.length);
    new Int32Array(this.#x.memory.buffer, ptr, indices.length).set(indices);
  }
  start(): void {
    const rc = this.#x.start();
    if (rc !== 0) throw new CoreError(RUN_ERRORS[rc] ?? `start failed (${rc})`);
  }
  // Runs up to maxEvents events: RUN_DONE, RUN_MORE, or RUN_CAPTURE_FULL (drain, then go on).
  step(maxEvents: number): number {
    const rc = this.#x.run(BigInt(maxEvents));
    if (rc < 0) throw new CoreError(RUN_ERRORS[rc] ?? `run failed (${rc})`);
    return rc;
  }
  nowNs(): number {
    return Number(this.#x.nowNs());
  }
  events(): number {
    return Number(this.#x.eventsExecuted());
  }
  conservation(): { injected: number; delivered: number; inNetwork: number } {
    return {
      injected: Number(this.#x.packetsInjected()),
      delivered: Number(this.#x.packetsDelivered()),
      inNetwork: this.#x.packetsInNetwork(),
    };
  }
  flowStat(f: number, stat: number): number {
    return this.#x.flowStat(f, stat);
  }
  flowDeliveryHash(f: number): bigint {
    return BigInt.asUintN(64, this.#x.flowDeliveryHash(f));
  }
  linkStat(l: number, stat: number): number {
    return this.#x.linkStat(l, stat);
  }
  // The trace as a view over wasm memory (no copy); valid until the next call into the core.
  traceView(): { fields: number; rows: number; data: Float64Array; truncated: boolean } {
    const fields = this.#x.traceFields();
    const rows = this.#x.traceLength();
    const data = new Float64Array(this.#x.memory.buffer, this.#x.tracePointer(), rows * fields);
    return { fields, rows, data, truncated: this.#x.traceWasTruncated() !== 0 };
  }
}

// One congestion-control module driven by synthetic ACKs and losses, without a network
// (assembly/tcp/cc/harness.ts). Times in ns; windows in segments.
export class CcHarness {
  readonly #x: Exports;
  constructor(core: Core, cc: number, initialCwnd: number, ssthresh = 0) {
    this.#x = core.exports;
    this.#x.ccHarnessInit(cc, initialCwnd, ssthresh);
  }
  ack(atNs: number, acked: number, rttNs: number, inFlight: number): void {
    this.#x.ccHarnessAck(BigInt(Math.round(atNs)), acked, BigInt(Math.round(rttNs)), inFlight);
  }
  // An ACK off TCP's fast path: a duplicate ACK when acked is 0, else one that changed the window.
  slowAck(atNs: number, acked: number, rttNs: number, inFlight: number): void {
    this.#x.ccHarnessSlowAck(BigInt(Math.round(atNs)), acked, BigInt(Math.round(rttNs)), inFlight);
  }
  fastLoss(atNs: number): void {
    this.#x.ccHarnessFastLoss(BigInt(Math.round(atNs)));
  }
  timeout(atNs: number): void {
    this.#x.ccHarnessTimeout(BigInt(Math.round(atNs)));
  }
  // A fast retransmit found spurious and undone (tcp_try_undo_recovery).
  undoneLoss(atNs: number): void {
    this.#x.ccHarnessUndoneLoss(BigInt(Math.round(atNs)));
  }
  get cwnd(): number {
    return this.#x.ccHarnessCwnd() >>> 0;
  }
  get ssthresh(): number {
    return this.#x.ccHarnessSsthresh() >>> 0;
  }
  // min_cwnd: the floor of Linux 2.6.16's rate halving in Recovery
  get minCwnd(): number {
    return this.#x.ccHarnessMinCwnd() >>> 0;
  }
}

export async function loadCore(wasm: BufferSource | WebAssembly.Module): Promise<Core> {
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
  const instance = await WebAssembly.instantiate(module, {});
  return new Core(instance);
}
