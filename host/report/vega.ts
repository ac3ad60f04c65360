// Plots are Vega-Lite specifications: the same JSON renders to SVG here (headless, no canvas — text
// widths are estimated) and interactively in a browser (vega-embed). This module renders a spec and
// holds what every figure shares: one colour per configuration, used by every figure so that a
// configuration never changes colour between panels or files, and general spec builders (lines,
// bars beside published values, heat map) that the reproductions and sweeps compose.
import { compile, type TopLevelSpec } from "vega-lite";
import * as vega from "vega";
import { parse, resetSVGDefIds, View, Warn, type LoggerInterface } from "vega";

export type { TopLevelSpec };
export type Datum = Record<string, string | number | boolean | null>;

// Render a Vega-Lite spec to a standalone SVG document. A pure function of the spec: the SVG
// renderer numbers clip paths and gradients from process-wide counters, reset here before each
// render so that equal specs give equal bytes whatever was rendered before.
// Text widths lay out titles, headers and legends. Vega measures them with node-canvas when that is
// installed and otherwise guesses 0.8 em per character, which spreads panels apart and pads every
// figure on the right. Ours: per-character advances of DejaVu Sans (the usual "sans-serif" of
// headless renderers, e.g. rsvg-convert on Debian; wider than Helvetica, so nothing is clipped in a
// browser either), the same on every machine so the SVG bytes are too. Simplification: classes of
// characters, not a full advance table.
const ADVANCE_EM: [RegExp, number][] = [
  [/[ ijl|!.,:;'’]/, 0.3],
  [/[ftrI()[\]{}\-]/, 0.4],
  [/[mwMW%—@]/, 0.92],
  [/[A-Z]/, 0.7],
  [/[0-9]/, 0.64],
];
function textWidth(item: { fontSize?: number; fontWeight?: string | number }, text: unknown): number {
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600 ? 1.15 : 1; // DejaVu Sans Bold is about 15 % wider
  let em = 0;
  for (const ch of String(text ?? "").trim()) em += ADVANCE_EM.find(([re]) => re.test(ch))?.[1] ?? 0.62;
  return em * size * bold;
}
(vega as unknown as { textMetrics: { width: typeof textWidth } }).textMetrics.width = textWidth;

// A spec Vega-Lite or Vega warns about (a dropped channel, an unknown field) is a bug in the
// figure, not something to print on the user's terminal: it throws.
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const problems: string[] = [];
  const logger = strictLogger(problems);
  resetSVGDefIds();
  const view = new View(parse(compile(spec, { logger }).spec), { renderer: "none", logger, logLevel: Warn });
  try {
    const svg = await view.toSVG();
    if (problems.length) throw new Error(`plot "${titleOf(spec)}": ${problems.join("; ")}`);
    return svg.endsWith("\n") ? svg : `${svg}\n`;
  } finally {
    view.finalize();
  }
}

const titleOf = (spec: TopLevelSpec) => {
  const t = (spec as { title?: string | { text?: unknown } }).title;
  return typeof t === "string" ? t : String(t?.text ?? "untitled");
};

function strictLogger(problems: string[]): LoggerInterface {
  const logger: LoggerInterface = {
    level: ((..._: unknown[]) => (_.length ? logger : Warn)) as LoggerInterface["level"],
    error: (...a: readonly unknown[]) => (problems.push(a.map(String).join(" ")), logger),
    warn: (...a: readonly unknown[]) => (problems.push(a.map(String).join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

// Fixed colours (Tableau 10, the Vega-Lite default scheme, plus greys) by configuration name.
// The three FoxyVegas configurations keep the same colour in Tables 1–2 and Figures 3–4; each
// congestion control keeps one colour in every native-cc panel; Vegas the congestion control
// is native Vegas's blue; the paper's values are always black.
const COLORS: Record<string, string> = {
  paper: "#000000",
  native: "#4c78a8", // the inter-VM paths (host/reproduce/outsourcing-*.ts)
  hosted: "#e45756",
  outsourced: "#54a24b",
  xenloop: "#f58518",
  "native Vegas": "#4c78a8",
  "guest Vegas": "#e45756",
  FoxyVegas: "#54a24b",
  "without FoxyVegas": "#e45756", // the guest's own window: "guest" red, as guest Vegas
  "with FoxyVegas": "#54a24b",
  vanilla: "#f58518",
  FVM: "#4c78a8",
  vegas: "#4c78a8",
  newreno: "#f58518",
  bic: "#e45756",
  cubic: "#72b7b2",
  htcp: "#54a24b",
  highspeed: "#eeca3b",
  hybla: "#b279a2",
  westwood: "#ff9da6",
  scalable: "#9d755d",
  VM1: "#4c78a8",
  VM2: "#f58518",
  VM3: "#e45756",
  VM4: "#72b7b2",
  VM5: "#54a24b",
  VM6: "#b279a2",
  foreground: "#4c78a8", // FoxyIdle (seed 001 Figs. 7–8, Table 3): the foreground job
  background: "#f58518",
};

export function colorOf(config: string): string {
  const c = COLORS[config];
  if (!c) throw new Error(`no colour for configuration "${config}"; add it to COLORS in host/report/vega.ts`);
  return c;
}

// A colour scale over exactly these configurations, in this legend order.
export const colorScale = (domain: readonly string[]) => ({ domain: [...domain], range: domain.map(colorOf) });

// The colours of values that are not configurations (a sweep's axis values): the configurations'
// own colours when every value is one (a sweep over congestion controls matches the paper figures),
// else a fixed categorical scheme in the given order.
export const valueColorScale = (domain: readonly string[]) => (domain.every((d) => d in COLORS) ? colorScale(domain) : { domain: [...domain], scheme: "tableau10" });

// Every figure's look: white background, readable sizes, legends outside the plotting area.
export const CONFIG = {
  background: "white",
  font: "sans-serif",
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: "#333", anchor: "start", offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: "#e6e6e6" },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: "bottom", direction: "horizontal", columns: 6, symbolStrokeWidth: 2 },
  view: { stroke: "#999" },
} as const;

// At most `max` evenly spaced indices of 0..n-1, always keeping the last, so long traces stay small.
export function thin(n: number, max: number): number[] {
  const stride = Math.max(1, Math.ceil(n / max));
  const idx: number[] = [];
  for (let i = 0; i < n; i += stride) idx.push(i);
  if (n > 0 && idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

export interface Axis {
  field: string;
  title: string; // with its unit
  domain?: [number, number];
  type?: "quantitative" | "nominal" | "ordinal";
  scale?: Record<string, unknown>;
  axis?: Record<string, unknown>;
}

const encodeAxis = (a: Axis, type: Axis["type"] = "quantitative") => ({
  field: a.field,
  type: a.type ?? type,
  title: a.title,
  ...(a.domain || a.scale ? { scale: { ...(a.domain ? { domain: a.domain } : {}), ...a.scale } } : {}),
  ...(a.axis ? { axis: a.axis } : {}),
});

export interface LineChart {
  title: string;
  subtitle?: string | string[];
  data: Datum[];
  x: Axis;
  y: Axis;
  color: { field: string; title: string; domain: readonly string[]; anyValues?: boolean }; // anyValues: not only configurations (valueColorScale)
  dash?: { field: string; title: string; domain: readonly string[]; patterns: number[][] }; // a second, shape-only channel
  points?: boolean; // mark each datum (sweeps with few x values)
  facet?: { field: string; title: string | null; columns: number; sort?: readonly string[]; independentY?: boolean };
  width?: number;
  height?: number;
  layers?: object[]; // extra layers (reference rules, published points) drawn over the lines
}

// Lines of y over x, one per colour value, optionally faceted into a grid of panels.
export function lineChart(c: LineChart): TopLevelSpec {
  const line = {
    mark: { type: "line", strokeWidth: 1.5, clip: true, ...(c.points ? { point: { size: 30 } } : {}) },
    encoding: {
      x: encodeAxis(c.x),
      y: encodeAxis(c.y),
      color: { field: c.color.field, type: "nominal", title: c.color.title, scale: c.color.anyValues ? valueColorScale(c.color.domain) : colorScale(c.color.domain) },
      ...(c.dash ? { strokeDash: { field: c.dash.field, type: "nominal", title: c.dash.title, scale: { domain: [...c.dash.domain], range: c.dash.patterns } } } : {}),
    },
  };
  const inner = { width: c.width ?? 260, height: c.height ?? 160, layer: [line, ...(c.layers ?? [])] };
  const head = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title: { text: c.title, ...(c.subtitle ? { subtitle: c.subtitle } : {}) }, config: CONFIG, data: { values: c.data } };
  if (!c.facet) return { ...head, ...inner } as TopLevelSpec;
  return {
    ...head,
    facet: { field: c.facet.field, type: "nominal", title: c.facet.title, ...(c.facet.sort ? { sort: [...c.facet.sort] } : {}) },
    columns: c.facet.columns,
    spacing: { row: 12, column: 16 },
    spec: inner,
    ...(c.facet.independentY ? { resolve: { scale: { y: "independent" } } } : {}),
  } as TopLevelSpec;
}

export interface BarsBesidePaper {
  title: string;
  subtitle?: string | string[];
  // one datum per bar: the group (x), the series within the group (colour), the model's value and
  // the published one (null where the paper has none), and optionally the model's range over
  // replications (drawn as a whisker)
  data: { group: string; series: string; model: number; paper: number | null; lo?: number | null; hi?: number | null }[];
  groupTitle: string;
  valueTitle: string; // with its unit
  seriesTitle: string;
  seriesDomain: readonly string[];
  groupSort?: readonly string[];
  width?: number; // per group
  height?: number;
  decimals?: number; // of the printed published values
}

// Grouped bars of the model's values with the published value of each bar beside it: a black
// tick across the bar with the number printed above, so bar and paper compare at a glance.
export function barsBesidePaper(c: BarsBesidePaper): TopLevelSpec {
  const x = { field: "series", type: "nominal", title: null, sort: [...c.seriesDomain], axis: { labels: false, ticks: false } };
  const y = { type: "quantitative", title: c.valueTitle };
  const color = { field: "series", type: "nominal", title: c.seriesTitle, scale: colorScale(c.seriesDomain) };
  const paper = { filter: "datum.paper != null" };
  // without any published value (the playground's trick matrix) there are no ticks to draw: empty
  // layers would give their scale an infinite extent
  const published = c.data.some((d) => d.paper !== null);
  const ranged = c.data.some((d) => d.lo != null);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: c.title, ...(c.subtitle ? { subtitle: c.subtitle } : {}) },
    config: { ...CONFIG, view: { stroke: null } },
    data: { values: c.data },
    facet: { column: { field: "group", type: "nominal", title: c.groupTitle, header: { labelOrient: "bottom", titleOrient: "bottom" }, ...(c.groupSort ? { sort: [...c.groupSort] } : {}) } },
    spacing: 6,
    resolve: { scale: { x: "independent" } }, // each group's bars only: no empty slots
    spec: {
      width: c.width ?? 60,
      height: c.height ?? 260,
      layer: [
        { mark: { type: "bar" }, encoding: { x, y: { ...y, field: "model" }, color, tooltip: [{ field: "series" }, { field: "model", format: ".1f" }, { field: "paper" }] } },
        ...(published
          ? [
              { transform: [paper], mark: { type: "tick", color: colorOf("paper"), opacity: 1, thickness: 3, size: 18 }, encoding: { x, y: { ...y, field: "paper" } } },
              { transform: [paper], mark: { type: "text", dy: -9, fontSize: 9, color: colorOf("paper") }, encoding: { x, y: { ...y, field: "paper" }, text: { field: "paper", format: `.${c.decimals ?? 0}f` } } },
            ]
          : []),
        ...(ranged ? [{ transform: [{ filter: "datum.lo != null" }], mark: { type: "rule", color: "#333", strokeWidth: 1.2 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" } } }] : []),
      ],
    },
  } as TopLevelSpec;
}

export interface HeatMap {
  title: string;
  subtitle?: string | string[];
  data: Datum[];
  x: Axis;
  y: Axis;
  value: { field: string; title: string; scheme?: string; domain?: [number, number] }; // domain: fixed, so maps compare
}

// A heat map of value over two discrete axes (sweeps over two parameters), each cell large enough
// to print its value.
export function heatMap(c: HeatMap): TopLevelSpec {
  const values = c.data.map((d) => d[c.value.field]).filter((v): v is number => typeof v === "number");
  const [lo, hi] = c.value.domain ?? [Math.min(...values), Math.max(...values)];
  const light = lo + 0.6 * (hi - lo); // viridis turns light about here
  const x = encodeAxis(c.x, "ordinal");
  const y = encodeAxis(c.y, "ordinal");
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: c.title, ...(c.subtitle ? { subtitle: c.subtitle } : {}) },
    config: CONFIG,
    data: { values: c.data },
    width: { step: 56 },
    height: { step: 30 },
    encoding: { x: { ...x, axis: { labelAngle: 0, grid: false } }, y: { ...y, axis: { grid: false } } }, // grid lines would cross the printed values
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: { field: c.value.field, type: "quantitative", title: c.value.title, scale: { scheme: c.value.scheme ?? "viridis", ...(c.value.domain ? { domain: c.value.domain } : {}) }, legend: { orient: "right", direction: "vertical" } },
          tooltip: [{ field: c.x.field, title: c.x.title }, { field: c.y.field, title: c.y.title }, { field: c.value.field, title: c.value.title }],
        },
      },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          text: { field: c.value.field, type: "quantitative", format: ".3~s" },
          // dark text on the light end of viridis, light text on the dark end
          color: { condition: { test: `datum[${JSON.stringify(c.value.field)}] > ${light}`, value: "black" }, value: "white" },
        },
      },
    ],
  } as TopLevelSpec;
}
