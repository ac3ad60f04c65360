// The foxsim command line: a thin layer over the library API (host/index.ts).
// Exit codes: 0 ok, 1 the run failed, 2 bad usage or invalid scenario.
import { readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { CoreError, type Core } from "./core.ts";
import { loadNodeCore } from "./node.ts";
import type { Scenario } from "./scenario.ts";
import { applyOverrides, parseDocumentText, ScenarioError } from "./schema.ts";
import { simulate, traceCsvChunks, bottleneckPayloadKBps } from "./simulate.ts";
import { runSummaryText } from "./run-summary.ts";
import { windowScale } from "./feasibility.ts";
import { OutputError, checkOutputDir, checkOutputFile, writeAtomic, removeStale } from "./output.ts";
import { REPRODUCTIONS, findReproduction } from "./reproduce/registry.ts";
import { StatusLine, stopStatusLines, type Horizon } from "./report/progress.ts";
import type { FvmScenario } from "./fvm/scenario.ts";
import { trickMatrix } from "./matrix.ts";
import { formatTable } from "./report/table.ts";
import { simulateFvm } from "./fvm/simulate.ts";
import { fvmSummaryText } from "./fvm/summary.ts";
import { pathsReport, testbedOf } from "./outsourcing/scenario.ts";
import { pathsSummaryText } from "./outsourcing/summary.ts";
import { runTestbed, type TestbedSpec } from "./outsourcing/model.ts";
import type { StorageScenario } from "./storage/scenario.ts";
import { simulateStorage, storageSummary } from "./storage/simulate.ts";
import { writeBlktrace } from "./iotrace/blktrace.ts";
import { diskMatrix } from "./storage/matrix.ts";
import { timelineSpec } from "./storage/timeline.ts";
import { renderSvg } from "./report/vega.ts";
import { PcapWriter, recordAt, POINT_VNIC, POINT_WIRE, CAPTURE_COLUMNS, type Handshake } from "./pcap.ts";
import { provenance } from "./provenance.ts";
import { setOption } from "./set-option.ts";
import { registerSweepCommands, positiveInt } from "./sweep/commands.ts";
import { kindsOf, markerOf, parseAs, type Kind, type ScenarioOf } from "./sweep/kinds/index.ts";
import { batchRunner, type BatchOptions } from "./batch.ts";
import { reproContext } from "./reproduce/context.ts";
import { countVerdicts, formatFindings } from "./reproduce/findings.ts";
import type { Finding, ReproOutput } from "./reproduce/types.ts";
import { registerVerifyCommand, VerifyFailed } from "./verify/command.ts";
import { PlaygroundMissing, servePlayground } from "./playground/server.ts";


class UsageError extends Error {}

// A scenario document is a few kilobytes; anything past this is not one.
const MAX_DOCUMENT_BYTES = 64 * 2 ** 20;

function readJson(file: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_DOCUMENT_BYTES) throw new UsageError(`${file}: ${size} bytes; a scenario document is at most ${MAX_DOCUMENT_BYTES} bytes`);
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseDocumentText(text, file);
}

interface DocumentOptions {
  seed?: string;
  set?: string[]; // absent: no --set given
}

// The scenario file with --set and --seed applied, not yet validated (the caller's schema does that).
function loadDocument(file: string, opts: DocumentOptions): unknown {
  const overrides = [...(opts.set ?? [])];
  if (opts.seed !== undefined) overrides.push(`seed=${opts.seed}`);
  return applyOverrides(readJson(file), overrides);
}

// --seed and --set, shared by every command that reads a scenario.
function documentOptions(cmd: Command, example: string): Command {
  return cmd
    .addOption(new Option("--seed <n>", "override the scenario's seed").argParser(seedOption))
    .addOption(setOption(`override any scenario field by its dotted path (repeatable; validated like the file), e.g. ${example}`));
}

function seedOption(v: string): string {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--seed: got ${JSON.stringify(v)}; must be an integer ≥ 0 and ≤ ${Number.MAX_SAFE_INTEGER}`);
  return v;
}

// What made a single-scenario result (README "Results carry their provenance"): the build, the seed and
// the scenario exactly as run — after --seed and --set, validated, defaults filled.
function runProvenance(scenario: Scenario | FvmScenario | StorageScenario) {
  return { ...provenance(), seed: scenario.seed, scenario };
}

// wire.pcap: the sender host's physical NIC; vnic.pcap: the guest's virtual NIC (guest senders
// only; a native run removes an earlier run's vnic.pcap, so the directory shows this run only).
// Both are written under temporary names and appear only when the run succeeds.
function pcapSink(dir: string, guest: boolean, handshake: Handshake) {
  const wire = new PcapWriter(join(dir, "wire.pcap"), handshake);
  const vnic = guest ? new PcapWriter(join(dir, "vnic.pcap"), handshake) : undefined;
  return {
    files: [wire, vnic].flatMap((w) => (w ? [w.file] : [])),
    write(view: BigInt64Array) {
      const rows = view.length / CAPTURE_COLUMNS.length;
      for (let r = 0; r < rows; r++) {
        const rec = recordAt(view, r);
        (rec.point === POINT_VNIC ? vnic : rec.point === POINT_WIRE ? wire : undefined)?.write(rec); // the receiver's NIC (point 2) is not written
      }
    },
    close() {
      wire.close();
      if (vnic) vnic.close();
      else removeStale(join(dir, "vnic.pcap"), "--pcap");
    },
    discard() {
      wire.discard();
      vnic?.discard();
    },
  };
}

// How far in simulated time a network run goes: its stopTimeS, else an estimate (shown as one):
// the last flow's start plus all its bytes at the bottleneck's payload rate, which slow start,
// losses and timeouts only lengthen.
function networkHorizon(s: Scenario): Horizon | undefined {
  if (s.stopTimeS > 0) return { totalS: s.stopTimeS, estimated: false };
  const bytes = s.flows.reduce((a, f) => a + f.bytes, 0);
  if (bytes === 0) return undefined;
  return { totalS: Math.max(...s.flows.map((f) => f.startMs)) / 1000 + bytes / (bottleneckPayloadKBps(s) * 1000), estimated: true };
}

// Cores whose every step reports the simulation's clock to a status line: the reproductions run
// their own simulations, this is how their progress gets simulated time and event rates.
// (The FVM host model steps its own loop and is not seen here.)
function reportingCores(status: StatusLine): () => Promise<Core> {
  return async () => {
    const core = await loadNodeCore();
    status.nextSimulation();
    const step = core.step.bind(core);
    core.step = (maxEvents) => {
      const rc = step(maxEvents);
      status.advance(core.nowNs() / 1e9, core.events());
      return rc;
    };
    return core;
  };
}

// How a batch of runs (host/batch.ts) shows on the status line. With one worker the runs go one after
// another in this process, each followed step by step (simulated time, events/s) through
// reportingCores. On the pool a run's steps happen in another thread, out of sight (forwarding them
// would cost a message per step batch for a number that sums clocks of unrelated runs): the line
// shows runs done of the total, the last one finished and runs/s. Storage runs always go in this
// process, each followed through its own loop's progress (its clock and pages read of its total).
function batchOptions(status: StatusLine, what: string, workers: number, horizon?: (s: Scenario) => Horizon | undefined): BatchOptions {
  let t0 = 0;
  return {
    workers,
    newCore: reportingCores(status),
    progress: {
      onRun: (done, total, label, s) => status.begin(what, { runs: { done, total }, detail: label, horizon: "processes" in s ? storageHorizon(s) : horizon && "flows" in s ? horizon(s) : undefined }),
      onStep: (simS, events, work) => status.advance(simS, events, work),
      onDone: (done, total, label) => {
        if (done === 0) t0 = performance.now();
        const rate = done / Math.max(1e-9, (performance.now() - t0) / 1000);
        status.begin(what, { runs: { done, total }, detail: label === undefined ? `on ${workers} workers` : `${rate.toFixed(1)} runs/s, ${label} done` });
      },
    },
  };
}

async function runCommand(file: string, opts: DocumentOptions & { json?: boolean; trace?: string; pcap?: string }): Promise<void> {
  const scenario = loadAs("network", file, opts);
  // every output path is checked before the run, not after it
  if (opts.trace !== undefined) checkOutputFile(opts.trace, "--trace");
  if (opts.pcap !== undefined) checkOutputDir(opts.pcap, "--pcap");
  const core = await loadNodeCore();
  const status = new StatusLine();
  const pcap = opts.pcap ? pcapSink(opts.pcap, scenario.sender.placement === "guest" || (scenario.vms?.length ?? 0) > 0, { mss: scenario.tcp.mss, sack: scenario.tcp.sack, wscale: windowScale(scenario.tcp.rcvBufBytes) }) : undefined;
  const wrote: string[] = [];
  const t0 = performance.now();
  status.begin(`run ${scenario.name}`, { horizon: networkHorizon(scenario) });
  let sim;
  try {
    sim = simulate(core, scenario, {
      withTrace: opts.trace !== undefined,
      onProgress: (s, ev) => status.advance(s, ev),
      onCapture: pcap ? (v) => pcap.write(v) : undefined,
    });
  } catch (e) {
    pcap?.discard();
    throw e;
  } finally {
    status.stop();
  }
  const { result, trace } = sim;
  pcap?.close();
  const wallS = (performance.now() - t0) / 1000;
  if (trace && opts.trace) {
    writeAtomic(opts.trace, traceCsvChunks(trace), "--trace");
    wrote.push(`  trace          written to ${opts.trace} (${trace.rows} rows)`);
    if (trace.truncated) process.stderr.write(`warning: trace truncated at ${trace.rows} rows (raise trace.maxRows)\n`);
  }
  if (pcap) wrote.push(`  pcap           written to ${pcap.files.join(", ")}`);
  if (opts.json) process.stdout.write(JSON.stringify({ provenance: runProvenance(scenario), ...result, wallTimeS: wallS }) + "\n");
  else process.stdout.write([runSummaryText(result, scenario, wallS), ...wrote].join("\n") + "\n");
}

async function fvmCommand(file: string, opts: DocumentOptions & { json?: boolean }): Promise<void> {
  const scenario = loadAs("fvm", file, opts);
  const t0 = performance.now();
  const status = new StatusLine();
  status.begin(`fvm ${scenario.name}`, { horizon: { totalS: scenario.durationS, estimated: false } });
  const result = simulateFvm(await loadNodeCore(), scenario, { onProgress: (s, ev) => status.advance(s, ev) });
  status.stop();
  const wallS = (performance.now() - t0) / 1000;
  if (opts.json) process.stdout.write(JSON.stringify({ provenance: runProvenance(scenario), ...result, series: undefined, wallTimeS: wallS }) + "\n");
  else process.stdout.write(fvmSummaryText(result, wallS) + "\n");
}

// `foxsim paths`: one inter-VM path scenario (socket-outsourcing, XenLoop, the conventional path).
async function pathsCommand(file: string, opts: DocumentOptions & { json?: boolean }): Promise<void> {
  const scenario = loadAs("paths", file, opts);
  const t0 = performance.now();
  const status = new StatusLine();
  status.begin(`paths ${scenario.name}`, { horizon: { totalS: scenario.durationMs / 1000, estimated: false } });
  let result;
  try {
    result = runTestbed(await loadNodeCore(), testbedOf(scenario), { onProgress: (s, ev) => status.advance(s, ev) });
  } finally {
    status.stop();
  }
  const report = pathsReport(scenario, result);
  const wallS = (performance.now() - t0) / 1000;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ provenance: { ...provenance(), scenario }, ...report, wallTimeS: wallS }) + "\n");
    return;
  }
  process.stdout.write(pathsSummaryText(report, wallS) + "\n");
}

// Room for block-layer events when --iotrace asks for them: about 20 per guest request at 4 KB reads.
const IOTRACE_RECORDS = 4_000_000;

// A storage run's end in simulated time, when stopTimeS sets one (its progress otherwise: the pages and
// entries read of all the processes will read).
function storageHorizon(s: StorageScenario): Horizon | undefined {
  return s.stopTimeS > 0 ? { totalS: s.stopTimeS, estimated: false } : undefined;
}

// Every command reads one kind of scenario (host/sweep/kinds: each kind's marker field). Given
// another kind's document, a command says which command reads it instead of listing every field
// the document lacks.
const KIND_WORDS: Record<Kind, string> = { network: "a network scenario", fvm: "a Friendly-VM host scenario", storage: "a storage scenario", paths: "an inter-VM path scenario" };
const KIND_COMMANDS: Record<Kind, string> = { network: "foxsim run or foxsim matrix", fvm: "foxsim fvm", storage: "foxsim disk, disk-matrix or matrix", paths: "foxsim paths" };

function kindOfDocument(doc: unknown): Kind | undefined {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return undefined;
  const kinds = kindsOf(doc as Record<string, unknown>);
  return kinds.length === 1 ? kinds[0] : undefined;
}

function loadAs<K extends Kind>(kind: K, file: string, opts: DocumentOptions): ScenarioOf<K> {
  return parseDocumentAs(kind, file, loadDocument(file, opts));
}

// `doc` (read from `file`, overrides applied) as a scenario of `kind`
function parseDocumentAs<K extends Kind>(kind: K, file: string, doc: unknown): ScenarioOf<K> {
  try {
    return parseAs(kind, doc) as ScenarioOf<K>;
  } catch (e) {
    const other = kindOfDocument(doc);
    if (!(e instanceof ScenarioError) || other === undefined || other === kind) throw e;
    throw new UsageError(`${file}: ${KIND_WORDS[other]} (it has ${markerOf(other)}), not ${KIND_WORDS[kind]}: run it with ${KIND_COMMANDS[other]}; ${KIND_WORDS[kind]} has ${markerOf(kind)}`);
  }
}

async function diskCommand(file: string, opts: DocumentOptions & { json?: boolean; iotrace?: string; plot?: string }): Promise<void> {
  const scenario = loadAs("storage", file, opts);
  if (opts.iotrace !== undefined) checkOutputDir(opts.iotrace, "--iotrace");
  if (opts.plot !== undefined) checkOutputFile(opts.plot, "--plot");
  const logged = opts.iotrace !== undefined || opts.plot !== undefined;
  const t0 = performance.now();
  const status = new StatusLine();
  status.begin(`disk ${scenario.name}`, { horizon: storageHorizon(scenario) });
  let result;
  try {
    result = simulateStorage(await loadNodeCore(), scenario, { onProgress: (s, ev, work) => status.advance(s, ev, work), ioLogCapacity: logged ? IOTRACE_RECORDS : 0 });
  } finally {
    status.stop();
  }
  const wallS = (performance.now() - t0) / 1000;
  const { ioTrace, ...rest } = result;
  const wrote: string[] = [];
  if (ioTrace && opts.iotrace !== undefined) {
    const files = writeBlktrace(opts.iotrace, ioTrace.devices);
    wrote.push(`  iotrace        ${files.length} blktrace files in ${opts.iotrace} (devices ${ioTrace.devices.map((d) => d.name).join(", ")}; read with: blkparse -D ${opts.iotrace} -i ${ioTrace.devices[0]!.name})`);
  }
  if (ioTrace?.truncated) process.stderr.write(`warning: I/O trace truncated at ${IOTRACE_RECORDS} events\n`);
  if (opts.plot !== undefined) {
    writeAtomic(opts.plot, await renderSvg(timelineSpec(result)), "--plot");
    wrote.push(`  plot           ${opts.plot} (the virtual disk's requests over time, by process)`);
  }
  if (opts.json) process.stdout.write(JSON.stringify({ provenance: runProvenance(scenario), ...rest, wallTimeS: wallS }) + "\n");
  else process.stdout.write([storageSummary(result, wallS), ...wrote].join("\n") + "\n");
}

async function diskMatrixCommand(file: string, opts: DocumentOptions & { json?: boolean }): Promise<void> {
  await diskMatrixOf(loadAs("storage", file, opts), opts);
}

async function diskMatrixOf(scenario: StorageScenario, opts: { json?: boolean }): Promise<void> {
  const status = new StatusLine();
  let rows;
  try {
    rows = await diskMatrix(loadNodeCore, scenario, {
      onCell: (done, total, label) => status.begin(`disk-matrix ${scenario.name}`, { runs: { done, total }, detail: label, horizon: storageHorizon(scenario) }),
      onProgress: (s, ev, work) => status.advance(s, ev, work),
    });
  } finally {
    status.stop();
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify({ provenance: runProvenance(scenario), scenario: scenario.name, rows }) + "\n");
    return;
  }
  const names = scenario.processes.map((p) => p.name);
  process.stdout.write(`${scenario.name}: every VMM disk policy against every guest I/O scheduler (execution time, s)\n\n`);
  process.stdout.write(formatTable(["guest scheduler", "VMM policy", ...names], rows.map((r) => [r.elevator, r.policy === "foxyidle" ? `foxyidle ${scenario.vmm.preemptionIntervalMs} ms` : r.policy, ...names.map((n) => (r.seconds[n] === null ? "running" : r.seconds[n]!.toFixed(3)))])) + "\n");
}

async function matrixCommand(file: string, opts: DocumentOptions & { json?: boolean; workers: number }): Promise<void> {
  // a storage scenario's matrix is every VMM disk policy against every guest I/O scheduler
  const doc = loadDocument(file, opts);
  if (kindOfDocument(doc) === "storage") return diskMatrixOf(parseDocumentAs("storage", file, doc), opts);
  const scenario = parseDocumentAs("network", file, doc);
  const policy = scenario.sender.vmm.policy === "none" ? "foxyvegas" : scenario.sender.vmm.policy;
  const status = new StatusLine();
  const rows = await trickMatrix(batchRunner(batchOptions(status, `matrix ${scenario.name}`, opts.workers, networkHorizon)), scenario, policy);
  status.stop();
  if (opts.json) {
    process.stdout.write(JSON.stringify({ provenance: runProvenance(scenario), scenario: scenario.name, policy, rows }) + "\n");
    return;
  }
  process.stdout.write(`${scenario.name}: every guest congestion control, without and with ${policy}\n\n`);
  process.stdout.write(
    formatTable(
      ["algorithm", "without KB/s", `with ${policy} KB/s`, "change", "retransmits without", "with"],
      rows.map((r) => [r.algorithm, r.withoutKBps, r.withKBps, `${(100 * r.change).toFixed(1)} %`, r.retransmitsWithout, r.retransmitsWith]),
    ) + "\n",
  );
}

// A reproduction's result file: what made it (build, scale, every scenario run and their seeds), then
// its findings and rows. `reproduce <name> --json` prints it; `reproduce all --json` prints them all.
function reproductionRecord(out: ReproOutput, scale: "quick" | "full", scenarios: (Scenario | FvmScenario | StorageScenario | TestbedSpec)[]) {
  const seeds = [...new Set(scenarios.flatMap((s) => ("seed" in s ? [s.seed] : [])))].sort((a, b) => a - b); // an inter-VM testbed draws no random numbers
  return { provenance: { ...provenance(), scale, seeds, scenarios }, title: out.title, findings: out.findings, ...out.json };
}

function reproduceSummary(findings: Finding[], scale: "quick" | "full", outDir: string, files: string[]): string {
  const c = countVerdicts(findings);
  return [
    `${c.findings} findings: ${c.pass} PASS, ${c.differs} DIFFERS (${scale} scale${scale === "quick" ? "; --full for the paper's" : ""})`,
    `files in ${outDir}: ${files.join(", ")}`,
  ].join("\n");
}

async function reproduceCommand(name: string | undefined, opts: { json?: boolean; out?: string; full?: boolean; workers: number }): Promise<void> {
  const chosen = name === undefined || name === "all" ? REPRODUCTIONS : [findReproduction(name)];
  if (chosen.some((r) => r === undefined))
    throw new UsageError(`reproduce: unknown name ${JSON.stringify(name)}; allowed: all, ${REPRODUCTIONS.map((r) => r.name).join(", ")}`);
  const outDir = opts.out ?? "out";
  const scale = opts.full ? "full" : "quick";
  checkOutputDir(outDir, "--out");
  if (!opts.json) process.stdout.write(`foxsim ${provenance().version} (${provenance().commit}), ${scale} scale\n`);
  const records: Record<string, ReturnType<typeof reproductionRecord>> = {};
  const findings: Finding[] = [];
  const files: string[] = [];
  for (const [k, r] of (chosen as typeof REPRODUCTIONS).entries()) {
    const status = new StatusLine();
    const what = chosen.length > 1 ? `[${k + 1}/${chosen.length}] ${r.name}` : r.name;
    const progress = (done: number, total: number, label: string) => status.begin(what, { runs: { done, total }, detail: label });
    const scenarios: (Scenario | FvmScenario | StorageScenario | TestbedSpec)[] = [];
    const runner = batchRunner(batchOptions(status, what, opts.workers));
    const out = await r.run(reproContext({ full: !!opts.full, runner, progress, used: (s) => scenarios.push(s) }));
    status.stop();
    for (const p of out.plots) writeAtomic(join(outDir, p.file), p.svg, "--out");
    const record = reproductionRecord(out, scale, scenarios);
    writeAtomic(join(outDir, `${r.name}.json`), JSON.stringify(record, null, 1) + "\n", "--out");
    records[r.name] = record;
    findings.push(...out.findings);
    files.push(`${r.name}.json`, ...out.plots.map((p) => p.file));
    if (!opts.json) {
      process.stdout.write(`\n== ${r.name}: ${out.title}${opts.full ? "" : "  [quick scale; --full for the paper's]"}\n\n${out.text}\n\n${formatFindings(out.findings)}\n`);
      if (out.plots.length) process.stdout.write(`\n  plots: ${out.plots.map((p) => join(outDir, p.file)).join(", ")}\n`);
    }
  }
  const summary = reproduceSummary(findings, scale, outDir, files);
  if (!opts.json) {
    process.stdout.write(`\n== summary\n\n${summary}\n`);
    return;
  }
  process.stderr.write(summary + "\n");
  if (chosen.length === 1) process.stdout.write(JSON.stringify(records[chosen[0]!.name]) + "\n");
  else process.stdout.write(JSON.stringify({ provenance: { ...provenance(), scale }, summary: { ...countVerdicts(findings), out: outDir, files }, reproductions: records }) + "\n");
}

function portOption(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port: got ${JSON.stringify(v)}; must be an integer ≥ 0 and ≤ 65535 (0: any free port)`);
  return Number(v);
}

// Serves until the process is ended (Ctrl-C); the server holds the event loop open.
async function playgroundCommand(opts: { port: number }): Promise<void> {
  try {
    const { url } = await servePlayground(opts.port);
    process.stdout.write(`foxsim playground: ${url}  (127.0.0.1 only; Ctrl-C stops it)\n`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`--port ${opts.port}: already in use on 127.0.0.1; choose another (--port 0 picks a free one)`);
    if (code === "EACCES") throw new UsageError(`--port ${opts.port}: not allowed for this user (ports below 1024 need privileges); choose another`);
    if (e instanceof PlaygroundMissing) throw new UsageError(e.message);
    throw e;
  }
}

// As sweep's --workers: the independent runs go to this many worker threads; 1 runs them one after
// another in this process. The results are the same either way.
function workersOption(): Option {
  return new Option("--workers <n>", "worker threads for the independent runs (1: one after another in this process, progress with simulated time)")
    .argParser(positiveInt(1024))
    .default(availableParallelism(), "the number of cores");
}

export function buildProgram(): Command {
  const program = new Command()
    .name("foxsim")
    .description("A fast, deterministic model of a virtualized host: guest, VMM and host resource policies, measured.")
    .version(`${provenance().version} (${provenance().commit})`, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const run = program
    .command("run")
    .description("simulate one scenario and print its summary")
    .argument("<scenario.json>", "scenario document (see examples/)")
    .option("--json", "print one JSON object on stdout instead of the summary")
    .option("--trace <file.csv>", "write per-flow samples (time, cwnd, ssthresh, rwnd, srtt, acked, in flight) as CSV")
    .option("--pcap <dir>", "write packet captures: <dir>/wire.pcap (the sender host's physical NIC) and, for a guest sender, <dir>/vnic.pcap (its virtual NIC, after any VMM rewrite)");
  documentOptions(run, "--set path.forward.delayMs=20 --set flows.0.cc=newreno")
    .addHelpText("after", "\nExamples:\n  foxsim run examples/congested.json\n  foxsim run examples/fast.json --json --set stopTimeS=5 --trace fast.csv\n  foxsim run examples/foxyvegas-bic.json --pcap captures/\n")
    .action(runCommand);

  const matrix = program
    .command("matrix")
    .description("run a scenario against every guest congestion control, without and with the VMM policy (the general form of seed 001's Table 2); a storage scenario against every guest I/O scheduler, without and with each VMM disk policy (as disk-matrix)")
    .argument("<scenario.json>", "network scenario (its sender runs in a guest, under sender.vmm.policy, default foxyvegas) or storage scenario")
    .option("--json", "print {scenario, policy, rows:[{algorithm, withoutKBps, withKBps, change, ...}]} instead of the table")
    .addOption(workersOption());
  documentOptions(matrix, "--set flows.0.bytes=20000000")
    .addHelpText("after", "\nExamples:\n  foxsim matrix examples/foxyvegas-bic.json --set flows.0.bytes=20000000\n  foxsim matrix examples/foxyidle-sequential.json\n")
    .action(matrixCommand);

  const fvm = program
    .command("fvm")
    .description("simulate one Friendly-VM host scenario (seed 003 §5: VMs, threads, memory, paging) and print its summary")
    .argument("<scenario.json>", "FVM host scenario (see examples/fvm-benchmark.json)")
    .option("--json", "print one JSON object on stdout instead of the summary");
  documentOptions(fvm, "--set vms=4 --set fvm.enabled=false")
    .addHelpText("after", "\nExamples:\n  foxsim fvm examples/fvm-benchmark.json\n  foxsim fvm examples/fvm-benchmark.json --set fvm.enabled=false --json\n")
    .action(fvmCommand);

  const paths = program
    .command("paths")
    .description("simulate one inter-VM path scenario (seed 004: native, hosted, socket-outsourcing, XenLoop paths on CPU cores) and print its summary")
    .argument("<scenario.json>", "path scenario (see examples/intervm-xenloop.json)")
    .option("--json", "print one JSON object on stdout instead of the summary");
  documentOptions(paths, "--set vms.1.path=outsourced")
    .addHelpText("after", "\nExamples:\n  foxsim paths examples/intervm-xenloop.json\n  foxsim paths examples/intervm-xenloop.json --set vms.0.path=hosted --set vms.1.path=hosted --json\n")
    .action(pathsCommand);

  const disk = program
    .command("disk")
    .description("simulate one storage scenario (seed 001 §5: guest processes, I/O schedulers, the virtual disk and its VMM policy, a 2006 SATA drive) and print its summary")
    .argument("<scenario.json>", "storage scenario (see examples/foxyidle-sequential.json)")
    .option("--json", "print one JSON object on stdout instead of the summary")
    .option("--iotrace <dir>", "write blktrace files of the guest's queue, the VMM's virtual disk and dom0's disk queue (blkparse reads them)")
    .option("--plot <file.svg>", "draw the virtual disk's requests over time: where each went on the disk, by process, and how long the VMM held it");
  documentOptions(disk, "--set vmm.preemptionIntervalMs=5 --set guest.elevator=noop")
    .addHelpText("after", "\nExamples:\n  foxsim disk examples/foxyidle-sequential.json\n  foxsim disk examples/foxyidle-sequential.json --set vmm.policy=none --json\n  foxsim disk examples/foxyidle-sequential.json --iotrace traces/ && blkparse -D traces -i guest-xvda | less\n  foxsim disk examples/foxyidle-sequential.json --set guest.elevator=anticipatory --plot as.svg\n")
    .action(diskCommand);

  const diskMatrixCmd = program
    .command("disk-matrix")
    .description("run a storage scenario for every VMM disk policy against every guest I/O scheduler and print each process's time")
    .argument("<scenario.json>", "storage scenario; its vmm settings (the interval) apply to the policies that use them")
    .option("--json", "print {scenario, rows:[{elevator, policy, seconds:{process: s}}]} instead of the table");
  documentOptions(diskMatrixCmd, "--set vmm.preemptionIntervalMs=10")
    .addHelpText("after", "\nExample:\n  foxsim disk-matrix examples/foxyidle-sequential.json\n")
    .action(diskMatrixCommand);

  program
    .command("reproduce")
    .description("regenerate the seed papers' tables and figures beside the published numbers")
    .argument("[name]", `one of: all, ${REPRODUCTIONS.map((r) => r.name).join(", ")} (default: all)`)
    .option("--json", "print JSON instead of tables: one reproduction's result ({provenance, findings, rows, ...}), or for all {provenance, summary, reproductions}")
    .option("--out <dir>", "directory for SVG plots and JSON (default: out)")
    .option("--full", "the paper's scale (default: a quick scale)")
    .addOption(workersOption())
    .addHelpText("after", `\nReproductions:\n${REPRODUCTIONS.map((r) => `  ${r.name.padEnd(20)} ${r.summary}`).join("\n")}\n`)
    .action(reproduceCommand);

  registerSweepCommands(program);

  // foxsim verify: the property suites (host/verify/), for a user's CI
  registerVerifyCommand(program, { readJson, usageError: (m) => new UsageError(m) });

  // foxsim playground: the browser playground (host/playground/), served on 127.0.0.1 only
  program
    .command("playground")
    .description("serve the browser playground on 127.0.0.1 (edit a scenario, run it in the browser on the same core, watch its plots, share it as a URL)")
    .addOption(new Option("--port <n>", "TCP port on 127.0.0.1 (0: any free port)").argParser(portOption).default(8737))
    .addHelpText("after", "\nExample:\n  foxsim playground --port 8080   then open http://127.0.0.1:8080/ (Ctrl-C stops the server)\n")
    .action(playgroundCommand);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    stopStatusLines(); // the message goes on a line of its own, with the cursor shown
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2; // commander already printed the message
    }
    if (e instanceof VerifyFailed) return 1; // its report is printed
    if (e instanceof ScenarioError) {
      process.stderr.write(e.problems.map((p) => `invalid scenario: ${p}`).join("\n") + "\n");
      return 2;
    }
    if (e instanceof UsageError || e instanceof OutputError) {
      process.stderr.write(`foxsim: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CoreError) {
      process.stderr.write(`foxsim: run failed: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`foxsim: run failed: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}
