// The inter-VM path scenario (`foxsim paths`): hosts with cores, VMs each with its network path,
// links, and connections with their application — validated, typed, every number with its unit,
// range and default; invalid input gets one line per problem naming the field, the value and what
// is allowed. CPU costs default to the calibrated machine (calibration.ts) and may be overridden.
import { z } from "zod";
import { quantity, parseWith } from "../schema.ts";
import { COSTS, HOST_CORES, IPERF_WRITE_BYTES, LAN_DELAY_NS, WINDOW_BYTES, type Costs } from "./calibration.ts";
import type { TestbedSpec, TestbedResult } from "./model.ts";

const name = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }).max(64, { error: "must be at most 64 characters" });
const MAX_CORES_PER_HOST = 16;

const host = z.strictObject({
  name,
  cores: quantity({ unit: "CPU cores (the calibrated machine, an i5-2400: 4)", min: 1, max: MAX_CORES_PER_HOST, int: true }).default(HOST_CORES),
  backendCore: quantity({ unit: "core running the VMM's backend and bridge", min: 0, max: MAX_CORES_PER_HOST - 1, int: true }).default(0),
});
const vm = z.strictObject({
  name,
  host: name,
  path: z.enum(["hosted", "outsourced", "xenloop"], { error: "must be hosted, outsourced or xenloop (native: put the application on the host)" }),
  vcpuCore: quantity({ unit: "host core the VM's vCPU runs on", min: 0, max: MAX_CORES_PER_HOST - 1, int: true }),
});
// full duplex: each direction between its two hosts has its own one-way link of this rate and delay
const link = z.strictObject({
  rateMbps: quantity({ unit: "link rate, Mb/s", min: 1, max: 400_000 }).default(1000),
  delayUs: quantity({ unit: "one-way propagation and switching, µs", min: 0, max: 1e6 }).default(LAN_DELAY_NS / 1000),
});
const app = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("bulk"), writeBytes: quantity({ unit: "bytes per write call (iperf: 8192)", min: 1, max: 1 << 30, int: true }).default(IPERF_WRITE_BYTES) }),
  z.strictObject({
    kind: z.literal("rr"),
    requestBytes: quantity({ unit: "request size, bytes", min: 1, max: 1 << 30, int: true }).default(1),
    responseBytes: quantity({ unit: "response size, bytes", min: 1, max: 1 << 30, int: true }).default(1),
    serverUs: quantity({ unit: "server CPU per request, µs", min: 0, max: 1e7 }).default(0),
  }),
], { error: 'must be an object with kind "bulk" or "rr"' });
const connection = z.strictObject({
  from: name,
  to: name,
  fromCore: quantity({ unit: "host core of the sender's host-side socket work (a native application's core)", min: 0, max: MAX_CORES_PER_HOST - 1, int: true }).default(0),
  toCore: quantity({ unit: "host core of the receiver's host-side socket work", min: 0, max: MAX_CORES_PER_HOST - 1, int: true }).default(0),
  link: quantity({ unit: "index in links; only between machines on different hosts", min: 0, max: 63, int: true }).optional(),
  app,
});
const cost = (unit: string, key: keyof Costs, max: number) => quantity({ unit, min: 0, max }).default(COSTS[key]);
const costs = z.strictObject({
  stackNs: cost("TCP/IP per packet at one end, ns", "stackNs", 1e7),
  copyPsPerByte: cost("copy, ps per byte", "copyPsPerByte", 1e6),
  syscallNs: cost("socket call, ns", "syscallNs", 1e7),
  notifyNs: cost("event notification / VM exit, ns", "notifyNs", 1e7),
  wakeNs: cost("wake-up of a halted core by another domain's event, ns", "wakeNs", 1e9),
  backendNs: cost("backend and bridge pass per packet, ns", "backendNs", 1e7),
  rpcGuestNs: cost("VM-RPC marshalling in the guest, ns", "rpcGuestNs", 1e7),
  rpcHostNs: cost("VM-RPC service in the host, ns", "rpcHostNs", 1e7),
}).default({} as never);

export const pathsScenarioSchema = z.strictObject({
  name: z.string({ error: "must be a string" }).max(200, { error: "must be at most 200 characters" }).default("paths"),
  // the model draws no random numbers (its runs are fixed by the scenario); kept for --seed and provenance
  seed: quantity({ unit: "PRNG seed (unused by this model)", min: 0, max: Number.MAX_SAFE_INTEGER, int: true }).default(1),
  durationMs: quantity({ unit: "simulated time, ms", min: 0, max: 600_000, minExclusive: true }).default(60),
  warmupMs: quantity({ unit: "time before measuring, ms", min: 0, max: 600_000 }).default(10),
  windowBytes: quantity({ unit: "receive window, bytes", min: 1448, max: 1 << 26, int: true }).default(WINDOW_BYTES),
  hosts: z.array(host, { error: "must be a list of hosts" }).min(1, { error: "must list at least one host" }).max(8, { error: "must list at most 8 hosts" }),
  vms: z.array(vm, { error: "must be a list of VMs" }).max(48, { error: "must list at most 48 VMs" }).default([]),
  links: z.array(link, { error: "must be a list of links" }).max(32, { error: "must list at most 32 links" }).default([]),
  connections: z.array(connection, { error: "must be a list of connections" }).min(1, { error: "must list at least one connection" }).max(256, { error: "must list at most 256 connections" }),
  costs,
}).superRefine((s, ctx) => {
  const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });
  if (s.warmupMs >= s.durationMs) issue(["warmupMs"], s.warmupMs, `must be < durationMs (${s.durationMs})`);
  const hostOf = new Map<string, string>();
  const cores = new Map<string, number>();
  s.hosts.forEach((h, i) => {
    if (hostOf.has(h.name)) issue(["hosts", i, "name"], h.name, "is taken already; machine names are unique");
    hostOf.set(h.name, h.name);
    cores.set(h.name, h.cores);
    if (h.backendCore >= h.cores) issue(["hosts", i, "backendCore"], h.backendCore, `must be < cores (${h.cores})`);
  });
  if (s.hosts.reduce((n, h) => n + h.cores, 0) > 64) issue(["hosts"], s.hosts.length, "must have at most 64 cores in all");
  s.vms.forEach((v, i) => {
    if (hostOf.has(v.name)) issue(["vms", i, "name"], v.name, "is taken already; machine names are unique");
    if (!cores.has(v.host)) issue(["vms", i, "host"], v.host, `must name a host (${s.hosts.map((h) => h.name).join(", ")})`);
    else if (v.vcpuCore >= cores.get(v.host)!) issue(["vms", i, "vcpuCore"], v.vcpuCore, `must be < ${v.host}'s cores (${cores.get(v.host)})`);
    hostOf.set(v.name, v.host);
  });
  s.connections.forEach((c, i) => {
    for (const [k, core] of [["from", "fromCore"], ["to", "toCore"]] as const) {
      const h = hostOf.get(c[k]);
      if (h === undefined) issue(["connections", i, k], c[k], `must name a host or a VM (${[...hostOf.keys()].join(", ")})`);
      else if (c[core] >= cores.get(h)!) issue(["connections", i, core], c[core], `must be < ${h}'s cores (${cores.get(h)})`);
    }
    const [a, b] = [hostOf.get(c.from), hostOf.get(c.to)];
    if (a === undefined || b === undefined || !cores.has(a) || !cores.has(b)) return;
    if (c.from === c.to && s.vms.some((v) => v.name === c.from)) issue(["connections", i, "to"], c.to, "must differ from from (a VM does not connect to itself)");
    if (a === b && c.link !== undefined) issue(["connections", i, "link"], c.link, `must be absent: ${c.from} and ${c.to} share host ${a}`);
    if (a !== b && c.link === undefined) issue(["connections", i, "link"], c.link, `must name a link (${s.links.length ? `0–${s.links.length - 1}` : "links lists none"}): ${c.from} and ${c.to} are on different hosts`);
    if (c.link !== undefined && c.link >= s.links.length) issue(["connections", i, "link"], c.link, `must be < the number of links (${s.links.length})`);
  });
});

export type PathsScenario = z.output<typeof pathsScenarioSchema>;
export type PathsScenarioInput = z.input<typeof pathsScenarioSchema>;

export function parsePathsScenario(input: unknown): PathsScenario {
  return parseWith(pathsScenarioSchema, input);
}

// One rounding from user units to the core's integer ns: to the nearest ns.
export function testbedOf(s: PathsScenario): TestbedSpec {
  const ns = (x: number) => Math.round(x);
  return {
    costs: { ...COSTS, ...Object.fromEntries(Object.entries(s.costs).map(([k, v]) => [k, ns(v)])) },
    windowBytes: s.windowBytes,
    warmupNs: ns(s.warmupMs * 1e6),
    stopNs: ns(s.durationMs * 1e6),
    hosts: s.hosts,
    vms: s.vms,
    links: s.links.map((l) => ({ rateBps: ns(l.rateMbps * 1e6), delayNs: ns(l.delayUs * 1000) })),
    conns: s.connections.map((c) => ({
      a: c.from, aCore: c.fromCore, b: c.to, bCore: c.toCore, ...(c.link === undefined ? {} : { link: c.link }),
      app: c.app.kind === "bulk" ? c.app : { kind: "rr" as const, requestBytes: c.app.requestBytes, responseBytes: c.app.responseBytes, serverNs: ns(c.app.serverUs * 1000) },
    })),
  };
}

// What `foxsim paths` reports: per connection, its throughput each way and its exchanges; per core, how busy.
export function pathsReport(s: PathsScenario, r: TestbedResult) {
  const pathOf = (m: string) => s.vms.find((v) => v.name === m)?.path ?? "native";
  const mbps = (bytes: number) => Number(((bytes * 8) / r.windowNs * 1000).toFixed(3));
  return {
    scenario: s.name,
    measuredMs: r.windowNs / 1e6,
    connections: s.connections.map((c, i) => {
      const x = r.conns[i]!;
      return {
        from: c.from, to: c.to, fromPath: pathOf(c.from), toPath: pathOf(c.to), app: c.app.kind,
        throughputMbps: mbps(x.bytes[0]), reverseThroughputMbps: mbps(x.bytes[1]),
        ...(c.app.kind === "rr" ? { transactionsPerS: Number((x.exchanges / (r.windowNs / 1e9)).toFixed(1)), latencyUs: Number((x.exchangeMeanNs / 1000).toFixed(3)) } : {}),
      };
    }),
    cores: r.cores.map((c) => ({ host: c.host, core: c.core, busy: Number(c.busy.toFixed(4)) })),
    events: r.events,
  };
}
