// H-TCP (net/ipv4/tcp_htcp.c): the additive increase α grows with the time Δ since the last
// congestion event, α(Δ) = 1 + 10(Δ − Δ_L) + ((Δ − Δ_L)/2)² for Δ > Δ_L = 1 s (else 1), scaled
// by the min RTT (RTT scaling) and by 2(1 − β); the decrease β = RTTmin/RTTmax clamped to
// [0.5, 0.8], but 0.5 whenever the achieved throughput moved by more than 20% between
// congestion events (the bandwidth switch). Undo restores the congestion-time state.
//
// Clocks: tcp_jiffies32 at HZ = 1000 (tcp/cc/jiffies.ts); RTTs in jiffies as Linux converts them
// (usecs_to_jiffies, rounding up).
//
// Where Linux differs from the paper (Leith & Shorten, PFLDnet 2004), this file follows Linux:
//  - α is recomputed only when cwnd grows by one segment and at each congestion event, in the
//    fixed point << 7; Δ is counted from the end of the last recovery (or its start when undone);
//  - RTT scaling multiplies α by clamp(100 ms / RTTmin, 0.5, 10) in <<3 fixed point;
//  - RTTmax only grows in steps of at most 20 ms per sample (outliers ignored) and fades toward
//    RTTmin by 5% at each congestion event; β adapts only if RTTmin > 10 ms and only from the
//    second congestion event on (modeswitch);
//  - throughput is sampled per cwnd of ACKed segments, reset within 3 RTTmin of a congestion event,
//    otherwise an EWMA of weight 1/4 whose maximum is compared across events (use_bandwidth_switch);
//  - slow start is tcp_slow_start, and congestion avoidance counts ACKed segments per ACK.
import { CongestionOps, tcpIsCwndLimited, inSlowStart, tcpSlowStart, caPriv } from "./ops";
import {
  sndCwnd, sndCwndCnt, sndCwndClamp, caState, CA_OPEN, CA_DISORDER, CA_CWR, CA_RECOVERY, CA_LOSS,
} from "../sock";
import { tcpJiffies32, usecsToJiffies, msecsToJiffies, HZ } from "./jiffies";

export const ALPHA_BASE: u32 = 1 << 7; // 1.0 << 7 (tcp_htcp.c)
export const BETA_MIN: u32 = 1 << 6; // 0.5 << 7 (tcp_htcp.c)
const BETA_MAX: u32 = 102; // 0.8 << 7 (tcp_htcp.c)
const USE_RTT_SCALING = true; // use_rtt_scaling module parameter default (tcp_htcp.c)
export const USE_BANDWIDTH_SWITCH = true; // use_bandwidth_switch module parameter default (tcp_htcp.c)

// struct htcp in the flow's private block (every field a u32 slot here; Linux's u8 beta and u16
// pkts_acked are truncated where Linux truncates them)
@unmanaged class HtcpCa {
  alpha: u32; // << 7
  beta: u32; // << 7
  modeswitch: u32; // adapt β only after one congestion event
  pktsAcked: u32;
  packetcount: u32;
  minRtt: u32; // jiffies
  maxRtt: u32; // jiffies
  lastCong: u32; // jiffies at the last congestion event
  undoLastCong: u32;
  undoMaxRtt: u32;
  undoOldMaxb: u32;
  minB: u32; // packets per second
  maxB: u32;
  oldMaxB: u32;
  bI: u32;
  lasttime: u32; // jiffies of the last throughput sample
}
@inline function ca(f: i32): HtcpCa {
  return caPriv<HtcpCa>(f);
}

@inline function congTime(f: i32): u32 {
  return tcpJiffies32() - ca(f).lastCong;
}

// The rules below are the same in Linux 2.6.16's H-TCP and today's: the 2.6.16 module
// (linux-2.6.16/htcp.ts) shares them over its own struct (the same field names), passing its own
// clock (`now`, `hz`: jiffies at the era's HZ).

// htcp_reset: a congestion event; remember what undo restores, restart Δ.
export function htcpReset<T>(c: T, now: u32): void {
  c.undoLastCong = c.lastCong;
  c.undoMaxRtt = c.maxRtt;
  c.undoOldMaxb = c.oldMaxB;
  c.lastCong = now;
}

// htcp_state: back in Open after an undone event, Δ counts from now; entering CWR, Recovery or
// Loss is a congestion event.
export function htcpState<T>(c: T, state: i32, now: u32): void {
  if (state == CA_OPEN) {
    if (c.undoLastCong != 0) {
      c.lastCong = now;
      c.undoLastCong = 0;
    }
  } else if (state == CA_CWR || state == CA_RECOVERY || state == CA_LOSS) htcpReset(c, now);
}

// htcp_cwnd_undo's state part: the congestion event was spurious; restore Δ's origin, RTTmax and
// old maxB.
export function htcpUndoState<T>(c: T): void {
  if (c.undoLastCong != 0) {
    c.lastCong = c.undoLastCong;
    c.maxRtt = c.undoMaxRtt;
    c.oldMaxB = c.undoOldMaxb;
    c.undoLastCong = 0;
  }
}

// seq2 <= seq1 <= seq3 in wrapping u32 arithmetic (between(), include/net/tcp.h)
@inline function between(seq1: u32, seq2: u32, seq3: u32): bool {
  return seq3 - seq2 >= seq1 - seq2;
}

// htcp_beta_update; `tenMs` = msecs_to_jiffies(10) at the caller's HZ.
function betaUpdate<T>(c: T, minRtt: u32, maxRtt: u32, tenMs: u32): void {
  if (USE_BANDWIDTH_SWITCH) {
    const maxB = c.maxB;
    const oldMaxB = c.oldMaxB;
    c.oldMaxB = maxB;
    if (!between(5 * maxB, 4 * oldMaxB, 6 * oldMaxB)) {
      c.beta = BETA_MIN;
      c.modeswitch = 0;
      return;
    }
  }
  if (c.modeswitch != 0 && minRtt > tenMs && maxRtt != 0) {
    const beta = ((minRtt << 7) / maxRtt) & 0xff; // stored in a u8
    c.beta = beta < BETA_MIN ? BETA_MIN : beta > BETA_MAX ? BETA_MAX : beta;
  } else {
    c.beta = BETA_MIN;
    c.modeswitch = 1;
  }
}

// htcp_alpha_update: α = 2·factor(Δ)·(1 − β) << 7, Δ = `diff` jiffies at `hz`, stored through
// `mask` (struct htcp's alpha is a u32 today, a u16 in 2.6.16); a stored 0 becomes ALPHA_BASE.
export function htcpAlphaUpdate<T>(c: T, diff: u32, hz: u32, mask: u32): void {
  const minRtt = c.minRtt;
  let factor: u32 = 1;
  if (diff > hz) {
    diff -= hz;
    factor = 1 + (10 * diff + ((diff / 2) * (diff / 2)) / hz) / hz;
  }
  if (USE_RTT_SCALING && minRtt != 0) {
    let scale = (hz << 3) / (10 * minRtt);
    scale = min(max(scale, <u32>1 << 2), <u32>10 << 3); // ratio clamped to [0.5, 10] << 3
    factor = (factor << 3) / scale;
    if (factor == 0) factor = 1;
  }
  const alpha = (2 * factor * ((1 << 7) - c.beta)) & mask;
  c.alpha = alpha == 0 ? ALPHA_BASE : alpha;
}

// htcp_recalc_ssthresh: htcp_param_update at a congestion event (β, α, then RTTmax fades 5%
// toward RTTmin), and the reduction by β. Clock arguments as htcpAlphaUpdate's; `tenMs` =
// msecs_to_jiffies(10) at that HZ.
export function htcpRecalcSsthresh<T>(f: i32, c: T, diff: u32, hz: u32, mask: u32, tenMs: u32): u32 {
  const minRtt = c.minRtt;
  const maxRtt = c.maxRtt;
  betaUpdate(c, minRtt, maxRtt, tenMs);
  htcpAlphaUpdate(c, diff, hz, mask);
  if (minRtt > 0 && maxRtt > minRtt) c.maxRtt = minRtt + ((maxRtt - minRtt) * 95) / 100;
  return max((unchecked(sndCwnd[f]) * c.beta) >> 7, <u32>2);
}

// measure_achieved_throughput's bandwidth estimate: packets per second over each cwnd of ACKed
// segments, reset within 3 RTTmin of a congestion event, else an EWMA of weight 1/4 whose maximum
// the bandwidth switch compares across events. `now` and `congTime` in jiffies at `hz`.
export function htcpMeasureThroughput<T>(f: i32, c: T, acked: u32, now: u32, congTime: u32, hz: u32): void {
  const state = unchecked(caState[f]);
  if (state != CA_OPEN && state != CA_DISORDER) {
    c.packetcount = 0;
    c.lasttime = now;
    return;
  }
  const packetcount = c.packetcount + acked;
  c.packetcount = packetcount;
  const alphaSegs = c.alpha >> 7;
  const minRtt = c.minRtt;
  const elapsed = now - c.lasttime;
  if (packetcount >= unchecked(sndCwnd[f]) - (alphaSegs != 0 ? alphaSegs : 1) && elapsed >= minRtt && minRtt > 0) {
    const curBi = (packetcount * hz) / elapsed;
    if (congTime / minRtt <= 3) {
      // just after backoff
      c.minB = curBi;
      c.maxB = curBi;
      c.bI = curBi;
    } else {
      const bi: u32 = (3 * c.bI + curBi) / 4;
      c.bI = bi;
      if (bi > c.maxB) c.maxB = bi;
      if (c.minB > c.maxB) c.minB = c.maxB;
    }
    c.packetcount = 0;
    c.lasttime = now;
  }
}

function measureRtt(f: i32, rtt: u32): void {
  const minRtt = ca(f).minRtt;
  if (minRtt > rtt || minRtt == 0) ca(f).minRtt = rtt;
  if (unchecked(caState[f]) == CA_OPEN) {
    if (ca(f).maxRtt < ca(f).minRtt) ca(f).maxRtt = ca(f).minRtt;
    const maxRtt = ca(f).maxRtt;
    if (maxRtt < rtt && rtt <= maxRtt + msecsToJiffies(20)) ca(f).maxRtt = rtt;
  }
}

const ALPHA_MASK: u32 = 0xffffffff; // alpha is a u32 in today's struct htcp

function alphaUpdate(f: i32): void {
  htcpAlphaUpdate(ca(f), congTime(f), HZ, ALPHA_MASK);
}

export class Htcp extends CongestionOps {
  name(): string {
    return "htcp";
  }
  init(f: i32): void {
    memory.fill(changetype<usize>(ca(f)), 0, offsetof<HtcpCa>());
    ca(f).alpha = ALPHA_BASE;
    ca(f).beta = BETA_MIN;
    ca(f).pktsAcked = 1;
    ca(f).lastCong = tcpJiffies32();
  }

  // htcp_recalc_ssthresh: update β and α at the congestion event, fade RTTmax, reduce by β.
  ssthresh(f: i32): u32 {
    return htcpRecalcSsthresh(f, ca(f), congTime(f), HZ, ALPHA_MASK, msecsToJiffies(10));
  }

  congAvoid(f: i32, acked: u32): void {
    if (!tcpIsCwndLimited(f)) return;
    if (inSlowStart(f)) {
      tcpSlowStart(f, acked); // leftover ACKs are dropped, as htcp_cong_avoid does
      return;
    }
    // cwnd += α / cwnd per ACK, in <<7 fixed point
    const cwnd = unchecked(sndCwnd[f]);
    const cnt = unchecked(sndCwndCnt[f]);
    if ((cnt * ca(f).alpha) >> 7 >= cwnd) {
      if (cwnd < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] = cwnd + 1));
      unchecked((sndCwndCnt[f] = 0));
      alphaUpdate(f);
    } else unchecked((sndCwndCnt[f] = cnt + ca(f).pktsAcked));
    ca(f).pktsAcked = 1;
  }

  setState(f: i32, state: i32): void {
    htcpState(ca(f), state, tcpJiffies32());
  }

  // htcp_cwnd_undo: restore the state, then Reno's undo (tcp_reno_undo_cwnd).
  undoCwnd(f: i32): u32 {
    htcpUndoState(ca(f));
    return super.undoCwnd(f);
  }

  // measure_achieved_throughput: RTT extremes, and packets per second over each cwnd of ACKs.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    const now = tcpJiffies32();
    const state = unchecked(caState[f]);
    if (state == CA_OPEN) ca(f).pktsAcked = acked & 0xffff; // a u16 in struct htcp
    if (rttNs >= 1000) measureRtt(f, usecsToJiffies(<u32>(rttNs / 1000))); // rtt_us > 0
    if (USE_BANDWIDTH_SWITCH) htcpMeasureThroughput(f, ca(f), acked, now, congTime(f), HZ);
  }
}
