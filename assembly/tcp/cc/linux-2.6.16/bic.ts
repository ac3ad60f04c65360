// BIC as Linux 2.6.16 had it (net/ipv4/tcp_bic.c then; the default congestion control of 2.6.8 to
// 2.6.18 and of the seed testbed). The search rules and constants are today's (max_increment 16,
// low_window 14, beta 819, smooth_part 20, B = 4, fast convergence); what differs from 6.x:
//  - time is tcp_time_stamp in jiffies at the testbed's HZ (linux-2.6.16/clock.ts), so the cnt
//    refresh "at most every HZ/32" is every 3 ticks = 30 ms at HZ 100 (6.x: 31 ms at HZ 1000);
//  - the 5%-per-RTT floor (cnt <= 20) holds while loss_cwnd == 0, a field 2.6.16 kept (the cwnd at
//    the last loss, cleared only by bictcp_reset), not last_max_cwnd == 0;
//  - cong_avoid counts ACKs: +1 once snd_cwnd_cnt reaches cnt (2.6.16 inline code, +1 per cnt + 1
//    ACKs), after 2.6.16's cwnd-limited test and per-ACK slow start (linux-2.6.16/cong.ts);
//  - undo_cwnd = max(cwnd, last_max_cwnd) (6.x: Reno's max(cwnd, prior_cwnd));
//  - min_cwnd = ssthresh: rate halving in Recovery never goes below the new ssthresh;
//  - pkts_acked(sk, cnt) updates the delayed-ACK EWMA only for cnt > 0, in Open.
// Rules kept as 6.x has them are cited to tcp_bic.c; the 2.6.16 module shared its structure with
// CUBIC 2.0 (linux-2.6.16/cubic.ts), from which it was derived.
import { caPriv } from "../ops";
import { sndCwnd, sndSsthresh, caState, CA_OPEN, CA_LOSS } from "../../sock";
import { tcpTimeStamp, HZ } from "./clock";
import { ackArrived, cwndLimited, inSlowStart, tcpSlowStart, perAckIncrease, Ops2616 } from "./cong";

const BICTCP_BETA_SCALE: u32 = 1024; // tcp_bic.c
const BICTCP_B: u32 = 4; // binary search goes to (max+min)/B (tcp_bic.c)
const MAX_INCREMENT: u32 = 16; // module parameter default (tcp_bic.c)
const LOW_WINDOW: u32 = 14; // module parameter default (tcp_bic.c)
const BETA: u32 = 819; // 819/1024 (tcp_bic.c)
const SMOOTH_PART: u32 = 20; // module parameter default (tcp_bic.c)
const FAST_CONVERGENCE = true; // module parameter default (tcp_bic.c)
const ACK_RATIO_SHIFT: u32 = 4; // tcp_bic.c

// struct bictcp (2.6.16) in the flow's private block
@unmanaged class Bic2616Ca {
  cnt: u32;
  lastMaxCwnd: u32;
  lossCwnd: u32; // congestion window at the last loss
  lastCwnd: u32;
  lastTime: u32; // jiffies
  epochStart: u32; // jiffies (0: none)
  delayedAck: u32; // packets per ACK << ACK_RATIO_SHIFT
}
@inline function ca(f: i32): Bic2616Ca {
  return caPriv<Bic2616Ca>(f);
}

function reset(f: i32): void {
  memory.fill(changetype<usize>(ca(f)), 0, offsetof<Bic2616Ca>("delayedAck")); // every field before delayed_ack
  ca(f).delayedAck = 2 << ACK_RATIO_SHIFT;
}

function update(f: i32, cwnd: u32): void {
  const now = tcpTimeStamp();
  if (ca(f).lastCwnd == cwnd && <i32>(now - ca(f).lastTime) <= <i32>(HZ() / 32)) return;
  ca(f).lastCwnd = cwnd;
  ca(f).lastTime = now;
  if (ca(f).epochStart == 0) ca(f).epochStart = now;
  if (cwnd <= LOW_WINDOW) {
    ca(f).cnt = cwnd; // start off normal
    return;
  }
  const wmax = ca(f).lastMaxCwnd;
  let cnt: u32;
  if (cwnd < wmax) {
    const dist = (wmax - cwnd) / BICTCP_B;
    if (dist > MAX_INCREMENT) cnt = cwnd / MAX_INCREMENT;
    else if (dist <= 1) cnt = (cwnd * SMOOTH_PART) / BICTCP_B;
    else cnt = cwnd / dist;
  } else {
    if (cwnd < wmax + BICTCP_B) cnt = (cwnd * SMOOTH_PART) / BICTCP_B;
    else if (cwnd < wmax + MAX_INCREMENT * (BICTCP_B - 1)) cnt = (cwnd * (BICTCP_B - 1)) / (cwnd - wmax);
    else cnt = cwnd / MAX_INCREMENT;
  }
  if (ca(f).lossCwnd == 0 && cnt > 20) cnt = 20; // slow start or very low utilization: 5%/RTT
  cnt = (cnt << ACK_RATIO_SHIFT) / ca(f).delayedAck;
  ca(f).cnt = cnt == 0 ? 1 : cnt;
}

export class Bic2616 extends Ops2616 {
  name(): string {
    return "bic@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    reset(f); // initial_ssthresh 0: ssthresh stays as TCP set it
  }
  congAvoid(f: i32, acked: u32): void {
    ackArrived(f, acked);
    if (!cwndLimited(f, acked)) return;
    if (inSlowStart(f)) {
      tcpSlowStart(f);
      return;
    }
    update(f, unchecked(sndCwnd[f]));
    perAckIncrease(f, ca(f).cnt);
  }
  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    ca(f).epochStart = 0;
    if (cwnd < ca(f).lastMaxCwnd && FAST_CONVERGENCE) {
      ca(f).lastMaxCwnd = (cwnd * (BICTCP_BETA_SCALE + BETA)) / (2 * BICTCP_BETA_SCALE);
    } else ca(f).lastMaxCwnd = cwnd;
    ca(f).lossCwnd = cwnd;
    if (cwnd <= LOW_WINDOW) return max(cwnd >> 1, <u32>2);
    return max((cwnd * BETA) / BICTCP_BETA_SCALE, <u32>2);
  }
  undoCwnd(f: i32): u32 {
    return max(unchecked(sndCwnd[f]), ca(f).lastMaxCwnd);
  }
  minCwnd(f: i32): u32 {
    return unchecked(sndSsthresh[f]);
  }
  setState(f: i32, state: i32): void {
    super.setState(f, state);
    if (state == CA_LOSS) reset(f);
  }
  // bictcp_acked: delayed_ack += cnt - delayed_ack/16 (u32 wrap as in C) while Open.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (acked > 0 && unchecked(caState[f]) == CA_OPEN) {
      const d = ca(f).delayedAck;
      ca(f).delayedAck = d + (acked - (d >> ACK_RATIO_SHIFT));
    }
  }
}
