// The sweep, merge and export commands (registered by host/cli.ts).
// Exit codes as the rest of the CLI: 0 ok, 1 runs failed (only with --fail-on-error / --fail-fast)
// or the sweep was interrupted, 2 bad usage or an invalid spec.
import { availableParallelism } from "node:os";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { readSpec, SweepError } from "./spec.ts";
import { plan, runSweep } from "./run.ts";
import { parseShard, shardFromEnv } from "./shard.ts";
import { mergeResults, toJsonl } from "./merge.ts";
import { readResults } from "./rows.ts";
import { toCsv } from "./csv.ts";
import { sweepPlotSpec, type PlotRequest } from "./plot.ts";
import { renderSvg } from "../report/vega.ts";
import { checkOutputFile, writeAtomic } from "../output.ts";

const DRY_RUN_POINTS = 5;

// Spec and usage problems: printed here, then a CommanderError makes main() exit 2 quietly.
function guarded<A extends unknown[]>(action: (...a: A) => Promise<void> | void) {
  return async (...a: A) => {
    try {
      await action(...a);
    } catch (e) {
      if (!(e instanceof SweepError)) throw e;
      process.stderr.write(e.problems.map((p) => `foxsim: ${p}\n`).join(""));
      throw new CommanderError(2, "foxsim.sweep", e.message);
    }
  };
}

export function positiveInt(max: number) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new InvalidArgumentError(`must be an integer ≥ 1 and ≤ ${max}`);
    return Number(v);
  };
}

const csvPathFor = (out: string) => (out.endsWith(".jsonl") ? out.slice(0, -".jsonl".length) : out) + ".csv";

interface SweepFlags {
  out?: string;
  workers: number;
  shard?: string;
  shardCount?: number;
  resume?: boolean;
  dryRun?: boolean;
  failFast?: boolean;
  failOnError?: boolean;
  csv?: string | true;
  quiet?: boolean;
}

async function sweepCommand(specFile: string, f: SweepFlags): Promise<void> {
  const spec = readSpec(specFile);
  const shard = f.shard !== undefined ? parseShard(f.shard) : shardFromEnv(process.env, f.shardCount);
  const p = plan(spec, shard);
  const shardNote = shard ? ` (shard ${shard.index}/${shard.count} of ${p.header.runs})` : "";
  if (f.dryRun) {
    process.stdout.write(`${p.runs.length} runs${shardNote}; spec hash ${p.header.specHash}\n`);
    for (const r of p.runs.slice(0, DRY_RUN_POINTS)) {
      const values = Object.entries(r.point.values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ");
      process.stdout.write(`  #${r.point.index}  replication ${r.point.replication}  seed ${r.point.seed}  ${values}${r.problems ? `  [invalid: ${r.problems.join("; ")}]` : ""}\n`);
    }
    if (p.runs.length > DRY_RUN_POINTS) process.stdout.write(`  … ${p.runs.length - DRY_RUN_POINTS} more\n`);
    return;
  }
  const out = f.out ?? (shard ? `results.${shard.index}-of-${shard.count}.jsonl` : "results.jsonl");
  const csvOut = f.csv === undefined ? undefined : f.csv === true ? csvPathFor(out) : f.csv;
  if (csvOut) checkOutputFile(csvOut, "--csv"); // before any run, not after the sweep
  const rep = await runSweep(p, { out, workers: f.workers, shard, resume: !!f.resume, failFast: !!f.failFast, quiet: !!f.quiet });
  if (csvOut) {
    const r = readResults(out);
    writeAtomic(csvOut, toCsv(r.header!, r.rows), "--csv");
  }
  const skipped = rep.skipped ? `, ${rep.skipped} already done` : "";
  process.stderr.write(`sweep: ${rep.ran} runs${shardNote} (${rep.ran - rep.failed} ok, ${rep.failed} failed${skipped}) in ${rep.wallS.toFixed(1)} s, ${rep.runsPerS.toFixed(2)} runs/s with ${f.workers} worker${f.workers === 1 ? "" : "s"} → ${out}\n`);
  if (rep.interrupted) throw new Error(`interrupted; the finished rows are in ${out}: rerun with --resume to complete it`);
  if (rep.stoppedEarly) throw new Error(`a run failed and --fail-fast stopped the sweep (see the failed row in ${out})`);
  if (rep.failed > 0 && f.failOnError) throw new Error(`${rep.failed} of ${rep.ran} runs failed (--fail-on-error)`);
}

function mergeCommand(files: string[], f: { out?: string }): void {
  const m = mergeResults(files);
  for (const w of m.warnings) process.stderr.write(`foxsim: ${w}\n`);
  if (f.out) writeAtomic(f.out, toJsonl(m), "--out");
  else process.stdout.write(toJsonl(m));
  process.stderr.write(`merge: ${m.rows.length} of ${m.header.runs} runs from ${files.length} files${f.out ? ` → ${f.out}` : ""}\n`);
}

function exportCommand(file: string, f: { csv?: boolean; out?: string }): void {
  if (!f.csv) throw new SweepError(["export: choose a format (--csv)"]);
  const r = readResults(file);
  if (!r.header) throw new SweepError([`${file}: empty, no sweep header`]);
  const csv = toCsv(r.header, r.rows);
  if (f.out) writeAtomic(f.out, csv, "--out");
  else process.stdout.write(csv);
}

async function plotCommand(file: string, f: PlotRequest & { out?: string; vl?: string }): Promise<void> {
  const out = f.out ?? (file.endsWith(".jsonl") ? file.slice(0, -".jsonl".length) : file) + ".svg";
  checkOutputFile(out, "--out");
  if (f.vl) checkOutputFile(f.vl, "--vl");
  const r = readResults(file);
  if (!r.header) throw new SweepError([`${file}: empty, no sweep header`]);
  const spec = sweepPlotSpec(r, f, file);
  writeAtomic(out, await renderSvg(spec), "--out");
  if (f.vl) writeAtomic(f.vl, JSON.stringify(spec, null, 1) + "\n", "--vl");
  process.stderr.write(`plot: ${out}${f.vl ? ` (Vega-Lite spec: ${f.vl})` : ""}\n`);
}

export function registerSweepCommands(program: Command): void {
  program
    .command("sweep")
    .description("run a parameter sweep: a base scenario (network, fvm, storage or paths) varied over axes, one JSON line per run (resumable, shardable)")
    .argument("<spec.json>", "sweep spec (see examples/sweeps/)")
    .option("-o, --out <results.jsonl>", "results file (default: results.jsonl; sharded: results.<i>-of-<N>.jsonl)")
    .addOption(new Option("--workers <n>", "worker threads").argParser(positiveInt(1024)).default(availableParallelism(), "the number of cores"))
    .option("--shard <i/N>", "run only the i-th of N slices (runs with index ≡ i mod N); default: from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX")
    .addOption(new Option("--shard-count <N>", "the number of slices when the index comes from the environment (needed with JOB_COMPLETION_INDEX)").argParser(positiveInt(100_000)))
    .option("--resume", "complete an existing results file: skip runs whose key it holds")
    .option("--dry-run", "print the number of runs and the first few points, run nothing")
    .option("--fail-fast", "stop at the first failed run (exit 1)")
    .option("--fail-on-error", "exit 1 at the end if any run failed (default: failed runs are rows, exit 0)")
    .option("--csv [file.csv]", "also write the results as a tidy CSV table (default: the results file with .csv)")
    .option("--quiet", "no progress display")
    .addHelpText("after", "\nExamples:\n  foxsim sweep examples/sweeps/grid.json --dry-run\n  foxsim sweep examples/sweeps/grid.json --out grid.jsonl --workers 2 --csv\n  foxsim sweep examples/sweeps/grid.json --out grid.jsonl --resume\n  foxsim sweep examples/sweeps/grid.json --shard 0/4 --out shard-0.jsonl\n  foxsim sweep examples/sweeps/foxyidle.json -o foxyidle.jsonl && foxsim plot foxyidle.jsonl --x vmm.preemptionIntervalMs --y foreground.elapsedS --color guest.elevator\n")
    .action(guarded(sweepCommand));

  program
    .command("merge")
    .description("merge results files of one sweep (shards, partial runs): refuses files of different specs; the union without duplicates")
    .argument("<results.jsonl...>", "results files written by foxsim sweep")
    .option("-o, --out <merged.jsonl>", "write here (default: stdout)")
    .action(guarded(mergeCommand));

  program
    .command("export")
    .description("convert a sweep results file to a tidy table")
    .argument("<results.jsonl>", "results file written by foxsim sweep or merge")
    .option("--csv", "CSV: one line per run, a column per axis and summary field")
    .option("-o, --out <file>", "write here (default: stdout)")
    .action(guarded(exportCommand));

  program
    .command("plot")
    .description("draw a sweep's results: a summary field over an axis (lines), or over two axes (--heatmap)")
    .argument("<results.jsonl>", "results file written by foxsim sweep or merge")
    .requiredOption("--x <name>", "x: an axis path (or, for lines, a summary field); also replication, seed")
    .requiredOption("--y <name>", "y: a summary field (lines), or a second axis path (with --heatmap)")
    .option("--color <axis>", "one line per value of this axis")
    .option("--facet <axis>", "one panel per value of this axis")
    .option("--heatmap <field>", "a heat map of this summary field over --x and --y")
    .option("-o, --out <plot.svg>", "the SVG (default: the results file with .svg)")
    .option("--vl <plot.vl.json>", "also write the Vega-Lite spec (opens interactively in a browser, e.g. vega-embed)")
    .addHelpText("after", "\nRows sharing every plotted axis value (replications, axes left out) are averaged.\nExamples:\n  foxsim plot grid.jsonl --x path.forward.delayMs --y goodputKBps --color flows.0.cc\n  foxsim plot grid.jsonl --x path.forward.delayMs --y flows.0.cc --heatmap retransmits\n")
    .action(guarded(plotCommand));
}
