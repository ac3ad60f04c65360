// Plots (host/report/vega.ts and the figure builders): deterministic SVG, one colour per configuration
// in every figure, the published values in each reproduction's plot, readable axes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { colorOf, heatMap, lineChart, renderSvg, type TopLevelSpec } from "../host/report/vega.ts";
import { fig3Spec, fig4Spec, nativeCwndSpec, nativeGoodputSpec, table1Spec, table2Spec } from "../host/report/figures-foxyvegas.ts";
import { fluidSpec, metricsSpec, perVmSpec } from "../host/report/figures-fvm.ts";
import { CONGESTION_CONTROLS } from "../host/congestion.ts";
import { TABLE1, TABLE2 } from "../host/foxy-configs.ts";
import { fvmFig3 } from "../host/reproduce/fvm-fig3.ts";
import { foxyTable1 } from "../host/reproduce/foxyvegas.ts";
import { reproContext } from "../host/reproduce/context.ts";

const trace = (k: number) => ({ t: [0, 0.5, 1, 1.5, 2], w: [k, 2 * k, 3 * k, 2 * k, k] });
const fig3 = () => fig3Spec(trace(1), ["bic", "vegas"].map((algorithm, i) => ({ algorithm, without: trace(2 + i), withFoxy: trace(3 + i), distanceWithFoxy: 1, distanceWithoutFoxy: 2 })), 2);
const table1Rows = () => (Object.keys(TABLE1) as (keyof typeof TABLE1)[]).map((config, i) => ({ config, modelMBps: 30 + i, paperMBps: TABLE1[config] }));
const table2Rows = () => CONGESTION_CONTROLS.map((algorithm, i) => ({ algorithm, withoutKBps: 700 + i, withKBps: 900 + i, paperWithoutKBps: TABLE2[algorithm].without, paperWithKBps: TABLE2[algorithm].with }));
const metricsRows = [1, 2, 3].flatMap((x) => ["vanilla", "fvm"].map((mode) => ({ x, mode, vctMs: 10 * x, throughput: 50 / x, fairnessIndex: 1 - 0.2 * x })));

// Every {domain, range} colour scale in a spec (nested anywhere).
function colourPairs(spec: unknown, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(spec)) for (const s of spec) colourPairs(s, out);
  else if (spec && typeof spec === "object") {
    const o = spec as Record<string, unknown>;
    if (Array.isArray(o.domain) && Array.isArray(o.range) && o.range.every((c) => typeof c === "string" && c.startsWith("#")))
      o.domain.forEach((d, i) => out.push([String(d), (o.range as string[])[i]!]));
    for (const v of Object.values(o)) colourPairs(v, out);
  }
  return out;
}

test("renderSvg: byte-identical for equal specs, whatever was rendered before (clip ids reset)", async () => {
  const a = await renderSvg(fig3());
  await renderSvg(table2Spec(table2Rows(), 1e8));
  const b = await renderSvg(fig3());
  assert.match(a, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(a.includes("clipPath"), "the fixture should exercise clip paths");
  assert.equal(a, b);
});

test("renderSvg: a spec Vega-Lite warns about is an error, not terminal noise", async () => {
  const bad = { data: { values: [{ a: 1 }] }, mark: "tick", encoding: { y: { field: "a", type: "quantitative" }, shape: { value: "circle" } } } as unknown as TopLevelSpec;
  await assert.rejects(renderSvg(bad), /shape/);
});

test("colours: each configuration has one colour in every figure", () => {
  const specs = [
    fig3(),
    fig4Spec([{ config: "native-vegas", ms: [10.8, 10.9] }, { config: "guest-vegas", ms: [12, 13] }, { config: "foxyvegas", ms: [10.1, 10.2] }], 1),
    table1Spec(table1Rows(), 1),
    table2Spec(table2Rows(), 1e8),
    nativeCwndSpec("fast", CONGESTION_CONTROLS.map((algorithm) => ({ algorithm, t: [0, 1, 2], cwnd: [1, 2, 3] }))),
    nativeGoodputSpec(CONGESTION_CONTROLS.map((algorithm) => ({ path: "fast", algorithm, goodputKBps: 1000 })), TABLE1["native-vegas"]),
    metricsSpec({ title: "t", subtitle: [], rows: metricsRows, xTitle: "x", throughputTitle: "y", xRules: [] }),
    perVmSpec("t", "y", [{ mode: "fvm", sessions: 1, timeS: [0, 1], perVm: [[1, 2], [3, 4]] }], []),
    fluidSpec({ t: [0, 1], threads: [[1, 2], [3, 4]] }, { t: [0, 1], threads: [[1, 2], [3, 4]] }, 6.2, 5, []),
  ];
  const seen = new Map<string, string>();
  for (const [name, colour] of specs.flatMap((s) => colourPairs(s))) {
    assert.equal(colour, colorOf(name), `${name}`);
    seen.set(name, colour);
  }
  // the FoxyVegas configurations appear in several figures, so the check above compared them across figures
  for (const name of ["native Vegas", "guest Vegas", "FoxyVegas", "with FoxyVegas", "vanilla", "FVM", "VM1", ...CONGESTION_CONTROLS]) assert.ok(seen.has(name), name);
  // the same sender under two names: FoxyVegas's window is "with FoxyVegas", the guest's own is "without"
  assert.equal(colorOf("with FoxyVegas"), colorOf("FoxyVegas"));
  assert.equal(colorOf("without FoxyVegas"), colorOf("guest Vegas"));
  assert.equal(colorOf("vegas"), colorOf("native Vegas"));
  assert.equal(new Set(CONGESTION_CONTROLS.map(colorOf)).size, CONGESTION_CONTROLS.length, "nine distinct congestion-control colours");
  assert.throws(() => colorOf("nonesuch"), /no colour for configuration "nonesuch"/);
});

test("Tables 1 and 2: the paper's numbers are in the spec and printed in the SVG", async () => {
  const t1 = table1Spec(table1Rows(), 20);
  const d1 = (t1 as { data: { values: { paper: number }[] } }).data.values.map((d) => d.paper);
  assert.deepEqual(d1, Object.values(TABLE1));
  const svg1 = await renderSvg(t1);
  for (const v of Object.values(TABLE1)) assert.ok(svg1.includes(`>${v.toFixed(1)}<`), `Table 1 value ${v} printed`);
  const svg2 = await renderSvg(table2Spec(table2Rows(), 1e8));
  for (const cc of CONGESTION_CONTROLS) for (const v of [TABLE2[cc].without, TABLE2[cc].with]) assert.ok(svg2.includes(`>${v}<`), `Table 2 ${cc} ${v} printed`);
});

test("Figure 4: the axis has ticks at the peaks, and the paper's 10 ms delay is drawn", async () => {
  const around = (m: number) => Array.from({ length: 200 }, (_, i) => m + (i % 20) * 0.005);
  const spec = fig4Spec([{ config: "native-vegas", ms: around(10.8) }, { config: "guest-vegas", ms: [...around(12), 20, 22] }, { config: "foxyvegas", ms: around(10.1) }], 1);
  const svg = await renderSvg(spec);
  for (const tick of ["10.0", "10.5", "11.0", "12.0"]) assert.ok(svg.includes(`>${tick}<`), `tick ${tick}`);
  assert.ok(JSON.stringify(spec).includes('"datum":10'), "the 10 ms reference rule");
});

test("FVM figures: FI on a 0–1 axis with the paper's 'near 1'; identical per-VM series are named", async () => {
  const spec = metricsSpec({ title: "t", subtitle: [], rows: metricsRows, xTitle: "x", throughputTitle: "y", xRules: [{ x: 2.5, label: "paper: alike" }], throughputBound: { x: 3, y: 40, label: "paper: bound" } });
  const json = JSON.stringify(spec);
  assert.ok(json.includes('"domain":[0,1.1]'), "FI axis from 0 to just above 1");
  assert.ok(json.includes("paper: FVM near 1") && json.includes("paper: alike") && json.includes("paper: bound"));
  const perVm = (perVm: number[][]) => JSON.stringify(perVmSpec("t", "y", [{ mode: "vanilla", sessions: 60, timeS: [0, 1], perVm }], []));
  assert.ok(perVm([[1, 2], [1, 2], [1, 2], [1, 2]]).includes("all 4 VMs coincide"));
  assert.ok(perVm([[1, 2], [5, 6], [7, 8], [1, 2]]).includes("(VM1 = VM4)"));
  assert.ok(!perVm([[1, 2], [5, 6], [7, 8], [9, 9]]).includes("coincide"));
});

test("native-cc: the cwnd axis is cut above the steady windows, not at slow start's peak", () => {
  const spec = nativeCwndSpec("congested", [{ algorithm: "newreno", t: [0, 0.5, 1, 2, 3], cwnd: [1, 220, 13, 12, 13] }]);
  assert.ok(JSON.stringify(spec).includes('"domain":[0,14]'));
});

test("fvm-fig3 end to end: the plot shows the paper's n* and its 'first 5 steps'", async () => {
  const out = await fvmFig3.run(reproContext({ full: false }));
  const svg = out.plots.find((p) => p.file === "fvm-fig3.svg")!.svg;
  assert.match(svg, /paper's n\* = 6\.23/);
  assert.match(svg, /rising for ~5 steps/);
});

test("foxyvegas-table1 end to end: the SVG prints Table 1's values", async () => {
  const out = await foxyTable1.run(reproContext({ full: false }));
  const svg = out.plots.find((p) => p.file === "foxyvegas-table1.svg")!.svg;
  for (const v of Object.values(TABLE1)) assert.ok(svg.includes(`>${v.toFixed(1)}<`), `${v}`);
});

test("heatMap: a general spec renders", async () => {
  const svg = await renderSvg(heatMap({ title: "h", data: [{ a: 1, b: 2, v: 3 }, { a: 2, b: 2, v: 4 }], x: { field: "a", title: "a (unit)" }, y: { field: "b", title: "b (unit)" }, value: { field: "v", title: "v (unit)" } }));
  assert.ok(svg.includes(">a (unit)<") && svg.includes(">v (unit)<"));
  const line = await renderSvg(lineChart({ title: "l", data: [{ x: 1, y: 2, s: "paper" }], x: { field: "x", title: "x" }, y: { field: "y", title: "y" }, color: { field: "s", title: "s", domain: ["paper"] } }));
  assert.ok(line.includes(">l<"));
});
