// Seed 003 Figures 7–9: four VMs each running a web server (CGI touching 1 MB), 20–140 httperf
// sessions per VM, 512 MB of host memory, vanilla vs FVM; per-VM VCT and throughput over time at 60,
// 100 and 120 sessions.
import type { FvmResult } from "../fvm/simulate.ts";
import { metricsSpec, perVmSpec, type MetricsRow, type VmSeries } from "../report/figures-fvm.ts";
import { renderSvg } from "../report/vega.ts";
import { formatTable } from "../report/table.ts";
import { fvmRun, resultRow } from "./fvm-common.ts";
import { verdict } from "./findings.ts";
import type { Finding, Reproduction } from "./types.ts";

const MODES = ["vanilla", "fvm"] as const;
const SESSIONS = [20, 40, 60, 80, 100, 120, 140];
const TRACED = [60, 100, 120]; // Figures 8 and 9: low, moderate and heavy load
const AVERAGE_S = 50; // Figures 8–9 average over 50 s intervals

// §5.2: each load runs 20 minutes.
function webRun(sessions: number, mode: (typeof MODES)[number], full: boolean) {
  const durationS = full ? 1200 : 600;
  return {
    name: `web-${sessions}-${mode}`, vms: 4, durationS, warmupS: durationS / 4, sampleS: TRACED.includes(sessions) ? AVERAGE_S : 0,
    host: { memoryMB: 512 }, workload: { kind: "web" as const, sessionsPerVm: sessions }, fvm: { enabled: mode === "fvm" },
  };
}

export const fvmWeb: Reproduction = {
  name: "fvm-web",
  summary: "FVM web servers: 4 VMs, 20–140 httperf sessions each, 512 MB, vanilla vs FVM (003 Figs. 7–9)",
  async run(ctx) {
    const points = SESSIONS.flatMap((sessions) => MODES.map((mode) => ({ sessions, mode })));
    const results = await ctx.simulateFvmAll(points.map(({ sessions, mode }) => fvmRun(`${sessions} sessions ${mode}`, webRun(sessions, mode, ctx.full))));
    const rows: ({ sessions: number } & ReturnType<typeof resultRow>)[] = points.map(({ sessions }, i) => ({ sessions, ...resultRow(results[i]!) }));
    const traced = new Map<string, FvmResult>();
    for (const [i, { sessions, mode }] of points.entries()) if (results[i]!.series) traced.set(`${sessions}-${mode}`, results[i]!);
    const get = (n: number, mode: string) => rows.find((r) => r.sessions === n && r.mode === mode)!;
    const heavyVan = get(120, "vanilla").perVmThroughput;
    const sorted = [...heavyVan].sort((a, b) => b - a);
    const others = sorted.slice(1);
    const dominance = sorted[0]! / Math.max(1e-9, others.reduce((a, b) => a + b, 0) / others.length);
    const jain = (x: number[]) => (x.reduce((a, b) => a + b, 0) ** 2) / (x.length * x.reduce((a, b) => a + b * b, 0));
    const light = SESSIONS.filter((n) => n <= 60).map((n) => Math.abs(get(n, "fvm").throughput - get(n, "vanilla").throughput) / get(n, "vanilla").throughput);
    // Figure 8/9 at moderate load: how long the per-VM throughputs stay apart (> 20 % from their mean)
    const unsettled = (r: FvmResult | undefined) => {
      if (!r?.series) return NaN;
      let last = 0;
      const s = r.series;
      for (let i = 0; i < s.timeS.length; i++) {
        const x = s.throughput.map((v) => v[i]!);
        const mean = x.reduce((a, b) => a + b, 0) / x.length;
        if (x.some((v) => Math.abs(v - mean) > 0.2 * mean)) last = s.timeS[i]!;
      }
      return last;
    };
    const vanUnsettled = unsettled(traced.get("100-vanilla"));
    const fvmUnsettled = unsettled(traced.get("100-fvm"));
    const findings: Finding[] = [
      { id: "light-alike", claim: "light load: adaptation makes little difference (FVM ≈ vanilla up to 60 sessions)", model: `throughput differences ${light.map((d) => `${(100 * d).toFixed(1)} %`).join(", ")}`, verdict: verdict(light.every((d) => d <= 0.1)) },
      { id: "moderate-fvm-settles", claim: "moderate load (100 sessions): vanilla oscillates a long while before converging, FVM converges faster", model: `per-VM throughputs last > 20 % apart at t = ${vanUnsettled.toFixed(0)} s (vanilla) vs ${fvmUnsettled.toFixed(0)} s (FVM)`, verdict: verdict(vanUnsettled > fvmUnsettled) },
      { id: "heavy-vanilla-dominates", claim: "heavy load (120 sessions): vanilla lets one VM dominate, the others are shut out", model: `vanilla per-VM ${heavyVan.map((x) => x.toFixed(1)).join(", ")} req/s; top VM ×${dominance.toFixed(1)} the others' mean`, verdict: verdict(dominance >= 3) },
      { id: "heavy-fvm-fair", claim: "heavy load (120 sessions): FVM converges to a fair and efficient share", model: `FVM per-VM ${get(120, "fvm").perVmThroughput.map((x) => x.toFixed(1)).join(", ")} req/s; Jain ${jain(get(120, "fvm").perVmThroughput).toFixed(3)}, FI ${get(120, "fvm").fairnessIndex.toFixed(3)}`, verdict: verdict(jain(get(120, "fvm").perVmThroughput) >= 0.95 && get(120, "fvm").fairnessIndex >= 0.9) },
      { id: "overload-fvm-above", claim: "overload (≥ 120 sessions): FVM's throughput well above vanilla's", model: SESSIONS.filter((n) => n >= 120).map((n) => `${n}: FVM ${get(n, "fvm").throughput.toFixed(1)} vs vanilla ${get(n, "vanilla").throughput.toFixed(1)}`).join("; "), verdict: verdict(SESSIONS.filter((n) => n >= 120).every((n) => get(n, "fvm").throughput > 2 * get(n, "vanilla").throughput)) },
    ];

    const plots = await webPlots(rows.map((r) => ({ ...r, x: r.sessions })), traced);
    const text = [
      formatTable(["sessions", "mode", "VCT ms", "throughput /s", "FI", "per-VM throughput"], rows.map((r) => [r.sessions, r.mode, r.vctMs, r.throughput, r.fairnessIndex, r.perVmThroughput.map((x) => x.toFixed(1)).join(" ")])),
    ].join("\n");
    return { title: "Friendly VMs, Figures 7–9: web servers under httperf sessions (003 §5.2)", text, findings, json: { rows }, plots };
  },
};

// 003 §5.2 on Figures 7–9: "similar to those obtained in the previous set of experiments ... especially
// under heavy loads"; low (60), moderate (100) and heavy (120 sessions per VM) loads: "the advantage of
// adaptation is less pronounced under light loads"; moderate: vanilla "oscillates for a long while before
// eventually converging", FVM "converges much faster"; heavy: vanilla lets "only one VM (VM1)" respond,
// FVM converges "to a fair and efficient sharing".
const PAPER_LIGHT_UP_TO_SESSIONS = 60;
const PAPER_HEAVY_FROM_SESSIONS = 120;
const PAPER_OVER_TIME = [
  `Paper (003 §5.2): ${TRACED[0]} sessions: adaptation makes little difference; ${TRACED[1]}: vanilla oscillates a long while before converging, FVM converges much faster;`,
  `${TRACED[2]}: vanilla lets only one VM respond, the others are shut out; FVM converges to a fair and efficient share. ${AVERAGE_S} s averages; top row vanilla, bottom FVM, as in the paper.`,
];

async function webPlots(rows: readonly MetricsRow[], traced: ReadonlyMap<string, FvmResult>) {
  const fig7 = metricsSpec({
    title: "Figure 7: four VM-hosted web servers in 512 MB, against httperf sessions per VM",
    subtitle: [
      `Paper (003 §5.2): as in Figure 5 — little difference at light load (up to ${PAPER_LIGHT_UP_TO_SESSIONS} sessions, dotted rule); under heavy load (from ${PAPER_HEAVY_FROM_SESSIONS})`,
      "vanilla collapses while FVM stays efficient and fair (FI near 1). Vanilla dashed, FVM solid, as in the paper.",
    ],
    rows,
    xTitle: "httperf sessions per VM",
    throughputTitle: "total throughput (req/s)",
    xRules: [{ x: PAPER_LIGHT_UP_TO_SESSIONS, label: "paper: light" }, { x: PAPER_HEAVY_FROM_SESSIONS, label: "paper: heavy" }],
  });
  const overTime = (key: "vctMs" | "throughput"): VmSeries[] =>
    MODES.flatMap((mode) => TRACED.map((sessions) => {
      const s = traced.get(`${sessions}-${mode}`)!.series!;
      return { mode, sessions, timeS: s.timeS, perVm: s[key] };
    }));
  return [
    { file: "fvm-fig7.svg", svg: await renderSvg(fig7) },
    { file: "fvm-fig8.svg", svg: await renderSvg(perVmSpec("Figure 8: virtual clock time (VCT) per VM over time", "VCT (ms)", overTime("vctMs"), PAPER_OVER_TIME)) },
    { file: "fvm-fig9.svg", svg: await renderSvg(perVmSpec("Figure 9: throughput per VM over time", "throughput (req/s)", overTime("throughput"), PAPER_OVER_TIME)) },
  ];
}
