// HighSpeed TCP as Linux 2.6.16 ran it: today's table and row tracking (the AIMD arithmetic of
// hstcp_cong_avoid is shared, tcp/cc/highspeed.ts), entered through 2.6.16's cong_avoid: the
// prior-in-flight cwnd-limited test, slow start while cwnd <= ssthresh at +1 per ACK (ABC-gated).
import { HighSpeed } from "../highspeed";
import { CA_CWR } from "../../sock";
import { ackArrived, cwndLimited, inSlowStart, tcpSlowStart, clearBytesAcked } from "./cong";

export class HighSpeed2616 extends HighSpeed {
  name(): string {
    return "highspeed@linux-2.6.16";
  }
  init(f: i32): void {
    clearBytesAcked(f);
    super.init(f);
  }
  setState(f: i32, state: i32): void {
    if (state >= CA_CWR) clearBytesAcked(f); // as Ops2616 (this class extends today's HighSpeed)
  }
  congAvoid(f: i32, acked: u32): void {
    ackArrived(f, acked);
    if (!cwndLimited(f, acked)) return;
    if (inSlowStart(f)) tcpSlowStart(f);
    else this.additiveIncrease(f);
  }
}
