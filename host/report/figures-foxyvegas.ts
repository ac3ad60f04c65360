// The plots of seed 001 §4.3 (FoxyVegas) and the native-cc runs: Vega-Lite specs built from the
// reproductions' results, each showing the published values beside the model's.
import { CONGESTION_CONTROLS, type CongestionControl } from "../congestion.ts";
import { barsBesidePaper, colorOf, colorScale, CONFIG, lineChart, thin, type Datum, type TopLevelSpec } from "./vega.ts";

const MAX_POINTS = 1500; // per trace: enough for a 300-px-wide panel, small SVGs
// The seed's router (001 §4.3): 10 ms delay on both paths, so every RTT is at least 10 ms;
// 2000 KB/s bottleneck on the congested path.
const PAPER_DELAY_MS = 10;
const PAPER_CONGESTED_KBPS = 2000;

// Display names of the Table 1 / Figure 4 configurations (keys of TABLE1 in host/foxy-configs.ts).
export const CONFIG_NAMES = { "native-vegas": "native Vegas", "guest-vegas": "guest Vegas", foxyvegas: "FoxyVegas" } as const;
const CONFIG_ORDER = Object.values(CONFIG_NAMES);

export function table1Spec(rows: readonly { config: keyof typeof CONFIG_NAMES; modelMBps: number; paperMBps: number }[], seconds: number): TopLevelSpec {
  return barsBesidePaper({
    title: "Table 1: goodput on the fast path (200 MB/s, 10 ms, 10 500 B queue)",
    subtitle: [`bars: model (${seconds} s runs); black ticks and numbers: the paper's Table 1 (001 §4.3)`],
    data: rows.map((r) => ({ group: CONFIG_NAMES[r.config], series: CONFIG_NAMES[r.config], model: r.modelMBps, paper: r.paperMBps })),
    groupTitle: "configuration",
    valueTitle: "goodput (MB/s, 10⁶ B/s)",
    seriesTitle: "configuration",
    seriesDomain: CONFIG_ORDER,
    groupSort: CONFIG_ORDER,
    width: 90,
    decimals: 1,
  });
}

export function table2Spec(rows: readonly { algorithm: string; withoutKBps: number; withKBps: number; paperWithoutKBps: number; paperWithKBps: number }[], bytes: number): TopLevelSpec {
  return barsBesidePaper({
    title: "Table 2: goodput on the congested path (2000 KB/s, 10 ms, 6000 B queue), without and with FoxyVegas",
    subtitle: [`bars: model (${bytes / 1e6} MB transfers); black ticks and numbers: the paper's Table 2 (001 §4.3, 400 MB)`],
    data: rows.flatMap((r) => [
      { group: r.algorithm, series: "without FoxyVegas", model: r.withoutKBps, paper: r.paperWithoutKBps },
      { group: r.algorithm, series: "with FoxyVegas", model: r.withKBps, paper: r.paperWithKBps },
    ]),
    groupTitle: "guest congestion control",
    valueTitle: "goodput (KB/s, 10³ B/s)",
    seriesTitle: "guest",
    seriesDomain: ["without FoxyVegas", "with FoxyVegas"],
    groupSort: rows.map((r) => r.algorithm),
    width: 56,
  });
}

export interface WindowTrace {
  t: ArrayLike<number>;
  w: ArrayLike<number>;
}

const traceRows = (panel: string, series: string, tr: WindowTrace): Datum[] =>
  thin(tr.t.length, MAX_POINTS).map((i) => ({ panel, series, t: tr.t[i]!, w: tr.w[i]! }));

// Figure 3: one panel per guest congestion control, each with native Vegas's window as the
// reference. The vegas panel's "without" trace is guest Vegas itself.
export function fig3Spec(native: WindowTrace, guests: readonly { algorithm: string; without: WindowTrace; withFoxy: WindowTrace; distanceWithFoxy: number; distanceWithoutFoxy: number }[], seconds: number): TopLevelSpec {
  const label = (g: (typeof guests)[number]) => `${g.algorithm}: distance ${g.distanceWithFoxy.toFixed(0)} with, ${g.distanceWithoutFoxy.toFixed(0)} without`;
  const data = guests.flatMap((g) => [
    ...traceRows(label(g), "without FoxyVegas", g.without),
    ...traceRows(label(g), "with FoxyVegas", g.withFoxy),
    ...traceRows(label(g), "native Vegas", native),
  ]);
  return lineChart({
    title: `Figure 3: window over time on the fast path (${seconds} s), guests without and with FoxyVegas`,
    subtitle: [
      "Paper (001 §4.3, no numbers published): with FoxyVegas every loss-based guest's window is more similar to native Vegas's than without.",
      "window = min(cwnd, rwnd). Panel headers: distance = mean |window − native Vegas's window| (segments), with / without FoxyVegas.",
      "In the vegas panel, 'without FoxyVegas' is guest Vegas.",
    ],
    data,
    x: { field: "t", title: "time (s)", domain: [0, seconds] },
    y: { field: "w", title: "window (segments)" },
    color: { field: "series", title: "window of", domain: ["native Vegas", "without FoxyVegas", "with FoxyVegas"] },
    facet: { field: "panel", title: null, columns: 3, sort: guests.map(label) },
    width: 300,
    height: 150,
  });
}

export interface RttSamples {
  config: keyof typeof CONFIG_NAMES;
  ms: readonly number[];
}

// Figure 4: RTT histograms, one row per configuration on a shared time axis zoomed on the peaks
// (fine bins: native Vegas and FoxyVegas spread over a tenth of a millisecond), and below them the
// cumulative distributions over the whole range (guest Vegas's long tail). Marked: the seed's
// 10 ms path delay (the floor of every RTT) and each configuration's median.
export function fig4Spec(samples: readonly RttSamples[], seconds: number): TopLevelSpec {
  const sorted = samples.map((s) => ({ name: CONFIG_NAMES[s.config], xs: Float64Array.from(s.ms).sort() }));
  const q = (xs: Float64Array, p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const BIN_MS = 0.02;
  const lo = Math.min(PAPER_DELAY_MS, ...sorted.map((s) => Math.floor(2 * q(s.xs, 0.001) - 0.5) / 2));
  const zoomHi = Math.max(...sorted.map((s) => Math.ceil(2 * q(s.xs, 0.5)) / 2)) + 1;
  const hi = Math.max(zoomHi, ...sorted.map((s) => Math.ceil(q(s.xs, 0.999))));
  const panel = (s: (typeof sorted)[number]) => {
    const beyond = s.xs.length - upperBound(s.xs, zoomHi);
    return `${s.name}: ${s.xs.length} samples, median ${q(s.xs, 0.5).toFixed(2)} ms${beyond ? `; ${((100 * beyond) / s.xs.length).toFixed(1)} % beyond ${zoomHi} ms (see the distribution below)` : ""}`;
  };
  const bins = Math.round((zoomHi - lo) / BIN_MS);
  const hist: Datum[] = [];
  const cdf: Datum[] = [];
  for (const s of sorted) {
    const p = panel(s);
    const counts = new Array<number>(bins).fill(0);
    for (const x of s.xs) if (x >= lo && x < zoomHi) counts[Math.min(bins - 1, Math.floor((x - lo) / BIN_MS))]!++;
    counts.forEach((c, b) => c && hist.push({ panel: p, series: s.name, ms: Number((lo + b * BIN_MS).toFixed(6)), ms2: Number((lo + (b + 1) * BIN_MS).toFixed(6)), pct: (100 * c) / s.xs.length }));
    hist.push({ panel: p, series: s.name, median: q(s.xs, 0.5) });
    for (let k = 0; k <= 400; k++) cdf.push({ series: s.name, ms: q(s.xs, k / 400), p: k / 400 });
  }
  const color = { field: "series", type: "nominal", title: "RTT seen by", scale: colorScale(CONFIG_ORDER) };
  const delayRule = (x: object) => ({ mark: { type: "rule", strokeDash: [2, 2], color: colorOf("paper") }, encoding: { x: { ...x, datum: PAPER_DELAY_MS } } });
  const zoomX = { type: "quantitative", title: "RTT (ms)", scale: { domain: [lo, zoomHi], nice: false }, axis: { tickMinStep: 0.5 } };
  const fullX = { type: "quantitative", title: "RTT (ms)", scale: { domain: [lo, hi], nice: false, clamp: true }, axis: { tickMinStep: 1 } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Figure 4: RTT samples on the fast path (${seconds} s)`,
      subtitle: [
        "Paper (001 §4.3, no numbers published): the distribution for FoxyVegas is similar to native Vegas's; guest Vegas's RTTs are larger and spread wider.",
        `Dotted black line: the paper's router delay, ${PAPER_DELAY_MS} ms (the floor of every RTT); dashed coloured line: the model's median.`,
      ],
    },
    config: CONFIG,
    vconcat: [
      {
        title: { text: `histograms, ${BIN_MS} ms bins`, fontSize: 13 },
        data: { values: hist },
        facet: { row: { field: "panel", type: "nominal", title: null, sort: sorted.map(panel), header: { labelAngle: 0, labelOrient: "top", labelAnchor: "start" } } },
        resolve: { scale: { y: "independent" } },
        spec: {
          width: 640,
          height: 90,
          layer: [
            { transform: [{ filter: "isValid(datum.pct)" }], mark: { type: "rect" }, encoding: { x: { ...zoomX, field: "ms" }, x2: { field: "ms2" }, y: { field: "pct", type: "quantitative", title: "samples (%)" }, color } },
            { transform: [{ filter: "isValid(datum.median)" }], mark: { type: "rule", strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x: { ...zoomX, field: "median" }, color } },
            delayRule(zoomX),
          ],
        },
      },
      {
        title: { text: "cumulative distributions, whole range", fontSize: 13 },
        data: { values: cdf },
        width: 640,
        height: 160,
        layer: [
          { mark: { type: "line", strokeWidth: 2, clip: true }, encoding: { x: { ...fullX, field: "ms" }, y: { field: "p", type: "quantitative", title: "fraction of samples ≤ RTT", scale: { domain: [0, 1] } }, color } },
          delayRule(fullX),
        ],
      },
    ],
  } as TopLevelSpec;
}

// Index of the first element > v in an ascending array.
function upperBound(xs: Float64Array, v: number): number {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (xs[m]! <= v) a = m + 1;
    else b = m;
  }
  return a;
}

// native-cc: each congestion control's window in its own panel and fixed colour, on one y scale cut
// at the largest window after the first second: slow start's first peaks are up to 10× the steady
// window and would flatten it into the axis.
const SLOW_START_S = 1;
export function nativeCwndSpec(path: string, traces: readonly { algorithm: CongestionControl; t: ArrayLike<number>; cwnd: ArrayLike<number> }[]): TopLevelSpec {
  const data = traces.flatMap((tr) => thin(tr.t.length, MAX_POINTS).map((i) => ({ panel: tr.algorithm, series: tr.algorithm, t: tr.t[i]!, cwnd: tr.cwnd[i]! })));
  let steady = 0;
  let peak = 0;
  for (const tr of traces)
    for (let i = 0; i < tr.t.length; i++) {
      peak = Math.max(peak, tr.cwnd[i]!);
      if (tr.t[i]! >= SLOW_START_S) steady = Math.max(steady, tr.cwnd[i]!);
    }
  const top = Math.ceil(1.05 * Math.max(1, steady));
  return lineChart({
    title: `cwnd over time, ${path} path, native senders (no virtualization)`,
    subtitle: [
      "The paper publishes no native traces (goodput beside its published values: native-cc-goodput.svg).",
      ...(peak > top ? [`y axis cut at ${top} segments, above every window after the first ${SLOW_START_S} s; slow start's first peaks (up to ${peak.toFixed(0)}) run off the top.`] : []),
    ],
    data,
    x: { field: "t", title: "time (s)" },
    y: { field: "cwnd", title: "cwnd (segments)", domain: [0, top] },
    color: { field: "series", title: "congestion control", domain: CONGESTION_CONTROLS },
    facet: { field: "panel", title: null, columns: 3, sort: traces.map((t) => t.algorithm) },
    width: 260,
    height: 120,
  });
}

// native-cc goodput per congestion control on both paths, against what the paper publishes for a
// native sender: the congested path's 2000 KB/s bottleneck, and native Vegas's 42.442 MB/s on the
// fast path (Table 1).
export function nativeGoodputSpec(rows: readonly { path: string; algorithm: string; goodputKBps: number }[], paperNativeVegasMBps: number): TopLevelSpec {
  const bars = (path: string, unit: number, title: string, reference: { value: number; label: string; algorithm?: string }) => ({
    title: { text: `${path} path`, anchor: "middle", fontSize: 13 },
    width: 320,
    height: 200,
    data: { values: rows.filter((r) => r.path === path).map((r) => ({ algorithm: r.algorithm, goodput: r.goodputKBps / unit })) },
    layer: [
      { mark: "bar", encoding: { x: { field: "algorithm", type: "nominal", title: "congestion control", sort: [...CONGESTION_CONTROLS], axis: { labelAngle: -40 } }, y: { field: "goodput", type: "quantitative", title }, color: { field: "algorithm", type: "nominal", title: "congestion control", scale: colorScale(CONGESTION_CONTROLS), legend: null } } },
      reference.algorithm
        ? { data: { values: [{ algorithm: reference.algorithm, v: reference.value, label: reference.label }] }, layer: [{ mark: { type: "tick", color: colorOf("paper"), opacity: 1, thickness: 3 }, encoding: { x: { field: "algorithm", type: "nominal", sort: [...CONGESTION_CONTROLS] }, y: { field: "v", type: "quantitative" } } }, { mark: { type: "text", dy: -10, align: "right", dx: 12, fontSize: 10 }, encoding: { x: { field: "algorithm", type: "nominal", sort: [...CONGESTION_CONTROLS] }, y: { field: "v", type: "quantitative" }, text: { field: "label" } } }] }
        : { data: { values: [{ v: reference.value, label: reference.label }] }, layer: [{ mark: { type: "rule", strokeDash: [4, 3], color: "#000" }, encoding: { y: { field: "v", type: "quantitative" } } }, { mark: { type: "text", align: "left", dy: -6, x: 4, fontSize: 10 }, encoding: { y: { field: "v", type: "quantitative" }, text: { field: "label" } } }] },
    ],
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Goodput of native senders on the seed's two paths", subtitle: "black: published values — the paper's congested bottleneck (001 §4.3) and native Vegas's goodput in Table 1" },
    config: CONFIG,
    hconcat: [
      bars("congested", 1, "goodput (KB/s, 10³ B/s)", { value: PAPER_CONGESTED_KBPS, label: `paper: bottleneck ${PAPER_CONGESTED_KBPS} KB/s` }),
      bars("fast", 1000, "goodput (MB/s, 10⁶ B/s)", { value: paperNativeVegasMBps, label: `paper: native Vegas ${paperNativeVegasMBps} MB/s`, algorithm: "vegas" }),
    ],
  } as TopLevelSpec;
}
