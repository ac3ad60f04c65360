// What an FVM host run measures: per VM, work done and virtual-clock time over the measured span
// (after the warm-up) and over each time-series interval; the controller's actions; the invariants
// the property tests read; and the sampled time series.
import { now } from "../engine/clock";
import { queuePush, packEvent } from "../engine/queue";
import { controllerLimit, controllerRate } from "./controller";
import { FvmEvent } from "./kinds";
import { vmCount, fvm, tCount, active } from "./vm";

export const SERIES_PER_VM: i32 = 5; // vct ms, work units/s, thread limit, rate Hz (0 = off), active threads

let warmupAt: i64 = 0;
let sampleNs: i64 = 0;

export let doneWin = new StaticArray<i64>(0); // work units completed after the warm-up
export let ticksWin = new StaticArray<i64>(0);
export let vctSumWin = new StaticArray<f64>(0);
let doneIv = new StaticArray<i64>(0); // in the current time-series interval
let ticksIv = new StaticArray<i64>(0);
let vctSumIv = new StaticArray<f64>(0);
export let controlSteps = new StaticArray<i64>(0);
export let decreases = new StaticArray<i64>(0);
export let sleptNs = new StaticArray<i64>(0);

// --- invariants, checked as the run goes (read by the property tests) ---
export let maxExcess: i32 = i32.MIN_VALUE; // max over time of active threads − limit
export let rateAboveMpl1: i64 = 0; // control steps with rate control engaged while the limit is above 1

export let series = new StaticArray<f64>(0);
export let seriesRows: i32 = 0;
let seriesCap: i32 = 0;
let lastSampleAt: i64 = 0;

export function statsInit(V: i32, warmup: i64, sample: i64): void {
  warmupAt = warmup;
  sampleNs = sample;
  doneWin = new StaticArray<i64>(V);
  ticksWin = new StaticArray<i64>(V);
  vctSumWin = new StaticArray<f64>(V);
  doneIv = new StaticArray<i64>(V);
  ticksIv = new StaticArray<i64>(V);
  vctSumIv = new StaticArray<f64>(V);
  controlSteps = new StaticArray<i64>(V);
  decreases = new StaticArray<i64>(V);
  sleptNs = new StaticArray<i64>(V);
  maxExcess = i32.MIN_VALUE;
  rateAboveMpl1 = 0;
  seriesRows = 0;
  seriesCap = 0;
  lastSampleAt = 0;
}

// The series' rows and its first sample, when sampling is on (after the run's other first events).
export function statsStartSeries(stopAt: i64): void {
  if (sampleNs <= 0) return;
  seriesCap = <i32>(stopAt / sampleNs) + 2;
  series = new StaticArray<f64>(seriesCap * seriesStride());
  queuePush(sampleNs, packEvent(FvmEvent.Sample, 0));
}

export function seriesStride(): i32 {
  return 1 + SERIES_PER_VM * vmCount;
}

export function countWorkDone(v: i32): void {
  if (now() >= warmupAt) unchecked((doneWin[v] = doneWin[v] + 1));
  unchecked((doneIv[v] = doneIv[v] + 1));
}

// A VCT sample x (ns) of VM v.
export function countTick(v: i32, x: f64): void {
  if (now() >= warmupAt) {
    unchecked((ticksWin[v] = ticksWin[v] + 1));
    unchecked((vctSumWin[v] = vctSumWin[v] + x));
  }
  unchecked((ticksIv[v] = ticksIv[v] + 1));
  unchecked((vctSumIv[v] = vctSumIv[v] + x));
}

export function countControl(v: i32, congested: bool): void {
  unchecked((controlSteps[v] = controlSteps[v] + 1));
  if (congested) unchecked((decreases[v] = decreases[v] + 1));
}

export function countSleep(v: i32, ns: i64): void {
  unchecked((sleptNs[v] = sleptNs[v] + ns));
}

export function noteActiveOverLimit(excess: i32): void {
  if (excess > maxExcess) maxExcess = excess;
}

export function noteRateAboveMpl1(): void {
  rateAboveMpl1++;
}

// The Sample event: one row of the series, then the next sample.
export function sample(): void {
  const t = now();
  const V = vmCount;
  if (seriesRows < seriesCap) {
    const row = seriesRows * seriesStride();
    const iv = <f64>(t - lastSampleAt);
    unchecked((series[row] = <f64>t / 1e9));
    for (let v = 0; v < V; v++) {
      const o = row + 1 + SERIES_PER_VM * v;
      const n = unchecked(ticksIv[v]);
      unchecked((series[o] = n > 0 ? unchecked(vctSumIv[v]) / <f64>n / 1e6 : iv / 1e6));
      unchecked((series[o + 1] = <f64>unchecked(doneIv[v]) / (iv / 1e9)));
      unchecked((series[o + 2] = fvm ? <f64>controllerLimit(v) : <f64>unchecked(tCount[v])));
      unchecked((series[o + 3] = fvm ? controllerRate(v) : 0));
      unchecked((series[o + 4] = <f64>unchecked(active[v])));
      unchecked((ticksIv[v] = 0));
      unchecked((vctSumIv[v] = 0));
      unchecked((doneIv[v] = 0));
    }
    seriesRows++;
  }
  lastSampleAt = t;
  queuePush(t + sampleNs, packEvent(FvmEvent.Sample, 0));
}
