// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014; the constants of Vigna's splitmix64.c): a small
// seeded generator of its own, so that building a file system draws nothing from the run's streams.
export class SplitMix64 {
  constructor(public state: u64) {}
  next(): u64 {
    this.state += 0x9e3779b97f4a7c15;
    let z = this.state;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111eb;
    return z ^ (z >>> 31);
  }
  // uniform in [0, 1) from the top 53 bits
  uniform(): f64 {
    return <f64>(this.next() >>> 11) * (1.0 / 9007199254740992.0);
  }
  // uniform integer in [0, n)
  below(n: i32): i32 {
    return <i32>(this.next() % <u64>n);
  }
}
