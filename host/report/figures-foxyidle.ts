// Seed 001 Figures 7–8 as the model draws them: per guest I/O scheduler, the foreground's and the
// background's execution times for concurrent execution, each preemption interval and standalone,
// with the paper's published ratios drawn over them (black ticks) where it gives one, and the
// foreground's range over replications (whiskers) where the row has them.
import { CONFIG, colorScale, colorOf, type TopLevelSpec } from "./vega.ts";

export interface FoxyBar {
  scheduler: string;
  config: string; // "concurrent", "5 ms", …, "idle class" (CFQ), "standalone"
  job: "foreground" | "background";
  seconds: number;
  paper: number | null; // a published bound turned into seconds (the ratio × this scheduler's standalone time)
  lo?: number | null; // the range over replications (other seeds), where the row has them
  hi?: number | null;
}

export function foxyIdleBars(title: string, subtitle: string[], bars: FoxyBar[], configs: readonly string[], schedulers: readonly string[]): TopLevelSpec {
  const x = { field: "config", type: "ordinal", title: null, sort: [...configs], axis: { labelAngle: -40 } };
  const y = { type: "quantitative", title: "execution time (s)" };
  const jobs = ["foreground", "background"];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle },
    config: CONFIG,
    data: { values: bars },
    facet: { column: { field: "scheduler", type: "nominal", title: "guest I/O scheduler", sort: [...schedulers] } },
    spacing: 14,
    // each scheduler its own configurations (CFQ alone has the idle-class column)
    resolve: { scale: { x: "independent", xOffset: "independent" } },
    spec: {
      width: 190,
      height: 220,
      layer: [
        { mark: { type: "bar" }, encoding: { x, xOffset: { field: "job", sort: jobs }, y: { ...y, field: "seconds" }, color: { field: "job", type: "nominal", title: "job", scale: colorScale(jobs) }, tooltip: [{ field: "config" }, { field: "job" }, { field: "seconds", format: ".2f" }] } },
        { transform: [{ filter: "datum.paper != null" }], mark: { type: "tick", color: colorOf("paper"), thickness: 2, size: 10 }, encoding: { x, xOffset: { field: "job", sort: jobs }, y: { ...y, field: "paper" } } },
        { transform: [{ filter: "datum.lo != null" }], mark: { type: "rule", color: "#333", strokeWidth: 1.2 }, encoding: { x, xOffset: { field: "job", sort: jobs }, y: { ...y, field: "lo" }, y2: { field: "hi" } } },
      ],
    },
  } as TopLevelSpec;
}
