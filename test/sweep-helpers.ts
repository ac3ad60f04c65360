// Shared by the sweep tests: the CLI bundle as users run it, spec files in a temp dir, and the
// comparable part of a results file (rows without wall time, sorted by key).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const CLI = resolve("dist/foxsim.cjs");
export const tmp = mkdtempSync(join(tmpdir(), "foxsim-sweep-"));

export function foxsim(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// A lossy congested path with 200 kB transfers: runs take milliseconds and depend on their seed.
export const BASE = {
  name: "lossy",
  path: { forward: { delayMs: 10, lossRate: 0.01, shaper: { rateKBps: 2000, burstBytes: 10000, limitBytes: 6000 } } },
  flows: [{ cc: "newreno", bytes: 200_000 }],
};

export function specFile(name: string, spec: unknown): string {
  const f = join(tmp, `${name}.json`);
  writeFileSync(f, JSON.stringify(spec));
  return f;
}

export function lines(file: string): any[] {
  return readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
}

// Rows minus wallS, sorted by key, one JSON text: what "byte-identical" is defined over.
export function comparableRows(file: string): string {
  const [, ...rows] = lines(file);
  return rows
    .map(({ wallS: _, ...r }) => r)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => JSON.stringify(r))
    .join("\n");
}
