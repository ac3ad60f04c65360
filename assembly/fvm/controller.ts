// The FVM controller (seed 003 §2.2–2.3, §4, Table 1): AIMD on the thread limit (MPL control), and
// once the limit is down to one thread, AIMD on the VM's run rate 1/Ts (rate control by forced sleep).

export const RATE_OFF: f64 = 0; // rate control not engaged: the VM never sleeps

let aiThreads: i32 = 1; // Table 1: additive constant, MPL control, 1 thread
let aiRateHz: f64 = 0.1; // Table 1: additive constant, rate control, 0.1 Hz
let mdFactor: f64 = 1.5; // Table 1: multiplicative constant 1.5
let releaseHz: f64 = 2; // our choice (the paper gives none): rate at which rate control lets go
let limit = new StaticArray<i32>(0);
let rate = new StaticArray<f64>(0);

export function controllerInit(vms: i32, initialLimit: i32, ai: i32, aiRate: f64, md: f64, release: f64): void {
  aiThreads = ai;
  aiRateHz = aiRate;
  mdFactor = md;
  releaseHz = release;
  limit = new StaticArray<i32>(vms);
  rate = new StaticArray<f64>(vms);
  for (let v = 0; v < vms; v++) unchecked((limit[v] = initialLimit));
}

// One control period. `congested`: R > H. `binds`: the VM's demand (active + suspended + waiting
// threads) reaches its limit. Simplification (named): the limit grows only while it binds, as Linux
// grows cwnd only when cwnd-limited — otherwise an idle VM's limit would climb without bound and
// the first decreases after a long quiet spell would not bite.
export function controllerStep(v: i32, congested: bool, binds: bool): void {
  const l = unchecked(limit[v]);
  const r = unchecked(rate[v]);
  if (congested) {
    if (l > 1) {
      unchecked((limit[v] = max(1, <i32>Math.floor(<f64>l / mdFactor))));
    } else {
      // MPL = 1: rate control engages at the release rate divided by the constant (as if the
      // unthrottled VM ran at the release rate), then decreases multiplicatively.
      unchecked((rate[v] = (r == RATE_OFF ? releaseHz : r) / mdFactor));
    }
    return;
  }
  if (r != RATE_OFF) {
    const n = r + aiRateHz;
    unchecked((rate[v] = n >= releaseHz ? RATE_OFF : n));
    return;
  }
  if (binds) unchecked((limit[v] = l + aiThreads));
}

@inline export function controllerLimit(v: i32): i32 {
  return unchecked(limit[v]);
}
@inline export function controllerRate(v: i32): f64 {
  return unchecked(rate[v]);
}
