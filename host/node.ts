// The Node entry ("foxsim" under Node, Deno and Bun): the universal library (host/index.ts) plus
// loading the core from the bytes embedded by the bundler (the CLI bundle and the single binary),
// else from dist/core.wasm in the package — the same relative path from host/ and from lib/.
import { readFileSync } from "node:fs";
import { loadCore, type Core } from "./core.ts";
import { coreWasmFile } from "./core-build.ts";

export * from "./index.ts";

declare const __FOXSIM_CORE_WASM_B64__: string | undefined;

let cached: WebAssembly.Module | undefined;

// Not exported: the package's "./core.wasm" export serves those who want the bytes, and keeping
// Uint8Array<ArrayBuffer> (TypeScript 5.7+) out of the .d.ts lets older compilers read the types.
function coreWasmBytes(): Uint8Array<ArrayBuffer> {
  if (typeof __FOXSIM_CORE_WASM_B64__ === "string") return new Uint8Array(Buffer.from(__FOXSIM_CORE_WASM_B64__, "base64"));
  const url = new URL(coreWasmFile(), import.meta.url); // the release build, or the checked one our property tests choose
  try {
    return new Uint8Array(readFileSync(url));
  } catch {
    throw new Error(`core.wasm not found at ${url.pathname} (in a checkout: run \`npm run build:wasm\`)`);
  }
}

// The core compiled once per process (a WebAssembly.Module can be posted to worker threads).
export async function nodeCoreModule(): Promise<WebAssembly.Module> {
  cached ??= await WebAssembly.compile(coreWasmBytes());
  return cached;
}

// A fresh instance (its own memory) on the module compiled once per process.
export async function loadNodeCore(): Promise<Core> {
  return loadCore(await nodeCoreModule());
}
