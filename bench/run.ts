// npm run bench: medians over repeated runs, everything side by side in one process.
//  1. the seed's congested 400 MB transfer per congestion control: wasm core vs the same core
//     translated to JavaScript (wasm2js) — events/s, simulated data packets per wall second;
//  2. the event queue alone (hold model): 2-, 4- and 8-ary heaps;
//  3. sweep throughput: 10 MB transfers per wall second through the sweep pool, 1 and 2 workers;
//  4. the storage world (seed 001 §5 at full scale): guest block requests and events per wall second
//     through the guest's elevator, the virtual disk, dom0's queue and the drive.
import { loadNodeCore } from "../host/node.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { congestedPath } from "../host/paths.ts";
import { CONGESTION_CONTROLS } from "../host/congestion.ts";
import { formatTable } from "../host/report/table.ts";
import { newWasm2jsCore, wasm2jsSource } from "./wasm2js.ts";
import type { Core } from "../host/core.ts";
import type { Scenario } from "../host/scenario.ts";
import { parseSpec } from "../host/sweep/spec.ts";
import { plan, runSweep } from "../host/sweep/run.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { parseStorageScenario, type StorageScenarioInput } from "../host/storage/scenario.ts";
import { simulateStorage } from "../host/storage/simulate.ts";
import { GREP_CPU_PER_PAGE_US } from "../host/reproduce/foxyidle-table3.ts";
import { tmpdir, availableParallelism } from "node:os";
import { join } from "node:path";

const REPS = Number(process.env.BENCH_REPS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeRun(core: Core, cc: (typeof CONGESTION_CONTROLS)[number], bytes: number) {
  const s = parseScenario(congestedPath(cc, bytes));
  const t0 = performance.now();
  const { result } = simulate(core, s);
  const wall = (performance.now() - t0) / 1000;
  return { wall, events: result.events, packets: result.dataPacketsSent, goodput: result.goodputKBps };
}

async function hotLoop() {
  const src = wasm2jsSource();
  let w2jIndex = 0;
  const rows: (string | number)[][] = [];
  const bytes = 400_000_000;
  for (const cc of CONGESTION_CONTROLS) {
    const wasm: ReturnType<typeof timeRun>[] = [];
    for (let i = 0; i < REPS; i++) wasm.push(timeRun(await loadNodeCore(), cc, bytes));
    const js: ReturnType<typeof timeRun>[] = [];
    for (let i = 0; i < Math.max(1, Math.ceil(REPS / 2)); i++) js.push(timeRun(await newWasm2jsCore(src, w2jIndex++), cc, bytes));
    if (js[0]!.events !== wasm[0]!.events) throw new Error(`${cc}: wasm2js and wasm disagree (${js[0]!.events} vs ${wasm[0]!.events} events)`);
    const w = median(wasm.map((r) => r.wall));
    const j = median(js.map((r) => r.wall));
    rows.push([cc, wasm[0]!.packets, wasm[0]!.events, w, wasm[0]!.events / w / 1e6, wasm[0]!.packets / w / 1e6, js[0]!.packets / j / 1e6, j / w]);
    process.stderr.write(`  ${cc} done\n`);
  }
  console.log(`\n1. Congested path, 400 MB (median of ${REPS} wasm runs, ${Math.ceil(REPS / 2)} wasm2js runs)\n`);
  console.log(formatTable(["cc", "data pkts", "events", "wasm wall s", "wasm M events/s", "wasm M pkts/s", "js M pkts/s", "wasm speedup"], rows));
}

async function heap() {
  const core = await loadNodeCore();
  const x = core.exports as unknown as { holdBenchmark(a: number, p: number, n: number, s: bigint): bigint };
  const rows: (string | number)[][] = [];
  for (const pending of [64, 4096, 262_144]) {
    const ops = 10_000_000;
    const times = [1, 2, 3].map((log2) => {
      const ts: number[] = [];
      let sum = 0n;
      for (let i = 0; i < REPS; i++) {
        const t0 = performance.now();
        const c = x.holdBenchmark(log2, pending, ops, 7n);
        ts.push((performance.now() - t0) / 1000);
        if (i > 0 && c !== sum) throw new Error("hold benchmark is not deterministic");
        sum = c;
      }
      return median(ts);
    });
    rows.push([pending, ...times.map((t) => ops / t / 1e6), times[0]! / times[1]!]);
  }
  console.log(`\n2. Event queue alone, hold model, 10 M operations (median of ${REPS})\n`);
  console.log(formatTable(["pending events", "2-ary M ops/s", "4-ary M ops/s", "8-ary M ops/s", "4-ary vs 2-ary"], rows));
}

// The sweep pool (host/sweep) on 10 MB congested transfers, every congestion control × 20
// replications: runs/s with 1 and 2 workers end to end (worker start, rows written), beside the same
// runs in one thread without the pool; parallel efficiency = (runs/s with 2) / (2 × runs/s with 1).
async function sweep() {
  const spec = parseSpec({ scenario: congestedPath("newreno", 10_000_000), axes: { "flows.0.cc": [...CONGESTION_CONTROLS] }, replications: 20 }, "bench");
  const p = plan(spec, null);
  const n = p.runs.length;
  const dir = mkdtempSync(join(tmpdir(), "foxsim-bench-"));
  const inline: number[] = [];
  const pooled = new Map<number, number[]>([[1, []], [2, []]]);
  for (let rep = 0; rep < REPS; rep++) {
    const t0 = performance.now();
    for (const r of p.runs) simulate(await loadNodeCore(), r.scenario as Scenario);
    inline.push(n / ((performance.now() - t0) / 1000));
    for (const [workers, rates] of pooled) {
      const out = join(dir, `w${workers}-${rep}.jsonl`);
      const t1 = performance.now();
      const rep1 = await runSweep(p, { out, workers, shard: null, resume: false, failFast: false, quiet: true });
      if (rep1.ran !== n || rep1.failed !== 0) throw new Error(`sweep bench: ${rep1.ran} runs, ${rep1.failed} failed`);
      rates.push(n / ((performance.now() - t1) / 1000));
    }
  }
  rmSync(dir, { recursive: true });
  const [r1, r2] = [median(pooled.get(1)!), median(pooled.get(2)!)];
  console.log(`\n3. Sweep: ${n} runs of a 10 MB congested transfer (9 congestion controls × 20), runs/s (median of ${REPS}), ${availableParallelism()} cores\n`);
  console.log(formatTable(["how", "runs/s"], [["one thread, no pool", median(inline)], ["foxsim sweep pool, 1 worker", r1], ["foxsim sweep pool, 2 workers", r2]]));
  console.log(`\n   parallel efficiency with 2 workers: ${((100 * r2) / (2 * r1)).toFixed(0)} % (speedup ${(r2 / r1).toFixed(2)}×)\n`);
}

// Figure 7's full-scale pair (two 1 GB sequential readers, one in the background) per guest
// elevator, concurrent and under FoxyIdle at 20 ms, and Table 3's grep over a Linux tree: guest
// requests and events per wall second, simulated seconds per wall second.
async function storage() {
  const pair = (elevator: string, policy: string): StorageScenarioInput => ({
    guest: { elevator: elevator as "noop" },
    vmm: { policy: policy as "none", preemptionIntervalMs: 20 },
    processes: [
      { name: "fg", workload: "sequential", fileMB: 1024 },
      { name: "bg", workload: "sequential", fileMB: 1024, background: true },
    ],
  });
  const cases: [string, StorageScenarioInput][] = [];
  for (const e of ["noop", "anticipatory", "cfq"]) for (const pol of ["none", "foxyidle"]) cases.push([`Fig 7 ${e}, ${pol === "none" ? "concurrent" : "FoxyIdle 20 ms"}`, pair(e, pol)]);
  cases.push(["Table 3 grep standalone (AS)", { guest: { elevator: "anticipatory" }, linuxTrees: 1, processes: [{ name: "grep", workload: "grep", readKB: 32, cpuPerPageUs: GREP_CPU_PER_PAGE_US }] }]);
  const rows: (string | number)[][] = [];
  for (const [name, input] of cases) {
    const s = parseStorageScenario(input);
    const walls: number[] = [];
    let r: ReturnType<typeof simulateStorage> | undefined;
    for (let i = 0; i < REPS; i++) {
      const core = await loadNodeCore();
      const t0 = performance.now();
      r = simulateStorage(core, s);
      walls.push((performance.now() - t0) / 1000);
    }
    const w = median(walls);
    rows.push([name, r!.guest.requests, r!.events, w, r!.guest.requests / w / 1e3, r!.events / w / 1e6, r!.simulatedS / w]);
  }
  console.log(`\n4. Storage world, full scale (median of ${REPS})\n`);
  console.log(formatTable(["run", "guest requests", "events", "wall s", "k requests/s", "M events/s", "simulated s / wall s"], rows));
}

console.log(`foxsim bench — node ${process.version}, ${REPS} repetitions`);
// BENCH_ONLY=sweep runs one part (hotloop, heap, sweep, storage); default all.
const only = process.env.BENCH_ONLY;
if (!only || only === "hotloop") await hotLoop();
if (!only || only === "heap") await heap();
if (!only || only === "sweep") await sweep();
if (!only || only === "storage") await storage();
