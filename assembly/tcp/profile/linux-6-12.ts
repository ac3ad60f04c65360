// Linux 6.12 (long-term, released November 2024), a plain run's kernel.
//  - SACK loss recovery: RACK-TLP loss detection (sysctl_tcp_recovery = TCP_RACK_LOSS_DETECTION,
//    net/ipv4/tcp_ipv4.c tcp_sk_init; net/ipv4/tcp_recovery.c) with PRR (tcp_cwnd_reduction,
//    net/ipv4/tcp_input.c); FACK was removed in 4.15.
//  - Timestamps on a 1 kHz clock (TCP_TS_HZ, include/net/tcp.h), RTT samples in µs (tcp_mstamp),
//    the RTO timer in jiffies at CONFIG_HZ = 1000 (as assembly/tcp/cc/jiffies.ts).
//  - net/ipv4/tcp_ipv4.c tcp_sk_init: sysctl_tcp_frto = 2 (F-RTO, RFC 5682 with SACK),
//    sysctl_tcp_early_retrans = 3 (tail loss probe, tcp_schedule_loss_probe in tcp_output.c).
//  - Undo (tcp_input.c): tcp_try_undo_recovery/partial/dsack/loss and tcp_undo_cwnd_reduction
//    (no moderation); an RTO that reduces ssthresh starts a new undo episode (tcp_init_undo).
//  - TCP small queues (tcp_small_queue_check, net/ipv4/tcp_output.c): at most ~1 ms of the pacing
//    rate of the flow's own data below TCP (qdisc and NIC), never more than tcp_limit_output_bytes.
import { KernelProfile, RECOVERY_RACK_PRR } from "./profile";

// sysctl_tcp_limit_output_bytes = 4 << 20 (net/ipv4/tcp_ipv4.c tcp_sk_init: "Default TSQ limit of
// 4 MB", raised from 16 × 65536 in 2023, before 6.12)
const LIMIT_OUTPUT_BYTES: i64 = 4 << 20;

export const LINUX_6_12 = new KernelProfile(RECOVERY_RACK_PRR, 1000, false, true, true, LIMIT_OUTPUT_BYTES);
