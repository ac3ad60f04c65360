// Every guest congestion control on the seed's two paths, natively (no virtualization).
import { CONGESTION_CONTROLS } from "../congestion.ts";
import { seedCongestedPath, seedFastPath, TABLE1 } from "../foxy-configs.ts";
import { parseScenario } from "../scenario.ts";
import { TRACE_COLUMNS, type SimOutput } from "../simulate.ts";
import { nativeCwndSpec, nativeGoodputSpec } from "../report/figures-foxyvegas.ts";
import { renderSvg } from "../report/vega.ts";
import { formatTable } from "../report/table.ts";
import type { Reproduction } from "./types.ts";

const CWND = TRACE_COLUMNS.indexOf("cwnd_segments");
const TIME = TRACE_COLUMNS.indexOf("time_s");

export const nativeCc: Reproduction = {
  name: "native-cc",
  summary: "all guest congestion controls on the congested and fast paths, without virtualization",
  async run(ctx) {
    const paths = [
      { name: "congested", build: (cc: (typeof CONGESTION_CONTROLS)[number]) => seedCongestedPath(cc, "native", ctx.full ? 400_000_000 : 100_000_000) },
      { name: "fast", build: (cc: (typeof CONGESTION_CONTROLS)[number]) => seedFastPath(cc, "native", ctx.full ? 60 : 5) },
    ];
    const outputs = await ctx.simulateAll(paths.flatMap((p) => CONGESTION_CONTROLS.map((cc) => ({ label: `${p.name}/${cc}`, scenario: parseScenario(p.build(cc)), withTrace: true }))));
    const rows: Record<string, unknown>[] = [];
    const plots: { file: string; svg: string }[] = [];
    for (const [i, p] of paths.entries()) {
      const traces: Parameters<typeof nativeCwndSpec>[1][number][] = [];
      for (const [j, cc] of CONGESTION_CONTROLS.entries()) {
        const { result, trace }: SimOutput = outputs[i * CONGESTION_CONTROLS.length + j]!;
        rows.push({
          path: p.name,
          algorithm: cc,
          goodputKBps: result.goodputKBps,
          retransmits: result.retransmits,
          timeouts: result.timeouts,
          meanCwnd: result.flows[0]!.meanCwnd,
          completionTimeS: result.completionTimeS,
        });
        const t = trace!;
        const x = new Float64Array(t.rows);
        const y = new Float64Array(t.rows);
        for (let r = 0; r < t.rows; r++) {
          x[r] = t.data[r * t.columns.length + TIME]!;
          y[r] = t.data[r * t.columns.length + CWND]!;
        }
        traces.push({ algorithm: cc, t: x, cwnd: y });
      }
      plots.push({ file: `native-cc-${p.name}.svg`, svg: await renderSvg(nativeCwndSpec(p.name, traces)) });
    }
    plots.push({ file: "native-cc-goodput.svg", svg: await renderSvg(nativeGoodputSpec(rows as { path: string; algorithm: string; goodputKBps: number }[], TABLE1["native-vegas"])) });
    const text = formatTable(
      ["path", "algorithm", "goodput KB/s", "retransmits", "RTOs", "mean cwnd"],
      rows.map((r) => [r.path as string, r.algorithm as string, r.goodputKBps as number, r.retransmits as number, r.timeouts as number, r.meanCwnd as number]),
    );
    // the seed publishes no native numbers per algorithm: a reference table, no findings to check
    return { title: "Native congestion controls on the seed's paths (001 §4.3)", text, findings: [], json: { rows }, plots };
  },
};
