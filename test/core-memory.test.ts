// One core instance runs many scenarios in a row (a sweep worker, disk-matrix, verify, an embedding
// tool): the core runs on AssemblyScript's minimal runtime, which collects only when asked, so each
// world's init collects the last run's arrays. Without that, a storage run left its file-system
// trees behind and memory doubled every few runs until the 4 GiB wasm limit trapped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseStorageScenario } from "../host/storage/scenario.ts";
import { simulateStorage } from "../host/storage/simulate.ts";
import { parseFvmScenario } from "../host/fvm/scenario.ts";
import { simulateFvm } from "../host/fvm/simulate.ts";
import { parsePathsScenario, testbedOf } from "../host/outsourcing/scenario.ts";
import { runTestbed } from "../host/outsourcing/model.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { newCore } from "./helpers.ts";

const example = (name: string) => JSON.parse(readFileSync(`examples/${name}`, "utf8"));

async function memoryAfterRuns(run: (core: Awaited<ReturnType<typeof newCore>>) => void, runs: number): Promise<number[]> {
  const core = await newCore();
  const bytes: number[] = [];
  for (let i = 0; i < runs; i++) {
    run(core);
    bytes.push((core.exports as unknown as { memory: WebAssembly.Memory }).memory.buffer.byteLength);
  }
  return bytes;
}

const worlds: [string, (core: Awaited<ReturnType<typeof newCore>>) => void][] = [
  ["storage (a Linux tree per run)", (core) => {
    simulateStorage(core, parseStorageScenario({ linuxTrees: 1, stopTimeS: 0.2, processes: [{ name: "g", workload: "grep", cpuPerPageUs: 60 }] }));
  }],
  ["FVM", (core) => {
    simulateFvm(core, parseFvmScenario({ ...example("fvm-benchmark.json"), durationS: 20, warmupS: 5 }));
  }],
  ["inter-VM paths", (core) => {
    runTestbed(core, testbedOf(parsePathsScenario({ ...example("intervm-xenloop.json"), durationMs: 20, warmupMs: 5 })));
  }],
  ["network", (core) => {
    simulate(core, parseScenario({ ...example("congested.json"), flows: [{ cc: "cubic", bytes: 2_000_000 }] }));
  }],
];

for (const [name, run] of worlds) {
  test(`${name}: memory stops growing after the second run in one core`, async () => {
    const bytes = await memoryAfterRuns(run, 8);
    assert.equal(bytes[7], bytes[1], `memory after each run: ${bytes.map((b) => b / 2 ** 20).join(", ")} MiB`);
  });
}
