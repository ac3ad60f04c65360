// Fairness of a throughput vector: the seed's index (003 eq 16), which also charges inefficiency,
// and Jain's index, which measures equality alone.

// FI = 1 − ‖x − o‖ / ‖o‖ with o the per-VM throughput of a perfectly fair and efficient allocation.
// 1 is optimal; it falls when either fairness or efficiency is lost (and can go below 0).
export function fairnessIndex(x: readonly number[], optimal: readonly number[]): number {
  if (x.length !== optimal.length || x.length === 0) throw new RangeError("fairnessIndex: x and o must be non-empty and of equal length");
  let d = 0;
  let o = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i]! - optimal[i]!) ** 2;
    o += optimal[i]! ** 2;
  }
  if (o === 0) throw new RangeError("fairnessIndex: the optimal allocation is all zero");
  return 1 - Math.sqrt(d) / Math.sqrt(o);
}

// Jain, Chiu & Hawe (1984): (Σx)² / (n Σx²), from 1/n (one takes all) to 1 (all equal).
export function jainIndex(x: readonly number[]): number {
  if (x.length === 0) throw new RangeError("jainIndex: empty vector");
  let s = 0;
  let q = 0;
  for (const v of x) {
    s += v;
    q += v * v;
  }
  return q === 0 ? 1 : (s * s) / (x.length * q);
}
