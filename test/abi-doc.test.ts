// docs/ABI.md's embedding example runs as written — a standalone ES module, with no wrapper and
// nothing but node:fs — against dist/core.wasm, so the documented ABI is the real one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test("the minimal embedding in docs/ABI.md runs and prints a plausible goodput", () => {
  const doc = readFileSync("docs/ABI.md", "utf8");
  const code = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
  const dir = mkdtempSync(join(tmpdir(), "foxsim-abi-"));
  let out: string;
  try {
    writeFileSync(join(dir, "embed.mjs"), code);
    out = execFileSync(process.execPath, [join(dir, "embed.mjs")], { encoding: "utf8" }); // cwd: the checkout, as the doc says
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const kbps = Number(/^([\d.]+) KB\/s$/m.exec(out)?.[1]);
  assert.ok(kbps > 1000 && kbps < 1913, `${kbps} KB/s on a 2000 KB/s token bucket (printed: ${out})`);
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
