// The scenario document: a validated, typed description of one run. Every field has a unit in
// its name, a range, and (where a sensible one exists) a default. Invalid input produces one
// line per problem naming the field, the value and what is allowed.
import { z } from "zod";
import { CONGESTION_CONTROLS } from "./congestion.ts";
import { VMM_POLICIES } from "./vmm.ts";
import { XEN_2007 } from "./testbed.ts";

interface Range {
  unit: string;
  min: number;
  max: number;
  minExclusive?: boolean;
  int?: boolean;
}

function quantity(r: Range) {
  const kind = r.int ? "an integer" : "a number";
  const allowed = `${kind} ${r.minExclusive ? ">" : "≥"} ${r.min} and ≤ ${r.max} (${r.unit})`;
  const error = `must be ${allowed}`;
  let s = z.number({ error });
  if (r.int) s = s.int({ error });
  s = r.minExclusive ? s.gt(r.min, { error }) : s.gte(r.min, { error });
  return s.lte(r.max, { error });
}

// Linux pfifo_fast default txqueuelen 1000 × a 1514-byte frame.
const HOST_QUEUE_BYTES = 1000 * 1514;

const shaper = z.strictObject({
  rateKBps: quantity({ unit: "token rate, KB/s with 1 KB = 1000 B", min: 0, max: 1e8, minExclusive: true }),
  burstBytes: quantity({ unit: "bucket size, bytes; at least one 1514-byte frame", min: 1514, max: 1e9, int: true }).default(10_000),
  limitBytes: quantity({ unit: "queue limit, bytes; at least one 1514-byte frame", min: 1514, max: 1e10, int: true }),
});

const direction = z.strictObject({
  delayMs: quantity({ unit: "one-way propagation delay, ms", min: 0, max: 10_000 }).default(0),
  lossRate: quantity({ unit: "random loss probability per packet", min: 0, max: 0.5 }).default(0),
  routerPerPacketUs: quantity({ unit: "router forwarding time per packet, µs", min: 0, max: 1e6 }).default(0),
  shaper: shaper.optional(),
});

const vmm = z.strictObject({
  policy: z.enum(VMM_POLICIES, { error: `must be one of ${VMM_POLICIES.join(", ")}` }).default("none"),
  alpha: quantity({ unit: "FoxyVegas α, packets (tcp_vegas.c: 2)", min: 0, max: 1000, int: true }).default(2),
  beta: quantity({ unit: "FoxyVegas β, packets (tcp_vegas.c: 4)", min: 0, max: 1000, int: true }).default(4),
  gamma: quantity({ unit: "FoxyVegas γ, packets (tcp_vegas.c: 1)", min: 0, max: 1000, int: true }).default(1),
  initialWindow: quantity({ unit: "FoxyVegas initial window, segments", min: 2, max: 1000, int: true }).default(10),
});

const virtualization = z.strictObject({
  perPacketUs: quantity({ unit: "split-driver CPU time per packet, µs", min: 0, max: 1e6 }).default(XEN_2007.perPacketUs),
  backendPeriodUs: quantity({ unit: "driver-domain scheduling period, µs (0 = serve at once)", min: 0, max: 1e6 }).default(XEN_2007.backendPeriodUs),
  guestWakeupUs: quantity({ unit: "mean delay before the guest runs to take packets, µs", min: 0, max: 1e6 }).default(XEN_2007.guestWakeupUs),
});

const sender = z.strictObject({
  placement: z.enum(["native", "guest"], { error: "must be native or guest" }).default("native"),
  vmm: vmm.default({ policy: "none", alpha: 2, beta: 4, gamma: 1, initialWindow: 10 }),
  virtualization: virtualization.default({ ...XEN_2007 }),
});

const flow = z.strictObject({
  cc: z.enum(CONGESTION_CONTROLS, { error: `must be one of ${CONGESTION_CONTROLS.join(", ")}` }).default("newreno"),
  bytes: quantity({ unit: "bytes to transfer; 0 = send until stopTimeS", min: 0, max: 1e12, int: true }),
  startMs: quantity({ unit: "start time, ms", min: 0, max: 1e7 }).default(0),
});

export const scenarioSchema = z
  .strictObject({
    name: z.string({ error: "must be a string" }).max(200, { error: "must be at most 200 characters" }).default("scenario"),
    seed: quantity({ unit: "PRNG seed", min: 0, max: Number.MAX_SAFE_INTEGER, int: true }).default(1),
    stopTimeS: quantity({ unit: "simulated seconds; 0 = until every flow completes", min: 0, max: 1e6 }).default(0),
    path: z.strictObject({
      lineRateMbps: quantity({ unit: "physical link rate, Mbit/s", min: 0, max: 400_000, minExclusive: true }).default(1000),
      hostQueueBytes: quantity({ unit: "NIC transmit queue, bytes", min: 1514, max: 1e10, int: true }).default(HOST_QUEUE_BYTES),
      forward: direction.default({ delayMs: 0, lossRate: 0, routerPerPacketUs: 0 }),
      reverse: direction.default({ delayMs: 0, lossRate: 0, routerPerPacketUs: 0 }),
    }),
    tcp: z
      .strictObject({
        mss: quantity({ unit: "maximum segment size, bytes", min: 64, max: 65_495, int: true }).default(1448),
        initialCwnd: quantity({ unit: "initial window, segments (Linux: 10)", min: 1, max: 1000, int: true }).default(10),
        rcvBufBytes: quantity({ unit: "receive buffer, bytes", min: 2896, max: 1 << 30, int: true }).default(6 * 1024 * 1024),
      })
      .default({ mss: 1448, initialCwnd: 10, rcvBufBytes: 6 * 1024 * 1024 }),
    sender: sender.default({ placement: "native", vmm: { policy: "none", alpha: 2, beta: 4, gamma: 1, initialWindow: 10 }, virtualization: { ...XEN_2007 } }),
    flows: z.array(flow, { error: "must be a list of flows" }).min(1, { error: "must list at least one flow" }).max(64, { error: "must list at most 64 flows" }),
    trace: z
      .strictObject({
        periodMs: quantity({ unit: "sampling period, ms; 0 = no trace", min: 0, max: 1e6 }).default(10),
        maxRows: quantity({ unit: "trace rows kept at most", min: 0, max: 5e7, int: true }).default(1_000_000),
      })
      .default({ periodMs: 10, maxRows: 1_000_000 }),
  })
  .superRefine((s, ctx) => {
    if (s.sender.placement === "native" && s.sender.vmm.policy !== "none")
      ctx.addIssue({ code: "custom", path: ["sender", "vmm", "policy"], input: s.sender.vmm.policy, message: 'needs sender.placement "guest" (a VMM policy sits under a guest)' });
    s.flows.forEach((f, i) => {
      if (f.bytes === 0 && s.stopTimeS === 0)
        ctx.addIssue({ code: "custom", path: ["flows", i, "bytes"], input: f.bytes, message: "must be > 0 unless stopTimeS is set (an endless flow needs a stop time)" });
      if (f.bytes > 0 && f.bytes < 1) ctx.addIssue({ code: "custom", path: ["flows", i, "bytes"], input: f.bytes, message: "must be ≥ 1" });
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(scenario)" : path.map(String).join(".");
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function allowedKeys(issuePath: readonly PropertyKey[]): string {
  let node: z.ZodType = scenarioSchema as unknown as z.ZodType;
  for (const key of issuePath) node = childSchema(node, key) ?? node;
  const shape = objectShape(node);
  return shape ? Object.keys(shape).join(", ") : "";
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur: z.ZodType = s;
  for (let i = 0; i < 8; i++) {
    const def = (cur as unknown as { _zod: { def: { innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType } } })._zod.def;
    const next = def.innerType ?? def.in ?? def.schema;
    if (!next) break;
    cur = next;
  }
  return cur;
}
function objectShape(s: z.ZodType): Record<string, z.ZodType> | undefined {
  const u = unwrap(s) as unknown as { _zod: { def: { shape?: Record<string, z.ZodType> } } };
  return u._zod.def.shape;
}
function childSchema(s: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const u = unwrap(s) as unknown as { _zod: { def: { shape?: Record<string, z.ZodType>; element?: z.ZodType } } };
  if (typeof key === "number") return u._zod.def.element;
  return u._zod.def.shape?.[String(key)];
}

// One line per field: a value can break several checks (1e18 is neither a safe integer nor ≤ the
// maximum), and the first message already says what is allowed.
export function formatIssues(error: z.ZodError): string[] {
  const seen = new Set<string>();
  const issues = error.issues.filter((iss) => {
    const key = iss.code === "unrecognized_keys" ? `${fieldName(iss.path)}:${iss.keys.join()}` : fieldName(iss.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return issues.map((iss) => {
    if (iss.code === "unrecognized_keys") {
      const where = iss.path.length ? `${fieldName(iss.path)}.` : "";
      return `${where}${iss.keys.join(", ")}: unknown field; allowed here: ${allowedKeys(iss.path)}`;
    }
    const input = (iss as { input?: unknown }).input;
    if (input === undefined && iss.code === "invalid_type") return `${fieldName(iss.path)}: missing; ${iss.message}`;
    return `${fieldName(iss.path)}: got ${show(input)}; ${iss.message}`;
  });
}

export function parseScenario(input: unknown): Scenario {
  const r = scenarioSchema.safeParse(input, { reportInput: true });
  if (!r.success) throw new ScenarioError(formatIssues(r.error));
  return r.data;
}

export function parseScenarioText(text: string, source = "scenario"): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([`${source}: not valid JSON (${(e as Error).message})`]);
  }
  return parseScenario(raw);
}

// Apply `field.path=value` overrides to a raw (unvalidated) document. The value is read as JSON
// when it parses (numbers, booleans, objects), else as a string; validation happens afterwards,
// exactly as for the file.
export function applyOverrides(raw: unknown, overrides: readonly string[]): unknown {
  const doc = structuredClone(raw ?? {}) as Record<string, unknown>;
  for (const o of overrides) {
    const eq = o.indexOf("=");
    if (eq <= 0) throw new ScenarioError([`--set ${show(o)}: expected <field.path>=<value>, e.g. path.forward.delayMs=20`]);
    const keys = o.slice(0, eq).split(".");
    const text = o.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    let node: Record<string, unknown> = doc;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i]!;
      const next = node[k];
      if (next === undefined || next === null) node[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
      else if (typeof next !== "object") throw new ScenarioError([`--set ${keys.slice(0, i + 1).join(".")}: is ${show(next)}, not an object, so it has no field ${keys[i + 1]}`]);
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return doc;
}
