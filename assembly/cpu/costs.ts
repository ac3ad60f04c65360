// The CPU cost of each kind of work on a network path, and the run's other parameters, set by the
// host by id before a run (host/outsourcing/calibration.ts gives each value and its source).
// Costs are integer ns; a per-byte copy is in ps per byte, turned into ns by one floor division
// per job (copyNs).
export const P_STACK_NS: i32 = 0; // TCP/IP processing of one packet at one end (guest or host kernel), data or ACK
export const P_COPY_PS_PER_BYTE: i32 = 1; // one copy of one payload byte (memcpy)
export const P_SYSCALL_NS: i32 = 2; // one socket call into a kernel (send or receive)
export const P_NOTIFY_NS: i32 = 3; // an event-channel notification / VM exit, on the notifying CPU
export const P_WAKE_NS: i32 = 4; // delay until a halted core runs after an event from another domain
export const P_BACKEND_NS: i32 = 5; // one packet's pass through the VMM's backend and bridge
export const P_RPC_GUEST_NS: i32 = 6; // marshalling one outsourced socket call in the guest
export const P_RPC_HOST_NS: i32 = 7; // serving one outsourced socket call in the host
export const P_MSS: i32 = 8; // bytes of payload per segment
export const P_WIRE_OVERHEAD: i32 = 9; // bytes on the wire per packet beyond its payload
export const P_DELACK_NS: i32 = 10; // delayed-ACK timeout
export const P_STOP_NS: i32 = 11;
export const P_WARMUP_NS: i32 = 12;
export const P_FIFO_ENTRIES: i32 = 13; // XenLoop FIFO: entries per direction
export const P_FIFO_ENTRY_BYTES: i32 = 14; // XenLoop FIFO: bytes per entry
export const P_COUNT: i32 = 15;

export const costParams = new StaticArray<f64>(P_COUNT);

@inline export function paramNs(id: i32): i64 {
  return <i64>unchecked(costParams[id]);
}

// ns to copy `bytes` bytes `copies` times
@inline export function copyNs(copies: i32, bytes: i32): i64 {
  return (<i64>copies * <i64>bytes * <i64>unchecked(costParams[P_COPY_PS_PER_BYTE])) / 1000;
}
