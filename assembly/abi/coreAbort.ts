// abort() without an import: the core needs nothing from its host, so any WebAssembly runtime
// can instantiate it. A failed assertion (compiled into the checked build, dist/core.debug.wasm;
// the release build has noAssert) keeps its message and place for the host, then traps.
let abortMessage: string | null = null;
let abortFile: string | null = null;
let abortLine: u32 = 0;

export function coreAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  abortMessage = message;
  abortFile = fileName;
  abortLine = line;
  unreachable();
}

// The failed assertion as "message (file:line)", or an empty string when none failed: read by the
// host after a trap (host/core.ts), as UTF-16 units at abortReason(), abortReasonLength() of them.
let reason: string = "";
export function abortReasonLength(): i32 {
  reason = abortMessage == null ? "" : abortMessage! + " (" + (abortFile == null ? "?" : abortFile!) + ":" + abortLine.toString() + ")";
  return reason.length;
}
export function abortReason(): usize {
  return changetype<usize>(reason);
}
