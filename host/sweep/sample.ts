// Random and Latin-hypercube samples from a seeded PRNG: pure-rand's xoroshiro128+ seeded with
// samples.seed, uniform doubles in [0, 1) with 53 random bits (uniformFloat64). Draw order is fixed:
//  - random: for each sample point in turn, one draw per axis in the spec's axis order;
//  - lhs: for each axis in order, a Fisher–Yates permutation of the count strata (count−1 … 1 draws,
//    uniformInt), then one draw per point for its position inside its stratum (McKay, Beckman and
//    Conover 1979: each axis's range cut into count equal strata, each stratum sampled exactly once).
// A unit value u maps to an interval as min + u·(max − min); an integer interval as
// min + ⌊u·(max − min + 1)⌋; a list of choices as choices[⌊u·length⌋].
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { Spec } from "./spec.ts";

type SampleAxis = NonNullable<Spec["samples"]>["axes"][string];

function place(a: SampleAxis, u: number): unknown {
  if (Array.isArray(a)) return a[Math.min(a.length - 1, Math.floor(u * a.length))];
  if (a.integer) return Math.min(a.max, a.min + Math.floor(u * (a.max - a.min + 1)));
  return a.min + u * (a.max - a.min);
}

export function samplePoints(samples: NonNullable<Spec["samples"]>): Record<string, unknown>[] {
  const rng = xoroshiro128plus(samples.seed);
  const axes = Object.entries(samples.axes);
  const n = samples.count;
  if (samples.method === "random") {
    return Array.from({ length: n }, () => Object.fromEntries(axes.map(([p, a]) => [p, place(a, uniformFloat64(rng))])));
  }
  const columns = axes.map(([, a]) => {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [strata[i], strata[j]] = [strata[j]!, strata[i]!];
    }
    return strata.map((s) => place(a, (s + uniformFloat64(rng)) / n));
  });
  return Array.from({ length: n }, (_, i) => Object.fromEntries(axes.map(([p], k) => [p, columns[k]![i]])));
}
