// `foxsim verify [suite…|suite/property…|scenario.json…] [--runs N] [--seed S] [--path P] [--json]`:
// the property suites (host/verify/suites.ts), or the invariants on a user's own scenario, for a
// user's CI. Exit 0 when every property held, 1 when one failed (its shrunk counterexample and the
// command that replays it are printed), 2 for bad usage.
import { statSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { provenance } from "../provenance.ts";
import { setOption } from "../set-option.ts";
import { StatusLine } from "../report/progress.ts";
import { parseScenario } from "../scenario.ts";
import { applyOverrides } from "../schema.ts";
import { parseFvmScenario } from "../fvm/scenario.ts";
import { positiveInt } from "../sweep/commands.ts";
import type { Property, Suite } from "./property.ts";
import { checkProperty, randomSeed, type Outcome } from "./run.ts";
import { failureReport } from "./report.ts";
import { SUITES } from "./suites.ts";
import { parseStorageScenario } from "../storage/scenario.ts";
import { parsePathsScenario } from "../outsourcing/scenario.ts";
import { fvmScenarioProperty, networkScenarioProperty, pathsScenarioProperty, storageScenarioProperty } from "./user-scenario.ts";

const MAX_SEED = 2 ** 31 - 1; // fast-check's seeds are 32-bit integers; the non-negative half
const MAX_RUNS = 1_000_000;

// A property failed: its report is printed; main() exits 1 without another message.
export class VerifyFailed extends Error {}

export interface VerifyOptions {
  runs?: number;
  seed?: number;
  path?: string;
  json?: boolean;
  set?: string[]; // --set overrides for the scenario files
}

export interface VerifyHost {
  readJson(file: string): unknown; // the CLI's document reader (size limit, BOM, clear errors)
  usageError(message: string): Error; // an error main() reports as bad usage (exit 2)
  write(text: string): void; // stdout
}

interface Selected {
  name: string; // the suite's name, or the scenario file
  properties: { selector: string; property: Property }[];
}

// `suites` and `host.write` are for tests (a suite broken on purpose, output captured); the CLI passes neither.
export function registerVerifyCommand(program: Command, host: Omit<VerifyHost, "write"> & Partial<VerifyHost>, suites: readonly Suite[] = SUITES): void {
  program
    .command("verify")
    .description("check the model's properties with random inputs (for CI): delivery, conservation, window bounds, the VMM boundary, FVM control and convergence, input handling, the storage world, the I/O schedulers, the drive, the inter-VM paths; or the invariants on your own scenario (network, FVM, storage or inter-VM paths) under random drops, seeds or stop times")
    .argument("[suite...]", `suites (${suites.map((s) => s.name).join(", ")}), single properties as suite/property, or scenario.json files (default: every suite)`)
    .addOption(new Option("--runs <n>", "random inputs per property (default: each property's own, as in npm test)").argParser(positiveInt(MAX_RUNS)))
    .addOption(new Option("--seed <n>", "fast-check seed (default: a fresh one, printed)").argParser(seedArg))
    .addOption(new Option("--path <path>", "replay one failure: the counterexample path printed with it (with its --seed)").argParser(pathArg))
    .addOption(setOption("override a field of the scenario files (repeatable), e.g. --set flows.0.bytes=2000000"))
    .option("--json", "print one JSON object: each suite's seed, runs and verdict, failures with counterexample, seed and path")
    .addHelpText("after", `\nProperties:\n${suites.flatMap((s) => s.properties.map((p) => `  ${`${s.name}/${p.name}`.padEnd(30)} ${p.summary} (${p.runs} runs)`)).join("\n")}\n\nExamples:\n  foxsim verify\n  foxsim verify delivery foxyvegas --runs 200 --json\n  foxsim verify examples/congested.json --set flows.0.bytes=2000000 --runs 10\n  foxsim verify examples/foxyidle-sequential.json examples/intervm-xenloop.json\n`)
    .action((names: string[], opts: VerifyOptions) => verify(names, opts, { write: (t) => process.stdout.write(t), ...host }, suites));
}

function seedArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > MAX_SEED) throw new InvalidArgumentError(`must be an integer ≥ 0 and ≤ ${MAX_SEED}`);
  return Number(v);
}

// fast-check's counterexamplePath: indices separated by colons
function pathArg(v: string): string {
  if (!/^\d+(:\d+)*$/.test(v)) throw new InvalidArgumentError("must be a counterexample path as printed with a failure: numbers separated by colons, e.g. 4:0:1");
  return v;
}

// What the arguments name, in order: suites, single properties, scenario files.
function select(names: string[], sets: string[], host: VerifyHost, suites: readonly Suite[]): Selected[] {
  if (names.length === 0) return suites.map(suiteSelection);
  return names.map((n) => {
    const [suiteName, propName] = n.split("/", 2) as [string, string | undefined];
    const suite = suites.find((s) => s.name === suiteName);
    if (suite && propName === undefined) return suiteSelection(suite);
    const p = suite?.properties.find((q) => q.name === propName);
    if (suite && p) return { name: suite.name, properties: [{ selector: n, property: p }] };
    if (/\.json$/i.test(n) || statSync(n, { throwIfNoEntry: false })?.isFile()) return { name: n, properties: [{ selector: n, property: scenarioProperty(applyOverrides(host.readJson(n), sets)) }] };
    if (suite) throw host.usageError(`verify: suite ${suite.name} has no property ${JSON.stringify(propName)}; it has: ${suite.properties.map((q) => q.name).join(", ")}`);
    throw host.usageError(`verify: unknown suite ${JSON.stringify(n)}; allowed: ${suites.map((s) => s.name).join(", ")} (or suite/property, or a scenario .json file)`);
  });
}

function suiteSelection(s: Suite): Selected {
  return { name: s.name, properties: s.properties.map((p) => ({ selector: `${s.name}/${p.name}`, property: p })) };
}

// Which world a document describes, by the key only its kind has: an FVM host says how many VMs it
// has (a number) or its workload, a storage world lists processes, an inter-VM path scenario
// connections; anything else is read (and its errors reported) as a network scenario.
function scenarioProperty(doc: unknown): Property {
  const has = (k: string) => typeof doc === "object" && doc !== null && k in doc;
  if ((has("vms") && typeof (doc as { vms?: unknown }).vms === "number") || has("workload")) return fvmScenarioProperty(parseFvmScenario(doc));
  if (has("processes")) return storageScenarioProperty(parseStorageScenario(doc));
  if (has("connections")) return pathsScenarioProperty(parsePathsScenario(doc));
  return networkScenarioProperty(parseScenario(doc));
}

export async function verify(names: string[], opts: VerifyOptions, host: VerifyHost, suites: readonly Suite[] = SUITES): Promise<void> {
  const selected = select(names, opts.set ?? [], host, suites);
  if (opts.set?.length && !selected.some((s) => !suites.some((x) => x.name === s.name)))
    throw host.usageError("verify: --set changes scenario files, and none is named (the suites generate their own scenarios)");
  const count = selected.reduce((a, s) => a + s.properties.length, 0);
  if (opts.path !== undefined && (count !== 1 || opts.seed === undefined))
    throw host.usageError(`verify: --path replays one failure: name its one property (suite/property or the scenario file) and give its --seed (got ${count} properties${opts.seed === undefined ? ", no --seed" : ""})`);
  const seed = opts.seed ?? randomSeed();
  const status = new StatusLine();
  const results: { suite: Selected; outcomes: Outcome[] }[] = [];
  let k = 0;
  try {
    for (const suite of selected) {
      const outcomes: Outcome[] = [];
      for (const { selector, property } of suite.properties) {
        k++;
        const what = `verify [${k}/${count}] ${selector}`;
        const o = await checkProperty(property, {
          seed, runs: opts.runs, path: opts.path,
          onRun: (done, total, shrinking) => status.begin(what, shrinking ? { detail: `shrinking (step ${done})` } : { runs: { done, total } }),
        }).catch((e: Error) => {
          // fast-check refuses a path that leads nowhere among this property's inputs
          if (opts.path !== undefined && /^Unable to replay/.test(e.message)) throw host.usageError(`verify: --path ${opts.path} with --seed ${seed} is no input of ${selector} (${e.message}); copy both from the failure's replay line`);
          throw e;
        });
        status.stop();
        outcomes.push(o);
        const held = opts.path === undefined ? `${o.runs} runs` : `replayed --seed ${seed} --path ${opts.path}: held`;
        if (!opts.json) host.write((o.verdict === "pass" ? `ok   ${selector}  ${held}` : failureReport(selector, o)) + "\n");
      }
      results.push({ suite, outcomes });
    }
  } finally {
    status.stop();
  }
  const failed = results.flatMap((r) => r.outcomes).filter((o) => o.verdict === "fail").length;
  if (opts.json) {
    host.write(JSON.stringify({
      provenance: provenance(), seed, verdict: failed ? "fail" : "pass",
      suites: results.map(({ suite, outcomes }) => ({
        name: suite.name, seed, runs: outcomes.reduce((a, o) => a + o.runs, 0), verdict: outcomes.some((o) => o.verdict === "fail") ? "fail" : "pass",
        properties: outcomes.map((o, i) => ({ ...o, property: suite.properties[i]!.selector })),
      })),
    }) + "\n");
  } else host.write(`${failed ? "FAILED" : "passed"}: ${count - failed} of ${count} properties held (seed ${seed})\n`);
  if (failed) throw new VerifyFailed(`${failed} properties failed`);
}
