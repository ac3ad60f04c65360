// NewReno (net/ipv4/tcp_cong.c, tcp_reno): slow start, +1 segment per RTT, halve on loss.
// Every hook is the interface default; the loss recovery itself (RFC 6582) is in tcp/sender.ts,
// as in Linux where it belongs to TCP, not to the congestion-control module.
import { CongestionOps } from "./ops";

export class NewReno extends CongestionOps {}
