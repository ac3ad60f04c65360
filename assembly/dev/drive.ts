// A 2006 desktop SATA drive (Hitachi Deskstar 7K500, 7200 rpm, 500 GB) serving one command at a
// time: per-command overhead, a seek of Ruemmler & Wilkes's form (DiskSim's `hpl` model: square
// root of the distance below a division point, linear above, its own single-cylinder value),
// rotation with the spindle's phase a function of absolute time, zoned recording (outer zone ≈ 2×
// the inner one's media rate), a track switch inside a transfer, write settling, and a
// read-ahead segment cache that keeps reading after a read while the drive is idle.
//
// Simplifications (named): write-through (no write-back cache; FoxyIdle's workloads read); a
// head switch and a one-cylinder switch inside a transfer cost the same (`trackSwitchNs`); every
// zone has the same number of cylinders and its sectors per track are interpolated linearly
// between the two published zone rates; a write drops every segment it overlaps; a read that a
// stopped read-ahead only partly covers goes to the media whole; no defects or spares; one
// command at a time (ata_piix has no NCQ).
import { DriveSpec, ceilDiv } from "./drive/spec";
import { fitHpl, HplSeek } from "./drive/seek";
import { Geometry } from "./drive/geometry";
import { SegmentCache } from "./drive/cache";

export { DriveSpec } from "./drive/spec";

// The default drive of the FoxyIdle testbed.
export function drive2006(): DriveSpec {
  return new DriveSpec();
}

export class Drive {
  spec: DriveSpec;
  geo: Geometry;
  seek: HplSeek;
  cache: SegmentCache;
  headSector: i64 = 0; // the sector under the head after the last command (or its read-ahead)
  busyUntilNs: i64 = 0; // the end of the last command (one command at a time)
  // the read-ahead stream (while cache.raSegment ≥ 0): reads from `raFromNs` on until `raLimit`; it
  // had reached sector `raNext` after turning `raBaseUnits` (angle units). The stream's origin moves
  // forward to a track start it has passed (checkpoint), so that a long sequential stream costs
  // each command the tracks since the last one, not every track since the stream began.
  raFromNs: i64 = 0;
  raBaseUnits: i64 = 0;
  raNext: i64 = 0;
  raLimit: i64 = 0;
  lastSeekNs: i64 = 0;
  lastRotationNs: i64 = 0;
  lastTransferNs: i64 = 0;
  lastOverheadNs: i64 = 0;
  lastCacheHit: bool = false;

  constructor(spec: DriveSpec) {
    const geo = new Geometry(spec);
    this.spec = spec;
    this.geo = geo;
    this.seek = fitHpl(geo.cylinders, spec.singleCylinderSeekNs, spec.averageSeekNs, spec.fullStrokeSeekNs, spec.divisionFraction);
    this.cache = new SegmentCache(spec.cacheSegments);
  }

  capacitySectors(): i64 {
    return this.spec.capacitySectors;
  }

  // Serve one command that starts at startNs with the drive idle; returns its duration (ns, > 0).
  serve(startNs: i64, sector: i64, sectors: i32, write: bool): i64 {
    assert(sectors > 0 && sector >= 0 && sector + sectors <= this.spec.capacitySectors, "drive: command outside the disk");
    assert(startNs >= this.busyUntilNs, "drive: a command started while the last one was in service");
    const d = this.command(startNs, sector, sectors, write);
    this.busyUntilNs = startNs + d;
    return d;
  }

  private command(startNs: i64, sector: i64, sectors: i32, write: bool): i64 {
    const end = sector + sectors;
    const frontier = this.stopReadAheadAt(startNs);
    const o = this.spec.overheadNs;
    const iface = ceilDiv(<i64>sectors * 512 * 1_000_000_000, this.spec.interfaceBytesPerSec);
    this.lastOverheadNs = o;
    this.lastSeekNs = 0;
    this.lastRotationNs = 0;
    this.lastCacheHit = false;
    if (!write) {
      const seg = this.cache.find(sector);
      if (seg >= 0 && end <= this.cache.end(seg)) {
        // every sector already in the buffer: overhead and the interface
        this.lastCacheHit = true;
        this.lastTransferNs = iface;
        this.cache.touch(seg);
        this.resumeReadAhead(seg, startNs + o + iface, frontier, end);
        return o + iface;
      }
      const ra = this.cache.raSegment;
      if (ra >= 0 && frontier < this.raLimit && this.cache.begin(ra) <= sector && sector <= frontier) {
        // streaming: the running read-ahead reaches this command's last sector at `ready`; the
        // interface sends the data as it arrives (the last sector after it is read)
        const ready = this.raFromNs + ceilDiv(this.raBaseUnits + this.geo.mediaUnits(this.raNext, end - this.raNext), this.geo.rpm) - startNs;
        const d = max(o + iface, ready + ceilDiv(512 * 1_000_000_000, this.spec.interfaceBytesPerSec));
        this.lastTransferNs = d - o;
        this.raLimit = min(end + this.spec.readAheadSectors, this.spec.capacitySectors);
        this.cache.extend(ra, end, this.raLimit, this.spec.segmentSectors);
        this.cache.touch(ra);
        return d;
      }
    }
    this.cache.raSegment = -1;
    const seekStart = startNs + o;
    let seekNs = this.seekNs(this.geo.cylinderOf(this.headSector), this.geo.cylinderOf(sector));
    if (seekNs == 0 && this.geo.trackOf(this.headSector) != this.geo.trackOf(sector)) seekNs = this.spec.trackSwitchNs;
    if (write && seekNs > 0) seekNs += this.spec.writeSettleNs;
    const atTrack = seekStart + seekNs;
    const rot = this.geo.rotationNs(atTrack, sector);
    const media = this.geo.mediaNs(sector, sectors);
    const transfer = max(media, iface);
    this.lastSeekNs = seekNs;
    this.lastRotationNs = rot;
    this.lastTransferNs = transfer;
    const d = o + seekNs + rot + transfer;
    this.headSector = min(end, this.spec.capacitySectors - 1);
    if (write) {
      this.cache.dropOverlapping(sector, end);
    } else {
      const seg = this.cache.fill(sector, end);
      this.cache.raSegment = seg;
      this.raFromNs = atTrack + rot + media;
      this.raBaseUnits = 0;
      this.raNext = end;
      this.raLimit = min(end + this.spec.readAheadSectors, this.spec.capacitySectors);
    }
    return d;
  }

  // The seek time over `from` → `to` cylinders (0 for none).
  seekNs(from: i64, to: i64): i64 {
    return this.seek.ns(abs(to - from));
  }

  // Stops the read-ahead stream at `t`: what it read by then is in its segment, the head is after it.
  // Returns the stream's frontier (or -1 if none runs).
  private stopReadAheadAt(t: i64): i64 {
    if (this.cache.raSegment < 0) return -1;
    const turned = min(max<i64>(0, t - this.raFromNs), 1_000_000_000_000) * this.geo.rpm - this.raBaseUnits; // beyond 1000 s every limit is reached long before
    assert(turned >= 0, "drive: the read-ahead's checkpoint lies ahead of the stream");
    const read = this.geo.sectorsPassed(this.raNext, turned, this.raLimit - this.raNext);
    const frontier = min(this.raNext + read, this.raLimit);
    // checkpoint: the start of the track the frontier is in, once the stream has read into it
    const p = this.geo.trackStart(frontier - 1);
    if (p > this.raNext) {
      this.raBaseUnits += this.geo.mediaUnits(this.raNext, p - this.raNext) + this.geo.skewUnits;
      this.raNext = p;
    }
    this.cache.extend(this.cache.raSegment, frontier, frontier, this.spec.segmentSectors);
    this.headSector = min(frontier, this.spec.capacitySectors - 1);
    return frontier;
  }

  // After a hit, a read-ahead that had stopped at its limit starts again from its frontier once the
  // sector comes round under the head; a running one reads on, its limit moved past the hit.
  private resumeReadAhead(seg: i32, doneNs: i64, frontier: i64, hitEnd: i64): void {
    if (seg != this.cache.raSegment) return;
    const limit = min(hitEnd + this.spec.readAheadSectors, this.spec.capacitySectors);
    if (frontier >= this.raLimit) {
      if (limit <= frontier) return;
      this.raNext = frontier;
      this.raFromNs = doneNs + this.geo.rotationNs(doneNs, frontier);
      this.raBaseUnits = 0;
    }
    this.raLimit = max(this.raLimit, limit);
  }
}
