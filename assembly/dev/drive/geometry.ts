// Where a sector lies on the 2006 drive and how long the media takes to pass it under the head.
// Zoned recording: the same number of cylinders per zone, sectors per track falling linearly from
// the outer zone's (derived from its published media rate) to the inner zone's; cylinder-major
// numbering (all heads of a cylinder, then the next cylinder inwards); each track's sector 0 is
// skewed by one track switch from the previous track's, so a sequential transfer loses exactly
// the switch time at each track boundary (the way drives format to sustain their rate).
//
// Angles are integers: one revolution = REV_UNITS, the spindle turns `rpm` units per nanosecond.
import { DriveSpec, REV_UNITS, ceilDiv } from "./spec";

export class Geometry {
  rpm: i64;
  heads: i64;
  zones: i32;
  cylinders: i64;
  cylPerZone: i64;
  skewUnits: i64;
  phasePeriodNs: i64; // the spindle's angle repeats every this many ns (whole revolutions, integer ns)
  spindleOffsetNs: i64 = 0; // the spindle's angle at t = 0 is where it is `spindleOffsetNs` into a period
  spt: StaticArray<i64>; // sectors per track, by zone
  zoneStart: StaticArray<i64>; // first sector of each zone

  constructor(spec: DriveSpec) {
    assert(spec.zones >= 2 && spec.heads >= 1 && spec.rpm > 0, "drive: bad geometry");
    const rpm = <i64>spec.rpm;
    const heads = <i64>spec.heads;
    // sectors per track = media rate / (512 bytes × revolutions per second)
    const outer = <f64>spec.outerMediaBytesPerSec * 60.0 / (512.0 * <f64>rpm);
    const inner = <f64>spec.innerMediaBytesPerSec * 60.0 / (512.0 * <f64>rpm);
    const spt = new StaticArray<i64>(spec.zones);
    let perCylinderSum: i64 = 0;
    for (let z = 0; z < spec.zones; z++) {
      spt[z] = <i64>Math.round(outer + (inner - outer) * <f64>z / <f64>(spec.zones - 1));
      perCylinderSum += spt[z] * heads;
    }
    const cylPerZone = ceilDiv(spec.capacitySectors, perCylinderSum);
    const zoneStart = new StaticArray<i64>(spec.zones + 1);
    let s: i64 = 0;
    for (let z = 0; z < spec.zones; z++) {
      zoneStart[z] = s;
      s += cylPerZone * heads * spt[z];
    }
    zoneStart[spec.zones] = s;
    this.rpm = rpm;
    this.heads = heads;
    this.zones = spec.zones;
    this.skewUnits = spec.trackSwitchNs * rpm;
    this.phasePeriodNs = REV_UNITS / gcd(REV_UNITS, rpm);
    this.spt = spt;
    this.cylPerZone = cylPerZone;
    this.cylinders = cylPerZone * spec.zones;
    this.zoneStart = zoneStart;
  }

  zoneOf(sector: i64): i32 {
    let z = 0;
    while (z + 1 < this.zones && this.zoneStart[z + 1] <= sector) z++;
    return z;
  }
  sectorsPerTrack(sector: i64): i64 {
    return this.spt[this.zoneOf(sector)];
  }
  cylinderOf(sector: i64): i64 {
    const z = this.zoneOf(sector);
    return <i64>z * this.cylPerZone + (sector - this.zoneStart[z]) / (this.heads * this.spt[z]);
  }
  // the track's number counted over the whole disk (cylinder × heads + head)
  trackOf(sector: i64): i64 {
    const z = this.zoneOf(sector);
    return <i64>z * this.cylPerZone * this.heads + (sector - this.zoneStart[z]) / this.spt[z];
  }
  private inTrack(sector: i64): i64 {
    const z = this.zoneOf(sector);
    return (sector - this.zoneStart[z]) % this.spt[z];
  }
  // the angle at which the sector begins
  angleOf(sector: i64): i64 {
    const n = this.sectorsPerTrack(sector);
    return ((this.trackOf(sector) % REV_UNITS) * this.skewUnits % REV_UNITS + this.inTrack(sector) * REV_UNITS / n) % REV_UNITS;
  }
  // the spindle's angle at absolute time t (at 0 when t + spindleOffsetNs is a whole period)
  phaseAt(t: i64): i64 {
    return (((t + this.spindleOffsetNs) % this.phasePeriodNs) * this.rpm) % REV_UNITS;
  }
  // Waiting, from t, until the sector's start comes under the head.
  rotationNs(t: i64, sector: i64): i64 {
    let delta = (this.angleOf(sector) - this.phaseAt(t)) % REV_UNITS;
    if (delta < 0) delta += REV_UNITS;
    return ceilDiv(delta, this.rpm);
  }
  // the first sector of the sector's track
  trackStart(sector: i64): i64 {
    return sector - this.inTrack(sector);
  }
  // The time the media takes to pass `n` sectors from `sector` on (track switches included), once
  // the head is at its start.
  mediaNs(sector: i64, n: i64): i64 {
    return ceilDiv(this.mediaUnits(sector, n), this.rpm);
  }
  // The same in angle units (exact: the sum over two ranges split inside a track is the whole
  // range's; split at a track start, the whole range adds one skew between them).
  mediaUnits(sector: i64, n: i64): i64 {
    let units: i64 = 0;
    let s = sector;
    let left = n;
    while (left > 0) {
      const spt = this.sectorsPerTrack(s);
      const at = this.inTrack(s);
      const k = min(left, spt - at);
      units += (at + k) * REV_UNITS / spt - at * REV_UNITS / spt;
      left -= k;
      s += k;
      if (left > 0) units += this.skewUnits;
    }
    return units;
  }
  // How many whole sectors from `sector` on the media passes while it turns `units` (≥ 0; at most `cap`).
  sectorsPassed(sector: i64, units: i64, cap: i64): i64 {
    let s = sector;
    let read: i64 = 0;
    const last = this.zoneStart[this.zones];
    while (read < cap && s < last) {
      const spt = this.sectorsPerTrack(s);
      const at = this.inTrack(s);
      const base = at * REV_UNITS / spt;
      const whole = REV_UNITS - base; // to the end of this track
      if (units < whole) {
        read += units * spt / REV_UNITS; // whole sectors passed from this one's start
        break;
      }
      units -= whole;
      read += spt - at;
      s += spt - at;
      units -= this.skewUnits;
      if (units < 0) break;
    }
    return min(read, cap);
  }
}

function gcd(a: i64, b: i64): i64 {
  while (b != 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}
