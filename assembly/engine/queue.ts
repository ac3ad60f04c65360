// The event queue: a 4-ary min-heap in linear memory, ordered by (time, insertion sequence).
// Struct-of-arrays entries; sized once per run by `queueInit`, so scheduling never allocates.
// The arity is 2^arityLog2 (default 4): a 4-ary heap halves the depth of a binary heap and keeps
// the children adjacent in each array; `npm run bench` measures 2-, 4- and 8-ary side by side.

let hTime: StaticArray<i64> = new StaticArray<i64>(0);
let hSeq: StaticArray<i64> = new StaticArray<i64>(0);
let hData: StaticArray<i64> = new StaticArray<i64>(0);
let size: i32 = 0;
let capacity: i32 = 0;
let nextSeq: i64 = 0;
let overflowed: bool = false;
let arityLog2: i32 = 2;

export function queueInit(cap: i32, log2Arity: i32 = 2): void {
  arityLog2 = log2Arity;
  hTime = new StaticArray<i64>(cap);
  hSeq = new StaticArray<i64>(cap);
  hData = new StaticArray<i64>(cap);
  capacity = cap;
  size = 0;
  nextSeq = 0;
  overflowed = false;
}

export function queueSize(): i32 {
  return size;
}

export function queueOverflowed(): bool {
  return overflowed;
}

// Events carry a kind (8 bits used) and a 32-bit argument.
@inline export function packEvent(kind: i32, arg: i32): i64 {
  return (<i64>kind << 32) | <i64>(<u32>arg);
}
@inline export function eventKind(data: i64): i32 {
  return <i32>(data >>> 32);
}
@inline export function eventArg(data: i64): i32 {
  return <i32>data;
}

@inline function before(t1: i64, s1: i64, t2: i64, s2: i64): bool {
  return t1 < t2 || (t1 == t2 && s1 < s2);
}

export function queuePush(time: i64, data: i64): void {
  if (size >= capacity) {
    overflowed = true; // the run loop stops and reports it; never silently drop an event
    return;
  }
  const seq = nextSeq++;
  let i = size++;
  while (i > 0) {
    const p = (i - 1) >> arityLog2;
    const pt = unchecked(hTime[p]);
    const ps = unchecked(hSeq[p]);
    if (!before(time, seq, pt, ps)) break;
    unchecked((hTime[i] = pt));
    unchecked((hSeq[i] = ps));
    unchecked((hData[i] = hData[p]));
    i = p;
  }
  unchecked((hTime[i] = time));
  unchecked((hSeq[i] = seq));
  unchecked((hData[i] = data));
}

// Time of the earliest event; callers check queueSize() first.
@inline export function queueTopTime(): i64 {
  return unchecked(hTime[0]);
}
@inline export function queueTopData(): i64 {
  return unchecked(hData[0]);
}

export function queuePop(): void {
  const n = --size;
  if (n == 0) return;
  const t = unchecked(hTime[n]);
  const s = unchecked(hSeq[n]);
  const d = unchecked(hData[n]);
  let i = 0;
  while (true) {
    const c0 = (i << arityLog2) + 1;
    if (c0 >= n) break;
    // smallest of the children
    let m = c0;
    let mt = unchecked(hTime[c0]);
    let ms = unchecked(hSeq[c0]);
    const cEnd = min(c0 + (1 << arityLog2), n);
    for (let c = c0 + 1; c < cEnd; c++) {
      const ct = unchecked(hTime[c]);
      const cs = unchecked(hSeq[c]);
      if (before(ct, cs, mt, ms)) {
        m = c;
        mt = ct;
        ms = cs;
      }
    }
    if (!before(mt, ms, t, s)) break;
    unchecked((hTime[i] = mt));
    unchecked((hSeq[i] = ms));
    unchecked((hData[i] = hData[m]));
    i = m;
  }
  unchecked((hTime[i] = t));
  unchecked((hSeq[i] = s));
  unchecked((hData[i] = d));
}
