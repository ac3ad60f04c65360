// Scoring the FoxyVegas testbed search (examples/sweeps/foxyvegas-testbed.json): the sweep's rows
// grouped by testbed point (the sampled unknowns), each point scored on seed 001's Table 2.
// - fit: the nine "without FoxyVegas" cells (they measure the testbed, not FoxyVegas);
// - held out: the nine "with FoxyVegas" cells (the prediction), and the direction of the change
//   for the eight loss-based guests (the paper: all eight rise).
// Physically plausible: a token bucket whose burst holds one timer tick of tokens (rate / HZ), the
// least Linux's tbf needs to pass its rate when it sleeps in jiffies; exact timers need none.
import type { Row } from "../../host/sweep/rows.ts";
import { TABLE2 } from "../../host/foxy-configs.ts";
import { CONGESTION_CONTROLS, type CongestionControl } from "../../host/congestion.ts";
import { median, relErr } from "../../host/report/stats.ts";

export const GRID_AXES = ["flows.0.cc", "sender.vmm.policy", "flows.0.bytes"];
const LOSS_BASED = CONGESTION_CONTROLS.filter((c) => c !== "vegas");
const SHAPER_RATE_BPS = 2_000_000; // the congested path's token rate (001 §4.3: 2000 KB/s)

export interface PointScore {
  testbed: Record<string, unknown>; // the sampled unknowns
  cells: Record<CongestionControl, { without: number; with: number }>; // KB/s
  fitErr: number; // median relative error over the nine "without" cells
  heldOutErr: number; // median relative error over the nine "with" cells
  raised: number; // loss-based guests that FoxyVegas raised (paper: 8)
  vegasChange: number; // guest Vegas with / without − 1 (paper: −2.3 %)
  plausible: boolean;
}


export function plausible(testbed: Record<string, unknown>): boolean {
  const hz = Number(testbed["path.forward.shaper.timerHz"] ?? 0);
  const burst = Number(testbed["path.forward.shaper.burstBytes"]);
  return hz === 0 || burst >= SHAPER_RATE_BPS / hz;
}

// Rows → one score per testbed point that has all 18 cells ok (a point with a failed run is left out
// and counted by the caller from the difference).
export function scorePoints(rows: readonly Row[]): PointScore[] {
  const byPoint = new Map<string, { testbed: Record<string, unknown>; rows: Row[] }>();
  for (const r of rows) {
    const testbed = Object.fromEntries(Object.entries(r.values).filter(([k]) => !GRID_AXES.includes(k)));
    const id = JSON.stringify(testbed);
    const g = byPoint.get(id) ?? { testbed, rows: [] };
    g.rows.push(r);
    byPoint.set(id, g);
  }
  const scores: PointScore[] = [];
  for (const { testbed, rows: mine } of byPoint.values()) {
    const cell = (cc: string, policy: string) => mine.find((r) => r.values["flows.0.cc"] === cc && r.values["sender.vmm.policy"] === policy && r.status === "ok")?.summary?.goodputKBps;
    const cells = {} as PointScore["cells"];
    let complete = true;
    for (const cc of CONGESTION_CONTROLS) {
      const without = cell(cc, "none");
      const withFoxy = cell(cc, "foxyvegas");
      if (typeof without !== "number" || typeof withFoxy !== "number") complete = false;
      else cells[cc] = { without, with: withFoxy };
    }
    if (!complete) continue;
    scores.push({
      testbed,
      cells,
      fitErr: median(CONGESTION_CONTROLS.map((cc) => relErr(cells[cc].without, TABLE2[cc].without))),
      heldOutErr: median(CONGESTION_CONTROLS.map((cc) => relErr(cells[cc].with, TABLE2[cc].with))),
      raised: LOSS_BASED.filter((cc) => cells[cc].with > cells[cc].without).length,
      vegasChange: cells.vegas.with / cells.vegas.without - 1,
      plausible: plausible(testbed),
    });
  }
  return scores;
}

// The direction over two axes: for each pair of values (numeric axes binned into `bins` equal
// intervals over the sampled range), the most and the mean guests raised by the points there.
export function directionMap(scores: readonly PointScore[], xAxis: string, yAxis: string, bins = 4) {
  // each axis: a label per value (choices) or per bin (numbers), and the labels in order
  const binner = (axis: string): [(v: unknown) => string, string[]] => {
    const vals = scores.map((s) => s.testbed[axis]);
    const distinct = [...new Set(vals)];
    if (distinct.length <= 6) {
      const order = distinct.every((v) => typeof v === "number") ? (distinct as number[]).sort((a, b) => a - b) : distinct;
      return [(v) => String(v), order.map(String)];
    }
    const nums = vals.map(Number);
    const lo = Math.min(...nums);
    const hi = Math.max(...nums);
    const w = (hi - lo) / bins;
    const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(2));
    const label = (i: number) => `${fmt(lo + i * w)}–${fmt(lo + (i + 1) * w)}`;
    return [(v) => label(Math.min(bins - 1, Math.floor((Number(v) - lo) / w))), Array.from({ length: bins }, (_, i) => label(i))];
  };
  const [bx, xOrder] = binner(xAxis);
  const [by, yOrder] = binner(yAxis);
  const cells = new Map<string, { x: string; y: string; raised: number[] }>();
  for (const s of scores) {
    const x = bx(s.testbed[xAxis]);
    const y = by(s.testbed[yAxis]);
    const c = cells.get(`${x}|${y}`) ?? { x, y, raised: [] };
    c.raised.push(s.raised);
    cells.set(`${x}|${y}`, c);
  }
  const data = [...cells.values()].map((c) => ({ x: c.x, y: c.y, max: Math.max(...c.raised), mean: c.raised.reduce((a, b) => a + b, 0) / c.raised.length, points: c.raised.length }));
  return { data, xOrder, yOrder };
}
