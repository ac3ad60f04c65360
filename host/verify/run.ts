// Runs one property with fast-check and reports what a user needs to replay it: the seed, and on
// failure the shrunk counterexample and its path (fast-check's `seed` + `path` parameters rebuild it
// exactly: fast-check.dev/docs/api/interfaces/RunDetailsCommon/).
import fc from "fast-check";
import type { Property } from "./property.ts";

// Below this many runs the share of valid inputs says little; the vacuity check waits for more.
const VACUITY_MIN_RUNS = 50;

export interface Outcome {
  property: string;
  seed: number;
  runs: number; // inputs tried before the verdict (not counting shrinking steps)
  verdict: "pass" | "fail";
  shrinks?: number;
  counterexample?: unknown; // the property's document of the shrunk input
  path?: string; // fast-check's counterexamplePath
  error?: string; // the broken assertion's message
}

export interface CheckOptions {
  seed: number;
  runs?: number; // default: the property's own
  path?: string; // replay this counterexample path (from a failure's report) instead of searching
  onRun?: (done: number, total: number, shrinking: boolean) => void;
}

export async function checkProperty(p: Property, o: CheckOptions): Promise<Outcome> {
  const runs = o.runs ?? p.runs;
  let calls = 0;
  let valid = 0;
  let failing = false; // after the first failure every call is a shrinking step
  const prop = fc.asyncProperty(p.arbitrary, async (value) => {
    o.onRun?.(failing ? calls : Math.min(calls, runs), runs, failing);
    calls++;
    try {
      if ((await p.check(value)) !== "invalid" && !failing) valid++;
    } catch (e) {
      failing = true;
      throw e;
    }
  });
  const d = await fc.check(prop, { seed: o.seed, numRuns: runs, ...(o.path !== undefined ? { path: o.path } : {}) });
  if (d.failed) {
    const value = (d.counterexample as [unknown])[0];
    return {
      property: p.name, seed: d.seed, runs: d.numRuns, verdict: "fail", shrinks: d.numShrinks,
      counterexample: p.document ? p.document(value) : value, path: d.counterexamplePath ?? undefined, error: errorText(d.errorInstance),
    };
  }
  if (p.minValidShare !== undefined && o.path === undefined && runs >= VACUITY_MIN_RUNS && valid < p.minValidShare * runs)
    return { property: p.name, seed: d.seed, runs, verdict: "fail", error: `only ${valid} of ${runs} inputs were valid (at least ${Math.ceil(p.minValidShare * runs)} needed): the property tests too little` };
  return { property: p.name, seed: d.seed, runs: d.numRuns, verdict: "pass" };
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.split("\n").filter((l) => l.trim() !== "").slice(0, 6).join("\n");
  return String(e);
}

// A fresh seed for a run that was given none (fast-check's seeds are 32-bit integers; kept ≥ 0 so
// that the printed --seed is a plain number).
export function randomSeed(): number {
  return (Math.random() * 0x8000_0000) >>> 0;
}
