// The library API. The CLI is a thin layer over these.
export { loadCore, Core, CoreError, CcHarness, FlowStat, LinkStat } from "./core.ts";
export { loadNodeCore, coreWasmBytes } from "./node.ts";
export { parseScenario, parseScenarioText, applyOverrides, scenarioSchema, ScenarioError } from "./scenario.ts";
export type { Scenario, ScenarioInput } from "./scenario.ts";
export { simulate, traceCsv, bottleneckPayloadKBps, TRACE_COLUMNS } from "./simulate.ts";
export type { SimResult, FlowResult, Trace, SimOptions } from "./simulate.ts";
export { CONGESTION_CONTROLS } from "./congestion.ts";
