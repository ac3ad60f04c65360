// Seek time from distance in DiskSim's `hpl` form, after Ruemmler & Wilkes (IEEE Computer, March
// 1994): d < V1: V2 + V3·√d; else V4 + V5·d; one cylinder: V6 (DiskSim diskmodel/mech_g1_seektime.c).
//
// Fitted to a datasheet's three figures: V6 = the single-track time; the two pieces meet with the
// same value and slope at the division point; full stroke = the time over all cylinders; and the
// datasheet's average (Hitachi's definition: every seek length n weighted by (max + 1 − n), i.e. two
// uniformly random cylinders) equals the published average seek, taken over the continuous curve.
// The division point is the one free choice (a fraction of the stroke, DriveSpec.divisionFraction).
export class HplSeek {
  constructor(
    public maxDistance: i64, // cylinders − 1
    public divisionCyl: f64, // V1
    public rootConst: f64, // V2, ns
    public rootMul: f64, // V3, ns per √cylinder
    public linConst: f64, // V4, ns
    public linMul: f64, // V5, ns per cylinder
    public oneCylNs: i64, // V6
  ) {}

  ns(distance: i64): i64 {
    if (distance <= 0) return 0;
    if (distance == 1) return this.oneCylNs;
    const d = <f64>distance;
    const t = d < this.divisionCyl ? this.rootConst + this.rootMul * Math.sqrt(d) : this.linConst + this.linMul * d;
    return <i64>Math.floor(t + 0.5);
  }
}

export function fitHpl(cylinders: i64, singleNs: i64, averageNs: i64, fullNs: i64, divisionFraction: f64): HplSeek {
  const n = <f64>(cylinders - 1);
  const v = divisionFraction;
  const rv = Math.sqrt(v);
  // over x = d / n: t(x) = a + b√x below v, c + e·x above, with c = a + b√v/2 and e = b/(2√v)
  // (equal value and slope at v). Then t(1) = a + b·full and the mean under density 2(1 − x) is a + b·mean.
  const full = rv / 2 + 1 / (2 * rv);
  const rootPart = 2 * ((2.0 / 3.0) * Math.pow(v, 1.5) - 0.4 * Math.pow(v, 2.5));
  const linPart = 2 * ((1 - v * v) / 2 - (1 - v * v * v) / 3);
  const mean = rootPart + (rv / 2) * (1 - v) * (1 - v) + linPart / (2 * rv);
  const b = (<f64>fullNs - <f64>averageNs) / (full - mean);
  const a = <f64>averageNs - b * mean;
  assert(a > 0 && b > 0, "drive: seek figures admit no hpl curve");
  const rootMul = b / Math.sqrt(n);
  const linConst = a + (b * rv) / 2;
  const linMul = b / (2 * rv) / n;
  return new HplSeek(cylinders - 1, v * n, a, rootMul, linConst, linMul, singleNs);
}
