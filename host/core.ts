// The only module that touches core.wasm's exports. It works wherever WebAssembly does: give it
// the wasm bytes (Node: loadNodeCore in host/node.ts; a browser: fetch them).
// The ABI is documented in docs/ABI.md.
import { KERNELS, type Kernel } from "./kernels.ts";

import { WAKE_DISTRIBUTIONS } from "./vmm.ts";
import { FlowStat, LinkStat, RunCode, NameKind, DECLARED_NAME_TABLES, nameTableMismatch, type NameTable } from "./abi-names.ts";
import { memView } from "./memview.ts";

export { FlowStat, LinkStat };
export const RUN_DONE = RunCode.done;
export const RUN_MORE = RunCode.more;
export const RUN_CAPTURE_FULL = RunCode.captureFull;
const RUN_ERRORS: Record<number, string> = {
  [RunCode.eventQueueFull]: "event queue full (raise limits.eventCapacity)",
  [RunCode.packetPoolExhausted]: "packet pool exhausted (raise limits.packetCapacity)",
  [RunCode.invalidConfig]: "invalid configuration reached the core",
};

interface Exports {
  memory: WebAssembly.Memory;
  ABI_VERSION: WebAssembly.Global;
  init(flows: number, packetCap: number, eventCap: number, seed: bigint, stopAtNs: bigint, tracePeriodNs: bigint, traceMaxRows: number): void;
  addLink(rateBps: bigint, delayNs: bigint, limitBytes: bigint, loss: number, tbfRateBps: bigint, tbfBurstBytes: bigint, procNs: bigint): number;
  addHost(nicLink: number): number;
  addVmm(host: number, perPacketNs: bigint, periodNs: bigint): number;
  addVm(host: number, wakeMeanNs: bigint, wakeDist: number, policy: number): number;
  addDevice(vm: number, type: number, costNs: bigint, policy: number): number;
  deviceStat(d: number, stat: number): number;
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
  linkReorder(link: number, rate: number, extraNs: bigint): number;
  addFlow(f: number, cc: number, mss: number, totalBytes: bigint, startNs: bigint, from: number, to: number, rcvBufBytes: bigint, initCwnd: number): number;
  flowTcp(f: number, sack: number, kernel: number, hz: number): number;
  recoveryProbePrr(ssthresh: number, priorCwnd: number, prrDelivered: number, prrOut: number, inFlight: number, newly: number, newlyLost: number, unaAdvanced: number): number;
  recoveryProbeCwndDown(cwnd: number, cnt: number, minCwnd: number, inFlight: number): number;
  senderProbeRtt(kernel: number, hz: number, sentAtNs: bigint, retransmitted: number, tsEcrNs: bigint, ackAtNs: bigint): bigint;
  senderProbeRto(rtoNs: bigint, backoffs: number, hz: number): bigint;
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
  abiNameCount(kind: number): number;
  abiNameLength(kind: number, i: number): number;
  abiName(kind: number, i: number): number;
  abortReasonLength(): number;
  abortReason(): number;
  ccHookLogStart(cc: number, capacity: number): void;
  ccHookLogLength(): number;
  ccHookLogPointer(): number;
  ccHarnessCwnd(): number;
  ccHarnessSsthresh(): number;
  ccHarnessMinCwnd(): number;
  blkHarnessInit(elevator: number, hz: number, depth: number, serviceNs: bigint, logCapacity: number): number;
  blkHarnessAdvance(t: bigint): number;
  blkHarnessSubmit(atNs: bigint, sector: bigint, sectors: number, flags: number, ioc: number, prio: number): number;
  blkHarnessUnplug(atNs: bigint): number;
  blkHarnessComplete(atNs: bigint): number;
  blkHarnessExit(atNs: bigint, ioc: number): number;
  blkHarnessLimits(maxSectors: number, maxSegments: number, nrRequests: number): number;
  blkHarnessNameBuffer(): number;
  blkHarnessTunable(nameLength: number, value: bigint): number;
  blkHarnessLogLength(): number;
  blkHarnessLogPointer(): number;
  blkHarnessStat(stat: number): bigint;
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

// assembly/tcp/cc/hooklog.ts HOOK_* in id order, and one logged call: the hook, its argument
// (acked, state, event or flags), whether pktsAcked had an RTT sample, the TCP state at the call.
const HOOKS = ["init", "ssthresh", "congAvoid", "setState", "cwndEvent", "pktsAcked", "inAckEvent", "undoCwnd", "minCwnd"] as const;
export interface HookCall {
  hook: (typeof HOOKS)[number];
  arg: number;
  rttSample: boolean;
  state: number;
}

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
    const name = coreName(this.#x, NameKind.congestionControls, id);
    if (name === null) throw new RangeError(`congestion-control id ${id}: the core has ${this.congestionControlCount}`);
    return name;
  }


  // Record every hook called on module `cc` from now on (assembly/tcp/cc/hooklog.ts), up to
  // `capacity` calls; hookLog() reads them. For tests of the hook order.
  startHookLog(cc: number, capacity: number): void {
    this.#x.ccHookLogStart(cc, capacity);
  }
  hookLog(): HookCall[] {
    const n = this.#x.ccHookLogLength();
    const v = memView(Int32Array, this.#x, this.#x.ccHookLogPointer(), n * 4);
    return Array.from({ length: n }, (_, i) => ({ hook: HOOKS[v[4 * i]!]!, arg: v[4 * i + 1]!, rttSample: v[4 * i + 2] === 1, state: v[4 * i + 3]! }));
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
  // The link holds back a share `rate` of its packets by `extraNs` more propagation delay.
  reorder(link: number, rate: number, extraNs: number): void {
    if (this.#x.linkReorder(link, rate, BigInt(Math.round(extraNs))) < 0) throw new CoreError(`reordering on link ${link}: no such link, or rate ${rate} outside [0, 1] or a negative delay`);
  }

  // A physical host whose NIC transmits on `nicLink`; returns its machine id.
  addHost(nicLink: number): number {
    const m = this.#x.addHost(nicLink);
    if (m < 0) throw new CoreError(`host on link ${nicLink}: no such link, or too many machines (the core holds 128)`);
    return m;
  }
  // Host `host` runs a split-driver VMM whose backend CPU serves each packet in perPacketNs, every
  // periodNs (assembly/vmm/device.ts, vnic.ts), for all its VMs.
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
  // Another virtual device on VM `vm`: device type id `type` (DEVICE_TYPES), costing its host's
  // backend CPU `costNs` per request, with the type's policy id (0 none); returns the device id.
  addDevice(vm: number, type: number, costNs: number, policy = 0): number {
    const d = this.#x.addDevice(vm, type, i64(Math.round(costNs), "costNs"), policy);
    if (d < 0) throw new CoreError(`device of type ${type} on machine ${vm}: not a VM on a host with a VMM, no such type, or too many devices (the core holds 256)`);
    return d;
  }
  // By DeviceStat id (host/abi-names.ts): requests held, refused either way, taken by the guest, its VM.
  deviceStat(d: number, stat: number): number {
    return this.#x.deviceStat(d, stat);
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
    const v = memView(BigInt64Array, this.#x, this.#x.rttLogPointer(), n * 2);
    const tcpMs: number[] = [];
    const vmmMs: number[] = [];
    for (let i = 0; i < n; i++) (v[2 * i] === 0n ? tcpMs : vmmMs).push(Number(v[2 * i + 1]!) / 1e6);
    return { tcpMs, vmmMs, truncated: this.#x.rttLogWasTruncated() !== 0 };
  }
  // The capture records so far as a view over wasm memory; call captureDrained() after reading.
  captureView(): BigInt64Array {
    return memView(BigInt64Array, this.#x, this.#x.capturePointer(), this.#x.captureLength() * this.#x.captureFields());
  }
  captureDrained(): void {
    this.#x.captureDrained();
  }
  // Scripted drops: ascending arrival indices at `link` (0 = the first packet to arrive there).
  setDropList(link: number, indices: readonly number[]): void {
    const ptr = this.#x.dropList(link, indices.length);
    new Int32Array(this.#x.memory.buffer, ptr, indices.length).set(indices);
  }
  // A trap in the core as a CoreError that says which assertion failed (the checked build keeps
  // assertions; in the release build a trap is a bug reported as such).
  #trapped(e: unknown): unknown {
    if (!(e instanceof WebAssembly.RuntimeError)) return e;
    const n = this.#x.abortReasonLength();
    const why = n > 0 ? `assertion failed: ${String.fromCharCode(...memView(Uint16Array, this.#x, this.#x.abortReason(), n))}` : e.message;
    return new CoreError(`the core trapped: ${why}`, { cause: e });
  }
  start(): void {
    let rc: number;
    try {
      rc = this.#x.start();
    } catch (e) {
      throw this.#trapped(e);
    }
    if (rc !== 0) throw new CoreError(RUN_ERRORS[rc] ?? `start failed (${rc})`);
  }
  // Runs up to maxEvents events: RUN_DONE, RUN_MORE, or RUN_CAPTURE_FULL (drain, then go on).
  step(maxEvents: number): number {
    let rc: number;
    try {
      rc = this.#x.run(BigInt(maxEvents));
    } catch (e) {
      throw this.#trapped(e);
    }
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
    const data = memView(Float64Array, this.#x, this.#x.tracePointer(), rows * fields);
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

// One block request queue with an I/O scheduler, on a bench (assembly/block/harness.ts): a device
// that serves the requests it took one after another, serviceNs each (0: only when complete() is
// called), up to `depth` at a time. Times in ns, sectors of 512 bytes.
export const BlockStat = {
  inElevator: 0, inDriver: 1, onDispatchList: 2, backMerges: 3, frontMerges: 4, requestMerges: 5,
  requestsCompleted: 6, biosCompleted: 7, biosWaiting: 8, plugged: 9, unplugsByThreshold: 10, unplugsByTimer: 11,
  poolExhausted: 12,
} as const;
export const BIO_WRITE = 1;
export const BIO_SYNC = 2;
export interface TakenRequest {
  sector: number;
  sectors: number;
  write: boolean;
  sync: boolean;
  process: number;
  bios: number;
  arrivedNs: number;
  takenNs: number;
  completedNs: number; // -1 while in the device
}
export interface BioSpec {
  atNs: number;
  sector: number;
  sectors: number;
  write?: boolean;
  sync?: boolean;
  process: number;
  ioprio?: number; // ioprio.h value: class << 13 | level (0: none)
}
const BLK_HARNESS_STUCK = -2; // ERR_STUCK in assembly/block/harness.ts

export class BlockHarness {
  readonly #x: Exports;
  constructor(core: Core, elevator: number, opts: { hz: number; depth: number; serviceNs: number; logCapacity?: number }) {
    this.#x = core.exports;
    const rc = this.#x.blkHarnessInit(elevator, opts.hz, opts.depth, i64(opts.serviceNs, "serviceNs"), opts.logCapacity ?? 4096);
    if (rc !== 0) throw new CoreError(`block harness: elevator ${elevator}, HZ ${opts.hz}, depth ${opts.depth} or serviceNs ${opts.serviceNs} out of range`);
  }
  limits(maxSectors: number, maxSegments: number, nrRequests: number): void {
    if (this.#x.blkHarnessLimits(maxSectors, maxSegments, nrRequests) !== 0) throw new CoreError("block harness: limits out of range");
  }
  // An elevator tunable by its sysfs name, in sysfs units (ms for the jiffies ones).
  tunable(name: string, value: number): void {
    const bytes = new TextEncoder().encode(name);
    if (bytes.length > 64) throw new CoreError(`block harness: tunable name ${JSON.stringify(name)} longer than 64 bytes`);
    memView(Uint8Array, this.#x, this.#x.blkHarnessNameBuffer(), bytes.length).set(bytes);
    if (this.#x.blkHarnessTunable(bytes.length, i64(value, name)) !== 0) throw new CoreError(`block harness: the elevator has no tunable ${JSON.stringify(name)}`);
  }
  // A call that advances the clock: a trap (the checked build's failed assertion, named) or
  // ERR_STUCK (assembly/block/harness.ts: the model stopped time) as a CoreError.
  #stuck(call: () => number): number {
    let rc: number;
    try {
      rc = call();
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      const n = this.#x.abortReasonLength();
      throw new CoreError(`block harness: the core trapped: ${n > 0 ? String.fromCharCode(...memView(Uint16Array, this.#x, this.#x.abortReason(), n)) : e.message}`, { cause: e });
    }
    if (rc === BLK_HARNESS_STUCK) throw new CoreError("block harness: the queue stopped time (more than 100000 events at one instant: a queue run that makes no progress repeats)");
    return rc;
  }
  // Returns the bio's id; throws when the core refused it (time before the clock, too large, …).
  submit(b: BioSpec): number {
    const flags = (b.write ? BIO_WRITE : 0) | (b.sync ? BIO_SYNC : 0);
    const id = this.#stuck(() => this.#x.blkHarnessSubmit(i64(b.atNs, "atNs"), i64(b.sector, "sector"), b.sectors, flags, b.process, b.ioprio ?? 0));
    if (id < 0) throw new CoreError(`block harness: bio ${JSON.stringify(b)} refused`);
    return id;
  }
  advance(toNs: number): void {
    if (this.#stuck(() => this.#x.blkHarnessAdvance(i64(toNs, "toNs"))) !== 0) throw new CoreError(`block harness: ${toNs} ns is before the clock`);
  }
  unplug(atNs: number): void {
    if (this.#stuck(() => this.#x.blkHarnessUnplug(i64(atNs, "atNs"))) !== 0) throw new CoreError(`block harness: ${atNs} ns is before the clock`);
  }
  // The device completes its oldest request (serviceNs 0); its row in taken(), or -1 for none.
  complete(atNs: number): number {
    return this.#stuck(() => this.#x.blkHarnessComplete(i64(atNs, "atNs")));
  }
  exit(atNs: number, process: number): void {
    if (this.#stuck(() => this.#x.blkHarnessExit(i64(atNs, "atNs"), process)) !== 0) throw new CoreError("block harness: bad exit");
  }
  stat(id: number): number {
    return Number(this.#x.blkHarnessStat(id));
  }
  // Every request the driver took, in the order it took them.
  taken(): TakenRequest[] {
    const n = this.#x.blkHarnessLogLength();
    const v = memView(BigInt64Array, this.#x, this.#x.blkHarnessLogPointer(), n * 8);
    const out: TakenRequest[] = [];
    for (let i = 0; i < n; i++) {
      const r = (k: number) => Number(v[i * 8 + k]);
      out.push({
        sector: r(0), sectors: r(1), write: (r(2) & BIO_WRITE) !== 0, sync: (r(2) & BIO_SYNC) !== 0, process: r(3), bios: r(4),
        arrivedNs: r(5), takenNs: r(6), completedNs: r(7),
      });
    }
    return out;
  }
}

// Name `i` of the core's table `kind` (assembly/abi/names.ts), null for none: UTF-16 in linear memory.
function coreName(x: Exports, kind: number, i: number): string | null {
  const n = x.abiNameLength(kind, i);
  return n < 0 ? null : String.fromCharCode(...memView(Uint16Array, x, x.abiName(kind, i), n));
}
function coreNameTable(x: Exports, kind: number): string[] | null {
  const n = x.abiNameCount(kind);
  return n < 0 ? null : Array.from({ length: n }, (_, i) => coreName(x, kind, i) ?? "");
}

// Why the core's ABI differs from the host's declarations (`declared`), or null when they agree:
// every name table, and the trace and capture widths the core writes against their column names.
export function abiMismatch(core: Core, declared: readonly NameTable[] = DECLARED_NAME_TABLES): string | null {
  const x = core.exports;
  if (typeof x.abiNameCount !== "function") return `the core has ABI version ${core.abiVersion}, without name tables`;
  const names = nameTableMismatch(declared, (kind) => coreNameTable(x, kind));
  if (names) return names;
  const widths: [string, number, number][] = [
    ["trace row", x.traceFields(), x.abiNameCount(NameKind.traceColumns)],
    ["capture record", x.captureFields(), x.abiNameCount(NameKind.captureColumns)],
  ];
  for (const [what, fields, named] of widths) if (fields !== named) return `the core writes ${fields} fields per ${what} but names ${named}`;
  return null;
}

// Modules whose ABI has been checked against the host's declarations: once per compiled module.
const checked = new WeakSet<WebAssembly.Module>();

export async function loadCore(wasm: BufferSource | WebAssembly.Module): Promise<Core> {
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
  const instance = await WebAssembly.instantiate(module, {});
  const core = new Core(instance);
  if (!checked.has(module)) {
    const why = abiMismatch(core);
    if (why) throw new CoreError(`core.wasm does not match this host: ${why} (rebuild it with npm run build:wasm, or correct the table)`);
    checked.add(module);
  }
  return core;
}
