// RTT samples as the policies saw them, for distributions (seed 001 Figure 4): the sender's TCP
// logs each per-ACK sample it hands its congestion control; a VMM policy logs the samples it
// measures at the physical NIC. Off unless the host enables it; a full log stops recording and says so.
export const RTT_FROM_TCP: i32 = 0;
export const RTT_FROM_VMM: i32 = 1;

let buf = new StaticArray<i64>(0); // pairs: source, rtt ns
let count: i32 = 0;
let capacity: i32 = 0;
let overflowed: bool = false;

export function rttLogInit(samples: i32): void {
  buf = new StaticArray<i64>(samples * 2);
  capacity = samples;
  count = 0;
  overflowed = false;
}

export function rttLog(source: i32, rttNs: i64): void {
  if (count >= capacity) {
    overflowed = capacity > 0;
    return;
  }
  unchecked((buf[count * 2] = source));
  unchecked((buf[count * 2 + 1] = rttNs));
  count++;
}

export function rttLogCount(): i32 {
  return count;
}
export function rttLogPtr(): usize {
  return changetype<usize>(buf);
}
export function rttLogOverflowed(): bool {
  return overflowed;
}
