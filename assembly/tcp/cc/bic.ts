// BIC (net/ipv4/tcp_bic.c): binary search toward the window of the last loss (W_max), capped at
// max_increment segments per RTT, slow growth near W_max ("smooth part"), then max probing
// above it; multiplicative decrease by beta = 819/1024 above low_window, halving below it.
//
// Where Linux differs from the paper (Xu, Harfoush, Rhee, INFOCOM 2004), this file follows Linux:
//  - the per-RTT increment is expressed as Linux's `cnt` (ACKed segments per +1 segment),
//    recomputed at most when cwnd changes or every HZ/32, and fed to tcp_cong_avoid_ai;
//  - below W_max the target is (W_max - cwnd)/BICTCP_B with BICTCP_B = 4, not the midpoint;
//  - while no loss has been seen (last_max_cwnd == 0) growth is at least 5% per RTT (cnt <= 20);
//  - cnt is divided by the EWMA of packets per ACK (delayed_ack), a leftover from when Linux
//    counted ACKs rather than packets; it is kept as Linux has it, so with one packet per ACK
//    the EWMA settles at 31/16 and BIC grows about twice as fast as the paper's curve;
//  - the TCP state machine's Loss state resets all of it (bictcp_state).
import { CongestionOps, tcpIsCwndLimited, inSlowStart, tcpSlowStart, tcpCongAvoidAi, caPriv } from "./ops";
import { sndCwnd, caState, CA_OPEN, CA_LOSS } from "../sock";
import { tcpJiffies32, HZ } from "./jiffies";

const BICTCP_BETA_SCALE: u32 = 1024; // scale of beta (tcp_bic.c)
const BICTCP_B: u32 = 4; // binary search goes to (max+min)/B (tcp_bic.c)
const MAX_INCREMENT: u32 = 16; // max_increment module parameter, segments per RTT (tcp_bic.c)
const LOW_WINDOW: u32 = 14; // low_window: Reno behaviour at or below it (tcp_bic.c)
const BETA: u32 = 819; // beta = 819/1024 (tcp_bic.c)
const SMOOTH_PART: u32 = 20; // smooth_part: RTTs from W_max - B to W_max (tcp_bic.c)
const FAST_CONVERGENCE = true; // fast_convergence module parameter default (tcp_bic.c)
const ACK_RATIO_SHIFT: u32 = 4; // delayed_ack is packets/ACK << 4 (tcp_bic.c)

// struct bictcp in the flow's private block
@unmanaged class BicCa {
  cnt: u32; // increase cwnd by 1 after this many ACKed segments
  lastMaxCwnd: u32; // W_max
  lastCwnd: u32; // cwnd when cnt was last computed
  lastTime: u32; // jiffies when cnt was last computed
  epochStart: u32; // jiffies at the start of the epoch (0: none)
  delayedAck: u32; // packets per ACK << ACK_RATIO_SHIFT
}
@inline function ca(f: i32): BicCa {
  return caPriv<BicCa>(f);
}

function bicReset(f: i32): void {
  ca(f).cnt = 0;
  ca(f).lastMaxCwnd = 0;
  ca(f).lastCwnd = 0;
  ca(f).lastTime = 0;
  ca(f).epochStart = 0;
  ca(f).delayedAck = 2 << ACK_RATIO_SHIFT;
}

// bictcp_update: how many ACKed segments per +1 of cwnd in this part of the search.
function bicUpdate(f: i32, cwnd: u32): void {
  const now = tcpJiffies32();
  if (ca(f).lastCwnd == cwnd && <i32>(now - ca(f).lastTime) <= <i32>(HZ / 32)) return;
  ca(f).lastCwnd = cwnd;
  ca(f).lastTime = now;
  if (ca(f).epochStart == 0) ca(f).epochStart = now;

  let cnt: u32;
  if (cwnd <= LOW_WINDOW) {
    ca(f).cnt = cwnd; // start off normal: Reno
    return;
  }
  const wmax = ca(f).lastMaxCwnd;
  if (cwnd < wmax) {
    const dist = (wmax - cwnd) / BICTCP_B;
    if (dist > MAX_INCREMENT) cnt = cwnd / MAX_INCREMENT; // linear increase
    else if (dist <= 1) cnt = (cwnd * SMOOTH_PART) / BICTCP_B; // binary search, close to W_max
    else cnt = cwnd / dist; // binary search
  } else {
    if (cwnd < wmax + BICTCP_B) cnt = (cwnd * SMOOTH_PART) / BICTCP_B; // slow start of max probing
    else if (cwnd < wmax + MAX_INCREMENT * (BICTCP_B - 1)) cnt = (cwnd * (BICTCP_B - 1)) / (cwnd - wmax);
    else cnt = cwnd / MAX_INCREMENT; // linear increase
  }
  // no loss seen yet, or link utilization very low: at least 5% per RTT
  if (wmax == 0 && cnt > 20) cnt = 20;
  cnt = (cnt << ACK_RATIO_SHIFT) / ca(f).delayedAck;
  ca(f).cnt = cnt == 0 ? 1 : cnt;
}

export class Bic extends CongestionOps {
  name(): string {
    return "bic";
  }
  init(f: i32): void {
    bicReset(f); // initial_ssthresh is 0 by default: ssthresh stays as TCP set it
  }

  congAvoid(f: i32, acked: u32): void {
    if (!tcpIsCwndLimited(f)) return;
    if (inSlowStart(f)) {
      acked = tcpSlowStart(f, acked);
      if (acked == 0) return;
    }
    bicUpdate(f, unchecked(sndCwnd[f]));
    tcpCongAvoidAi(f, ca(f).cnt, acked);
  }

  // bictcp_recalc_ssthresh: remember W_max (lowered by fast convergence), reduce by beta.
  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    ca(f).epochStart = 0;
    if (cwnd < ca(f).lastMaxCwnd && FAST_CONVERGENCE) {
      ca(f).lastMaxCwnd = (cwnd * (BICTCP_BETA_SCALE + BETA)) / (2 * BICTCP_BETA_SCALE);
    } else ca(f).lastMaxCwnd = cwnd;
    if (cwnd <= LOW_WINDOW) return max(cwnd >> 1, <u32>2);
    return max((cwnd * BETA) / BICTCP_BETA_SCALE, <u32>2);
  }

  setState(f: i32, state: i32): void {
    if (state == CA_LOSS) bicReset(f);
  }

  // bictcp_acked: delayed_ack = (15 * delayed_ack + 16 * packets) / 16 while Open.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (unchecked(caState[f]) == CA_OPEN) {
      const d = ca(f).delayedAck;
      ca(f).delayedAck = d + acked - (d >> ACK_RATIO_SHIFT);
    }
  }
}
