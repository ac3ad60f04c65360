// A kernel profile: how one era of Linux recovers from loss and keeps its TCP clock. A flow picks
// its profile at addFlow (registry.ts); the sender asks it, never the kernel version, what to do.

// Loss recovery with SACK: 2.6.16's FACK loss marking with rate-halving (tcp_cwnd_down), or
// today's RACK loss detection with Proportional Rate Reduction (tcp_cwnd_reduction).
export const RECOVERY_FACK_RATE_HALVING: i32 = 0;
export const RECOVERY_RACK_PRR: i32 = 1;

export class KernelProfile {
  constructor(
    readonly recovery: i32,
    readonly defaultHz: u32, // CONFIG_HZ of the kernel as the seed ran it (a flow may override)
    readonly tsInJiffies: bool, // TCP timestamps and RTT samples in jiffies (else TS in ms, RTT in µs)
    readonly frto: bool, // sysctl_tcp_frto: F-RTO (RFC 5682) after an RTO
    readonly tailLossProbe: bool, // sysctl_tcp_early_retrans = 3: RACK-TLP's tail loss probe (RFC 8985 §7)
    readonly limitOutputBytes: i64, // TCP small queues' cap (sysctl_tcp_limit_output_bytes); 0 = no TSQ
  ) {}
}

