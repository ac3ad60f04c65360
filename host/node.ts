// Loading the core in Node: from the bytes embedded by the bundler (the CLI bundle and the single
// binary), else from dist/core.wasm next to the package.
import { readFileSync } from "node:fs";
import { loadCore, type Core } from "./core.ts";

declare const __FOXSIM_CORE_WASM_B64__: string | undefined;

let cached: WebAssembly.Module | undefined;

export function coreWasmBytes(): Uint8Array<ArrayBuffer> {
  if (typeof __FOXSIM_CORE_WASM_B64__ === "string") return new Uint8Array(Buffer.from(__FOXSIM_CORE_WASM_B64__, "base64"));
  const url = new URL("../dist/core.wasm", import.meta.url);
  try {
    return new Uint8Array(readFileSync(url));
  } catch {
    throw new Error(`core.wasm not found at ${url.pathname}; run \`npm run build:wasm\` first`);
  }
}

// A fresh instance (its own memory) on a module compiled once per process.
export async function loadNodeCore(): Promise<Core> {
  cached ??= await WebAssembly.compile(coreWasmBytes());
  return loadCore(cached);
}
