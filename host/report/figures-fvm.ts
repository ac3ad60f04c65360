// The plots of seed 003 (Friendly Virtual Machines): Vega-Lite specs built from the reproductions'
// results. The paper's Figures 3 and 5–9 are curves without printed numbers, so what it publishes
// is drawn as reference marks: the boundaries and bounds its text states (§3.3, §5.1, §5.2), with
// each mark's statement in the subtitle.
import { colorOf, colorScale, CONFIG, thin, type Datum, type TopLevelSpec } from "./vega.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const MODES = ["vanilla", "FVM"] as const;
const modeName = (m: string) => (m === "fvm" ? "FVM" : m);
// The paper draws vanilla UML dashed and FVM solid (003 §5.1, "the dashed line ... the solid line").
const MODE_DASH = { domain: [...MODES], range: [[6, 4], [1, 0]] };
const vmNames = (n: number) => Array.from({ length: n }, (_, v) => `VM${v + 1}`);

export interface MetricsRow {
  x: number;
  mode: string; // "vanilla" | "fvm"
  vctMs: number;
  throughput: number;
  fairnessIndex: number;
}

export interface Reference {
  x: number;
  label: string; // short; the statement itself goes in the subtitle
}

export interface MetricsFigure {
  title: string;
  subtitle: string[];
  rows: readonly MetricsRow[];
  xTitle: string;
  xLog?: boolean;
  throughputTitle: string;
  xRules: readonly Reference[]; // vertical rules in all three charts
  throughputBound?: { x: number; y: number; label: string }; // a published bound on total throughput
}

// VCT, throughput and fairness index against load: three charts side by side, each with its own
// axis and unit, vanilla dashed and FVM solid as in the paper, FI on its 0–1 scale with the paper's
// "near 1" drawn at 1.
export function metricsSpec(f: MetricsFigure): TopLevelSpec {
  const data = f.rows.map((r) => ({ x: r.x, mode: modeName(r.mode), vct: r.vctMs, throughput: r.throughput, fi: r.fairnessIndex }));
  const xs = data.map((d) => d.x);
  const x = { field: "x", type: "quantitative", title: f.xTitle, scale: f.xLog ? { type: "log", domain: [Math.min(...xs), Math.max(...xs)] } : { domain: [Math.min(...xs), Math.max(...xs)], nice: false }, axis: f.xLog ? { values: [...new Set(xs)] } : { tickMinStep: 1 } };
  const rules = {
    data: { values: f.xRules },
    layer: [
      { mark: { type: "rule", strokeDash: [2, 3], color: colorOf("paper") }, encoding: { x: x } },
      // the label above the plotting area, clear of the data
      { mark: { type: "text", align: "center", baseline: "bottom", y: -3, fontSize: 10, color: colorOf("paper") }, encoding: { x: x, text: { field: "label" } } },
    ],
  };
  const chart = (field: string, title: string, extra: object[] = [], yScale: object = {}) => ({
    width: 240,
    height: 200,
    layer: [
      {
        data: { values: data },
        mark: { type: "line", point: { size: 30 }, strokeWidth: 2 },
        encoding: {
          x,
          y: { field, type: "quantitative", title, scale: yScale },
          color: { field: "mode", type: "nominal", title: "host", scale: colorScale(MODES) },
          strokeDash: { field: "mode", type: "nominal", title: "host", scale: MODE_DASH },
        },
      },
      rules,
      ...extra,
    ],
  });
  const minFi = Math.min(0, ...data.map((d) => d.fi));
  const fiRef = {
    data: { values: [{ y: 1, label: "paper: FVM near 1" }] },
    layer: [
      { mark: { type: "rule", strokeDash: [2, 3], color: colorOf("paper") }, encoding: { y: { field: "y", type: "quantitative" } } },
      // in the band above 1, which no FI reaches
      { mark: { type: "text", align: "left", baseline: "bottom", dy: -2, x: 3, fontSize: 10, color: colorOf("paper") }, encoding: { y: { field: "y", type: "quantitative" }, text: { field: "label" } } },
    ],
  };
  const bound = f.throughputBound
    ? [{
        data: { values: [f.throughputBound] },
        layer: [
          { mark: { type: "point", shape: "triangle-up", filled: true, size: 90, color: colorOf("paper") }, encoding: { x: x, y: { field: "y", type: "quantitative" } } },
          { mark: { type: "text", align: "right", dx: -8, fontSize: 10, color: colorOf("paper") }, encoding: { x: x, y: { field: "y", type: "quantitative" }, text: { field: "label" } } },
        ],
      }]
    : [];
  // vanilla's dashed line hidden under FVM's solid one reads as a missing series: say so
  const same = (a: number, b: number) => Math.abs(a - b) <= 0.01 * Math.max(Math.abs(a), Math.abs(b), 1e-12);
  const hidden = data.some((v) => v.mode === "vanilla" && data.some((w) => w.mode === "FVM" && w.x === v.x && (same(v.vct, w.vct) || same(v.throughput, w.throughput) || same(v.fi, w.fi))));
  const subtitle = hidden ? [...f.subtitle, "Where only FVM's solid line shows, vanilla's dashed line lies beneath it (equal within 1 %)."] : f.subtitle;
  return {
    $schema: SCHEMA,
    title: { text: f.title, subtitle },
    config: CONFIG,
    hconcat: [chart("vct", "mean VCT (ms)"), chart("throughput", f.throughputTitle, bound), chart("fi", "fairness index (eq 16)", [fiRef], { domain: [minFi, 1.1], nice: false })],
  } as TopLevelSpec;
}

export interface Trajectory {
  t: ArrayLike<number>;
  threads: readonly ArrayLike<number>[];
}

// Figure 3: threads per VM over time under AIMD adaptation (a) and PI admission control (b), with
// the steady state n* the paper's eqs 9–10 give for its parameters, and the paper's "first 5 steps".
export function fluidSpec(aimd: Trajectory, pi: Trajectory, steadyThreads: number, paperRisingSteps: number, subtitle: string[]): TopLevelSpec {
  const vms = vmNames(aimd.threads.length);
  const rows = (tr: Trajectory): Datum[] => tr.threads.flatMap((s, v) => thin(tr.t.length, 400).map((i) => ({ vm: vms[v]!, t: tr.t[i]!, n: s[i]! })));
  const x = { field: "t", type: "quantitative", title: "time (model steps)" };
  const y = { field: "n", type: "quantitative", title: "threads per VM" };
  const lines = (tr: Trajectory) => ({ data: { values: rows(tr) }, mark: { type: "line", strokeWidth: 2 }, encoding: { x, y, color: { field: "vm", type: "nominal", title: "VM", scale: colorScale(vms) } } });
  const ref = (enc: "x" | "y", value: number, label: string) => ({
    data: { values: [{ v: value, label }] },
    layer: [
      { mark: { type: "rule", strokeDash: [2, 3], color: colorOf("paper") }, encoding: { [enc]: { field: "v", type: "quantitative" } } },
      { mark: { type: "text", align: "left", baseline: enc === "x" ? "top" : "bottom", dx: 3, dy: -2, ...(enc === "x" ? { y: 3 } : { x: 120 }), fontSize: 10, color: colorOf("paper") }, encoding: { [enc]: { field: "v", type: "quantitative" }, text: { field: "label" } } },
    ],
  });
  return {
    $schema: SCHEMA,
    title: { text: "Figure 3: threads per VM over time in the fluid model", subtitle },
    config: CONFIG,
    resolve: { scale: { y: "shared" } },
    hconcat: [
      { title: { text: "(a) AIMD adaptation", fontSize: 13 }, width: 320, height: 220, layer: [lines(aimd), ref("y", steadyThreads, `paper's n* = ${steadyThreads.toFixed(2)} (eqs 9–10)`), ref("x", paperRisingSteps, `paper: rising for ~${paperRisingSteps} steps`)] },
      { title: { text: "(b) PI admission control", fontSize: 13 }, width: 320, height: 220, layer: [lines(pi)] },
    ],
  } as TopLevelSpec;
}

export interface VmSeries {
  mode: string;
  sessions: number;
  timeS: ArrayLike<number>;
  perVm: readonly ArrayLike<number>[];
}

// Which VMs' series lie on top of each other (equal within 1 % of the panel's largest value at every
// sample), for the panel header: "all 4 VMs coincide", "VM1 = VM4", or "".
function coinciding(s: VmSeries, names: readonly string[]): string {
  const max = Math.max(1e-12, ...s.perVm.flatMap((v) => Array.from(v, Math.abs)));
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((y, i) => Math.abs(y - b[i]!) <= 0.01 * max);
  const groups: number[][] = [];
  s.perVm.forEach((v, k) => {
    const g = groups.find((g) => same(s.perVm[g[0]!]!, v));
    if (g) g.push(k);
    else groups.push([k]);
  });
  if (groups.length === 1 && s.perVm.length > 1) return ` (all ${s.perVm.length} VMs coincide)`;
  const shared = groups.filter((g) => g.length > 1).map((g) => g.map((k) => names[k]).join(" = "));
  return shared.length ? ` (${shared.join(", ")})` : "";
}

// Figures 8–9: a per-VM quantity over time, vanilla on the top row and FVM below as in the paper,
// one column per load. VMs differ by colour and dash, so coinciding lines stay distinguishable.
export function perVmSpec(title: string, yTitle: string, series: readonly VmSeries[], subtitle: string[]): TopLevelSpec {
  const vms = vmNames(series[0]?.perVm.length ?? 0);
  const panel = (s: VmSeries) => `${modeName(s.mode)}, ${s.sessions} sessions/VM${coinciding(s, vms)}`;
  const data = series.flatMap((s) => s.perVm.flatMap((v, k) => Array.from(s.timeS, (t, i) => ({ panel: panel(s), vm: vms[k]!, t, y: v[i]! }))));
  const dashes = [[1, 0], [8, 4], [3, 3], [10, 3, 2, 3], [2, 6], [12, 6]];
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle },
    config: CONFIG,
    data: { values: data },
    facet: { field: "panel", type: "nominal", title: null, sort: series.map(panel) },
    columns: Math.max(1, new Set(series.map((s) => s.sessions)).size),
    spacing: { row: 12, column: 16 },
    spec: {
      width: 290,
      height: 150,
      mark: { type: "line", strokeWidth: 2, point: { size: 16 } },
      encoding: {
        x: { field: "t", type: "quantitative", title: "time (s)" },
        y: { field: "y", type: "quantitative", title: yTitle },
        color: { field: "vm", type: "nominal", title: "VM", scale: colorScale(vms) },
        strokeDash: { field: "vm", type: "nominal", title: "VM", scale: { domain: vms, range: dashes.slice(0, vms.length) } },
        shape: { field: "vm", type: "nominal", title: "VM", scale: { domain: vms } },
      },
    },
  } as TopLevelSpec;
}
