// Each property of a suite as one node:test test (a fresh random seed each run; a failure's message
// carries the seed, path and counterexample that replay it with `foxsim verify`).
import { test } from "node:test";
import type { Suite } from "../host/verify/property.ts";
import { checkProperty, randomSeed } from "../host/verify/run.ts";
import { failureReport } from "../host/verify/report.ts";

export function testSuite(suite: Suite): void {
  for (const p of suite.properties) {
    test(`${suite.name}/${p.name}: ${p.summary}`, async () => {
      const outcome = await checkProperty(p, { seed: randomSeed() });
      if (outcome.verdict === "fail") throw new Error(failureReport(`${suite.name}/${p.name}`, outcome));
    });
  }
}
