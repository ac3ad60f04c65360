// npm run bench: medians over repeated runs, everything side by side in one process.
//  1. the seed's congested 400 MB transfer per congestion control: wasm core vs the same core
//     translated to JavaScript (wasm2js) — events/s, simulated data packets per wall second;
//  2. the event queue alone (hold model): 2-, 4- and 8-ary heaps;
//  3. sweep throughput: short scenarios per wall second through the library API.
import { loadNodeCore } from "../host/node.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { congestedPath } from "../host/paths.ts";
import { CONGESTION_CONTROLS } from "../host/congestion.ts";
import { formatTable } from "../host/report/table.ts";
import { newWasm2jsCore, wasm2jsSource } from "./wasm2js.ts";
import type { Core } from "../host/core.ts";

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

async function sweep() {
  const n = 40;
  const ts: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = parseScenario({ ...congestedPath("newreno", 10_000_000), seed: i });
      simulate(await loadNodeCore(), s);
    }
    ts.push((performance.now() - t0) / 1000);
  }
  console.log(`\n3. Sweep: ${n} runs of a 10 MB congested transfer, one process (median of ${REPS}): ${(n / median(ts)).toFixed(1)} runs/s\n`);
}

console.log(`foxsim bench — node ${process.version}, ${REPS} repetitions`);
await hotLoop();
await heap();
await sweep();
