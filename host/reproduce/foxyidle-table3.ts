// Seed 001 §5.3, Table 3: grep (foreground) and updatedb (background) over separate copies of a
// Linux-2.6.16-like tree (~260 MB, fs/linux-tree.ts, on the ext3-like fs/fs.ts) in one guest with
// the anticipatory scheduler: standalone, concurrent, and FoxyIdle with 5–20 ms intervals.
// The jobs' CPU costs are calibrated once on the two standalone rows and then held fixed; every other
// number is a prediction. Calibration (bisection on the standalone run, guest and dom0 anticipatory,
// the testbed's: scripts/foxyidle-calibrate.ts repeats it):
//   grep: 65.194 µs per 4 KB page searched → 12.858 s standalone (paper 12.86 s);
//   updatedb: 3768.663 µs per directory entry → 78.111 s standalone (paper 78.11 s). The model's
//   updatedb does little I/O (12.5 s of the 78 s), so this constant stands in for everything the
//   paper's updatedb did that the model does not (its sort and database writes, other metadata).
import { parseStorageScenario, type StorageScenarioInput } from "../storage/scenario.ts";
import { ELEVATORS } from "../storage/elevators.ts";
import type { StorageRun } from "../batch.ts";
import type { StorageResult } from "../storage/simulate.ts";
import { formatTable } from "../report/table.ts";
import { renderSvg, barsBesidePaper } from "../report/vega.ts";
import { verdict } from "./findings.ts";
import { INTERVALS_MS, REPLICATION_SEEDS, median as medianOf } from "./foxyidle.ts";
import type { Finding, Reproduction } from "./types.ts";

export const GREP_CPU_PER_PAGE_US = 65.194;
export const UPDATEDB_CPU_PER_ENTRY_US = 3768.663;
const GREP_READ_KB = 32; // GNU grep 2.5 reads 32 KiB at a time (its INITIAL_BUFSIZE)

// Table 3 (seconds): rows in the order concurrent, 5, 10, 15, 20 ms, standalone
const PAPER: Record<string, { grep: number; updatedb: number }> = {
  concurrent: { grep: 78.95, updatedb: 110.96 },
  "5 ms": { grep: 23.8, updatedb: 95.0 },
  "10 ms": { grep: 14.65, updatedb: 87.3 },
  "15 ms": { grep: 13.44, updatedb: 81.72 },
  "20 ms": { grep: 13.51, updatedb: 88.69 },
  standalone: { grep: 12.86, updatedb: 78.11 },
};
const CONFIGS = ["concurrent", ...INTERVALS_MS.map((i) => `${i} ms`), "standalone"] as const;

// The paper's guest ran the anticipatory scheduler, as did dom0 (Xen 3.0.2's default).
const scheduler = () => ((ELEVATORS as readonly string[]).includes("anticipatory") ? "anticipatory" : "noop");

export const grepProcess = { name: "grep", workload: "grep", tree: 0, readKB: GREP_READ_KB, cpuPerPageUs: GREP_CPU_PER_PAGE_US } as const;
export const updatedbProcess = { name: "updatedb", workload: "updatedb", tree: 1, cpuPerEntryUs: UPDATEDB_CPU_PER_ENTRY_US } as const;

// Beyond the paper: Xen 3.0.2's blkfront sets noop on the guest's VBD queue (vbd.c elevator_init(rq,
// "noop"), which the elevator= boot option does not override; only sysfs does), so "Linux's default"
// in the guest may well have been noop. The same runs with a noop guest, constants held fixed.
const XEN_GUEST_DEFAULT = "noop";

function run(name: string, jobs: "both" | "grep" | "updatedb", intervalMs: number | null, guestElevator: string = scheduler(), seed = 1): StorageRun {
  const processes: NonNullable<StorageScenarioInput["processes"]> = [];
  // both copies exist in every run (the same file system), whichever job runs
  if (jobs !== "updatedb") processes.push({ ...grepProcess });
  if (jobs !== "grep") processes.push({ ...updatedbProcess, background: true });
  const input: StorageScenarioInput = {
    name,
    seed,
    guest: { elevator: guestElevator as "noop" },
    vmm: intervalMs === null ? { policy: "none" } : { policy: "foxyidle", preemptionIntervalMs: intervalMs },
    linuxTrees: 2,
    processes,
  };
  return { label: name, scenario: parseStorageScenario(input) };
}

const elapsed = (r: StorageResult, job: string) => {
  const p = r.processes.find((q) => q.name === job)!;
  if (p.elapsedS === null) throw new Error(`${r.scenario}: ${job} did not finish`);
  return Number(p.elapsedS.toFixed(3));
};

export const foxyIdleTable3: Reproduction = {
  name: "foxyidle-table3",
  summary: "FoxyIdle: grep (foreground) and updatedb (background) on separate Linux trees, anticipatory guest (001 Table 3)",
  async run(ctx) {
    const sch = scheduler();
    const guests = sch === XEN_GUEST_DEFAULT ? [sch] : [sch, XEN_GUEST_DEFAULT];
    const runsOf = (g: string) => [run(`table3 ${g} concurrent`, "both", null, g), ...INTERVALS_MS.map((pi) => run(`table3 ${g} ${pi} ms`, "both", pi, g)), run(`table3 ${g} grep alone`, "grep", null, g), run(`table3 ${g} updatedb alone`, "updatedb", null, g)];
    const replications = guests.flatMap((g) => INTERVALS_MS.flatMap((pi) => REPLICATION_SEEDS.map((seed) => run(`table3 ${g} ${pi} ms seed ${seed}`, "both", pi, g, seed))));
    const all = await ctx.simulateStorageAll([...guests.flatMap(runsOf), ...replications]);
    const results = all.slice(0, guests.length * (CONFIGS.length + 1));
    const tables = guests.map((g, k) => tableOf(g, results.slice(k * (CONFIGS.length + 1), (k + 1) * (CONFIGS.length + 1))));
    // per guest scheduler and interval: grep's seconds under seed 1 (the table's) and the replications
    const spread = guests.flatMap((g, k) => INTERVALS_MS.map((pi, i) => {
      const first = results.length + (k * INTERVALS_MS.length + i) * REPLICATION_SEEDS.length;
      const reps = all.slice(first, first + REPLICATION_SEEDS.length).map((r) => elapsed(r, "grep"));
      return { scheduler: g, preemptionIntervalMs: pi, seeds: [1, ...REPLICATION_SEEDS], grepS: [tables[k]!.foxy[i]!.foregroundS, ...reps] };
    }));
    // the replications show how much a row is luck; a trend is judged on the median
    const medianGrep = (g: string, pi: number) => medianOf(spread.find((r) => r.scheduler === g && r.preemptionIntervalMs === pi)!.grepS);
    const nearStandalone = (g: string, xs: number[]) => xs.filter((x) => x < 1.1 * tables[guests.indexOf(g)]!.get("standalone").foregroundS).length;
    const { rows, median, get, foxy, conc } = tables[0]!;
    const noop = tables.length > 1 ? tables[1]! : null;
    const beats = (t: Table) => t.foxy.every((r) => r.foregroundS < t.conc.foregroundS && r.backgroundS < t.conc.backgroundS);
    const findings: Finding[] = [
      { id: "table3-beats-concurrent", claim: "every FoxyIdle row beats concurrent execution for both jobs", model: foxy.map((r) => `${r.preemptionIntervalMs} ms: grep ${r.foregroundS} s, updatedb ${r.backgroundS} s`).join("; ") + ` (concurrent ${conc.foregroundS} / ${conc.backgroundS} s)`, verdict: verdict(foxy.every((r) => r.foregroundS < conc.foregroundS && r.backgroundS < conc.backgroundS)) },
      { id: "table3-concurrent-grep", claim: "concurrent execution slows grep about 6× (78.95 s vs 12.86 s standalone)", model: `${(conc.foregroundS / get("standalone").foregroundS).toFixed(2)}×`, paper: `${(78.95 / 12.86).toFixed(2)}×`, verdict: verdict(conc.foregroundS / get("standalone").foregroundS >= 3) },
      // judged on the median over the replications: one seed's lucky row is not a trend
      { id: "table3-grep-falls", claim: "grep's time falls from 5 ms to 15–20 ms intervals (23.80 → 13.4–13.5 s)", model: `median over seeds ${[1, ...REPLICATION_SEEDS].join(", ")}: ${INTERVALS_MS.map((pi) => medianGrep(sch, pi).toFixed(2)).join(" → ")} s (seed 1: ${foxy.map((r) => r.foregroundS).join(" → ")} s)`, paper: "23.80 → 14.65 → 13.44 → 13.51 s", verdict: verdict(medianGrep(sch, 5) > 1.05 * medianGrep(sch, 20)) },
      { id: "table3-median-error", claim: "model beside paper: median relative error over the predicted cells (all but the calibrated standalone row)", model: `${(100 * median).toFixed(1)} %`, verdict: verdict(median <= 0.25) },
    ];
    const tableText = (t: Table) => formatTable(["configuration", "grep s", "paper", "ratio", "updatedb s", "paper", "ratio"], t.rows.map((r, i) => [CONFIGS[i]!, r.foregroundS.toFixed(2), r.paperForegroundS.toFixed(2), (r.foregroundS / r.paperForegroundS).toFixed(2), r.backgroundS.toFixed(2), r.paperBackgroundS.toFixed(2), (r.backgroundS / r.paperBackgroundS).toFixed(2)]));
    const text = [
      tableText(tables[0]!),
      `Guest and dom0 scheduler: ${sch}${sch === "anticipatory" ? "" : " (anticipatory, the paper's, is not in this build yet)"}. Standalone rows are the calibration (CPU per page and per entry); median relative error of the rest: ${(100 * median).toFixed(1)} %.`,
      "",
      `Replications (seeds ${[1, ...REPLICATION_SEEDS].join(", ")}: where t = 0 falls on the kernels' ticks and the spindle's turn), grep s under FoxyIdle:`,
      formatTable(["guest", "interval", "grep s by seed", "near standalone (< 1.1×)"], spread.map((r) => [r.scheduler, `${r.preemptionIntervalMs} ms`, r.grepS.map((x) => x.toFixed(1)).join(" "), `${nearStandalone(r.scheduler, r.grepS)} of ${r.grepS.length}`])),
      ...(noop ? ["", `Beyond the paper, noop guest (Xen 3.0.2's blkfront sets noop on the VBD; the paper calls its guest's scheduler "Linux's default"), dom0 ${sch}, the same constants:`, tableText(noop), `Median relative error: ${(100 * noop.median).toFixed(1)} %; every FoxyIdle row beats concurrent for both jobs: ${beats(noop) ? "yes" : "no"}.`] : []),
    ].join("\n");
    const grepRange = (pi: number | undefined) => {
      const rep = pi === undefined ? undefined : spread.find((q) => q.scheduler === sch && q.preemptionIntervalMs === pi);
      return rep ? { lo: Math.min(...rep.grepS), hi: Math.max(...rep.grepS) } : {};
    };
    const data = rows.flatMap((r, i) => [
      { group: CONFIGS[i]!, series: "foreground", model: r.foregroundS, paper: r.paperForegroundS, ...grepRange(r.preemptionIntervalMs) },
      { group: CONFIGS[i]!, series: "background", model: r.backgroundS, paper: r.paperBackgroundS },
    ]);
    const svg = await renderSvg(barsBesidePaper({
      title: "Table 3: grep (foreground) and updatedb (background), execution time",
      subtitle: [`Model bars (seed 1), published values as black ticks with their numbers (seed 001 Table 3); guest scheduler ${sch}.`, `Standalone is the calibration row. Whiskers on grep's FoxyIdle bars: its range over seeds ${[1, ...REPLICATION_SEEDS].join(", ")}.`],
      data, groupTitle: "configuration", valueTitle: "execution time (s)", seriesTitle: "job", seriesDomain: ["foreground", "background"], groupSort: CONFIGS, decimals: 1,
    }));
    return { title: "FoxyIdle, Table 3: grep and updatedb over separate Linux trees (001 §5.3)", text, findings, json: { rows: tables.flatMap((t) => t.rows), replications: spread }, plots: [{ file: "foxyidle-table3.svg", svg }] };
  },
};

type Table = ReturnType<typeof tableOf>;

// One guest scheduler's table: results in the order of runsOf (the CONFIGS, then updatedb alone).
function tableOf(sch: string, results: StorageResult[]) {
  const rows = CONFIGS.map((c, i) => {
    const fg = elapsed(results[i]!, "grep");
    const bg = c === "standalone" ? elapsed(results[i + 1]!, "updatedb") : elapsed(results[i]!, "updatedb");
    const head = c === "concurrent" || c === "standalone" ? { mode: c } : { preemptionIntervalMs: Number.parseInt(c, 10) };
    return { figure: "table3", scheduler: sch, ...head, foregroundS: fg, backgroundS: bg, paperForegroundS: PAPER[c]!.grep, paperBackgroundS: PAPER[c]!.updatedb };
  });
  const rel = rows.flatMap((r) => (r.mode === "standalone" ? [] : [Math.abs(r.foregroundS / r.paperForegroundS - 1), Math.abs(r.backgroundS / r.paperBackgroundS - 1)]));
  const median = [...rel].sort((a, b) => a - b)[Math.floor(rel.length / 2)]!;
  const get = (c: string) => rows[CONFIGS.indexOf(c as (typeof CONFIGS)[number])]!;
  return { rows, median, get, foxy: rows.filter((r) => r.preemptionIntervalMs !== undefined), conc: get("concurrent") };
}
