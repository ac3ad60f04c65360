// The FVM monitor (seed 003 §2.1 and §4): per VM, an EWMA of virtual-clock-time samples (eq 1), and
// at the end of each control period the slowdown R = VCT̄(t) / VCT_min(t), where VCT_min is the
// minimum of the previous w period-end values of VCT̄ (eq 2, i = 1 … w: the current value is not in
// its own baseline). R is computed before the current value enters the window.

let gamma: f64 = 0.3;
let window: i32 = 12;
let ewma = new StaticArray<f64>(0); // VCT̄, ns
let samples = new StaticArray<i64>(0); // VCT samples seen so far
let ring = new StaticArray<f64>(0); // previous period-end values of VCT̄, `window` per VM
let ringCount = new StaticArray<i32>(0);
let ringNext = new StaticArray<i32>(0);
let lastR = new StaticArray<f64>(0);

export function monitorInit(vms: i32, g: f64, w: i32): void {
  gamma = g;
  window = w;
  ewma = new StaticArray<f64>(vms);
  samples = new StaticArray<i64>(vms);
  ring = new StaticArray<f64>(vms * w);
  ringCount = new StaticArray<i32>(vms);
  ringNext = new StaticArray<i32>(vms);
  lastR = new StaticArray<f64>(vms);
  for (let v = 0; v < vms; v++) unchecked((lastR[v] = 1));
}

// One VCT sample x (ns): eq 1. The first sample has no predecessor to average with, so it sets VCT̄.
export function monitorSample(v: i32, x: f64): void {
  const n = unchecked(samples[v]);
  unchecked((ewma[v] = n == 0 ? x : (1 - gamma) * unchecked(ewma[v]) + gamma * x));
  unchecked((samples[v] = n + 1));
}

// End of a control period: R against the window (eq 2), then VCT̄(t) joins the window. Before any
// sample, or with an empty window, there is no baseline and R = 1 (no congestion signal).
export function monitorPeriodEnd(v: i32): f64 {
  if (unchecked(samples[v]) == 0) {
    unchecked((lastR[v] = 1));
    return 1;
  }
  const cur = unchecked(ewma[v]);
  const count = unchecked(ringCount[v]);
  const base = v * window;
  let r: f64 = 1;
  if (count > 0) {
    let m = f64.MAX_VALUE;
    for (let i = 0; i < count; i++) m = min(m, unchecked(ring[base + i]));
    r = cur / m;
  }
  const at = unchecked(ringNext[v]);
  unchecked((ring[base + at] = cur));
  unchecked((ringNext[v] = at + 1 == window ? 0 : at + 1));
  if (count < window) unchecked((ringCount[v] = count + 1));
  unchecked((lastR[v] = r));
  return r;
}

@inline export function monitorEwma(v: i32): f64 {
  return unchecked(ewma[v]);
}
@inline export function monitorLastR(v: i32): f64 {
  return unchecked(lastR[v]);
}
