// Steady state and linearised stability of the AIMD fluid model (seed 003 §3.3, eqs 9–15).
import { aimdRhs, type AimdParams } from "./fluid.ts";

export interface Complex {
  re: number;
  im: number;
}

export interface SteadyState {
  threads: number; // n* per VM (eq 9)
  signal: number; // c*
  usage: number; // m* = K1·V·n* (eq 3)
  price: number; // p* = g* = m*² (eq 10)
}

// eq 9 (n* = 2/c* − 2) with c* = σ g* = σ (K1 V n*)² (eqs 3, 4, 6, 10): the unique positive root of
// σ (K1 V)² n² (1 + n/2) = 1, whose left side increases with n. Bisection to full precision.
export function steadyState(p: AimdParams, vms: number): SteadyState {
  const k = p.sigma * (p.k1 * vms) ** 2;
  const f = (n: number) => k * n * n * (1 + n / 2) - 1;
  let lo = 0;
  let hi = 1;
  while (f(hi) < 0) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  const n = (lo + hi) / 2;
  const usage = p.k1 * vms * n;
  const price = usage * usage;
  return { threads: n, signal: p.sigma * price, usage, price };
}

// The linearised system around the steady state, state [n̄_1 … n̄_V, ḡ]:
// n̄_v' = −α σ ḡ − β n̄_v (eqs 6, 11), ḡ' = −γ ḡ + γ p̄ with p̄ = 2 m* K1 Σ n̄ (eqs 5, 12),
// α = 1 + n*/2, β = c*/2 (as defined under eq 13).
export function linearisedMatrix(p: AimdParams, vms: number): number[][] {
  const s = steadyState(p, vms);
  const alpha = 1 + s.threads / 2;
  const beta = s.signal / 2;
  const a: number[][] = [];
  for (let v = 0; v < vms; v++) {
    const row = new Array<number>(vms + 1).fill(0);
    row[v] = -beta;
    row[vms] = -alpha * p.sigma;
    a.push(row);
  }
  const last = new Array<number>(vms + 1).fill(p.gamma * 2 * s.usage * p.k1);
  last[vms] = -p.gamma;
  a.push(last);
  return a;
}

// Central-difference Jacobian of the nonlinear fluid model at its steady state: an independent
// check that eqs 11–12 linearise eqs 3–7 correctly.
export function numericJacobian(p: AimdParams, vms: number): number[][] {
  const s = steadyState(p, vms);
  const rhs = aimdRhs(p, vms);
  const x = [...new Array<number>(vms).fill(s.threads), s.price];
  const d = vms + 1;
  const jac = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const up = new Float64Array(d), dn = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(x[j]!));
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] = xp[j]! + h;
    xm[j] = xm[j]! - h;
    rhs(xp, up);
    rhs(xm, dn);
    for (let i = 0; i < d; i++) jac[i]![j] = (up[i]! - dn[i]!) / (2 * h);
  }
  return jac;
}

function quadraticRoots(b: number, c: number): [Complex, Complex] {
  const disc = b * b - 4 * c;
  if (disc >= 0) {
    const r = Math.sqrt(disc);
    return [{ re: (-b + r) / 2, im: 0 }, { re: (-b - r) / 2, im: 0 }];
  }
  const i = Math.sqrt(-disc) / 2;
  return [{ re: -b / 2, im: i }, { re: -b / 2, im: -i }];
}

// Closed loop of eq 13: 1 + L(s) = 0, i.e. (s + γ)(s + β) + α V K1 2m* γ σ = 0 — the common mode
// (all VMs moving together). The V − 1 differential modes (one VM against another) do not pass
// through the price at all and decay at −β: that is what makes AIMD fair.
export function loopPoles(p: AimdParams, vms: number): { common: [Complex, Complex]; differential: number; coefficients: [number, number] } {
  const s = steadyState(p, vms);
  const alpha = 1 + s.threads / 2;
  const beta = s.signal / 2;
  const b = p.gamma + beta;
  const c = p.gamma * beta + alpha * vms * p.k1 * 2 * s.usage * p.gamma * p.sigma;
  return { common: quadraticRoots(b, c), differential: -beta, coefficients: [b, c] };
}

// The paper's closed form, eqs 14–15: G = ∛(4σ(K1V)²), s² + s/G + 0.5 = 0, stated for n* ≫ 2 and
// γG ≪ 0.5.
export function paperRoots(p: AimdParams, vms: number): { G: number; roots: [Complex, Complex] } {
  const G = Math.cbrt(4 * p.sigma * (p.k1 * vms) ** 2);
  return { G, roots: quadraticRoots(1 / G, 0.5) };
}

// Coefficients [c_0 … c_{n−1}, 1] of det(sI − A) by the Faddeev–LeVerrier recursion.
export function characteristicPolynomial(a: readonly (readonly number[])[]): number[] {
  const n = a.length;
  const coef = new Array<number>(n + 1).fill(0);
  coef[n] = 1;
  let m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let k = 1; k <= n; k++) {
    const am = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let l = 0; l < n; l++) s += a[i]![l]! * m[l]![j]!;
      return s;
    }));
    for (let i = 0; i < n; i++) am[i]![i] = am[i]![i]! + coef[n - k + 1]!;
    m = am;
    let tr = 0;
    for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) tr += a[i]![l]! * m[l]![i]!;
    coef[n - k] = -tr / k;
  }
  return coef;
}

// Coefficients of (s + β)^(V−1) · (s² + b s + c): the characteristic polynomial the loop analysis
// predicts for the whole linearised system.
export function predictedPolynomial(p: AimdParams, vms: number): number[] {
  const { coefficients: [b, c], differential } = loopPoles(p, vms);
  let poly = [c, b, 1]; // ascending powers
  for (let k = 0; k < vms - 1; k++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    poly.forEach((v, i) => {
      next[i] = next[i]! + v * -differential;
      next[i + 1] = next[i + 1]! + v;
    });
    poly = next;
  }
  return poly;
}
