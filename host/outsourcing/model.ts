// Typed wrapper over core.wasm's inter-VM path model (assembly/app/outsourcing.ts): a testbed of
// hosts (cores), VMs (each with its path), links and connections with their applications, run for
// a time, and its measurements. Core indices in a spec are per host (0..cores-1).
import type { Core } from "../core.ts";
import type { Costs } from "./calibration.ts";

export const PATHS = ["native", "hosted", "outsourced", "xenloop"] as const;
export type PathName = (typeof PATHS)[number];

export interface HostSpec { name: string; cores: number; backendCore: number }
export interface VmSpec { name: string; host: string; path: Exclude<PathName, "native">; vcpuCore: number }
// Full duplex: two one-way links of this rate and delay. The first carries data from the host listed
// earlier in `hosts` to the one listed later, the second the other way, whichever end opened the connection.
export interface LinkSpec { rateBps: number; delayNs: number }
export type AppSpec =
  | { kind: "bulk"; writeBytes: number }
  | { kind: "rr"; requestBytes: number; responseBytes: number; serverNs: number };
export interface ConnSpec {
  a: string; aCore: number; // machine and the host core running its host-side socket work (a native app's core)
  b: string; bCore: number;
  link?: number; // index in links, when a and b are on different hosts
  app?: AppSpec; // none: part of an N-tier client (ntier.clients)
}
export interface NtierSpec {
  webNs: number; appNs: number; dbNs: number; queries: number;
  requestBytes: number; appRequestBytes: number; queryBytes: number; rowBytes: number; fragmentBytes: number; pageBytes: number;
  clients: [number, number, number][]; // per client: its connections client→web, web→app, app→db
}
export interface TestbedSpec {
  costs: Costs;
  hosts: HostSpec[];
  vms: VmSpec[];
  links: LinkSpec[];
  conns: ConnSpec[];
  ntier?: NtierSpec;
  windowBytes: number;
  warmupNs: number;
  stopNs: number;
}

export interface ConnResult {
  bytes: [number, number]; // received in the measured window, each direction
  sent: [number, number];
  received: [number, number];
  inFlight: [number, number];
  exchanges: number; // A's requests answered in the window
  exchangeMeanNs: number;
  fifoPeak: [number, number]; // XenLoop FIFO entries in use at most, each direction (0: none used)
}
export interface TestbedResult {
  windowNs: number;
  cores: { host: string; core: number; busy: number; wakeUps: number; label: string }[]; // busy: fraction of the window
  conns: ConnResult[];
  events: number;
}

interface Exports {
  osParam(id: number, v: number): void;
  osReset(pool: number): void;
  osCore(): number;
  osHost(backendCore: number): number;
  osVm(host: number, path: number, vcpuCore: number): number;
  osLink(rateBps: bigint, delayNs: bigint): number;
  osConn(a: number, ha: number, b: number, hb: number, lab: number, lba: number, window: bigint): number;
  osBulk(c: number, writeBytes: bigint): number;
  osRequestResponse(c: number, req: bigint, resp: bigint, serverNs: bigint): number;
  osNtierShape(web: bigint, app: bigint, db: bigint, q: number, req: bigint, appReq: bigint, query: bigint, row: bigint, fragment: bigint, page: bigint): number;
  osNtierClient(c0: number, c1: number, c2: number): number;
  osStart(): number;
  osRun(maxEvents: bigint): number;
  osStat(stat: number, i: number): number;
}

// assembly/cpu/costs.ts P_* order
const PARAM_ORDER = ["stackNs", "copyPsPerByte", "syscallNs", "notifyNs", "wakeNs", "backendNs", "rpcGuestNs", "rpcHostNs", "mss", "wireOverheadBytes", "delackNs"] as const;
const P_STOP = 11, P_WARMUP = 12, P_FIFO_ENTRIES = 13, P_FIFO_ENTRY_BYTES = 14;

export class TestbedError extends Error {}

const big = (n: number) => BigInt(Math.round(n));

// Events per step of the run: ~50 ms of wall time at the model's ~4 M events/s, so that a status line
// can follow it.
const STEP_EVENTS = 200_000n;
const STAT_NOW_NS = 40, STAT_EVENTS = 41;

export interface TestbedOptions {
  onProgress?: (simulatedS: number, events: number) => void; // between steps of the run
}

export function runTestbed(core: Core, s: TestbedSpec, opts: TestbedOptions = {}): TestbedResult {
  const x = core.exports as unknown as Exports;
  PARAM_ORDER.forEach((k, id) => x.osParam(id, s.costs[k]));
  x.osParam(P_STOP, s.stopNs);
  x.osParam(P_WARMUP, s.warmupNs);
  x.osParam(P_FIFO_ENTRIES, s.costs.fifoEntries);
  x.osParam(P_FIFO_ENTRY_BYTES, s.costs.fifoEntryBytes);
  // every packet in flight is bounded by the windows; apps hold one job per connection end
  const perConn = 2 * (Math.ceil(s.windowBytes / s.costs.mss) + 4) + 4;
  x.osReset(s.conns.length * perConn + 64);
  const fail = (what: string): never => {
    throw new TestbedError(`the inter-VM model rejected ${what}`);
  };
  const coreBase = new Map<string, number>();
  const labels: TestbedResult["cores"] = [];
  for (const h of s.hosts) {
    coreBase.set(h.name, labels.length);
    for (let i = 0; i < h.cores; i++) {
      if (x.osCore() < 0) fail(`core ${i} of ${h.name}`);
      labels.push({ host: h.name, core: i, busy: 0, wakeUps: 0, label: `${h.name} core ${i}` });
    }
  }
  const machine = new Map<string, number>();
  const hostOf = new Map<string, string>();
  for (const h of s.hosts) {
    const m = x.osHost(coreBase.get(h.name)! + h.backendCore);
    if (m < 0) fail(`host ${h.name}`);
    machine.set(h.name, m);
    hostOf.set(h.name, h.name);
  }
  for (const v of s.vms) {
    const base = coreBase.get(v.host);
    if (base === undefined) fail(`VM ${v.name} on unknown host ${v.host}`);
    const m = x.osVm(machine.get(v.host)!, PATHS.indexOf(v.path), base! + v.vcpuCore);
    if (m < 0) fail(`VM ${v.name}`);
    machine.set(v.name, m);
    hostOf.set(v.name, v.host);
  }
  const hostIndex = new Map(s.hosts.map((h, i) => [h.name, i]));
  const linkIds = s.links.map((l) => [x.osLink(big(l.rateBps), big(l.delayNs)), x.osLink(big(l.rateBps), big(l.delayNs))] as const);
  if (linkIds.some(([f, r]) => f < 0 || r < 0)) fail("a link");
  s.conns.forEach((c, i) => {
    const ha = coreBase.get(hostOf.get(c.a) ?? "")! + c.aCore;
    const hb = coreBase.get(hostOf.get(c.b) ?? "")! + c.bCore;
    const [earlier, later] = c.link === undefined ? [-1, -1] : linkIds[c.link]!;
    const aFirst = hostIndex.get(hostOf.get(c.a) ?? "")! < hostIndex.get(hostOf.get(c.b) ?? "")!;
    const [lab, lba] = aFirst ? [earlier, later] : [later, earlier];
    const id = x.osConn(machine.get(c.a) ?? -1, ha, machine.get(c.b) ?? -1, hb, lab, lba, big(s.windowBytes));
    if (id !== i) fail(`connection ${i} (${c.a} → ${c.b})`);
    if (c.app?.kind === "bulk" && x.osBulk(i, big(c.app.writeBytes)) < 0) fail(`bulk on connection ${i}`);
    if (c.app?.kind === "rr" && x.osRequestResponse(i, big(c.app.requestBytes), big(c.app.responseBytes), big(c.app.serverNs)) < 0) fail(`request/response on connection ${i}`);
  });
  if (s.ntier) {
    const n = s.ntier;
    if (x.osNtierShape(big(n.webNs), big(n.appNs), big(n.dbNs), n.queries, big(n.requestBytes), big(n.appRequestBytes), big(n.queryBytes), big(n.rowBytes), big(n.fragmentBytes), big(n.pageBytes)) < 0) fail("the N-tier shape");
    for (const [c0, c1, c2] of n.clients) if (x.osNtierClient(c0, c1, c2) < 0) fail(`N-tier client on connections ${c0}, ${c1}, ${c2}`);
  }
  if (x.osStart() < 0) fail("the run's start");
  let rc: number;
  while ((rc = x.osRun(STEP_EVENTS)) === 1) opts.onProgress?.(x.osStat(STAT_NOW_NS, 0) / 1e9, x.osStat(STAT_EVENTS, 0));
  if (rc < 0) throw new TestbedError(rc === -2 ? "the inter-VM model ran out of packets" : `the inter-VM model failed (${rc})`);
  const windowNs = s.stopNs - s.warmupNs;
  const pair = (stat: number, c: number): [number, number] => [x.osStat(stat, 2 * c), x.osStat(stat, 2 * c + 1)];
  return {
    windowNs,
    cores: labels.map((l, i) => ({ ...l, busy: x.osStat(0, i) / windowNs, wakeUps: x.osStat(2, i) })),
    conns: s.conns.map((_, c) => {
      const n = x.osStat(20, c);
      const [a, b] = [x.osStat(22, c), x.osStat(23, c)];
      return {
        bytes: pair(10, c), sent: pair(11, c), received: pair(12, c), inFlight: pair(14, c), exchanges: n, exchangeMeanNs: n > 0 ? x.osStat(21, c) / n : NaN,
        fifoPeak: [x.osStat(42, a * 64 + b), x.osStat(42, b * 64 + a)],
      };
    }),
    events: x.osStat(STAT_EVENTS, 0),
  };
}
