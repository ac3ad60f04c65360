// Which build of the core loadNodeCore (host/node.ts) compiles from the package: the release build
// (dist/core.wasm), or the checked build (dist/core.debug.wasm, assertions compiled in) that our own
// property tests run on. Internal: the published entries do not export it, and it reads no environment
// (a Deno user then grants only --allow-read); props/checked-core.ts chooses the checked build.
let checked = false;

export function useCheckedCore(): void {
  checked = true;
}

// The core's file relative to host/ (and to lib/, where the published modules lie).
export function coreWasmFile(): string {
  return checked ? "../dist/core.debug.wasm" : "../dist/core.wasm";
}
