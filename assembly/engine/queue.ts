// The event queue: a 4-ary min-heap in linear memory, ordered by (time, insertion sequence).
// Struct-of-arrays entries; sized once per run by `queueInit`, so scheduling never allocates.
// The arity is 2^arityLog2 (default 4): a 4-ary heap halves the depth of a binary heap and keeps
// the children adjacent in each array; `npm run bench` measures 2-, 4- and 8-ary side by side.

// The arrays are allocated as StaticArrays (kept alive by these globals) and read through raw
// pointers: every read of a StaticArray reference costs a shadow-stack store under the incremental
// GC, 22 of them in one pop (measured: README "Measured performance").
let hTime: StaticArray<i64> = new StaticArray<i64>(0);
let hSeq: StaticArray<i64> = new StaticArray<i64>(0);
let hData: StaticArray<i64> = new StaticArray<i64>(0);
let tP: usize = 0;
let sP: usize = 0;
let dP: usize = 0;
@inline function T(i: i32): i64 {
  return load<i64>(tP + (<usize>i << 3));
}
@inline function S(i: i32): i64 {
  return load<i64>(sP + (<usize>i << 3));
}
@inline function D(i: i32): i64 {
  return load<i64>(dP + (<usize>i << 3));
}
@inline function put(i: i32, t: i64, s: i64, d: i64): void {
  store<i64>(tP + (<usize>i << 3), t);
  store<i64>(sP + (<usize>i << 3), s);
  store<i64>(dP + (<usize>i << 3), d);
}
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
  tP = changetype<usize>(hTime);
  sP = changetype<usize>(hSeq);
  dP = changetype<usize>(hData);
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
    const pt = T(p);
    const ps = S(p);
    if (!before(time, seq, pt, ps)) break;
    put(i, pt, ps, D(p));
    i = p;
  }
  put(i, time, seq, data);
}

// Time of the earliest event; callers check queueSize() first.
@inline export function queueTopTime(): i64 {
  return T(0);
}
@inline export function queueTopData(): i64 {
  return D(0);
}

export function queuePop(): void {
  const n = --size;
  if (n == 0) return;
  const t = T(n);
  const s = S(n);
  const d = D(n);
  let i = 0;
  while (true) {
    const c0 = (i << arityLog2) + 1;
    if (c0 >= n) break;
    // smallest of the children
    let m = c0;
    let mt = T(c0);
    let ms = S(c0);
    const cEnd = min(c0 + (1 << arityLog2), n);
    for (let c = c0 + 1; c < cEnd; c++) {
      const ct = T(c);
      const cs = S(c);
      if (before(ct, cs, mt, ms)) {
        m = c;
        mt = ct;
        ms = cs;
      }
    }
    if (!before(mt, ms, t, s)) break;
    put(i, mt, ms, D(m));
    i = m;
  }
  put(i, t, s, d);
}
