// The drive's read-ahead segment cache: a few segments, each one run of consecutive sectors
// [start, end); a read miss takes the least recently used segment; at most one segment is being
// filled by the read-ahead stream (`raSegment`), as a DiskSim segment with "read any free blocks" off.
export class SegmentCache {
  start: StaticArray<i64>;
  stop: StaticArray<i64>;
  used: StaticArray<i64>; // a counter value at the last use (LRU)
  clock: i64 = 0;
  raSegment: i32 = -1;

  constructor(segments: i32) {
    assert(segments >= 1, "drive: no cache segment");
    this.start = new StaticArray<i64>(segments);
    this.stop = new StaticArray<i64>(segments);
    this.used = new StaticArray<i64>(segments);
  }

  // the segment holding `sector`, or -1
  find(sector: i64): i32 {
    for (let i = 0; i < this.start.length; i++) {
      if (this.start[i] <= sector && sector < this.stop[i]) return i;
    }
    return -1;
  }
  end(seg: i32): i64 {
    return this.stop[seg];
  }
  begin(seg: i32): i64 {
    return this.start[seg];
  }
  touch(seg: i32): void {
    this.used[seg] = ++this.clock;
  }
  // A read miss: the least recently used segment now holds [from, to).
  fill(from: i64, to: i64): i32 {
    let victim = 0;
    for (let i = 1; i < this.start.length; i++) if (this.used[i] < this.used[victim]) victim = i;
    this.start[victim] = from;
    this.stop[victim] = to;
    this.used[victim] = ++this.clock;
    return victim;
  }
  // The segment's data now ends at `to`; a segment holds at most `capacity` sectors, so as the
  // stream's limit moves on, the oldest sectors go (a ring buffer).
  extend(seg: i32, to: i64, limit: i64, capacity: i32): void {
    if (seg < 0) return;
    this.stop[seg] = max(this.stop[seg], to);
    this.start[seg] = max(this.start[seg], limit - capacity);
  }
  // A write makes every segment it overlaps stale.
  dropOverlapping(from: i64, to: i64): void {
    for (let i = 0; i < this.start.length; i++) {
      if (this.start[i] < to && from < this.stop[i]) {
        this.start[i] = 0;
        this.stop[i] = 0;
        if (i == this.raSegment) this.raSegment = -1;
      }
    }
  }
}
