// `foxsim plot`: a figure of a sweep's results file, as a Vega-Lite spec rendered to SVG by the same
// code as the reproductions' figures (host/report/vega.ts), so the spec also opens in a browser.
// Two shapes: lines (a summary field over one axis, one line per value of a colour axis, one panel
// per value of a facet axis) and a heat map (a summary field over two axes). Rows that share every
// plotted axis value (replications, or axes left out of the plot) are averaged; the subtitle says
// how many rows each point stands for. Failed runs are left out and counted.
import { heatMap, lineChart, type Datum, type TopLevelSpec } from "../report/vega.ts";
import type { ResultsFile, Row } from "./rows.ts";
import { SweepError } from "./spec.ts";

export interface PlotRequest {
  x: string; // an axis path, a summary field, "replication" or "seed"
  y: string; // a summary field (lines) or an axis path (heat map)
  color?: string; // an axis path
  facet?: string; // an axis path
  heatmap?: string; // a summary field: draw a heat map of it over x and y
}

type Value = string | number | boolean | null;

// What a row offers to plot: its axis values, its summary fields, its replication and seed.
function namesOf(file: ResultsFile): { axes: string[]; fields: string[] } {
  const axes = new Set<string>();
  const fields = new Set<string>();
  for (const r of file.rows) {
    for (const k of Object.keys(r.values)) axes.add(k);
    for (const k of Object.keys(r.summary ?? {})) fields.add(k);
  }
  return { axes: [...axes, "replication", "seed"], fields: [...fields] };
}

function lookup(r: Row, name: string): Value | undefined {
  if (name === "replication") return r.replication;
  if (name === "seed") return r.seed;
  if (name in r.values) return r.values[name] as Value;
  if (r.summary && name in r.summary) return r.summary[name]!;
  return undefined;
}

function check(option: string, name: string | undefined, allowed: string[], what: string): void {
  if (name !== undefined && !allowed.includes(name)) throw new SweepError([`${option} ${JSON.stringify(name)}: not ${what} of this results file; allowed: ${allowed.join(", ")}`]);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// The data of the figure: one datum per distinct (x, y-or-colour, facet), the field averaged into
// `value`; the plotted axes as x, y, color, facet.
export function plotData(file: ResultsFile, q: PlotRequest): { data: Datum[]; perPoint: number[]; failed: number } {
  const { axes, fields } = namesOf(file);
  if (file.rows.length === 0) throw new SweepError(["the results file has no rows yet"]);
  const field = q.heatmap ?? q.y;
  check("--x", q.x, q.heatmap ? axes : [...axes, ...fields], q.heatmap ? "an axis" : "an axis or summary field");
  check(q.heatmap ? "--y" : "--y", q.y, q.heatmap ? axes : fields, q.heatmap ? "an axis" : "a summary field");
  if (q.heatmap) check("--heatmap", q.heatmap, fields, "a summary field");
  check("--color", q.color, axes, "an axis");
  check("--facet", q.facet, axes, "an axis");
  // Vega reads dots in a field name as nested access: the data use plain names, the titles the paths
  const names: [string, string][] = [["x", q.x], ...(q.heatmap ? [["y", q.y] as [string, string]] : []), ...(q.color ? [["color", q.color] as [string, string]] : []), ...(q.facet ? [["facet", q.facet] as [string, string]] : [])];
  const keys = names.map(([, n]) => n);
  const groups = new Map<string, { at: Value[]; ys: number[] }>();
  let failed = 0;
  for (const r of [...file.rows].sort((a, b) => a.index - b.index)) {
    const v = lookup(r, field);
    if (r.status !== "ok" || typeof v !== "number" || !Number.isFinite(v)) {
      failed++;
      continue;
    }
    const at = keys.map((k) => lookup(r, k) ?? null);
    const id = JSON.stringify(at);
    const g = groups.get(id) ?? { at, ys: [] };
    g.ys.push(v);
    groups.set(id, g);
  }
  const data = [...groups.values()].map((g) => {
    const d: Datum = { value: mean(g.ys) };
    names.forEach(([k], i) => (d[k] = typeof g.at[i] === "object" && g.at[i] !== null ? JSON.stringify(g.at[i]) : g.at[i]!));
    return d;
  });
  return { data, perPoint: [...groups.values()].map((g) => g.ys.length), failed };
}

const distinct = (data: Datum[], k: string) => [...new Set(data.map((d) => String(d[k])))];

// Lines of equal values are drawn one over the other and the lower ones vanish: name them, e.g.
// "noop = deadline" (one group per set of colours whose points are all equal).
export function coincidentLines(data: Datum[]): string[][] {
  const byColor = new Map<string, string[]>();
  for (const d of data) {
    const c = String(d.color);
    byColor.set(c, [...(byColor.get(c) ?? []), JSON.stringify([d.facet ?? null, d.x, d.value])]);
  }
  const groups = new Map<string, string[]>();
  for (const [c, points] of byColor) {
    const id = JSON.stringify(points.sort());
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}
const numeric = (data: Datum[], k: string) => data.every((d) => typeof d[k] === "number");

export function sweepPlotSpec(file: ResultsFile, q: PlotRequest, source: string): TopLevelSpec {
  const { data, perPoint, failed } = plotData(file, q);
  const lo = Math.min(...perPoint);
  const hi = Math.max(...perPoint);
  const subtitle = [
    `${source}: ${file.rows.length - failed} runs${failed ? ` (${failed} failed or without the field, left out)` : ""}; each point the mean of ${lo === hi ? lo : `${lo}–${hi}`} run${hi > 1 ? "s" : ""}`,
  ];
  const field = q.heatmap ?? q.y;
  if (q.heatmap) {
    return heatMap({
      title: `${field} over ${q.x} and ${q.y}`,
      subtitle,
      data,
      x: { field: "x", title: q.x },
      y: { field: "y", title: q.y },
      value: { field: "value", title: field },
    });
  }
  const rows = q.color ? data : data.map((d) => ({ ...d, color: "all runs" }));
  const same = coincidentLines(rows);
  if (same.length) subtitle.push(`lines with equal values, drawn one over the other: ${same.map((g) => g.join(" = ")).join("; ")}`);
  return lineChart({
    title: `${field} over ${q.x}${q.color ? ` by ${q.color}` : ""}`,
    subtitle,
    data: rows,
    x: { field: "x", title: q.x, type: numeric(data, "x") ? "quantitative" : "ordinal" },
    y: { field: "value", title: field },
    color: { field: "color", title: q.color ?? "", domain: distinct(rows, "color"), anyValues: true },
    points: true,
    ...(q.facet ? { facet: { field: "facet", title: q.facet, columns: Math.min(3, distinct(data, "facet").length) } } : {}),
  });
}
