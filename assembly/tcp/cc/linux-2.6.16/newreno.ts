// Reno as Linux 2.6.16 had it (tcp_reno in net/ipv4/tcp_cong.c): the per-ACK growth of
// linux-2.6.16/cong.ts, ssthresh = max(cwnd/2, 2), min_cwnd = ssthresh/2. Loss recovery is TCP's.
import { renoCongAvoid2616, Ops2616 } from "./cong";

export class NewReno2616 extends Ops2616 {
  name(): string {
    return "newreno@linux-2.6.16";
  }
  congAvoid(f: i32, acked: u32): void {
    renoCongAvoid2616(f, acked);
  }
}
