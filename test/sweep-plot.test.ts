// foxsim plot: figures of a sweep's results, from the results file a real sweep wrote.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BASE, foxsim, lines, specFile, tmp } from "./sweep-helpers.ts";
import { plotData, coincidentLines } from "../host/sweep/plot.ts";
import { readResults } from "../host/sweep/rows.ts";

// Two congestion controls × two delays × two replications on a lossy path (replications differ),
// plus one invalid congestion control whose rows fail.
const results = join(tmp, "plot.jsonl");
const spec = specFile("plot", { scenario: BASE, axes: { "flows.0.cc": ["newreno", "cubic", "nope"], "path.forward.delayMs": [5, 20] }, replications: 2, seed: 3 });
const swept = foxsim(["sweep", spec, "--out", results, "--workers", "2", "--quiet"]);

test("the plotted value is the mean of the rows that share the plotted axes; failed rows are left out and counted", () => {
  assert.equal(swept.code, 0, swept.err);
  const [, ...rows] = lines(results);
  const { data, perPoint, failed } = plotData(readResults(results), { x: "path.forward.delayMs", y: "goodputKBps", color: "flows.0.cc" });
  assert.equal(failed, 4); // "nope" × 2 delays × 2 replications
  assert.equal(data.length, 4);
  assert.deepEqual(perPoint, [2, 2, 2, 2]);
  for (const d of data) {
    const mine = rows.filter((r: any) => r.status === "ok" && r.values["flows.0.cc"] === d.color && r.values["path.forward.delayMs"] === d.x);
    assert.equal(mine.length, 2);
    assert.notEqual(mine[0].summary.goodputKBps, mine[1].summary.goodputKBps, "replications should differ on a lossy path");
    assert.equal(d.value, (mine[0].summary.goodputKBps + mine[1].summary.goodputKBps) / 2);
  }
});

test("plot writes an SVG with the axes' names and, with --vl, the Vega-Lite spec of the same data", () => {
  const svg = join(tmp, "lines.svg");
  const vl = join(tmp, "lines.vl.json");
  const r = foxsim(["plot", results, "--x", "path.forward.delayMs", "--y", "goodputKBps", "--color", "flows.0.cc", "--out", svg, "--vl", vl]);
  assert.equal(r.code, 0, r.err);
  const text = readFileSync(svg, "utf8");
  assert.match(text, /^<svg/);
  for (const s of ["path.forward.delayMs", "goodputKBps", "newreno", "cubic", "4 failed"]) assert.ok(text.includes(s), s);
  const values = JSON.parse(readFileSync(vl, "utf8")).data.values;
  assert.deepEqual(values, plotData(readResults(results), { x: "path.forward.delayMs", y: "goodputKBps", color: "flows.0.cc" }).data);
});

test("plot --heatmap: one cell per pair of axis values, each value printed", () => {
  const svg = join(tmp, "heat.svg");
  const r = foxsim(["plot", results, "--x", "path.forward.delayMs", "--y", "flows.0.cc", "--heatmap", "retransmits", "--out", svg]);
  assert.equal(r.code, 0, r.err);
  const { data } = plotData(readResults(results), { x: "path.forward.delayMs", y: "flows.0.cc", heatmap: "retransmits" });
  assert.equal(data.length, 4);
  const text = readFileSync(svg, "utf8");
  for (const d of data) assert.ok(text.includes(`>${Number(Number(d.value).toPrecision(3))}<`), `cell value ${d.value} printed`);
});

test("plot refuses a name the results do not have, naming what is allowed, and writes nothing", () => {
  const svg = join(tmp, "never.svg");
  const r = foxsim(["plot", results, "--x", "path.forward.delayMs", "--y", "goodputMBps", "--out", svg]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--y "goodputMBps": not a summary field of this results file; allowed: goodputKBps/);
  assert.equal(existsSync(svg), false);
  const h = foxsim(["plot", results, "--x", "path.forward.delayMs", "--y", "flows.0.bytes", "--heatmap", "retransmits", "--out", svg]);
  assert.equal(h.code, 2);
  assert.match(h.err, /--y "flows.0.bytes": not an axis/);
});

test("lines whose points are all equal are named (the lower one would be hidden); a single differing point separates them", () => {
  const d = (color: string, x: number, value: number, facet?: string) => ({ color, x, value, ...(facet ? { facet } : {}) });
  const same = [d("noop", 0, 5), d("noop", 5, 1), d("deadline", 5, 1), d("deadline", 0, 5), d("cfq", 0, 7), d("cfq", 5, 1)];
  assert.deepEqual(coincidentLines(same), [["noop", "deadline"]]);
  assert.deepEqual(coincidentLines([d("a", 0, 1), d("b", 0, 1), d("a", 1, 2), d("b", 1, 2.0001)]), []);
  assert.deepEqual(coincidentLines([d("a", 0, 1, "p"), d("b", 0, 1, "q")]), [], "the same point in different panels is not the same line");
});
