// The behaviour fingerprint of the built CLI (`npm run fingerprint`): the --json output of every quick
// reproduction (`foxsim reproduce all`) and of every example (`foxsim run` / `foxsim fvm examples/*.json`),
// with what legitimately differs between identical runs removed (wall time, the git commit), written as one
// canonical JSON file (RFC 8785, host/sweep/canonical.ts) and its sha256. A refactor that claims "behaviour
// preserved" compares the sha256 before and after; `--diff A B` names the first paths where two fingerprints
// differ. Usage: node --import tsx scripts/fingerprint.ts [--out FILE] | --diff A.json B.json
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { canonicalJson, sha256Hex } from "../host/sweep/canonical.ts";

const CLI = "dist/foxsim.cjs";
// Keys whose values vary between identical runs: wall-clock measurements and the source commit.
const VOLATILE = /^(wall.*|commit)$/i;

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).filter(([k]) => !VOLATILE.test(k)).map(([k, x]) => [k, strip(x)]));
  return v;
}

// The scratch directory's random name is replaced by a fixed one: it is where files went, not behaviour.
function cliJson(args: string[], scratch: string): unknown {
  const text = execFileSync(process.execPath, [CLI, ...args, "--json"], { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
  return JSON.parse(text.replaceAll(JSON.stringify(scratch).slice(1, -1), "<out>"));
}

// Which subcommand runs an example: network ones carry `path`, FVM scenarios `workload`, storage
// ones `processes`, inter-VM path ones `connections`.
function exampleCommand(file: string): "run" | "fvm" | "disk" | "paths" {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  if ("path" in doc) return "run";
  if ("workload" in doc) return "fvm";
  if ("processes" in doc) return "disk";
  if ("connections" in doc) return "paths";
  throw new Error(`${file}: no subcommand runs this example (no path, workload, processes or connections)`);
}

function fingerprint(): Record<string, unknown> {
  const scratch = mkdtempSync(join(tmpdir(), "foxsim-fp-"));
  try {
    const out: Record<string, unknown> = { reproduce: cliJson(["reproduce", "all", "--out", scratch], scratch) };
    for (const name of readdirSync("examples").filter((n) => n.endsWith(".json")).sort()) {
      const file = join("examples", name);
      out[`example:${name}`] = cliJson([exampleCommand(file), file], scratch);
    }
    return strip(out) as Record<string, unknown>;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const show = (v: unknown): string => (v === undefined ? "(absent)" : canonicalJson(v));

function firstDifferences(a: unknown, b: unknown, path: string, found: string[], max = 20): void {
  if (found.length >= max) return;
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) firstDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, found, max);
  } else if (show(a) !== show(b)) found.push(`${path}: ${show(a)} → ${show(b)}`);
}

const args = process.argv.slice(2);
if (args[0] === "--diff") {
  if (args.length !== 3) throw new Error("--diff needs two fingerprint files");
  const [a, b] = args.slice(1).map((f) => JSON.parse(readFileSync(f, "utf8")));
  const found: string[] = [];
  firstDifferences(a, b, "", found);
  console.log(found.length ? found.join("\n") : "identical");
  process.exitCode = found.length ? 1 : 0;
} else {
  const outIdx = args.indexOf("--out");
  const file = outIdx >= 0 ? args[outIdx + 1] : "out/fingerprint.json";
  if (!file) throw new Error("--out needs a file name");
  mkdirSync(dirname(file) || ".", { recursive: true });
  const text = canonicalJson(fingerprint());
  writeFileSync(file, text + "\n");
  const sha = sha256Hex(text + "\n");
  writeFileSync(`${file}.sha256`, `${sha}  ${file}\n`);
  console.log(`${sha}  ${file}`);
}
