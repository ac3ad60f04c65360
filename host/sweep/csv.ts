// A tidy table of a results file: one line per run, one column per axis and per summary field,
// ordered by the run's index. Summary columns: the kind's fixed fields, then any others the rows have
// (storage and inter-VM path fields are named after the scenario's processes and connections) in
// the order the rows, by index, first show them. RFC 4180 quoting; values that are not numbers or strings as JSON.
import type { Header, Row } from "./rows.ts";
import { fixedFields } from "./kinds/index.ts";

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: Header, rows: readonly Row[]): string {
  const sorted = [...rows].sort((a, b) => a.index - b.index);
  const axes = [...new Set(sorted.flatMap((r) => Object.keys(r.values)))];
  const summary = [...new Set([...fixedFields(header.spec.kind), ...sorted.flatMap((r) => Object.keys(r.summary ?? {}))])];
  const columns = ["index", "replication", "seed", ...axes, "status", ...summary, "error", "wallS", "key", "version", "commit"];
  const lines = sorted.map((r) => [r.index, r.replication, r.seed, ...axes.map((a) => r.values[a]), r.status, ...summary.map((k) => r.summary?.[k]), r.error, r.wallS, r.key, r.foxsim.version, r.foxsim.commit].map(cell).join(","));
  return [columns.map(cell).join(","), ...lines].join("\n") + "\n";
}
