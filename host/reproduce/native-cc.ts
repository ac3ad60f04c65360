// Every guest congestion control on the seed's two paths, natively (no virtualization).
import { CONGESTION_CONTROLS } from "../congestion.ts";
import { seedCongestedPath, seedFastPath, TABLE1 } from "../foxy-configs.ts";
import { parseScenario } from "../scenario.ts";
import { simulate, TRACE_COLUMNS } from "../simulate.ts";
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
    const rows: Record<string, unknown>[] = [];
    const plots: { file: string; svg: string }[] = [];
    const total = paths.length * CONGESTION_CONTROLS.length;
    let done = 0;
    for (const p of paths) {
      const traces: Parameters<typeof nativeCwndSpec>[1][number][] = [];
      for (const cc of CONGESTION_CONTROLS) {
        ctx.progress(done, total, `${p.name}/${cc}`);
        const core = await ctx.newCore();
        const scenario = parseScenario(p.build(cc));
        ctx.used(scenario);
        const { result, trace } = simulate(core, scenario, { withTrace: true });
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
        done++;
      }
      plots.push({ file: `native-cc-${p.name}.svg`, svg: await renderSvg(nativeCwndSpec(p.name, traces)) });
    }
    plots.push({ file: "native-cc-goodput.svg", svg: await renderSvg(nativeGoodputSpec(rows as { path: string; algorithm: string; goodputKBps: number }[], TABLE1["native-vegas"])) });
    ctx.progress(total, total, "done");
    const text = formatTable(
      ["path", "algorithm", "goodput KB/s", "retransmits", "RTOs", "mean cwnd"],
      rows.map((r) => [r.path as string, r.algorithm as string, r.goodputKBps as number, r.retransmits as number, r.timeouts as number, r.meanCwnd as number]),
    );
    // the seed publishes no native numbers per algorithm: a reference table, no findings to check
    return { title: "Native congestion controls on the seed's paths (001 §4.3)", text, findings: [], json: { rows }, plots };
  },
};
