// docs/ABI.md's embedding example runs as written against dist/core.wasm, with no wrapper and no
// imports — so the documented ABI is the real one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fs from "node:fs";

test("the minimal embedding in docs/ABI.md runs and prints a plausible goodput", async () => {
  const doc = readFileSync("docs/ABI.md", "utf8");
  const code = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
  const printed: unknown[][] = [];
  const run = new Function("fs", "console", `return (async () => {${code}})();`);
  await run(fs, { log: (...a: unknown[]) => printed.push(a) });
  const kbps = printed[0]![0] as number;
  assert.ok(kbps > 1000 && kbps < 1913, `${kbps} KB/s on a 2000 KB/s token bucket`);
});

test("core.wasm imports nothing", () => {
  const m = new WebAssembly.Module(readFileSync("dist/core.wasm"));
  assert.deepEqual(WebAssembly.Module.imports(m), []);
});

test("the core's congestion-control registry and host/congestion.ts list the same number of modules", async () => {
  const { loadNodeCore } = await import("../host/node.ts");
  const { CC_REGISTRY } = await import("../host/congestion.ts");
  assert.equal((await loadNodeCore()).congestionControlCount, CC_REGISTRY.length);
});
