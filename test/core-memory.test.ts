// The core runs on AssemblyScript's minimal runtime, which collects only when asked: a network run's
// init collects what the last run left (assembly/sim.ts). Without that, every run on a reused
// instance would leave its event queue, packet pool and per-flow arrays behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadNodeCore } from "../host/node.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { congestedPath } from "../host/paths.ts";

test("runs on one reused core compute the same and leave its memory flat", async () => {
  const core = await loadNodeCore();
  const s = parseScenario(congestedPath("cubic", 300_000));
  const first = simulate(core, s).result;
  // the allocator may take one more page range while the last run's free blocks and the new run's
  // arrays interleave; after that the freed blocks suffice
  for (let i = 0; i < 3; i++) simulate(core, s);
  const size = core.exports.memory.buffer.byteLength;
  for (let i = 0; i < 40; i++) assert.deepEqual(simulate(core, s).result.events, first.events);
  assert.equal(core.exports.memory.buffer.byteLength, size, "memory grew across runs: garbage is not collected at init");
});
