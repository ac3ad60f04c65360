// Scalable TCP (net/ipv4/tcp_scalable.c, after Kelly 2003): in congestion avoidance +1 segment per
// min(cwnd, 100) acknowledged segments — 1% growth per RTT at large windows, Reno's +1 per window
// below 100 — and a cut of 1/8 on loss. Slow start, cwnd-limited check and undo are Reno's.
//
// As Linux has it (the paper's a = 0.01, b = 0.125): the increase is counted in acknowledged
// segments through tcp_cong_avoid_ai, not per ACK.
import { CongestionOps, tcpIsCwndLimited, inSlowStart, tcpSlowStart, tcpCongAvoidAi } from "./ops";
import { sndCwnd } from "../sock";

const TCP_SCALABLE_AI_CNT: u32 = 100; // +1 segment per 100 acked at large windows (tcp_scalable.c)
const TCP_SCALABLE_MD_SCALE: u32 = 3; // ssthresh = cwnd - cwnd/8 (tcp_scalable.c)

export class Scalable extends CongestionOps {
  name(): string {
    return "scalable";
  }
  congAvoid(f: i32, acked: u32): void {
    if (!tcpIsCwndLimited(f)) return;
    if (inSlowStart(f)) {
      acked = tcpSlowStart(f, acked);
      if (acked == 0) return;
    }
    tcpCongAvoidAi(f, min(unchecked(sndCwnd[f]), TCP_SCALABLE_AI_CNT), acked);
  }

  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    return max(cwnd - (cwnd >> TCP_SCALABLE_MD_SCALE), <u32>2);
  }
}
