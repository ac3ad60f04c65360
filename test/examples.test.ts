// The shipped examples are the seed's paths (host/paths.ts), so reproductions and users agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseScenario } from "../host/scenario.ts";
import { congestedPath, fastPath } from "../host/paths.ts";
import { seedCongestedPath } from "../host/foxy-configs.ts";

const EXAMPLES = [
  ["examples/congested.json", congestedPath("newreno")],
  ["examples/fast.json", fastPath("newreno")],
  ["examples/foxyvegas-bic.json", seedCongestedPath("bic", "foxyvegas", 400_000_000)],
] as const;

for (const [file, expected] of EXAMPLES) {
  test(`${file} is the seed's path`, () => {
    assert.deepEqual(parseScenario(JSON.parse(readFileSync(file, "utf8"))), parseScenario(expected));
  });
}
