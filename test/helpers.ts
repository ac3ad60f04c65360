// Shared by the tests: a fresh core per call, scenarios from documents.
import { loadNodeCore } from "../host/node.ts";
import { parseScenario, type ScenarioInput } from "../host/scenario.ts";
import { simulate, type SimOptions } from "../host/simulate.ts";

export const newCore = loadNodeCore;

export async function runScenario(input: ScenarioInput, opts: SimOptions = {}) {
  return simulate(await newCore(), parseScenario(input), opts);
}
