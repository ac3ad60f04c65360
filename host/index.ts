// The library API. The CLI is a thin layer over these.
export { loadCore, Core, CoreError, CcHarness, FlowStat, LinkStat } from "./core.ts";
export { loadNodeCore, coreWasmBytes } from "./node.ts";
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
