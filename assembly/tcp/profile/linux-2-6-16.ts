// Linux 2.6.16 (March 2006), the kernel of the seed testbed (Xen 3.0.2 dom0/domU).
//  - SACK loss recovery: FACK (sysctl_tcp_fack = 1, net/ipv4/tcp_input.c) marks the head lost once
//    fackets_out > tp->reordering (tcp_time_to_recover, tcp_update_scoreboard), and cwnd falls by
//    rate-halving, one segment per two ACKs (tcp_cwnd_down), to the module's min_cwnd.
//  - The TCP clock is jiffies: tcp_time_stamp = jiffies (include/net/tcp.h); timestamps, RTT
//    samples (tcp_ack_saw_tstamp) and the RTO are whole ticks. HZ = 100 in the Xen guests
//    (/work/shared/refs/anchors-wave2.md §1.0).
//  - Undo (tcp_input.c): tcp_may_undo (every retransmission D-SACKed, or tcp_packet_delayed: the
//    echo older than the first retransmission) drives tcp_try_undo_recovery/partial/dsack/loss;
//    tcp_undo_cwr moderates cwnd to in flight + 3 afterwards. An RTO keeps an undo marker only if
//    nothing outstanding was ever retransmitted (tcp_enter_loss).
//  - `int sysctl_tcp_frto;` (net/ipv4/tcp_input.c: 0, no F-RTO); no tail loss probe (added in 3.10), no TCP small queues (added in 3.6). Byte
//    counting (sysctl_tcp_abc, default 1 in 2.6.16) lives in the era's congestion modules
//    (assembly/tcp/cc/linux-2.6.16/cong.ts).
import { KernelProfile, RECOVERY_FACK_RATE_HALVING } from "./profile";

export const LINUX_2_6_16 = new KernelProfile(RECOVERY_FACK_RATE_HALVING, 100, true, false, false, 0);
