// A typed view of the core's linear memory at `ptr`, made after the call that returned `ptr` has run:
// a call that allocates may grow memory, and growing detaches every buffer read before it (the core's
// minimal runtime collects only at a run's init, so its memory grows while a run is set up).
export function memView<T>(make: new (b: ArrayBuffer, offset: number, length: number) => T, x: { memory: WebAssembly.Memory }, ptr: number, length: number): T {
  return new make(x.memory.buffer, ptr, length);
}
