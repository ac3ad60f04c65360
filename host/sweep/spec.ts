// The sweep spec: a base scenario and the axes that vary it. Validated with zod; every problem is one
// line naming the field, the value and what is allowed (the scenario schemas' format).
//
//   {"scenario": "base.json" | {inline document}, "kind": "network" | "fvm" | "storage" | "paths"
//    (default: from the document's marker field, host/sweep/kinds/: flows, vms as a number, processes, connections),
//    "axes": {"flows.0.cc": ["newreno", "cubic"], "path.forward.delayMs": {"from": 5, "to": 20, "step": 5}},
//    "zip": [{"a.b": [1, 2], "c.d": ["x", "y"]}],            // lists varied together, as one axis
//    "samples": {"method": "lhs" | "random", "count": 8, "seed": 3,
//                "axes": {"path.forward.lossRate": {"min": 0, "max": 0.01}, "flows.0.cc": ["bic", "cubic"]}},
//    "replications": 2, "seed": 1}
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { quantity, formatIssues, show } from "../schema.ts";
import { KIND_NAMES, kindsOf, markerOf, type Kind } from "./kinds/index.ts";

export class SweepError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

export const MAX_RUNS = 1_000_000; // points are materialised in memory; a bigger study is several specs
const MAX_SAMPLE_SEED = 2 ** 31 - 1; // pure-rand's xoroshiro128plus takes a 32-bit seed

const PATH_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

const range = z.strictObject({
  from: z.number({ error: "must be a number" }),
  to: z.number({ error: "must be a number" }),
  step: z.number({ error: "must be a number > 0" }).gt(0, { error: "must be a number > 0" }),
});
const axis = z.union([z.array(z.unknown()).min(1), range], { error: 'must be a non-empty list of values or a range {"from", "to", "step"}' });
const interval = z.strictObject({
  min: z.number({ error: "must be a number" }),
  max: z.number({ error: "must be a number" }),
  integer: z.boolean({ error: "must be true or false" }).default(false),
});
const sampleAxis = z.union([z.array(z.unknown()).min(1), interval], { error: 'must be a non-empty list of choices or an interval {"min", "max", "integer"?}' });

const specSchema = z.strictObject({
  scenario: z.union([z.string().min(1), z.record(z.string(), z.unknown())], { error: "must be a path to a scenario file (relative to the spec) or an inline scenario object" }),
  kind: z.enum(KIND_NAMES, { error: `must be one of ${KIND_NAMES.join(", ")}` }).optional(),
  axes: z.record(z.string(), axis, { error: "must be an object of dotted path → values" }).default({}),
  zip: z.array(z.record(z.string(), z.array(z.unknown()).min(1, { error: "must be a non-empty list" }), { error: "must be an object of dotted path → list" }), { error: "must be a list of groups" }).default([]),
  samples: z
    .strictObject({
      method: z.enum(["random", "lhs"], { error: "must be random (independent uniform draws) or lhs (Latin hypercube)" }),
      count: quantity({ unit: "sample points", min: 1, max: MAX_RUNS, int: true }),
      seed: quantity({ unit: "sampling PRNG seed", min: 0, max: MAX_SAMPLE_SEED, int: true }).default(1),
      axes: z.record(z.string(), sampleAxis, { error: "must be an object of dotted path → interval or choices" }),
    })
    .optional(),
  replications: quantity({ unit: "runs per point, each with its own derived seed", min: 1, max: MAX_RUNS, int: true }).default(1),
  seed: quantity({ unit: "the seed replication seeds are derived from", min: 0, max: Number.MAX_SAFE_INTEGER, int: true }).default(1),
});

export type SpecInput = z.input<typeof specSchema>;
type Parsed = z.output<typeof specSchema>;
export type { Kind };

// The spec as hashed and recorded in the header: the scenario inlined (so the hash covers its
// content, not its file name) and the kind decided.
export interface Spec extends Omit<Parsed, "scenario" | "kind"> {
  scenario: Record<string, unknown>;
  kind: Kind;
}

// Ranges include `to` when a step lands on it (OMNeT++'s `10..50 step 10`); values are from + i·step
// rounded to 12 significant digits so 0.1-steps print as 0.3, not 0.30000000000000004.
export function rangeValues(r: { from: number; to: number; step: number }): number[] {
  const n = Math.floor((r.to - r.from) / r.step + 1e-9) + 1;
  return Array.from({ length: n }, (_, i) => Number((r.from + i * r.step).toPrecision(12)));
}

function checkPaths(s: Parsed): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const visit = (where: string, path: string) => {
    if (!PATH_RE.test(path)) problems.push(`${where}: ${show(path)} is not a dotted field path (e.g. path.forward.delayMs or flows.0.cc)`);
    else if (path === "seed") problems.push(`${where}: seed cannot be an axis; every run's seed is derived from the spec's "seed" and the replication index (use "replications")`);
    else if (seen.has(path)) problems.push(`${where}: ${path} is already varied by ${seen.get(path)}`);
    seen.set(path, where);
  };
  for (const [p, a] of Object.entries(s.axes)) {
    visit(`axes.${p}`, p);
    if (!Array.isArray(a)) {
      if (a.to < a.from) problems.push(`axes.${p}.to: got ${a.to}; must be ≥ from (${a.from})`);
      else if ((a.to - a.from) / a.step >= MAX_RUNS) problems.push(`axes.${p}: from ${a.from} to ${a.to} step ${a.step} gives more than ${MAX_RUNS} values`);
    }
  }
  s.zip.forEach((group, g) => {
    const lengths = Object.values(group).map((l) => l.length);
    if (lengths.length === 0) problems.push(`zip.${g}: must name at least one path`);
    else if (new Set(lengths).size > 1) problems.push(`zip.${g}: lists must have the same length (got ${Object.entries(group).map(([p, l]) => `${p}: ${l.length}`).join(", ")})`);
    for (const p of Object.keys(group)) visit(`zip.${g}.${p}`, p);
  });
  for (const [p, a] of Object.entries(s.samples?.axes ?? {})) {
    visit(`samples.axes.${p}`, p);
    if (!Array.isArray(a) && !(a.max > a.min)) problems.push(`samples.axes.${p}.max: got ${a.max}; must be > min (${a.min})`);
    if (!Array.isArray(a) && a.integer && !(Number.isInteger(a.min) && Number.isInteger(a.max))) problems.push(`samples.axes.${p}: integer intervals need integer min and max (got ${a.min}, ${a.max})`);
  }
  if (s.samples && Object.keys(s.samples.axes).length === 0) problems.push("samples.axes: must name at least one path");
  return problems;
}

function readScenario(ref: string, specFile: string): Record<string, unknown> {
  const file = resolve(dirname(specFile), ref);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new SweepError([`${specFile}: scenario: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SweepError([`${specFile}: scenario: ${file} is not valid JSON (${(e as Error).message})`]);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new SweepError([`${specFile}: scenario: ${file} must hold a JSON object`]);
  return doc as Record<string, unknown>;
}

// `raw` is the spec document; `specFile` names it in errors and anchors a relative scenario path.
export function parseSpec(raw: unknown, specFile: string): Spec {
  const r = specSchema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new SweepError(formatIssues(specSchema, r.error).map((l) => `${specFile}: ${l}`));
  const problems = checkPaths(r.data);
  if (problems.length) throw new SweepError(problems.map((l) => `${specFile}: ${l}`));
  const scenario = typeof r.data.scenario === "string" ? readScenario(r.data.scenario, specFile) : r.data.scenario;
  return { ...r.data, scenario, kind: kindFor(scenario, r.data.kind, specFile) };
}

// The kind the document's marker field says (a stated kind must agree with it); a stated kind
// alone when the document has no marker (an axis may supply it).
function kindFor(doc: Record<string, unknown>, stated: Kind | undefined, specFile: string): Kind {
  const found = kindsOf(doc);
  const markers = KIND_NAMES.map((k) => `${markerOf(k)} (${k})`).join(", ");
  const named = (ks: Kind[]) => ks.map((k) => `${k} (it has ${markerOf(k)})`).join(" and ");
  if (found.length > 1) throw new SweepError([`${specFile}: scenario: looks like ${named(found)}; a scenario has one of ${markers}`]);
  if (stated === undefined) {
    if (found.length === 0) throw new SweepError([`${specFile}: scenario: cannot tell its kind: it has none of ${markers}; add it, or set "kind" (${KIND_NAMES.join(", ")})`]);
    return found[0]!;
  }
  if (found.length === 1 && found[0] !== stated) throw new SweepError([`${specFile}: kind: got "${stated}", but the scenario is ${named(found)}; leave "kind" out or make them agree`]);
  return stated;
}

export function readSpec(file: string): Spec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new SweepError([`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SweepError([`${file}: not valid JSON (${(e as Error).message})`]);
  }
  return parseSpec(raw, file);
}
