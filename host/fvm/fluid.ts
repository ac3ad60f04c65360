// The fluid model of FVM adaptation (seed 003 §3.1, eqs 3–7) and the centralised PI admission
// controller it is compared with (eq 8), integrated with classical fourth-order Runge–Kutta on a
// fixed step, so a trajectory is a pure function of its inputs (no adaptive step to drift with the
// platform's rounding).

export interface AimdParams {
  k1: number; // resource units per thread (eq 3)
  gamma: number; // EWMA weight of the price (eq 5), 0 < γ < 1
  sigma: number; // congestion signal per unit of averaged price (eq 6)
}

export interface PiParams {
  k1: number; // as in eq 3
  k2: number; // PI gain (eq 8)
  pTarget: number; // target price P_T (eq 8)
}

// §3.2: K1 = 10, γ = 0.1, σ = 2.5e-6; K2 = 1e-6, P_T = 1e5; five VMs from 4, 7, 10, 13, 16 threads.
export const PAPER_AIMD: AimdParams = { k1: 10, gamma: 0.1, sigma: 2.5e-6 };
export const PAPER_PI: PiParams = { k1: 10, k2: 1e-6, pTarget: 1e5 };
export const PAPER_INITIAL_THREADS: readonly number[] = [4, 7, 10, 13, 16];

export interface IntegrationOptions {
  tEnd: number; // model time units ("steps" on the paper's Figure 3 axis)
  step?: number; // RK4 step; default 0.01
  samples?: number; // points kept for plotting, evenly spaced; default 501
}

export interface Trajectory {
  t: Float64Array;
  threads: Float64Array[]; // per VM, sampled at t
  price: Float64Array; // p(t) = m(t)^2 (eq 4)
}

type Rhs = (y: Float64Array, dy: Float64Array) => void;

// Fixed-step RK4 from y0 over [0, tEnd]; `record(t, y)` sees about `samples` evenly spaced states
// (always the first and the last); `project` keeps the state inside its domain after each step
// (used for the PI controller's bounded admission ratio).
export function rk4(rhs: Rhs, y0: readonly number[], tEnd: number, step: number, samples: number, record: (t: number, y: Float64Array) => void, project?: (y: Float64Array) => void): Float64Array {
  const d = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(d), k2 = new Float64Array(d), k3 = new Float64Array(d), k4 = new Float64Array(d), tmp = new Float64Array(d);
  const steps = Math.max(1, Math.round(tEnd / step));
  const h = tEnd / steps;
  const every = Math.max(1, Math.floor(steps / Math.max(1, samples - 1)));
  record(0, y);
  for (let s = 1; s <= steps; s++) {
    rhs(y, k1);
    for (let i = 0; i < d; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
    rhs(tmp, k2);
    for (let i = 0; i < d; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
    rhs(tmp, k3);
    for (let i = 0; i < d; i++) tmp[i] = y[i]! + h * k3[i]!;
    rhs(tmp, k4);
    for (let i = 0; i < d; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    project?.(y);
    if (s % every === 0 || s === steps) record(s === steps ? tEnd : s * h, y);
  }
  return y;
}

// Congestion signal c = σ·g (eq 6), saturated at 1. The paper picks σ as the reciprocal of the
// largest price so that c stays below 1; from an arbitrary initial vector the price can exceed that
// bound, and without the cap eq 7 would drive thread counts negative (ṅ = 1 − c < 0 at n = 0).
// Simplification (named): c = min(1, σ g). It never binds at the steady state, where c* < 1.
export function congestionSignal(p: AimdParams, g: number): number {
  return Math.min(1, p.sigma * g);
}

// AIMD fluid model, state [n_1 … n_V, g]. g(0) = 0: the averaged price starts empty, which is why
// "during the first 5 steps each VM increases its demand since g(t) is still lagging behind p(t)".
export function aimdRhs(p: AimdParams, vms: number): Rhs {
  return (y, dy) => {
    let total = 0;
    for (let v = 0; v < vms; v++) total += y[v]!;
    const m = p.k1 * total; // eq 3
    const price = m * m; // eq 4
    const g = y[vms]!;
    const c = congestionSignal(p, g); // eq 6
    for (let v = 0; v < vms; v++) dy[v] = 1 - c - (y[v]! / 2) * c; // eq 7
    dy[vms] = -p.gamma * (g - price); // eq 5
  };
}

interface Collector {
  t: number[];
  threads: number[][];
  price: number[];
}

function toTrajectory(c: Collector): Trajectory {
  return { t: Float64Array.from(c.t), threads: c.threads.map((s) => Float64Array.from(s)), price: Float64Array.from(c.price) };
}

export function simulateAimd(p: AimdParams, initialThreads: readonly number[], o: IntegrationOptions): Trajectory {
  const vms = initialThreads.length;
  const c: Collector = { t: [], threads: initialThreads.map(() => []), price: [] };
  rk4(aimdRhs(p, vms), [...initialThreads, 0], o.tEnd, o.step ?? 0.01, o.samples ?? 501, (t, y) => {
    c.t.push(t);
    let total = 0;
    for (let v = 0; v < vms; v++) {
      c.threads[v]!.push(y[v]!);
      total += y[v]!;
    }
    c.price.push((p.k1 * total) ** 2);
  });
  return toTrajectory(c);
}

// PI admission control (eq 8): ȧ = K2 (P_T − p), with the admission ratio a held in [0, 1].
// The paper leaves open how the ratio maps to each VM's thread count. Our choice (named): each VM
// offers its initial thread count d_v and the controller admits the fraction a of it, n_v = a·d_v,
// starting from a(0) = 1 (everything admitted). The VMs themselves do not adapt, so the controller
// reaches its price target while keeping the initial proportions: efficient, not fair.
export function simulatePi(p: PiParams, offeredThreads: readonly number[], o: IntegrationOptions): Trajectory & { admission: Float64Array } {
  const offered = offeredThreads.reduce((a, b) => a + b, 0);
  const c: Collector = { t: [], threads: offeredThreads.map(() => []), price: [] };
  const admission: number[] = [];
  const rhs: Rhs = (y, dy) => {
    const a = Math.min(1, Math.max(0, y[0]!));
    const m = p.k1 * a * offered; // eq 3 with n_v = a·d_v
    const ad = p.k2 * (p.pTarget - m * m); // eq 8
    // the bounds are hard limits of the integrator state: no motion further past them
    dy[0] = (a >= 1 && ad > 0) || (a <= 0 && ad < 0) ? 0 : ad;
  };
  const project = (y: Float64Array) => {
    y[0] = Math.min(1, Math.max(0, y[0]!));
  };
  rk4(rhs, [1], o.tEnd, o.step ?? 0.01, o.samples ?? 501, (t, y) => {
    const a = y[0]!;
    c.t.push(t);
    admission.push(a);
    offeredThreads.forEach((d, v) => c.threads[v]!.push(a * d));
    c.price.push((p.k1 * a * offered) ** 2);
  }, project);
  return { ...toTrajectory(c), admission: Float64Array.from(admission) };
}

export function finalThreads(tr: Trajectory): number[] {
  return tr.threads.map((s) => s[s.length - 1]!);
}
