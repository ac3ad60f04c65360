// The 2006 drive on a bench (test/drive.test.ts): one drive, commands served back to back as the
// tests choose, and the figures a test derives its expectations from. f64 in and out (JavaScript numbers).
import { Drive, drive2006 } from "./drive";

let bench = new Drive(drive2006());

export function driveTestReset(): void {
  bench = new Drive(drive2006());
}
// One command at `startNs`; returns its duration in ns.
export function driveTestServe(startNs: f64, sector: f64, sectors: i32, write: bool): f64 {
  return <f64>bench.serve(<i64>startNs, <i64>sector, sectors, write);
}
export function driveTestSeekNs(distance: f64): f64 {
  return <f64>bench.seek.ns(<i64>distance);
}
// The last command's breakdown: 0 seek, 1 rotation, 2 transfer, 3 overhead (ns), 4 cache hit (1/0).
export function driveTestLast(field: i32): f64 {
  switch (field) {
    case 0: return <f64>bench.lastSeekNs;
    case 1: return <f64>bench.lastRotationNs;
    case 2: return <f64>bench.lastTransferNs;
    case 3: return <f64>bench.lastOverheadNs;
    case 4: return bench.lastCacheHit ? 1 : 0;
  }
  return NaN;
}
// Geometry and fit: 0 cylinders, 1 capacity (sectors), 2 division point (cylinders), 3 heads,
// 4 zones, 5 √ constant (ns), 6 √ multiplier, 7 linear constant (ns), 8 linear multiplier.
export function driveTestInfo(field: i32): f64 {
  switch (field) {
    case 0: return <f64>bench.geo.cylinders;
    case 1: return <f64>bench.capacitySectors();
    case 2: return bench.seek.divisionCyl;
    case 3: return <f64>bench.geo.heads;
    case 4: return <f64>bench.geo.zones;
    case 5: return bench.seek.rootConst;
    case 6: return bench.seek.rootMul;
    case 7: return bench.seek.linConst;
    case 8: return bench.seek.linMul;
  }
  return NaN;
}
// Where a sector is: 0 cylinder, 1 sectors per track of its zone, 2 zone.
export function driveTestWhere(sector: f64, field: i32): f64 {
  const s = <i64>sector;
  switch (field) {
    case 0: return <f64>bench.geo.cylinderOf(s);
    case 1: return <f64>bench.geo.sectorsPerTrack(s);
    case 2: return <f64>bench.geo.zoneOf(s);
  }
  return NaN;
}
