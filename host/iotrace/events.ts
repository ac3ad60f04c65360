// What a block-layer trace holds, as types only (no Node module): the storage world's results carry
// them wherever the library runs; host/iotrace/blktrace.ts writes them in blktrace's format.
export type BlockTraceAction = "Q" | "G" | "M" | "F" | "I" | "D" | "C" | "P" | "U" | "T";

export interface BlockTraceEvent {
  timeNs: number;
  action: BlockTraceAction; // Q queue, G get request, M back merge, F front merge, I insert, D issue, C complete, P plug, U unplug (I/O), T unplug (timer)
  sector: number;
  bytes: number;
  pid: number;
  write: boolean;
  sync: boolean;
  cpu?: number; // default 0
  error?: number; // a completion's error (0 = none)
  requests?: number; // an unplug's request count (default 0)
}

export interface BlockTraceDevice {
  name: string;
  major: number;
  minor: number;
  events: BlockTraceEvent[];
  processNames?: Map<number, string>;
}
