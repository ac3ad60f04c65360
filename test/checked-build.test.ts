// The checked build (dist/core.debug.wasm: assertions compiled in; npm test runs the property
// tests on it, preloading props/checked-core.ts) reports a broken invariant by name, computes what the
// release build computes, and the release build carries none of its assertions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadCore, CoreError, type Core } from "../host/core.ts";

const checked = readFileSync("dist/core.debug.wasm");
const release = readFileSync("dist/core.wasm");

function oneFlow(core: Core, startNs: number) {
  core.init(1, 1024, 4096, 1n, 0, 0, 0);
  const fwd = core.addLink({ rateBps: 1e6, delayNs: 5e6, limitBytes: 20_000, loss: 0.01, shaperRateBps: 0, shaperBurstBytes: 0, procNs: 0 });
  const rev = core.addLink({ rateBps: 1e6, delayNs: 5e6, limitBytes: 20_000, loss: 0, shaperRateBps: 0, shaperBurstBytes: 0, procNs: 0 });
  core.addFlow(0, { cc: 2, mss: 1448, totalBytes: 300_000, startNs, from: core.addHost(fwd), to: core.addHost(rev), rcvBufBytes: 65_536, initialCwnd: 10, sack: true, kernel: "linux-6.12", hz: 0 });
  core.start();
  while (core.step(1e6) !== 0);
  return { hash: core.flowDeliveryHash(0), done: core.flowStat(0, 1), events: core.events() };
}

test("a broken invariant in the checked build is a CoreError naming the assertion and its place", async () => {
  const core = await loadCore(checked);
  // the core does not refuse a start before time 0 (the host's schema does): its event then lies
  // before the clock, which the event loop's assertion catches
  assert.throws(() => oneFlow(core, -1000), (e: unknown) =>
    e instanceof CoreError && /the core trapped: assertion failed: event queue: the next event lies before the clock \(assembly\/engine\/loop\.ts:\d+\)/.test(e.message));
});

test("the checked build runs the model the release build runs", async () => {
  assert.deepEqual(oneFlow(await loadCore(checked), 0), oneFlow(await loadCore(release), 0));
});

test("the release build carries no assertion", () => {
  const msg = Buffer.from("event queue: the next event lies before the clock", "utf16le");
  assert.ok(checked.includes(msg), "the checked build has the message");
  assert.ok(!release.includes(msg), "noAssert strips it from the release build");
});
