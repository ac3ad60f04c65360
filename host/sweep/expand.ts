// From a spec to the ordered list of runs. The order is OMNeT++'s nested loops: grid axes in the
// spec's order (the first outermost), then each zip group, then the sample points, then the
// replications innermost. A run's index in this order is stable, so it is also the shard key.
//
// Replication seeds: seed(r) = the first 13 hex digits (52 bits) of
// SHA-256("foxsim-sweep-seed/<spec seed>/<r>") read as an integer — independent-looking streams for
// neighbouring r (the core's PRNG is not fed 1, 2, 3 …), the same on every machine, and ≤ 2^53 − 1.
import { applyOverrides, ScenarioError } from "../schema.ts";
import { parseAs, costOf, type AnyScenario } from "./kinds/index.ts";
import { sha256Hex, hashOf } from "./canonical.ts";
import { samplePoints } from "./sample.ts";
import { rangeValues, SweepError, MAX_RUNS, type Spec, type Kind } from "./spec.ts";

export interface Point {
  index: number;
  values: Record<string, unknown>; // dotted path → value, in axis order
  replication: number;
  seed: number;
}

export type Resolved =
  | { point: Point; key: string; kind: Kind; scenario: AnyScenario; cost: number; problems?: undefined }
  | { point: Point; key: string; kind: Kind; scenario?: undefined; cost: 0; problems: string[] };

export function replicationSeed(specSeed: number, replication: number): number {
  return parseInt(sha256Hex(`foxsim-sweep-seed/${specSeed}/${replication}`).slice(0, 13), 16);
}

// Each dimension is a list of partial assignments; a run takes one entry of each.
function dimensions(spec: Spec): Record<string, unknown>[][] {
  const dims: Record<string, unknown>[][] = [];
  for (const [p, a] of Object.entries(spec.axes)) dims.push((Array.isArray(a) ? a : rangeValues(a)).map((v) => ({ [p]: v })));
  for (const group of spec.zip) {
    const entries = Object.entries(group);
    dims.push(entries[0]![1].map((_, i) => Object.fromEntries(entries.map(([p, l]) => [p, l[i]]))));
  }
  if (spec.samples) dims.push(samplePoints(spec.samples));
  return dims;
}

export function countRuns(spec: Spec): number {
  return dimensions(spec).reduce((n, d) => n * d.length, 1) * spec.replications;
}

export function expand(spec: Spec): Point[] {
  const dims = dimensions(spec);
  const total = dims.reduce((n, d) => n * d.length, 1) * spec.replications;
  if (total > MAX_RUNS) throw new SweepError([`the spec expands to ${total} runs; at most ${MAX_RUNS} per spec (split it into several specs)`]);
  const seeds = Array.from({ length: spec.replications }, (_, r) => replicationSeed(spec.seed, r));
  const points: Point[] = [];
  for (let index = 0; index < total; index++) {
    let rest = index;
    const replication = rest % spec.replications;
    rest = Math.floor(rest / spec.replications);
    const parts: Record<string, unknown>[] = [];
    for (let d = dims.length - 1; d >= 0; d--) {
      parts.unshift(dims[d]![rest % dims[d]!.length]!);
      rest = Math.floor(rest / dims[d]!.length);
    }
    points.push({ index, values: Object.assign({}, ...parts), replication, seed: seeds[replication]! });
  }
  return points;
}

// The point's document: the base with each value set by its path exactly as `--set path=<JSON>`.
function documentOf(spec: Spec, p: Point): unknown {
  const sets = Object.entries(p.values).map(([path, v]) => `${path}=${JSON.stringify(v)}`);
  return applyOverrides(spec.scenario, [...sets, `seed=${p.seed}`]);
}

// Validated with defaults filled, keyed by the hash of {kind, scenario} (the seed is in the scenario).
// A point that does not validate keeps its problems and is keyed by its unvalidated document.
export function resolve(spec: Spec, p: Point): Resolved {
  let doc: unknown;
  try {
    doc = documentOf(spec, p);
    const scenario = parseAs(spec.kind, doc);
    return { point: p, kind: spec.kind, scenario, key: hashOf({ kind: spec.kind, scenario }), cost: costOf(spec.kind, scenario) }; // cost: for longest-expected-first scheduling
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { point: p, kind: spec.kind, key: hashOf({ kind: spec.kind, invalid: doc ?? null, values: p.values, seed: p.seed }), cost: 0, problems: e.problems };
  }
}

// A typo in an axis path would fail every run the same way: refuse the spec instead, naming the path.
export function checkAxisPaths(spec: Spec, points: readonly Point[]): void {
  const first = points[0];
  if (!first) return;
  const r = resolve(spec, first);
  if (!r.problems) return;
  const problems: string[] = [];
  for (const path of Object.keys(first.values)) {
    const keys = path.split(".");
    for (let i = 1; i <= keys.length; i++) {
      const prefix = keys.slice(0, i).join(".");
      const line = r.problems.find((l) => l.startsWith(`${prefix}: unknown field`) || l.startsWith(`${prefix}, `));
      if (line) {
        problems.push(`axis ${path}: ${line}`);
        break;
      }
    }
  }
  if (problems.length) throw new SweepError(problems);
}

// Two runs with one key would be one run twice (and resume could not tell them apart).
export function checkDistinct(runs: readonly Resolved[]): void {
  const seen = new Map<string, number>();
  for (const r of runs) {
    const other = seen.get(r.key);
    if (other !== undefined) throw new SweepError([`runs ${other} and ${r.point.index} resolve to the same scenario and seed (key ${r.key.slice(0, 12)}…): an axis repeats a value, or sets a field to its default elsewhere in the sweep`]);
    seen.set(r.key, r.point.index);
  }
}
