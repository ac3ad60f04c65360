// The universal library entry ("foxsim" in a browser bundle, or wherever the "node" condition is not
// set): it imports no Node built-in and uses no Node global, so it runs wherever WebAssembly does.
// Give loadCore the wasm bytes or a compiled module (e.g. fetched from "foxsim/core.wasm").
// host/node.ts adds loading core.wasm from the installed package.
export { loadCore, Core, CoreError, CcHarness, FlowStat, LinkStat } from "./core.ts";
export { parseScenario, scenarioSchema } from "./scenario.ts";
export { applyOverrides, ScenarioError } from "./schema.ts";
export { parseFvmScenario, fvmScenarioSchema } from "./fvm/scenario.ts";
export type { FvmScenario, FvmScenarioInput } from "./fvm/scenario.ts";
export { simulateFvm } from "./fvm/simulate.ts";
export type { FvmResult } from "./fvm/simulate.ts";
export type { Scenario, ScenarioInput } from "./scenario.ts";
export { simulate, traceCsv, bottleneckPayloadKBps, TRACE_COLUMNS } from "./simulate.ts";
export type { SimResult, FlowResult, Trace, SimOptions } from "./simulate.ts";
export { CONGESTION_CONTROLS } from "./congestion.ts";
// storage (FoxyIdle, seed 001 §5): `foxsim disk` and `disk-matrix`
export { parseStorageScenario, storageScenarioSchema } from "./storage/scenario.ts";
export type { StorageScenario, StorageScenarioInput } from "./storage/scenario.ts";
export { simulateStorage, storageSummary } from "./storage/simulate.ts";
export type { StorageResult, StorageOptions, ProcessResult } from "./storage/simulate.ts";
export { diskMatrix } from "./storage/matrix.ts";
export { ELEVATORS } from "./storage/elevators.ts";
// inter-VM paths (socket-outsourcing, XenLoop, seed 004): `foxsim paths`
export { parsePathsScenario, pathsScenarioSchema, testbedOf, pathsReport } from "./outsourcing/scenario.ts";
export { runTestbed } from "./outsourcing/model.ts";
