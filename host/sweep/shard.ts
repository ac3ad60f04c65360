// Shards: run i of N takes the runs whose expansion index ≡ i (mod N) — round robin, so each slice
// gets a share of every axis (and of the long runs), and the slices depend on nothing but the spec.
// The slice comes from --shard i/N, else from a Slurm job array (SLURM_ARRAY_TASK_ID minus
// SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT tasks) or a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX; the count, which the pod is not told, from --shard-count).
import { SweepError } from "./spec.ts";

export interface Shard {
  index: number;
  count: number;
}

const MAX_SHARDS = 100_000; // Kubernetes caps an Indexed Job's completions at 10^5

function int(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

function checked(index: number, count: number, where: string): Shard {
  if (!(count >= 1 && count <= MAX_SHARDS)) throw new SweepError([`${where}: shard count ${count} must be an integer ≥ 1 and ≤ ${MAX_SHARDS}`]);
  if (!(index >= 0 && index < count)) throw new SweepError([`${where}: shard index ${index} must be ≥ 0 and < the count ${count} (shards are numbered 0 … N−1)`]);
  return { index, count };
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new SweepError([`--shard: got ${JSON.stringify(text)}; expected i/N with 0 ≤ i < N, e.g. 0/4`]);
  return checked(Number(m[1]), Number(m[2]), "--shard");
}

export function shardFromEnv(env: NodeJS.ProcessEnv, countOption: number | undefined): Shard | null {
  const slurmId = int(env.SLURM_ARRAY_TASK_ID);
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const count = countOption ?? int(env.SLURM_ARRAY_TASK_COUNT);
    if (slurmId === undefined || count === undefined) throw new SweepError([`SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID}, SLURM_ARRAY_TASK_COUNT=${env.SLURM_ARRAY_TASK_COUNT}: need both as integers (or --shard-count)`]);
    const index = slurmId - (int(env.SLURM_ARRAY_TASK_MIN) ?? 0);
    return checked(index, count, `Slurm array task ${slurmId} (use a contiguous array, e.g. --array=0-${count - 1})`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const index = int(env.JOB_COMPLETION_INDEX);
    if (index === undefined) throw new SweepError([`JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX}: must be an integer`]);
    if (countOption === undefined) throw new SweepError(["JOB_COMPLETION_INDEX is set but the shard count is not: pass --shard-count equal to the Job's completions"]);
    return checked(index, countOption, "JOB_COMPLETION_INDEX");
  }
  if (countOption !== undefined) throw new SweepError(["--shard-count: needs a shard index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (or use --shard i/N)"]);
  return null;
}

export const inShard = (index: number, shard: Shard | null): boolean => shard === null || index % shard.count === shard.index;
