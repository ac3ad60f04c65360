// Scalable TCP as Linux 2.6.16 had it (net/ipv4/tcp_scalable.c then): the same cut of 1/8, but
// the additive increase counted ACKs against TCP_SCALABLE_AI_CNT = 50 ("We use 50 instead of 100
// to account for delayed ack"): +1 segment after min(cwnd, 50) + 1 ACKs. 6.x counts acknowledged
// segments against 100 (tcp_cong_avoid_ai). Slow start is 2.6.16's per-ACK tcp_slow_start.
import { sndCwnd, sndCwndCnt, sndCwndClamp } from "../../sock";
import { ackArrived, cwndLimited, inSlowStart, tcpSlowStart, Ops2616 } from "./cong";

const TCP_SCALABLE_AI_CNT: u32 = 50; // 2.6.16 tcp_scalable.c (100 since 3.x)
const TCP_SCALABLE_MD_SCALE: u32 = 3; // ssthresh = cwnd - cwnd/8 (tcp_scalable.c, unchanged)

export class Scalable2616 extends Ops2616 {
  name(): string {
    return "scalable@linux-2.6.16";
  }
  congAvoid(f: i32, acked: u32): void {
    ackArrived(f, acked);
    if (!cwndLimited(f, acked)) return;
    if (inSlowStart(f)) {
      tcpSlowStart(f);
      return;
    }
    // snd_cwnd_cnt++ first, then +1 once it exceeds min(cwnd, AI_CNT)
    const cnt = unchecked(sndCwndCnt[f]) + 1;
    if (cnt > min(unchecked(sndCwnd[f]), TCP_SCALABLE_AI_CNT)) {
      if (unchecked(sndCwnd[f]) < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] += 1));
      unchecked((sndCwndCnt[f] = 0));
    } else unchecked((sndCwndCnt[f] = cnt));
  }
  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    return max(cwnd - (cwnd >> TCP_SCALABLE_MD_SCALE), <u32>2);
  }
}
