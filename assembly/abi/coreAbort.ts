// abort() without an import: the core needs nothing from its host, so any WebAssembly runtime
// can instantiate it. A failed assertion traps; the host reports the trap.
export function coreAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  unreachable();
}
