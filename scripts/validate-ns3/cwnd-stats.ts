// Statistics of a congestion-window trace sampled at a fixed period (foxsim's --trace CSV and the
// ns-3 program's CSV share the columns time_s and cwnd_segments). The one place both are reduced.

export interface CwndStats {
  meanCwnd: number; // segments, mean over the samples
  lossEpochs: number; // count of window reductions (see below)
  epochsPer10s: number;
  sawtoothPeriodMs: number | null; // mean time between successive epochs; null with fewer than two
}

// A loss epoch is a reduction of the window by at least DROP below its peak since the last epoch.
// After an epoch the detector re-arms only once the window has grown DROP above the level it fell
// to (so a recovery's one-segment-per-RTT staircase, as ns-3's PRR without SACK draws it, is one
// epoch), and an epoch within MERGE_S of the previous one is the same event (NewReno's inflate-then-
// deflate in recovery: foxsim traces the inflated window). DROP is below Scalable's 1/8 cut; the
// shortest sawtooth on these paths (~8 segments of growth at one per ~12 ms RTT) exceeds MERGE_S.
const DROP = 0.1;
const MERGE_S = 0.05;

export function parseTrace(csv: string): { t: number[]; cwnd: number[] } {
  const lines = csv.trim().split("\n");
  const header = lines[0]!.split(",");
  const ti = header.indexOf("time_s");
  const ci = header.indexOf("cwnd_segments");
  if (ti < 0 || ci < 0) throw new Error(`trace has no time_s/cwnd_segments columns: ${lines[0]}`);
  const t: number[] = [];
  const cwnd: number[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    t.push(Number(f[ti]));
    cwnd.push(Number(f[ci]));
  }
  return { t, cwnd };
}

// Samples up to endS (the transfer's end) only.
export function cwndStats(trace: { t: number[]; cwnd: number[] }, endS: number): CwndStats {
  let n = 0;
  let sum = 0;
  const epochs: number[] = [];
  let armed = true;
  let peak = 0; // while armed: the highest window since re-arming
  let floor = 0; // while disarmed: the level to grow DROP above
  for (let i = 0; i < trace.t.length && trace.t[i]! <= endS; i++) {
    const t = trace.t[i]!;
    const w = trace.cwnd[i]!;
    n++;
    sum += w;
    if (!armed) {
      floor = Math.min(floor, w);
      if (w > floor * (1 + DROP)) [armed, peak] = [true, w];
    } else if (w < peak * (1 - DROP)) {
      if (epochs.length === 0 || t - epochs[epochs.length - 1]! > MERGE_S) epochs.push(t);
      [armed, floor] = [false, w];
    } else peak = Math.max(peak, w);
  }
  const spanS = n > 0 ? Math.min(endS, trace.t[n - 1]!) : 0;
  return {
    meanCwnd: n > 0 ? sum / n : 0,
    lossEpochs: epochs.length,
    epochsPer10s: spanS > 0 ? (epochs.length / spanS) * 10 : 0,
    sawtoothPeriodMs: epochs.length >= 2 ? ((epochs[epochs.length - 1]! - epochs[0]!) / (epochs.length - 1)) * 1000 : null,
  };
}
