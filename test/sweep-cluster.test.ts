// The cluster examples, run locally the way the schedulers run them: the Slurm array script once
// per task with the SLURM_ARRAY_* variables, the Indexed Job's container command once per index with
// JOB_COMPLETION_INDEX and the manifest's env; the shards merged equal one unsharded sweep.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { CLI, tmp, foxsim, comparableRows } from "./sweep-helpers.ts";

const SPEC = resolve("examples/sweeps/cluster.json");
const FOXSIM = `${process.execPath} ${CLI}`;
const reference = join(tmp, "cluster-ref.jsonl");

function unsharded(): string {
  const r = foxsim(["sweep", SPEC, "--out", reference, "--quiet", "--resume"]);
  assert.equal(r.code, 0, r.err);
  return comparableRows(reference);
}

function mergedOf(dir: string): string {
  const shards = readdirSync(dir).filter((f) => /^shard-\d+\.jsonl$/.test(f)).map((f) => join(dir, f));
  const merged = join(dir, "merged.jsonl");
  const r = foxsim(["merge", ...shards, "--out", merged]);
  assert.equal(r.code, 0, r.err);
  return comparableRows(merged);
}

test("the Slurm array script: one shard per array task, merged = unsharded", () => {
  const script = readFileSync("examples/cluster/sweep.slurm", "utf8");
  const m = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(script);
  assert.ok(m, "an #SBATCH --array=a-b line");
  const [min, max] = [Number(m[1]), Number(m[2])];
  const dir = join(tmp, "slurm");
  for (let id = min; id <= max; id++) {
    const env = { ...process.env, FOXSIM, SPEC, RESULTS: dir, SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_COUNT: String(max - min + 1), SLURM_CPUS_PER_TASK: "1" };
    const r = spawnSync("bash", ["examples/cluster/sweep.slurm"], { env, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
  }
  assert.equal(readdirSync(dir).length, max - min + 1);
  assert.equal(mergedOf(dir), unsharded());
});

test("the Kubernetes Indexed Job: one shard per completion index, merged = unsharded", () => {
  const job = parse(readFileSync("examples/cluster/sweep-job.yaml", "utf8"));
  assert.equal(job.kind, "Job");
  assert.equal(job.spec.completionMode, "Indexed");
  const completions: number = job.spec.completions;
  const container = job.spec.template.spec.containers[0];
  assert.deepEqual(container.command.slice(0, 2), ["sh", "-c"]);
  const command: string = container.command[2];
  assert.match(command, new RegExp(`--shard-count ${completions}\\b`), "--shard-count must equal completions");
  const dir = join(tmp, "k8s");
  mkdirSync(dir);
  const manifestEnv = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
  for (let index = 0; index < completions; index++) {
    const env = { ...process.env, ...manifestEnv, FOXSIM, SPEC, RESULTS: dir, JOB_COMPLETION_INDEX: String(index) };
    const r = spawnSync("sh", ["-c", command], { env, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
  }
  assert.equal(readdirSync(dir).length, completions);
  assert.equal(mergedOf(dir), unsharded());
});
