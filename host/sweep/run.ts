// One sweep: expand the spec, take this shard's runs, skip those already in the results file
// (--resume), run the rest on the worker pool longest-expected-first, and append one row per run as
// it finishes. Rows are written by this (the main) thread only.
import { existsSync, statSync } from "node:fs";
import { provenance } from "../provenance.ts";
import { hashOf } from "./canonical.ts";
import { expand, resolve, checkAxisPaths, checkDistinct, type Resolved } from "./expand.ts";
import { readResults, RowWriter, FORMAT, type Header, type Row } from "./rows.ts";
import { inShard, type Shard } from "./shard.ts";
import { Pool } from "./pool.ts";
import { SweepProgress } from "./progress.ts";
import { SweepError, type Spec } from "./spec.ts";
import type { Job, Outcome } from "./outcome.ts";

export interface SweepOptions {
  out: string;
  workers: number;
  shard: Shard | null;
  resume: boolean;
  failFast: boolean;
  quiet: boolean; // no progress (the summary is returned either way)
}

export interface SweepPlan {
  header: Header;
  runs: Resolved[]; // this shard's runs, in expansion order
}

export interface SweepReport {
  total: number; // runs in this shard
  skipped: number; // already in the results file
  ran: number;
  failed: number;
  stoppedEarly: boolean; // --fail-fast stopped it
  interrupted: boolean; // SIGINT / SIGTERM stopped it
  wallS: number;
  runsPerS: number;
}

export function plan(spec: Spec, shard: Shard | null): SweepPlan {
  const points = expand(spec);
  checkAxisPaths(spec, points);
  const all = points.map((p) => resolve(spec, p));
  checkDistinct(all);
  const header: Header = { format: FORMAT, specHash: hashOf(spec), runs: all.length, shard, foxsim: provenance(), spec };
  return { header, runs: all.filter((r) => inShard(r.point.index, shard)) };
}

function rowOf(r: Resolved, o: Omit<Outcome, "index">): Row {
  const p = r.point;
  return { key: r.key, index: p.index, values: p.values, replication: p.replication, seed: p.seed, status: o.status, ...(o.summary ? { summary: o.summary } : {}), ...(o.error !== undefined ? { error: o.error } : {}), foxsim: provenance(), wallS: o.wallS };
}

// The results file to append to: new (header written), or --resume's existing one after checking
// it belongs to this spec and shard; returns the keys already done.
function openResults(plan: SweepPlan, opts: SweepOptions): { writer: RowWriter; done: Set<string> } {
  const exists = existsSync(opts.out) && statSync(opts.out).size > 0;
  if (!exists) {
    const writer = new RowWriter(opts.out, 0);
    writer.write(plan.header);
    return { writer, done: new Set() };
  }
  if (!opts.resume) throw new SweepError([`--out ${opts.out}: already exists; add --resume to complete it, or choose another file`]);
  const prior = readResults(opts.out);
  if (!prior.header) {
    const writer = new RowWriter(opts.out, 0);
    writer.write(plan.header);
    return { writer, done: new Set() };
  }
  if (prior.header.specHash !== plan.header.specHash) throw new SweepError([`--resume: ${opts.out} holds results of another spec (spec hash ${prior.header.specHash.slice(0, 12)}…, this spec ${plan.header.specHash.slice(0, 12)}…)`]);
  const shardText = (s: Shard | null) => (s ? `${s.index}/${s.count}` : "none");
  if (shardText(prior.header.shard) !== shardText(plan.header.shard)) throw new SweepError([`--resume: ${opts.out} holds shard ${shardText(prior.header.shard)}, this run is shard ${shardText(plan.header.shard)}`]);
  if (prior.truncatedLine) process.stderr.write(`sweep: ${opts.out}: discarded a truncated last line (that run is done again)\n`);
  return { writer: new RowWriter(opts.out, prior.goodBytes), done: new Set(prior.rows.map((r) => r.key)) };
}

export async function runSweep(p: SweepPlan, opts: SweepOptions): Promise<SweepReport> {
  const { writer, done } = openResults(p, opts);
  const todo = p.runs.filter((r) => !done.has(r.key));
  const progress = new SweepProgress(todo.length, opts.quiet);
  const pool = new Pool();
  let stoppedEarly = false;
  let interrupted = false;
  const record = (r: Resolved, o: Omit<Outcome, "index">): boolean => {
    writer.write(rowOf(r, o));
    progress.tick(o.status !== "ok");
    if (o.status !== "ok" && opts.failFast) stoppedEarly = true;
    return !stoppedEarly;
  };
  const onInterrupt = () => {
    interrupted = stoppedEarly = true;
    pool.stop();
  };
  process.once("SIGINT", onInterrupt);
  process.once("SIGTERM", onInterrupt); // Slurm's scancel and Kubernetes send SIGTERM
  try {
    // Points that do not validate become failed rows at once, without a worker.
    for (const r of todo) if (r.problems && !stoppedEarly) record(r, { status: "failed", error: r.problems.join("; "), wallS: 0 });
    const byIndex = new Map(todo.map((r) => [r.point.index, r]));
    const jobs = todo
      .filter((r) => !r.problems)
      .sort((a, b) => b.cost - a.cost || a.point.index - b.point.index)
      .map((r) => ({ index: r.point.index, kind: r.kind, scenario: r.scenario }) as Job);
    if (!stoppedEarly) await pool.run(jobs, opts.workers, (o) => record(byIndex.get(o.index)!, o));
  } finally {
    process.off("SIGINT", onInterrupt);
    process.off("SIGTERM", onInterrupt);
    progress.stop();
    writer.close();
  }
  return { total: p.runs.length, skipped: p.runs.length - todo.length, ran: progress.done, failed: progress.failed, stoppedEarly: stoppedEarly && !interrupted, interrupted, wallS: progress.elapsedS(), runsPerS: progress.rate() };
}
