// Merging shards (or partial runs) of one sweep: every file must carry the same spec hash; the
// union of their rows, one per key (the first file's row where two have it), ordered by index.
import { readResults, type Header, type Row } from "./rows.ts";
import { SweepError } from "./spec.ts";

export interface Merged {
  header: Header;
  rows: Row[];
  warnings: string[];
}

export function mergeResults(files: readonly string[]): Merged {
  const read = files.map((f) => ({ file: f, ...readResults(f) }));
  const warnings = read.filter((r) => r.truncatedLine).map((r) => `${r.file}: discarded a truncated last line`);
  const headless = read.filter((r) => r.header === null);
  if (headless.length) throw new SweepError(headless.map((r) => `${r.file}: empty, no sweep header`));
  const hashes = new Set(read.map((r) => r.header!.specHash));
  if (hashes.size > 1) throw new SweepError(["the files hold different sweeps (spec hashes differ); refusing to merge:", ...read.map((r) => `  ${r.file}: spec hash ${r.header!.specHash}`)]);
  const byKey = new Map<string, Row>();
  for (const r of read) for (const row of r.rows) if (!byKey.has(row.key)) byKey.set(row.key, row);
  const rows = [...byKey.values()].sort((a, b) => a.index - b.index);
  return { header: { ...read[0]!.header!, shard: null }, rows, warnings };
}

export const toJsonl = (m: { header: Header; rows: readonly Row[] }): string => [m.header, ...m.rows].map((l) => JSON.stringify(l) + "\n").join("");
