// The CPU costs of the inter-VM path model (assembly/cpu/costs.ts), each with its source. One
// machine throughout: the only published pair of per-path latencies on one testbed is the RIT port
// of XenLoop (WillMerges/XenLoop paper.pdf, "PIVOTing…": Intel i5-2400 at 3.1 GHz, Linux 5.4, netperf
// 5 × 120 s), so the model is that machine; the unknown per-operation costs are derived from its
// TCP_RR figures once, here, and every other number the model reports is a prediction.
// Socket-outsourcing's own numbers (seed 004) are never used to set a parameter.

export interface Costs {
  stackNs: number; // TCP/IP of one packet at one end
  copyPsPerByte: number;
  syscallNs: number;
  notifyNs: number; // event-channel notification / VM exit, CPU on the notifier
  wakeNs: number; // a halted core's delay to run after an event from another domain
  backendNs: number; // one packet's pass through the backend and bridge
  rpcGuestNs: number;
  rpcHostNs: number;
  mss: number;
  wireOverheadBytes: number;
  delackNs: number;
  fifoEntries: number;
  fifoEntryBytes: number;
}

export const CPU_GHZ = 3.1; // i5-2400 (RIT XenLoop port's testbed, paper.pdf)
export const HOST_CORES = 4; // i5-2400: 4 cores, no SMT (Intel ARK)
const CYCLES_PER_BIT = 1; // "1 GHz of CPU per 1 Gb/s" of TCP processing (Foong et al., "TCP performance re-visited", ISPASS 2003)
export const MSS = 1448; // 1500-byte MTU − 20 IP − 20 TCP − 12 timestamp option (RFC 791, 793, 7323)
const WIRE_OVERHEAD = 52 + 14 + 4 + 8 + 12; // TCP/IP headers + Ethernet header, FCS, preamble, inter-frame gap (IEEE 802.3)
const COPY_PS_PER_BYTE = 250; // assumption: 4 GB/s cache-cold memcpy on a DDR3-1333 dual-channel desktop (21 GB/s peak); no published figure for the testbed
const SYSCALL_NS = 300; // assumption: ~1000 cycles to enter the kernel and find the socket; no published figure
const NOTIFY_NS = 1000; // assumption: ~3000 cycles for an event-channel hypercall or a VM exit and re-entry; no published figure
const DELACK_NS = 40_000_000; // Linux TCP_DELACK_MIN = HZ/25 (include/net/tcp.h)
const FIFO_ENTRIES = 2 ** 15; // XENLOOP_ENTRY_ORDER 15 (XenLoop 2.0 main.h)
const FIFO_ENTRY_BYTES = 8; // sizeof(bf_data_t): u8 + u16 + u32, padded (bififo.h); 2^15 × 8 B = 64 pages (MAX_FIFO_PAGES)

// RIT port, domU↔domU netperf TCP_RR, 1-byte messages (paper.pdf; anchors-wave2.md §2)
export const RIT_HOSTED_RR_US = 280.3; // netfront/netback, mean latency (3515 trans/s)
export const RIT_XENLOOP_RR_US = 127.0; // ported XenLoop (7627 trans/s)
export const RIT_DOM0_RR_US = 138; // domU↔dom0, "~7000 trans/s, ~138 µs": a check, not used to calibrate
export const RIT_HOSTED_TPS = 3515;
export const RIT_XENLOOP_TPS = 7627;

// Derived: TCP/IP per packet from the 1 Hz/bit rule: one MSS segment's cycles pay its copy into
// the socket, its own processing and half an ACK's (one ACK per two segments).
const segmentNs = (MSS * 8 * CYCLES_PER_BIT) / CPU_GHZ;
const STACK_NS = Math.round((segmentNs - (MSS * COPY_PS_PER_BYTE) / 1000) / 1.5);

// Derived from the two TCP_RR means (vmm/paths.ts gives the stages): a 1-byte transaction is one
// packet each way, its ACK carried by the answer; with both cores idle between packets,
// XenLoop one way = 2·stack + notify + 2·syscall + wake (the FIFO's copies of 53 bytes: < 1 ns),
// hosted one way = 2·stack + 2·notify + 2·syscall + 2·backend + 2·wake (backend core and the
// receiving vCPU both wake).
const WAKE_NS = Math.round((RIT_XENLOOP_RR_US * 1000) / 2 - 2 * STACK_NS - NOTIFY_NS - 2 * SYSCALL_NS);
const BACKEND_NS = Math.round(((RIT_HOSTED_RR_US * 1000) / 2 - 2 * STACK_NS - 2 * NOTIFY_NS - 2 * SYSCALL_NS - 2 * WAKE_NS) / 2);

export const COSTS: Costs = {
  stackNs: STACK_NS,
  copyPsPerByte: COPY_PS_PER_BYTE,
  syscallNs: SYSCALL_NS,
  notifyNs: NOTIFY_NS,
  wakeNs: WAKE_NS,
  backendNs: BACKEND_NS,
  rpcGuestNs: SYSCALL_NS, // assumption: a VM-RPC's marshalling costs a system call's entry on each side (seed 004 publishes none)
  rpcHostNs: SYSCALL_NS,
  mss: MSS,
  wireOverheadBytes: WIRE_OVERHEAD,
  delackNs: DELACK_NS,
  fifoEntries: FIFO_ENTRIES,
  fifoEntryBytes: FIFO_ENTRY_BYTES,
};

export const GIGABIT_BPS = 1_000_000_000;
export const LAN_DELAY_NS = 1000; // assumption: one switched Gigabit hop's propagation and switch latency
export const WINDOW_BYTES = 262_144; // receive window: far above a LAN's bandwidth-delay product, so the window never binds
export const IPERF_WRITE_BYTES = 8192; // iperf 2's default read/write buffer for TCP, 8 KB (iperf -l)
