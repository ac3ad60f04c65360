// Seeded PRNG with independent named streams. Each stream is a xoshiro256** generator
// (Blackman & Vigna 2018) whose state is derived from (run seed, stream id) by SplitMix64, so a
// draw added to one subsystem never shifts the numbers another subsystem sees.

// Stream ids: append only, never renumber (that would change every recorded result).
export const STREAM_LOSS: i32 = 0; // random loss on links
export const STREAM_VIRT: i32 = 1; // virtualization jitter (guest scheduling, batching)
export const STREAM_WORKLOAD: i32 = 2; // workload choices (FVM threads, requests)
export const STREAM_REORDER: i32 = 3; // which packets a reordering link holds back (net/link.ts)
export const STREAM_PHASE: i32 = 4; // where a run's t = 0 falls on each clock: kernel ticks, the spindle's turn (storage/world.ts)
export const STREAM_COUNT: i32 = 8;

const state = new StaticArray<u64>(STREAM_COUNT * 4);

@inline function rotl(x: u64, k: u64): u64 {
  return (x << k) | (x >>> (64 - k));
}

function splitmix(x: u64): u64 {
  let z = x + 0x9e3779b97f4a7c15;
  z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >>> 27)) * 0x94d049bb133111eb;
  return z ^ (z >>> 31);
}

export function rngSeed(seed: u64): void {
  for (let s = 0; s < STREAM_COUNT; s++) {
    let x = seed ^ ((<u64>(s + 1)) * 0xd1b54a32d192ed03);
    for (let k = 0; k < 4; k++) {
      x = splitmix(x);
      unchecked((state[s * 4 + k] = x));
    }
  }
}

export function rngNext(stream: i32): u64 {
  const b = stream * 4;
  const s0 = unchecked(state[b]);
  const s1 = unchecked(state[b + 1]);
  const s2 = unchecked(state[b + 2]);
  const s3 = unchecked(state[b + 3]);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 17;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  unchecked((state[b + 1] = s1 ^ n2));
  unchecked((state[b] = s0 ^ n3));
  unchecked((state[b + 2] = n2 ^ t));
  unchecked((state[b + 3] = rotl(n3, 45)));
  return result;
}

// Uniform in [0, 1) with 53 random bits.
export function rngUniform(stream: i32): f64 {
  return <f64>(rngNext(stream) >>> 11) * 1.1102230246251565e-16; // 2^-53
}
