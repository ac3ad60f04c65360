// Periodic per-flow samples into a preallocated buffer of f64 rows, read by the host as a
// Float64Array view over linear memory. A row is TRACE_FIELDS wide.
import { now, NS_PER_S } from "./engine/clock";
import { timerSet, timerRange } from "./engine/timer";
import {
  flowCount, sndCwnd, sndSsthresh, sndWnd, srttNs, sndUna, sndNxt, fStartAt, doneAt,
} from "./tcp/sock";

export const TRACE_FIELDS: i32 = 8; // timeS, flow, cwnd, ssthresh, rwndBytes, srttMs, bytesAcked, inflightBytes

let buf = new StaticArray<f64>(0);
let rows: i32 = 0;
let capacityRows: i32 = 0;
let periodNs: i64 = 0;
let truncated: bool = false;
let timer: i32 = 0; // the sampler's timer id

export function traceInit(period: i64, maxRows: i32): void {
  periodNs = period;
  capacityRows = maxRows;
  buf = new StaticArray<f64>(maxRows * TRACE_FIELDS);
  rows = 0;
  truncated = false;
  timer = timerRange(1, sampleTimer);
}

function sampleTimer(id: i32): void {
  traceSample();
}

export function traceStart(): void {
  if (periodNs > 0 && capacityRows > 0) timerSet(timer, 0);
}

function traceSample(): void {
  const t = now();
  for (let f = 0; f < flowCount; f++) {
    if (t < unchecked(fStartAt[f])) continue;
    const done = unchecked(doneAt[f]);
    if (done >= 0 && done < t - periodNs) continue; // one last row after completion, then stop
    if (rows >= capacityRows) {
      truncated = true;
      return;
    }
    const b = rows * TRACE_FIELDS;
    unchecked((buf[b] = <f64>t / <f64>NS_PER_S));
    unchecked((buf[b + 1] = <f64>f));
    unchecked((buf[b + 2] = <f64>sndCwnd[f]));
    unchecked((buf[b + 3] = <f64>sndSsthresh[f]));
    unchecked((buf[b + 4] = <f64>sndWnd[f]));
    unchecked((buf[b + 5] = <f64>srttNs[f] / 1e6));
    unchecked((buf[b + 6] = <f64>sndUna[f]));
    unchecked((buf[b + 7] = <f64>(sndNxt[f] - sndUna[f])));
    rows++;
  }
  timerSet(timer, t + periodNs);
}

export function traceRows(): i32 {
  return rows;
}
export function tracePtr(): usize {
  return changetype<usize>(buf);
}
export function traceTruncated(): bool {
  return truncated;
}
