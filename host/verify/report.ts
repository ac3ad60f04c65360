// How a verify outcome reads: a failure names the property, the broken assertion, the shrunk
// counterexample as a document and the command line that replays it.
import type { Outcome } from "./run.ts";

// `selector` is what names the property on the command line: suite/property, or a scenario file.
function replayCommand(selector: string, o: Outcome): string {
  return `foxsim verify ${shellWord(selector)} --seed ${o.seed}${o.path !== undefined ? ` --path ${o.path}` : ""}`;
}

export function failureReport(selector: string, o: Outcome): string {
  const lines = [`FAIL ${selector}: ${o.shrinks !== undefined ? `failed after ${o.runs} run${o.runs === 1 ? "" : "s"}, shrunk ${o.shrinks} time${o.shrinks === 1 ? "" : "s"}` : "failed"}`];
  lines.push(...(o.error ?? "").split("\n").map((l) => `  ${l}`));
  if (o.counterexample !== undefined) lines.push("  counterexample:", ...JSON.stringify(o.counterexample, null, 2).split("\n").map((l) => `    ${l}`));
  if (o.path !== undefined) lines.push(`  replay: ${replayCommand(selector, o)}`);
  return lines.join("\n");
}

// Quoted for a POSIX shell only when it needs to be.
function shellWord(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}
