// The results file: JSON Lines, a header line first, then one row per finished run, each appended
// with one write by the main thread as the run finishes (a kill loses at most the line being
// written). Reading detects a truncated last line (no newline, or not JSON) and discards it.
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Provenance } from "../provenance.ts";
import type { Spec } from "./spec.ts";
import type { Status } from "./outcome.ts";
import { SweepError } from "./spec.ts";

export const FORMAT = "foxsim-sweep/1";

export interface Header {
  format: typeof FORMAT;
  specHash: string; // SHA-256 of the spec's canonical JSON, scenario inlined
  runs: number; // runs in the whole spec (all shards)
  shard: { index: number; count: number } | null;
  foxsim: Provenance;
  spec: Spec;
}

// Every field but wallS is a function of the spec, the build and the run's index: rows compared
// across worker counts, shards and resumes are compared without wallS (see comparable()).
export interface Row {
  key: string; // SHA-256 of the canonical {kind, resolved scenario} (the seed is in the scenario)
  index: number; // position in the spec's expansion order
  values: Record<string, unknown>; // axis path → value
  replication: number;
  seed: number;
  status: Status;
  summary?: Record<string, number | null>;
  error?: string;
  foxsim: Provenance;
  wallS: number;
}

export const comparable = (r: Row): Omit<Row, "wallS"> => {
  const { wallS: _, ...rest } = r;
  return rest;
};

export interface ResultsFile {
  header: Header | null;
  rows: Row[];
  truncatedLine: boolean; // a partial last line was found (and is not in rows)
  goodBytes: number; // length of the file up to and including the last complete line
}

export function readResults(file: string): ResultsFile {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new SweepError([`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  const end = buf.lastIndexOf(0x0a) + 1; // bytes after the last newline are a partial line
  const lines = buf.subarray(0, end).toString("utf8").split("\n").slice(0, -1);
  let truncatedLine = end < buf.length;
  const parsed: unknown[] = [];
  lines.forEach((line, i) => {
    try {
      parsed.push(JSON.parse(line));
    } catch {
      // A torn last line can also end in a newline only if the writer died mid-write; treat the
      // last line like a partial one, any earlier one as corruption.
      if (i === lines.length - 1) truncatedLine = true;
      else throw new SweepError([`${file}: line ${i + 1} is not JSON; the file is damaged (not a truncated last line)`]);
    }
  });
  const goodBytes = truncatedLine && parsed.length < lines.length ? Buffer.byteLength(lines.slice(0, -1).map((l) => l + "\n").join("")) : end;
  const [first, ...rest] = parsed;
  if (first === undefined) return { header: null, rows: [], truncatedLine, goodBytes };
  if ((first as Header).format !== FORMAT) throw new SweepError([`${file}: line 1 is not a foxsim sweep header (format ${FORMAT})`]);
  rest.forEach((r, i) => {
    if (typeof (r as Row).key !== "string" || typeof (r as Row).index !== "number") throw new SweepError([`${file}: line ${i + 2} is not a sweep row (no key or index)`]);
  });
  return { header: first as Header, rows: rest as Row[], truncatedLine, goodBytes };
}

export class RowWriter {
  readonly #fd: number;

  // `keepBytes`: cut the file to this length first (drops a truncated last line before appending).
  constructor(readonly file: string, keepBytes?: number) {
    try {
      this.#fd = openSync(file, "a");
      if (keepBytes !== undefined) ftruncateSync(this.#fd, keepBytes);
    } catch (e) {
      throw new SweepError([`--out ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    }
  }

  write(line: Header | Row): void {
    writeSync(this.#fd, JSON.stringify(line) + "\n");
  }

  close(): void {
    closeSync(this.#fd);
  }
}
