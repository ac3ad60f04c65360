// `npm run validate:ns3`: foxsim against ns-3.37 on the seed testbed's two paths, every congestion
// control, SACK on and off. Builds the ns-3 program (tcp-path.cc) into build/ns3/, runs foxsim's CLI
// bundle (dist/foxsim.cjs, built from this checkout) and the ns-3 program on the same scenario
// document, and prints one markdown table (also build/ns3/results.json).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Command } from "commander";
import { CONGESTION_CONTROLS, parseScenario, type Scenario, type ScenarioInput } from "../../host/index.ts";
import type { CongestionControl } from "../../host/congestion.ts";
import { seedCongestedPath, seedFastPath } from "../../host/foxy-configs.ts";
import { cwndStats, parseTrace, type CwndStats } from "./cwnd-stats.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const OUT = join(ROOT, "build", "ns3");
const SOURCE = join(import.meta.dirname, "tcp-path.cc");
const BINARY = join(OUT, "tcp-path");
const CLI = join(ROOT, "dist", "foxsim.cjs");
const NS3_LIBS = ["core", "network", "internet", "point-to-point", "applications", "traffic-control"].map((m) => `-lns3-${m}`);
const FRAME_OVERHEAD = 66; // Ethernet + IPv4 + TCP + timestamps (host/simulate.ts FRAME_OVERHEAD)

const opts = new Command()
  .name("validate-ns3")
  .option("--bytes <n>", "congested-path transfer, bytes", "400000000")
  .option("--seconds <s>", "fast-path duration, s", "20")
  .option("--cc <list>", "congestion controls, comma-separated", CONGESTION_CONTROLS.join(","))
  .option("--jobs <n>", "parallel runs", String(availableParallelism()))
  .parse()
  .opts<{ bytes: string; seconds: string; cc: string; jobs: string }>();

async function buildNs3(): Promise<void> {
  if (!existsSync("/usr/include/ns3/tcp-socket-base.h")) {
    console.error("ns-3 headers not found (/usr/include/ns3): install them with `apt-get install -y libns3-dev` (Debian ns-3.37)");
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs > statSync(SOURCE).mtimeMs) return;
  console.error("compiling the ns-3 program …");
  await run("g++", ["-O2", "-std=c++17", SOURCE, "-o", BINARY, ...NS3_LIBS]);
}

// Does this foxsim know tcp.sack? (An unknown field is exit 2, "tcp.sack: unknown field".)
async function foxsimHasSack(scenarioFile: string): Promise<boolean> {
  try {
    await run("node", [CLI, "run", scenarioFile, "--json", "--set", "tcp.sack=false", "--set", "flows.0.bytes=100000"]);
    return true;
  } catch (e) {
    if (/tcp\.sack/.test(String((e as { stderr?: string }).stderr))) return false;
    throw e;
  }
}

interface Side {
  goodputKBps: number;
  retransmits: number;
  timeouts: number; // foxsim: RTO firings; ns-3: entries into CA_LOSS (one per RTO episode)
  completionTimeS: number;
  cwnd: CwndStats;
}

async function runFoxsim(file: string, sack: boolean | null, tag: string): Promise<Side> {
  const trace = join(OUT, `${tag}.foxsim.csv`);
  const args = [CLI, "run", file, "--json", "--trace", trace, ...(sack === null ? [] : ["--set", `tcp.sack=${sack}`])];
  const { stdout } = await run("node", args, { maxBuffer: 1 << 26 });
  const r = JSON.parse(stdout);
  const endS = r.completionTimeS > 0 ? r.completionTimeS : r.simulatedS; // a timed run never completes
  return { goodputKBps: r.goodputKBps, retransmits: r.retransmits, timeouts: r.timeouts, completionTimeS: endS, cwnd: cwndStats(parseTrace(readFileSync(trace, "utf8")), endS) };
}

// The ns-3 program gets every path and TCP parameter from the parsed scenario foxsim runs.
async function runNs3(s: Scenario, sack: boolean, tag: string): Promise<Side> {
  const trace = join(OUT, `${tag}.ns3.csv`);
  const f = s.path.forward;
  if (!f.shaper || s.flows.length !== 1 || s.sender.placement !== "native") throw new Error("the ns-3 program models one native flow through a token bucket");
  const args = {
    cc: s.flows[0]!.cc, sack, bytes: s.flows[0]!.bytes, stopS: s.stopTimeS, lineRateMbps: s.path.lineRateMbps,
    delayMs: f.delayMs, reverseDelayMs: s.path.reverse.delayMs, rateKBps: f.shaper.rateKBps, burstBytes: f.shaper.burstBytes,
    limitBytes: f.shaper.limitBytes, routerPerPacketUs: f.routerPerPacketUs, mss: s.tcp.mss, initialCwnd: s.tcp.initialCwnd,
    rcvBufBytes: s.tcp.rcvBufBytes, frameBytes: s.tcp.mss + FRAME_OVERHEAD, periodMs: s.trace.periodMs, trace,
  };
  const { stdout } = await run(BINARY, Object.entries(args).map(([k, v]) => `--${k}=${v}`), { cwd: OUT });
  const r = JSON.parse(stdout);
  return { goodputKBps: r.goodputKBps, retransmits: r.retransmits, timeouts: r.rtoEpisodes, completionTimeS: r.completionTimeS, cwnd: cwndStats(parseTrace(readFileSync(trace, "utf8")), r.completionTimeS) };
}

interface Row { path: string; cc: string; sack: boolean; foxsimSack: boolean; foxsim: Side; ns3: Side }

async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  }));
  return out;
}

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }).replace(/,/g, " ");
const pair = (a: number | null, b: number | null, d = 0) => `${a === null ? "–" : fmt(a, d)} / ${b === null ? "–" : fmt(b, d)}`;

function table(rows: Row[]): string {
  const head = "| path | cc | SACK | foxsim KB/s | ns-3 KB/s | ratio | retransmits (foxsim / ns-3) | RTOs | mean cwnd | loss epochs / 10 s | sawtooth period, ms |";
  const lines = [head, head.replace(/[^|]+/g, " --- ")];
  for (const r of rows) {
    const sack = r.sack ? (r.foxsimSack ? "on" : "on (foxsim has no SACK)") : "off";
    lines.push(`| ${r.path} | ${r.cc} | ${sack} | ${fmt(r.foxsim.goodputKBps)} | ${fmt(r.ns3.goodputKBps)} | ${fmt(r.foxsim.goodputKBps / r.ns3.goodputKBps, 2)} | ${pair(r.foxsim.retransmits, r.ns3.retransmits)} | ${pair(r.foxsim.timeouts, r.ns3.timeouts)} | ${pair(r.foxsim.cwnd.meanCwnd, r.ns3.cwnd.meanCwnd, 1)} | ${pair(r.foxsim.cwnd.epochsPer10s, r.ns3.cwnd.epochsPer10s, 1)} | ${pair(r.foxsim.cwnd.sawtoothPeriodMs, r.ns3.cwnd.sawtoothPeriodMs)} |`);
  }
  return lines.join("\n");
}

async function main() {
  const t0 = performance.now();
  await buildNs3();
  const ccs = opts.cc.split(",") as CongestionControl[];
  for (const cc of ccs) if (!CONGESTION_CONTROLS.includes(cc)) { console.error(`--cc: got ${cc}; allowed: ${CONGESTION_CONTROLS.join(" ")}`); process.exit(2); }
  // The seed testbed with the calibrated router, native sender: `foxsim reproduce native-cc`'s paths.
  const paths: [string, (cc: CongestionControl) => ScenarioInput][] = [
    ["congested", (cc) => seedCongestedPath(cc, "native", Number(opts.bytes))],
    ["fast", (cc) => seedFastPath(cc, "native", Number(opts.seconds))],
  ];
  const files = new Map<string, { doc: Scenario; file: string }>();
  for (const [name, make] of paths) for (const cc of ccs) {
    const file = join(OUT, `${name}-${cc}.json`);
    const doc = make(cc);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    files.set(`${name}/${cc}`, { doc: parseScenario(doc), file });
  }
  const hasSack = await foxsimHasSack(files.values().next().value!.file);
  const tasks: (() => Promise<Row>)[] = [];
  const foxsimNoSack = new Map<string, Promise<Side>>(); // without tcp.sack one foxsim run serves both rows
  for (const [name] of paths) for (const cc of ccs) for (const sack of [true, false]) {
    const { doc, file } = files.get(`${name}/${cc}`)!;
    const tag = `${name}-${cc}-sack${sack ? 1 : 0}`;
    tasks.push(async () => {
      let foxsim: Promise<Side>;
      if (hasSack) foxsim = runFoxsim(file, sack, tag);
      else {
        if (!foxsimNoSack.has(file)) foxsimNoSack.set(file, runFoxsim(file, null, `${name}-${cc}`));
        foxsim = foxsimNoSack.get(file)!;
      }
      const [f, n] = await Promise.all([foxsim, runNs3(doc, sack, tag)]);
      console.error(`${tag}: foxsim ${fmt(f.goodputKBps)} KB/s, ns-3 ${fmt(n.goodputKBps)} KB/s`);
      return { path: name, cc, sack, foxsimSack: hasSack, foxsim: f, ns3: n };
    });
  }
  const rows = await pool(tasks, Math.max(1, Number(opts.jobs)));
  writeFileSync(join(OUT, "results.json"), JSON.stringify({ bytes: Number(opts.bytes), seconds: Number(opts.seconds), foxsimHasSack: hasSack, rows }, null, 2));
  console.log(`congested path: ${fmt(Number(opts.bytes) / 1e6)} MB; fast path: ${opts.seconds} s; foxsim ${hasSack ? "with" : "without"} tcp.sack\n`);
  console.log(table(rows));
  console.log(`\n${rows.length} comparisons in ${fmt((performance.now() - t0) / 1000)} s (traces and results.json in build/ns3/)`);
}

await main();
