// Building, printing and counting the published findings a reproduction checks (host/reproduce/types.ts).
import type { Finding, Verdict } from "./types.ts";

export const verdict = (holds: boolean): Verdict => (holds ? "PASS" : "DIFFERS");

function numbers(f: Finding): string {
  const unit = f.unit ? ` ${f.unit}` : "";
  const model = `model: ${f.model}${unit}`;
  return f.paper === undefined ? model : `${model}   paper: ${f.paper}${unit}`;
}

export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return "No published findings to check (a reference table).";
  return ["Paper findings vs model:", ...findings.map((f) => `  ${f.verdict.padEnd(7)}  ${f.claim}\n           ${numbers(f)}`)].join("\n");
}

export interface VerdictCounts {
  findings: number;
  pass: number;
  differs: number;
}

export function countVerdicts(findings: readonly Finding[]): VerdictCounts {
  const pass = findings.filter((f) => f.verdict === "PASS").length;
  return { findings: findings.length, pass, differs: findings.length - pass };
}
