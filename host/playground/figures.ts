// The playground's plots, built with the CLI's figure builders (host/report/vega.ts: lineChart,
// barsBesidePaper, the shared look and colours) and rendered by its renderSvg, so a plot on the page
// is the SVG the CLI would write for the same data.
import { TRACE_COLUMNS } from "../abi-names.ts";
import { barsBesidePaper, lineChart, thin, type Datum, type TopLevelSpec } from "../report/vega.ts";
import type { MatrixRow } from "../matrix.ts";
import type { VmmPolicyName } from "../vmm.ts";

const MAX_POINTS = 1500; // per series, as the CLI's window traces (host/report/figures-foxyvegas.ts)
const COLUMN = Object.fromEntries(TRACE_COLUMNS.map((c, i) => [c, i])) as Record<(typeof TRACE_COLUMNS)[number], number>;

export interface LiveSeries {
  trace: Float64Array; // TRACE_COLUMNS wide, rows in time order
  rows: number;
  links: readonly string[];
  queues: Float64Array; // rows of [time s, each link's queued bytes]
  samples: number;
}

const flowLabel = (i: number, cc: string) => `flow ${i} (${cc})`;

// Per flow, one trace column over time (thinned to MAX_POINTS per flow).
function perFlow(s: LiveSeries, column: number, ccs: readonly string[]): Datum[] {
  const w = TRACE_COLUMNS.length;
  const byFlow = ccs.map(() => [] as number[]);
  for (let r = 0; r < s.rows; r++) byFlow[s.trace[r * w + COLUMN.flow]!]?.push(r);
  return byFlow.flatMap((rows, f) => thin(rows.length, MAX_POINTS).map((k) => ({ series: flowLabel(f, ccs[f]!), t: s.trace[rows[k]! * w]!, v: s.trace[rows[k]! * w + column]! })));
}

const flowColors = (ccs: readonly string[]) => ({ field: "series", title: "flow", domain: ccs.map((cc, i) => flowLabel(i, cc)), anyValues: true });

export function cwndSpec(s: LiveSeries, ccs: readonly string[], title: string): TopLevelSpec {
  return lineChart({
    title: `${title}: congestion window`,
    data: perFlow(s, COLUMN.cwnd_segments, ccs),
    x: { field: "t", title: "time (s)" },
    y: { field: "v", title: "cwnd (segments)" },
    color: flowColors(ccs),
    width: 520,
    height: 170,
  });
}

export function rttSpec(s: LiveSeries, ccs: readonly string[], title: string): TopLevelSpec {
  return lineChart({
    title: `${title}: smoothed RTT`,
    data: perFlow(s, COLUMN.srtt_ms, ccs),
    x: { field: "t", title: "time (s)" },
    y: { field: "v", title: "srtt (ms)" },
    color: flowColors(ccs),
    width: 520,
    height: 170,
  });
}

// The queue of every link that has held any bytes: where the bottleneck is depends on the path
// (the congested example's is the router's token bucket, the fast one's the sender's NIC).
// Undefined while no link has queued (a plot with no data has no extent to draw).
export function queueSpec(s: LiveSeries, title: string): TopLevelSpec | undefined {
  const width = 1 + s.links.length;
  const at = (k: number, l: number) => s.queues[k * width + 1 + l]!;
  const queued = s.links.flatMap((name, l) => {
    for (let k = 0; k < s.samples; k++) if (at(k, l) > 0) return [{ name, l }];
    return [];
  });
  if (queued.length === 0) return undefined;
  const data = queued.flatMap(({ name, l }) => thin(s.samples, MAX_POINTS).map((k) => ({ series: name, t: s.queues[k * width]!, v: at(k, l) })));
  return lineChart({
    title: `${title}: queues`,
    subtitle: "bytes waiting at each link that queued any, read between steps of the core (at most once per trace period)",
    data,
    x: { field: "t", title: "time (s)" },
    y: { field: "v", title: "queued (bytes)" },
    color: { field: "series", title: "link", domain: queued.map((q) => q.name), anyValues: true },
    width: 520,
    height: 170,
  });
}

// The trick matrix as Table 2's figure (host/report/figures-foxyvegas.ts table2Spec) without the
// paper's ticks: a policy's bars are named as that figure names FoxyVegas's, so they keep its colours.
const POLICY_LABELS: Partial<Record<VmmPolicyName, string>> = { foxyvegas: "FoxyVegas" };

export function matrixSpec(rows: readonly MatrixRow[], policy: Exclude<VmmPolicyName, "none">, title: string): TopLevelSpec {
  const label = POLICY_LABELS[policy] ?? policy;
  return barsBesidePaper({
    title: `${title}: every guest congestion control, without and with ${label}`,
    data: rows.flatMap((r) => [
      { group: r.algorithm, series: `without ${label}`, model: r.withoutKBps, paper: null },
      { group: r.algorithm, series: `with ${label}`, model: r.withKBps, paper: null },
    ]),
    groupTitle: "guest congestion control",
    valueTitle: "goodput (KB/s, 10³ B/s)",
    seriesTitle: "guest",
    seriesDomain: [`without ${label}`, `with ${label}`],
    groupSort: rows.map((r) => r.algorithm),
    width: 40,
  });
}
