// The scenario document: a validated, typed description of one run. Every field has a unit in
// its name, a range, and (where a sensible one exists) a default. Invalid input produces one
// line per problem naming the field, the value and what is allowed.
import { z } from "zod";
import { quantity, parseWith, ScenarioError } from "./schema.ts";
import { CONGESTION_CONTROLS } from "./congestion.ts";
import { VMM_POLICIES, WAKE_DISTRIBUTIONS } from "./vmm.ts";
import { XEN_2007 } from "./testbed.ts";
import { feasibilityProblems } from "./feasibility.ts";
import { KERNELS, CURRENT_KERNEL } from "./kernels.ts";

// Linux pfifo_fast default txqueuelen 1000 × a 1514-byte frame.
const HOST_QUEUE_BYTES = 1000 * 1514;

const shaper = z.strictObject({
  // the core counts whole bytes per second (assembly/net/link.ts): 0.001 KB/s is 1 B/s
  rateKBps: quantity({ unit: "token rate, KB/s with 1 KB = 1000 B, rounded to whole B/s", min: 0.001, max: 1e8 }),
  burstBytes: quantity({ unit: "bucket size, bytes; at least one 1514-byte frame", min: 1514, max: 1e9, int: true }).default(10_000),
  limitBytes: quantity({ unit: "queue limit, bytes; at least one 1514-byte frame", min: 1514, max: 1e10, int: true }),
  timerHz: quantity({ unit: "the router kernel's HZ for tbf's wait timer (Linux 2.6: jiffies); 0 = exact timers", min: 0, max: 100_000, int: true }).default(0),
});

// netem-style reordering at the router's egress: each packet, with probability `rate`, is held back
// `extraDelayMs` on the propagation, and the packets behind it arrive first.
const reorder = z.strictObject({
  rate: quantity({ unit: "probability a packet is held back", min: 0, max: 1 }),
  extraDelayMs: quantity({ unit: "extra one-way delay of a held-back packet, ms", min: 0, max: 10_000 }),
});

const direction = z.strictObject({
  delayMs: quantity({ unit: "one-way propagation delay, ms", min: 0, max: 10_000 }).default(0),
  lossRate: quantity({ unit: "random loss probability per packet", min: 0, max: 0.5 }).default(0),
  routerPerPacketUs: quantity({ unit: "router forwarding time per packet, µs", min: 0, max: 1e6 }).default(0),
  shaper: shaper.optional(),
  reorder: reorder.optional(),
});

const vmm = z.strictObject({
  policy: z.enum(VMM_POLICIES, { error: `must be one of ${VMM_POLICIES.join(", ")}` }).default("none"),
  alpha: quantity({ unit: "FoxyVegas α, packets (tcp_vegas.c: 2)", min: 0, max: 1000, int: true }).default(2),
  beta: quantity({ unit: "FoxyVegas β, packets (tcp_vegas.c: 4)", min: 0, max: 1000, int: true }).default(4),
  gamma: quantity({ unit: "FoxyVegas γ, packets (tcp_vegas.c: 1)", min: 0, max: 1000, int: true }).default(1),
  initialWindow: quantity({ unit: "FoxyVegas initial window, segments", min: 2, max: 1000, int: true }).default(10),
  lossResponse: z.enum(["halve", "none"], { error: 'must be "halve" (the VMM halves its window on a guest retransmission, as Linux Vegas) or "none" (RTT only)' }).default("halve"),
});

const virtualization = z.strictObject({
  perPacketUs: quantity({ unit: "split-driver CPU time per packet, µs", min: 0, max: 1e6 }).default(XEN_2007.perPacketUs),
  backendPeriodUs: quantity({ unit: "driver-domain scheduling period, µs (0 = serve at once)", min: 0, max: 1e6 }).default(XEN_2007.backendPeriodUs),
  guestWakeupUs: quantity({ unit: "mean delay before the guest runs to take packets, µs", min: 0, max: 1e6 }).default(XEN_2007.guestWakeupUs),
  guestWakeupDistribution: z.enum(WAKE_DISTRIBUTIONS, { error: `must be one of ${WAKE_DISTRIBUTIONS.join(", ")} (the delay's distribution around guestWakeupUs; uniform is on [0, 2·mean])` }).default(XEN_2007.guestWakeupDistribution),
});

const sender = z.strictObject({
  placement: z.enum(["native", "guest"], { error: "must be native or guest" }).default("native"),
  vmm: vmm.default({ policy: "none", alpha: 2, beta: 4, gamma: 1, initialWindow: 10, lossResponse: "halve" }),
  virtualization: virtualization.default({ ...XEN_2007 }),
});

const machineName = z
  .string({ error: "must be a machine name (a string)" })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, { error: "must be a name of letters, digits, _ and - (at most 40, starting with a letter)" });

const flow = z.strictObject({
  cc: z.enum(CONGESTION_CONTROLS, { error: `must be one of ${CONGESTION_CONTROLS.join(", ")}` }).default("newreno"),
  bytes: quantity({ unit: "bytes to transfer; 0 = send until stopTimeS", min: 0, max: 1e12, int: true }),
  startMs: quantity({ unit: "start time, ms", min: 0, max: 1e7 }).default(0),
  // with hosts/vms: the machine the sender runs on and the receiver's (each a host or a VM; two
  // VMs of one host talk through its bridge, never on the wire)
  from: machineName.optional(),
  to: machineName.optional(),
});

// Machines (issue 9): physical hosts, some running a VMM, and VMs on them. A host's NIC link is
// named after it (`<name>-nic`). Without them, sender.placement describes today's two hosts
// (machinesOf below).
const host = z.strictObject({
  name: machineName,
  // the host runs a split-driver VMM; its backend CPU is shared by all the host's VMs
  vmm: z
    .strictObject({
      perPacketUs: quantity({ unit: "backend CPU time per packet, µs", min: 0, max: 1e6 }).default(XEN_2007.perPacketUs),
      backendPeriodUs: quantity({ unit: "driver-domain scheduling period, µs (0 = serve at once)", min: 0, max: 1e6 }).default(XEN_2007.backendPeriodUs),
    })
    .optional(),
});

const vm = z.strictObject({
  name: machineName,
  host: machineName,
  guestWakeupUs: quantity({ unit: "mean delay before the VM's vCPU runs to take packets, µs", min: 0, max: 1e6 }).default(XEN_2007.guestWakeupUs),
  guestWakeupDistribution: z.enum(WAKE_DISTRIBUTIONS, { error: `must be one of ${WAKE_DISTRIBUTIONS.join(", ")}` }).default(XEN_2007.guestWakeupDistribution),
  vmm: vmm.default({ policy: "none", alpha: 2, beta: 4, gamma: 1, initialWindow: 10, lossResponse: "halve" }),
});

export const scenarioSchema = z
  .strictObject({
    name: z.string({ error: "must be a string" }).max(200, { error: "must be at most 200 characters" }).default("scenario"),
    seed: quantity({ unit: "PRNG seed", min: 0, max: Number.MAX_SAFE_INTEGER, int: true }).default(1),
    stopTimeS: quantity({ unit: "simulated seconds; 0 = until every flow completes", min: 0, max: 1e6 }).default(0),
    path: z.strictObject({
      // the core counts whole bytes per second (assembly/net/link.ts): 0.000008 Mbit/s is 1 B/s
      lineRateMbps: quantity({ unit: "physical link rate, Mbit/s, rounded to whole B/s", min: 0.000008, max: 400_000 }).default(1000),
      hostQueueBytes: quantity({ unit: "NIC transmit queue, bytes", min: 1514, max: 1e10, int: true }).default(HOST_QUEUE_BYTES),
      forward: direction.default({ delayMs: 0, lossRate: 0, routerPerPacketUs: 0 }),
      reverse: direction.default({ delayMs: 0, lossRate: 0, routerPerPacketUs: 0 }),
    }),
    tcp: z
      .strictObject({
        mss: quantity({ unit: "maximum segment size, bytes", min: 64, max: 65_495, int: true }).default(1448),
        initialCwnd: quantity({ unit: "initial window, segments (Linux: 10)", min: 1, max: 1000, int: true }).default(10),
        rcvBufBytes: quantity({ unit: "receive buffer, bytes", min: 2896, max: 1 << 30, int: true }).default(6 * 1024 * 1024),
        cubicHystart: z.boolean({ error: "must be true or false (CUBIC's hystart module parameter; Linux: true)" }).default(true),
        sack: z.boolean({ error: "must be true or false (SACK, RFC 2018, with D-SACK; Linux: true)" }).default(true),
        kernel: z.enum(KERNELS, { error: `must be one of ${KERNELS.join(", ")}` }).default(CURRENT_KERNEL),
        hz: quantity({ unit: "HZ of the TCP timer clock; 0 = the kernel's (2.6.16: 100, 6.12: 1000)", min: 0, max: 10_000, int: true }).default(0),
      })
      .default({ mss: 1448, initialCwnd: 10, rcvBufBytes: 6 * 1024 * 1024, cubicHystart: true, sack: true, kernel: "linux-6.12", hz: 0 }),
    sender: sender.default({ placement: "native", vmm: { policy: "none", alpha: 2, beta: 4, gamma: 1, initialWindow: 10, lossResponse: "halve" }, virtualization: { ...XEN_2007 } }),
    hosts: z.array(host, { error: "must be a list of hosts" }).max(32, { error: "must list at most 32 hosts" }).optional(),
    vms: z.array(vm, { error: "must be a list of VMs" }).max(32, { error: "must list at most 32 VMs" }).optional(),
    flows: z.array(flow, { error: "must be a list of flows" }).min(1, { error: "must list at least one flow" }).max(64, { error: "must list at most 64 flows" }),
    trace: z
      .strictObject({
        periodMs: quantity({ unit: "sampling period, ms; 0 = no trace", min: 0, max: 1e6 }).default(10),
        // 16 M rows × 64 B fit the core's largest array (1 GiB, host/feasibility.ts)
        maxRows: quantity({ unit: "trace rows kept at most", min: 0, max: 16_000_000, int: true }).default(1_000_000),
      })
      .default({ periodMs: 10, maxRows: 1_000_000 }),
  })
  .superRefine((s, ctx) => {
    if (s.sender.placement === "native" && s.sender.vmm.policy !== "none")
      ctx.addIssue({ code: "custom", path: ["sender", "vmm", "policy"], input: s.sender.vmm.policy, message: 'needs sender.placement "guest" (a VMM policy sits under a guest)' });
    for (const p of machineProblems(s)) ctx.addIssue({ code: "custom", ...p });
    s.flows.forEach((f, i) => {
      if (f.bytes === 0 && s.stopTimeS === 0)
        ctx.addIssue({ code: "custom", path: ["flows", i, "bytes"], input: f.bytes, message: "must be > 0 unless stopTimeS is set (an endless flow needs a stop time)" });
    });
    if (s.trace.periodMs > 0 && s.trace.periodMs < 0.5e-6)
      ctx.addIssue({ code: "custom", path: ["trace", "periodMs"], input: s.trace.periodMs, message: "must be 0 (no trace) or at least 0.000001 (1 ns, the core's clock step)" });
    else {
      // zod runs this refinement even when a field already failed its own range: a time beyond the
      // core's clock then throws RangeError here, and that field's own issue says what is allowed.
      try {
        for (const p of feasibilityProblems(s)) ctx.addIssue({ code: "custom", ...p });
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
      }
    }
  });

export type Scenario = z.output<typeof scenarioSchema>;

export interface HostMachine {
  name: string;
  vmm?: { perPacketUs: number; backendPeriodUs: number };
  side: "sender" | "receiver"; // which end of the path its NIC sits on (it sends, or it receives)
}
export interface VmMachine {
  name: string;
  host: string;
  guestWakeupUs: number;
  guestWakeupDistribution: (typeof WAKE_DISTRIBUTIONS)[number];
  vmm: Scenario["sender"]["vmm"];
}
export interface Machines {
  explicit: boolean; // named in the document (hosts/vms), not derived from sender.placement
  hosts: HostMachine[];
  vms: VmMachine[];
  flows: { from: string; to: string }[];
}

// The machines a scenario runs on. Without hosts/vms, today's two hosts: "sender" (with a VMM
// when sender.placement is "guest", its backend from sender.virtualization) and "receiver"; a
// guest sender is the VM "guest" on "sender", with sender.virtualization's wake-up and sender.vmm's
// policy; every flow goes from the sender (or its guest) to the receiver.
export function machinesOf(s: Scenario): Machines {
  if (s.hosts === undefined && s.vms === undefined) {
    const guest = s.sender.placement === "guest";
    const v = s.sender.virtualization;
    return {
      explicit: false,
      hosts: [
        { name: "sender", side: "sender", ...(guest ? { vmm: { perPacketUs: v.perPacketUs, backendPeriodUs: v.backendPeriodUs } } : {}) },
        { name: "receiver", side: "receiver" },
      ],
      vms: guest ? [{ name: "guest", host: "sender", guestWakeupUs: v.guestWakeupUs, guestWakeupDistribution: v.guestWakeupDistribution, vmm: s.sender.vmm }] : [],
      flows: s.flows.map(() => ({ from: guest ? "guest" : "sender", to: "receiver" })),
    };
  }
  const vms = s.vms ?? [];
  const hostOf = (m: string) => vms.find((v) => v.name === m)?.host ?? m;
  // a host whose flows stay on it (co-resident VMs) sends: its NIC is never used
  const receivers = new Set(s.flows.filter((f) => hostOf(f.from!) !== hostOf(f.to!)).map((f) => hostOf(f.to!)));
  return {
    explicit: true,
    hosts: (s.hosts ?? []).map((h) => ({ ...h, side: receivers.has(h.name) ? "receiver" : "sender" })),
    vms,
    flows: s.flows.map((f) => ({ from: f.from!, to: f.to! })),
  };
}

type Shape = Pick<Scenario, "hosts" | "vms" | "flows" | "sender">;

// The rules of hosts, vms and flows' from/to, each naming its field.
function machineProblems(s: Shape): { path: (string | number)[]; input: unknown; message: string }[] {
  const out: { path: (string | number)[]; input: unknown; message: string }[] = [];
  const explicit = s.hosts !== undefined || s.vms !== undefined;
  if (!explicit) {
    s.flows.forEach((f, i) => {
      for (const k of ["from", "to"] as const)
        if (f[k] !== undefined) out.push({ path: ["flows", i, k], input: f[k], message: "names a machine: list the machines in hosts (and vms) first" });
    });
    return out;
  }
  if (s.sender.placement !== "native" || s.sender.vmm.policy !== "none")
    out.push({ path: ["sender"], input: s.sender.placement, message: "describe a virtualized sender as a VM (vms) on a host with a vmm, not with sender.placement, when hosts/vms are given" });
  const hosts = s.hosts ?? [];
  const vms = s.vms ?? [];
  const names = new Map<string, string>();
  hosts.forEach((h, i) => {
    if (names.has(h.name)) out.push({ path: ["hosts", i, "name"], input: h.name, message: `is taken already (${names.get(h.name)}); machine names are unique` });
    names.set(h.name, `hosts.${i}`);
  });
  vms.forEach((v, i) => {
    if (names.has(v.name)) out.push({ path: ["vms", i, "name"], input: v.name, message: `is taken already (${names.get(v.name)}); machine names are unique` });
    names.set(v.name, `vms.${i}`);
    const h = hosts.find((x) => x.name === v.host);
    if (!h) out.push({ path: ["vms", i, "host"], input: v.host, message: `must name a host (hosts: ${hosts.map((x) => x.name).join(", ") || "none"})` });
    else if (!h.vmm) out.push({ path: ["vms", i, "host"], input: v.host, message: `names a host without a vmm; give hosts.${hosts.indexOf(h)}.vmm to run VMs on it` });
  });
  // the core keeps one FoxyVegas parameter set per run (vmm/foxyvegas.ts foxyVegasParams)
  const foxy = vms.map((v, i) => [v, i] as const).filter(([v]) => v.vmm.policy === "foxyvegas");
  const key = (m: VmMachine["vmm"]) => JSON.stringify([m.alpha, m.beta, m.gamma, m.initialWindow, m.lossResponse]);
  for (const [v, i] of foxy.slice(1))
    if (key(v.vmm) !== key(foxy[0]![0].vmm)) out.push({ path: ["vms", i, "vmm"], input: v.vmm, message: `must have the same FoxyVegas parameters as vms.${foxy[0]![1]}.vmm (one parameter set per run: named simplification)` });
  const hostOf = (m: string) => vms.find((v) => v.name === m)?.host ?? m;
  const isVm = (m: string) => vms.some((v) => v.name === m);
  const sending = new Set<string>(); // hosts a flow leaves through their NIC
  const receiving = new Set<string>(); // hosts a flow arrives at through their NIC
  const carrying = new Set<string>(); // hosts any flow starts on
  s.flows.forEach((f, i) => {
    if (f.from === undefined) out.push({ path: ["flows", i, "from"], input: undefined, message: "must name the sender's machine (a host or a VM) when hosts/vms are given" });
    else if (!names.has(f.from)) out.push({ path: ["flows", i, "from"], input: f.from, message: `must name a host or a VM (${[...names.keys()].join(", ")})` });
    if (f.to === undefined) out.push({ path: ["flows", i, "to"], input: undefined, message: "must name the receiver's machine (a host or a VM) when hosts/vms are given" });
    else if (!names.has(f.to)) out.push({ path: ["flows", i, "to"], input: f.to, message: `must name a host or a VM (${[...names.keys()].join(", ")})` });
    if (f.from === undefined || f.to === undefined || !names.has(f.from) || !names.has(f.to)) return;
    carrying.add(hostOf(f.from));
    if (f.to === f.from) out.push({ path: ["flows", i, "to"], input: f.to, message: "is the sender's own machine; a flow goes between two machines" });
    else if (hostOf(f.from) !== hostOf(f.to)) {
      sending.add(hostOf(f.from));
      receiving.add(hostOf(f.to));
    } else if (!isVm(f.from) || !isVm(f.to))
      out.push({ path: ["flows", i, "to"], input: f.to, message: `is on the sender's host ${hostOf(f.from)}: a flow within one host goes between two of its VMs (through its bridge); a host and its own VM are not modelled` });
  });
  s.flows.forEach((f, i) => {
    if (f.to !== undefined && names.has(f.to) && receiving.has(hostOf(f.to)) && sending.has(hostOf(f.to)))
      out.push({ path: ["flows", i, "to"], input: f.to, message: `is on host ${hostOf(f.to)}, which also sends on the wire: the path has one sending side and one receiving side (a host is on one of them)` });
  });
  hosts.forEach((h, i) => {
    if (!carrying.has(h.name) && !receiving.has(h.name)) out.push({ path: ["hosts", i, "name"], input: h.name, message: "carries no flow (no flow goes from it, one of its VMs, or to them), so it has no side of the path" });
  });
  return out;
}
export type ScenarioInput = z.input<typeof scenarioSchema>;

export { ScenarioError };

export function parseScenario(input: unknown): Scenario {
  return parseWith(scenarioSchema, input);
}
