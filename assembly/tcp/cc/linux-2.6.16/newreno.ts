// Reno as Linux 2.6.16 had it (tcp_reno in net/ipv4/tcp_cong.c): the per-ACK growth of
// linux-2.6.16/cong.ts, ssthresh = max(cwnd/2, 2), min_cwnd = ssthresh/2. Loss recovery is TCP's.
import { CongestionOps } from "../ops";
import { renoCongAvoid2616, clearBytesAcked } from "./cong";

export class NewReno2616 extends CongestionOps {
  name(): string {
    return "newreno@linux-2.6.16";
  }
  init(f: i32): void {
    clearBytesAcked(f);
  }
  congAvoid(f: i32, acked: u32): void {
    renoCongAvoid2616(f, acked);
  }
}
