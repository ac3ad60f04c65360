// A tidy table of a results file: one line per run, one column per axis and per summary field,
// ordered by the run's index. RFC 4180 quoting; values that are not numbers or strings as JSON.
import type { Header, Row } from "./rows.ts";
import { NETWORK_SUMMARY, FVM_SUMMARY } from "./outcome.ts";

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: Header, rows: readonly Row[]): string {
  const axes = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const summary = header.spec.kind === "fvm" ? FVM_SUMMARY : NETWORK_SUMMARY;
  const columns = ["index", "replication", "seed", ...axes, "status", ...summary, "error", "wallS", "key", "version", "commit"];
  const lines = [...rows]
    .sort((a, b) => a.index - b.index)
    .map((r) => [r.index, r.replication, r.seed, ...axes.map((a) => r.values[a]), r.status, ...summary.map((k) => r.summary?.[k]), r.error, r.wallS, r.key, r.foxsim.version, r.foxsim.commit].map(cell).join(","));
  return [columns.map(cell).join(","), ...lines].join("\n") + "\n";
}
