// Small, dependency-free SVG charts: line panels and histograms. Output is a pure function of
// the data (fixed number formatting), so plots are byte-identical across runs and machines.

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface Panel {
  title: string;
  series: Series[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
  maxPoints?: number; // per series, evenly thinned
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"];

const fmt = (v: number) => (Math.abs(v) >= 1000 || v === Math.round(v) ? v.toFixed(0) : v.toPrecision(3));
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function extent(panels: Panel[], key: "x" | "y"): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of panels) for (const s of p.series) for (let i = 0; i < s[key].length; i++) {
    const v = s[key][i]!;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (key === "y") lo = Math.min(lo, 0);
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

// A grid of line panels sharing axes (so panels compare at a glance).
export function linePanels(panels: Panel[], o: ChartOptions): string {
  const cols = Math.min(o.columns ?? 3, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const pw = o.panelWidth ?? 320;
  const ph = o.panelHeight ?? 200;
  const m = { l: 56, r: 12, t: 26, b: 34 };
  const W = cols * pw;
  const H = rows * ph + 36;
  const [x0, x1] = extent(panels, "x");
  const [y0, y1] = extent(panels, "y");
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
  ];
  panels.forEach((p, i) => {
    const ox = (i % cols) * pw;
    const oy = 36 + Math.floor(i / cols) * ph;
    const iw = pw - m.l - m.r;
    const ih = ph - m.t - m.b;
    const sx = (v: number) => ox + m.l + ((v - x0) / (x1 - x0)) * iw;
    const sy = (v: number) => oy + m.t + ih - ((v - y0) / (y1 - y0)) * ih;
    out.push(`<text x="${ox + m.l + iw / 2}" y="${oy + 16}" text-anchor="middle" font-size="12">${esc(p.title)}</text>`);
    out.push(`<rect x="${ox + m.l}" y="${oy + m.t}" width="${iw}" height="${ih}" fill="none" stroke="#999"/>`);
    for (const t of niceTicks(x0, x1)) out.push(`<text x="${sx(t).toFixed(1)}" y="${oy + m.t + ih + 14}" text-anchor="middle">${fmt(t)}</text>`);
    for (const t of niceTicks(y0, y1, 4)) {
      out.push(`<line x1="${ox + m.l}" x2="${ox + m.l + iw}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#eee"/>`);
      out.push(`<text x="${ox + m.l - 4}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`);
    }
    out.push(`<text x="${ox + m.l + iw / 2}" y="${oy + ph - 4}" text-anchor="middle" fill="#555">${esc(o.xLabel)}</text>`);
    out.push(`<text transform="translate(${ox + 12},${oy + m.t + ih / 2}) rotate(-90)" text-anchor="middle" fill="#555">${esc(o.yLabel)}</text>`);
    p.series.forEach((s, k) => {
      const n = s.x.length;
      const stride = Math.max(1, Math.ceil(n / (o.maxPoints ?? 1500)));
      const pts: string[] = [];
      for (let j = 0; j < n; j += stride) pts.push(`${sx(s.x[j]!).toFixed(1)},${sy(s.y[j]!).toFixed(1)}`);
      const color = COLORS[k % COLORS.length];
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="1" points="${pts.join(" ")}"/>`);
      if (p.series.length > 1) out.push(`<text x="${ox + m.l + iw - 4}" y="${oy + m.t + 12 + 12 * k}" text-anchor="end" fill="${color}">${esc(s.label)}</text>`);
    });
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

export interface HistogramSeries {
  label: string;
  values: ArrayLike<number>;
}

// Overlaid step histograms with shared bins.
export function histogram(series: HistogramSeries[], o: { title: string; xLabel: string; bins?: number; width?: number; height?: number }): string {
  const W = o.width ?? 640;
  const H = o.height ?? 360;
  const m = { l: 56, r: 16, t: 40, b: 40 };
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (let i = 0; i < s.values.length; i++) {
    lo = Math.min(lo, s.values[i]!);
    hi = Math.max(hi, s.values[i]!);
  }
  if (!(hi > lo)) hi = lo + 1;
  const bins = o.bins ?? 50;
  const counts = series.map((s) => {
    const c = new Array<number>(bins).fill(0);
    for (let i = 0; i < s.values.length; i++) c[Math.min(bins - 1, Math.floor(((s.values[i]! - lo) / (hi - lo)) * bins))]!++;
    return c.map((v) => v / Math.max(1, s.values.length));
  });
  const ymax = Math.max(...counts.flat(), 1e-9);
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const sx = (v: number) => m.l + ((v - lo) / (hi - lo)) * iw;
  const sy = (v: number) => m.t + ih - (v / ymax) * ih;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
    `<rect x="${m.l}" y="${m.t}" width="${iw}" height="${ih}" fill="none" stroke="#999"/>`,
  ];
  for (const t of niceTicks(lo, hi)) out.push(`<text x="${sx(t).toFixed(1)}" y="${m.t + ih + 14}" text-anchor="middle">${fmt(t)}</text>`);
  for (const t of niceTicks(0, ymax, 4)) out.push(`<text x="${m.l - 4}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`);
  out.push(`<text x="${m.l + iw / 2}" y="${H - 6}" text-anchor="middle" fill="#555">${esc(o.xLabel)}</text>`);
  out.push(`<text transform="translate(14,${m.t + ih / 2}) rotate(-90)" text-anchor="middle" fill="#555">fraction of samples</text>`);
  counts.forEach((c, k) => {
    const color = COLORS[k % COLORS.length];
    const pts: string[] = [`${sx(lo).toFixed(1)},${sy(0).toFixed(1)}`];
    c.forEach((v, b) => {
      const a = lo + ((hi - lo) * b) / bins;
      const z = lo + ((hi - lo) * (b + 1)) / bins;
      pts.push(`${sx(a).toFixed(1)},${sy(v).toFixed(1)}`, `${sx(z).toFixed(1)},${sy(v).toFixed(1)}`);
    });
    pts.push(`${sx(hi).toFixed(1)},${sy(0).toFixed(1)}`);
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.join(" ")}"/>`);
    out.push(`<text x="${m.l + iw - 4}" y="${m.t + 14 + 13 * k}" text-anchor="end" fill="${color}">${esc(series[k]!.label)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
