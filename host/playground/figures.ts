// The playground's plots, built with the CLI's figure builders (host/report/vega.ts: lineChart,
// barsBesidePaper, the shared look and colours) and rendered by its renderSvg, so a plot on the page
// is the SVG the CLI would write for the same data.
import { TRACE_COLUMNS } from "../abi-names.ts";
import { barsBesidePaper, colorScale, CONFIG, lineChart, thin, valueColorScale, type Datum, type TopLevelSpec } from "../report/vega.ts";
import type { MatrixRow } from "../matrix.ts";
import type { VmmPolicyName } from "../vmm.ts";
import type { StorageResult } from "../storage/simulate.ts";
import type { DiskMatrixRow } from "../storage/matrix.ts";
import type { FvmResult } from "../fvm/simulate.ts";
import type { PathsReport } from "../outsourcing/summary.ts";

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

// ---- storage (`foxsim disk`, `foxsim disk-matrix`)

const ROLES = ["foreground", "background"]; // FoxyIdle's two kinds of job, in the colours of seed 001's figures

// Each process of a storage run as a bar from its start to its exit on the simulated clock, coloured
// by its role and labelled with its execution time: who ran when, and who waited for whom. A process
// still running when the run stopped (stopTimeS) reaches the end of the run, labelled so.
export function processesSpec(r: StorageResult): TopLevelSpec {
  const data = r.processes.map((p) => ({
    process: p.name,
    role: p.background ? "background" : "foreground",
    start: p.startS,
    end: p.elapsedS === null ? r.simulatedS : p.startS + p.elapsedS,
    label: p.elapsedS === null ? "still running" : `${p.elapsedS.toFixed(3)} s`,
  }));
  const y = { field: "process", type: "nominal", title: "process", sort: r.processes.map((p) => p.name) };
  const interval = r.policy === "none" ? "" : ` ${r.preemptionIntervalMs} ms`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${r.scenario}: each process from start to exit`, subtitle: `guest ${r.guestElevator}, dom0 ${r.dom0Elevator}, VMM policy ${r.policy}${interval}` },
    config: CONFIG,
    data: { values: data },
    width: 520,
    height: { step: 34 },
    encoding: { y },
    layer: [
      { mark: { type: "bar", height: { band: 0.7 } }, encoding: { x: { field: "start", type: "quantitative", title: "simulated time (s)" }, x2: { field: "end" }, color: { field: "role", type: "nominal", title: "job", scale: colorScale(ROLES) }, tooltip: [{ field: "process" }, { field: "role" }, { field: "label", title: "execution time" }] } },
      { mark: { type: "text", align: "left", dx: 4, fontSize: 11 }, encoding: { x: { field: "end", type: "quantitative" }, text: { field: "label" } } },
    ],
  } as TopLevelSpec;
}

// The disk matrix as seed 001 Figures 7–8 lay out theirs (host/report/figures-foxyidle.ts): one
// panel per guest I/O scheduler, each VMM disk policy's execution time of every process side by side.
// A process still running at stopTimeS (null) has no bar.
export function diskMatrixSpec(rows: readonly DiskMatrixRow[], processes: readonly string[], preemptionIntervalMs: number, title: string): TopLevelSpec {
  const policyLabel = (p: string) => (p === "none" ? "none" : `${p} ${preemptionIntervalMs} ms`);
  const policies = [...new Set(rows.map((r) => policyLabel(r.policy)))];
  const data = rows.flatMap((r) => processes.flatMap((process) => (r.seconds[process] === null ? [] : [{ scheduler: r.elevator, policy: policyLabel(r.policy), process, seconds: r.seconds[process]! }])));
  const x = { field: "policy", type: "ordinal", title: "VMM disk policy", sort: policies, axis: { labelAngle: 0 } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${title}: every VMM disk policy against every guest I/O scheduler`, subtitle: "execution time of each process (as foxsim disk-matrix)" },
    config: CONFIG,
    data: { values: data },
    facet: { column: { field: "scheduler", type: "nominal", title: "guest I/O scheduler", sort: [...new Set(rows.map((r) => r.elevator))] } },
    spacing: 10,
    spec: {
      width: 130,
      height: 200,
      mark: { type: "bar" },
      encoding: { x, xOffset: { field: "process", sort: [...processes] }, y: { field: "seconds", type: "quantitative", title: "execution time (s)" }, color: { field: "process", type: "nominal", title: "process", scale: valueColorScale(processes) }, tooltip: [{ field: "scheduler" }, { field: "policy" }, { field: "process" }, { field: "seconds", format: ".3f" }] },
    },
  } as TopLevelSpec;
}

// ---- Friendly VMs (`foxsim fvm`)

// Each VM's throughput over the measured span, in the colour of its mode (seed 003's figures: FVM
// blue, vanilla orange), against the optimal share of each VM (dashed): how fair the host was.
export function fvmThroughputSpec(r: FvmResult): TopLevelSpec {
  const mode = r.mode === "fvm" ? "FVM" : "vanilla";
  const vms = r.vms.map((_, i) => `vm ${i}`);
  const data = r.vms.map((v, i) => ({ vm: vms[i]!, throughput: v.throughput, mode, label: v.throughput.toFixed(2) }));
  const y = { type: "quantitative", title: "throughput (work units/s)" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${r.scenario}: throughput of each VM`, subtitle: `${mode}, ${r.vms.length} VMs; dashed: the optimal share (${r.optimalPerVm.toFixed(2)} units/s); fairness index ${r.fairnessIndex.toFixed(3)}, Jain ${r.jainIndex.toFixed(3)}` },
    config: CONFIG,
    width: { step: Math.max(24, Math.min(60, 480 / vms.length)) },
    height: 200,
    layer: [
      { data: { values: data }, mark: { type: "bar" }, encoding: { x: { field: "vm", type: "nominal", title: "VM", sort: vms, axis: { labelAngle: 0 } }, y: { ...y, field: "throughput" }, color: { field: "mode", type: "nominal", title: "host", scale: colorScale([mode]) }, tooltip: [{ field: "vm" }, { field: "label", title: "work units/s" }] } },
      { data: { values: data }, mark: { type: "text", dy: -6, fontSize: 10 }, encoding: { x: { field: "vm", type: "nominal", sort: vms }, y: { ...y, field: "throughput" }, text: { field: "label" } } },
      { data: { values: [{ optimal: r.optimalPerVm }] }, mark: { type: "rule", strokeDash: [6, 4], color: "#333" }, encoding: { y: { ...y, field: "optimal" } } },
    ],
  } as TopLevelSpec;
}

// Each VM's throughput over time, with `sampleS` > 0 (undefined without its time series).
export function fvmSeriesSpec(r: FvmResult): TopLevelSpec | undefined {
  const s = r.series;
  if (!s || s.timeS.length === 0) return undefined;
  const vms = r.vms.map((_, i) => `vm ${i}`);
  const data = vms.flatMap((vm, k) => thin(s.timeS.length, MAX_POINTS).map((i) => ({ series: vm, t: s.timeS[i]!, v: s.throughput[k]![i]! })));
  return lineChart({
    title: `${r.scenario}: throughput of each VM over time`,
    subtitle: "work units/s in each sample period (sampleS)",
    data,
    x: { field: "t", title: "time (s)" },
    y: { field: "v", title: "throughput (work units/s)" },
    color: { field: "series", title: "VM", domain: vms, anyValues: true },
    width: 520,
    height: 170,
  });
}

// ---- inter-VM paths (`foxsim paths`)

const connectionLabel = (c: PathsReport["connections"][number], i: number) => `${i}: ${c.from} → ${c.to}`;

// Each connection's throughput in both directions over the measured window and, for the
// request–response ones (netperf TCP_RR), the mean time of a transaction: the path's cost shows
// as fewer Mb/s or more µs. Mb/s and µs are separate panels (one axis each).
export function pathsConnectionsSpec(r: PathsReport): TopLevelSpec {
  const labels = r.connections.map(connectionLabel);
  const path = (c: PathsReport["connections"][number]) => `${c.fromPath} → ${c.toPath}, ${c.app}`;
  const flows = r.connections.flatMap((c, i) => [
    { connection: labels[i]!, direction: "from → to", mbps: c.throughputMbps, label: `${c.throughputMbps}`, path: path(c) },
    { connection: labels[i]!, direction: "to → from", mbps: c.reverseThroughputMbps, label: `${c.reverseThroughputMbps}`, path: path(c) },
  ]);
  const y = { field: "connection", type: "nominal", title: "connection", sort: labels };
  const throughput = {
    data: { values: flows },
    width: 440,
    height: { step: 16 },
    encoding: { y, yOffset: { field: "direction", sort: ["from → to", "to → from"] } },
    layer: [
      { mark: { type: "bar" }, encoding: { x: { field: "mbps", type: "quantitative", title: "throughput (Mb/s) in the measured window" }, color: { field: "direction", type: "nominal", title: "direction", scale: valueColorScale(["from → to", "to → from"]) }, tooltip: [{ field: "connection" }, { field: "path" }, { field: "direction" }, { field: "label", title: "Mb/s" }] } },
      { mark: { type: "text", align: "left", dx: 3, fontSize: 10 }, encoding: { x: { field: "mbps", type: "quantitative" }, text: { field: "label" } } },
    ],
  };
  const rr = r.connections.flatMap((c, i) => (c.latencyUs === undefined ? [] : [{ connection: labels[i]!, latencyUs: c.latencyUs, label: `${c.latencyUs} µs, ${c.transactionsPerS} trans/s`, path: path(c) }]));
  const latency = {
    data: { values: rr },
    width: 440,
    height: { step: 22 },
    encoding: { y: { ...y, sort: rr.map((d) => d.connection) } },
    layer: [
      // the x scale runs past the longest bar so that its label fits inside the plot
      { mark: { type: "bar", color: "#777" }, encoding: { x: { field: "latencyUs", type: "quantitative", title: "mean transaction time (µs), request–response connections", scale: { domain: [0, 1.6 * Math.max(0, ...rr.map((d) => d.latencyUs))], nice: true } }, tooltip: [{ field: "connection" }, { field: "path" }, { field: "label", title: "transaction" }] } },
      { mark: { type: "text", align: "left", dx: 3, fontSize: 10 }, encoding: { x: { field: "latencyUs", type: "quantitative" }, text: { field: "label" } } },
    ],
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${r.scenario}: each connection`, subtitle: `over the ${r.measuredMs} ms measured (as foxsim paths); from → to is the direction the connection was listed in` },
    config: CONFIG,
    vconcat: rr.length ? [throughput, latency] : [throughput],
    resolve: { scale: { y: "independent" } },
  } as TopLevelSpec;
}

// How busy each host core was over the measured window, by host: where the path's CPU work lands
// (the backend core, the VMs' vCPU cores, the native applications' cores).
export function pathsCoresSpec(r: PathsReport): TopLevelSpec {
  const hosts = [...new Set(r.cores.map((c) => c.host))];
  const data = r.cores.map((c) => ({ core: `${c.host} core ${c.core}`, host: c.host, busy: 100 * c.busy, label: `${(100 * c.busy).toFixed(0)} %` }));
  const x = { field: "core", type: "nominal", title: "host core", sort: data.map((d) => d.core), axis: { labelAngle: -30 } };
  const y = { field: "busy", type: "quantitative", title: "busy (% of the measured window)", scale: { domain: [0, 100] } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${r.scenario}: CPU cores`, subtitle: `share of the ${r.measuredMs} ms measured each core was busy` },
    config: CONFIG,
    data: { values: data },
    width: { step: Math.max(28, Math.min(60, 480 / data.length)) },
    height: 180,
    layer: [
      { mark: { type: "bar" }, encoding: { x, y, color: { field: "host", type: "nominal", title: "host", scale: valueColorScale(hosts) }, tooltip: [{ field: "core" }, { field: "label", title: "busy" }] } },
      { mark: { type: "text", dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: "label" } } },
    ],
  } as TopLevelSpec;
}
