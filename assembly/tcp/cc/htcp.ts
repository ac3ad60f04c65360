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
import { CongestionOps, tcpIsCwndLimited, inSlowStart, tcpSlowStart } from "./ops";
import {
  sndCwnd, sndCwndCnt, sndCwndClamp, caPtr, caState, CA_OPEN, CA_DISORDER, CA_CWR, CA_RECOVERY, CA_LOSS,
} from "../sock";
import { tcpJiffies32, usecsToJiffies, msecsToJiffies, HZ } from "./jiffies";

const ALPHA_BASE: u32 = 1 << 7; // 1.0 << 7 (tcp_htcp.c)
const BETA_MIN: u32 = 1 << 6; // 0.5 << 7 (tcp_htcp.c)
const BETA_MAX: u32 = 102; // 0.8 << 7 (tcp_htcp.c)
const USE_RTT_SCALING = true; // use_rtt_scaling module parameter default (tcp_htcp.c)
const USE_BANDWIDTH_SWITCH = true; // use_bandwidth_switch module parameter default (tcp_htcp.c)

// struct htcp in the flow's private block (every field a u32 slot here; Linux's u8 beta and u16
// pkts_acked are truncated where Linux truncates them)
const ALPHA: usize = 0; // << 7
const BETA: usize = 4; // << 7
const MODESWITCH: usize = 8; // adapt β only after one congestion event
const PKTS_ACKED: usize = 12;
const PACKETCOUNT: usize = 16;
const MIN_RTT: usize = 20; // jiffies
const MAX_RTT: usize = 24; // jiffies
const LAST_CONG: usize = 28; // jiffies at the last congestion event
const UNDO_LAST_CONG: usize = 32;
const UNDO_MAX_RTT: usize = 36;
const UNDO_OLD_MAXB: usize = 40;
const MIN_B: usize = 44; // packets per second
const MAX_B: usize = 48;
const OLD_MAX_B: usize = 52;
const B_I: usize = 56;
const LASTTIME: usize = 60; // jiffies of the last throughput sample
const HTCP_BYTES: usize = 64;

@inline function get(f: i32, off: usize): u32 {
  return load<u32>(caPtr(f) + off);
}
@inline function put(f: i32, off: usize, v: u32): void {
  store<u32>(caPtr(f) + off, v);
}

@inline function congTime(f: i32): u32 {
  return tcpJiffies32() - get(f, LAST_CONG);
}

// A congestion event: remember what undo restores, restart Δ.
function htcpReset(f: i32): void {
  put(f, UNDO_LAST_CONG, get(f, LAST_CONG));
  put(f, UNDO_MAX_RTT, get(f, MAX_RTT));
  put(f, UNDO_OLD_MAXB, get(f, OLD_MAX_B));
  put(f, LAST_CONG, tcpJiffies32());
}

function measureRtt(f: i32, rtt: u32): void {
  const minRtt = get(f, MIN_RTT);
  if (minRtt > rtt || minRtt == 0) put(f, MIN_RTT, rtt);
  if (unchecked(caState[f]) == CA_OPEN) {
    if (get(f, MAX_RTT) < get(f, MIN_RTT)) put(f, MAX_RTT, get(f, MIN_RTT));
    const maxRtt = get(f, MAX_RTT);
    if (maxRtt < rtt && rtt <= maxRtt + msecsToJiffies(20)) put(f, MAX_RTT, rtt);
  }
}

// seq2 <= seq1 <= seq3 in wrapping u32 arithmetic (between(), include/net/tcp.h)
@inline function between(seq1: u32, seq2: u32, seq3: u32): bool {
  return seq3 - seq2 >= seq1 - seq2;
}

function betaUpdate(f: i32, minRtt: u32, maxRtt: u32): void {
  if (USE_BANDWIDTH_SWITCH) {
    const maxB = get(f, MAX_B);
    const oldMaxB = get(f, OLD_MAX_B);
    put(f, OLD_MAX_B, maxB);
    if (!between(5 * maxB, 4 * oldMaxB, 6 * oldMaxB)) {
      put(f, BETA, BETA_MIN);
      put(f, MODESWITCH, 0);
      return;
    }
  }
  if (get(f, MODESWITCH) != 0 && minRtt > msecsToJiffies(10) && maxRtt != 0) {
    const beta = ((minRtt << 7) / maxRtt) & 0xff; // stored in a u8
    put(f, BETA, beta < BETA_MIN ? BETA_MIN : beta > BETA_MAX ? BETA_MAX : beta);
  } else {
    put(f, BETA, BETA_MIN);
    put(f, MODESWITCH, 1);
  }
}

function alphaUpdate(f: i32): void {
  const minRtt = get(f, MIN_RTT);
  let factor: u32 = 1;
  let diff = congTime(f);
  if (diff > HZ) {
    diff -= HZ;
    factor = 1 + (10 * diff + ((diff / 2) * (diff / 2)) / HZ) / HZ;
  }
  if (USE_RTT_SCALING && minRtt != 0) {
    let scale = (HZ << 3) / (10 * minRtt);
    scale = min(max(scale, <u32>1 << 2), <u32>10 << 3); // ratio clamped to [0.5, 10] << 3
    factor = (factor << 3) / scale;
    if (factor == 0) factor = 1;
  }
  const alpha = 2 * factor * ((1 << 7) - get(f, BETA));
  put(f, ALPHA, alpha == 0 ? ALPHA_BASE : alpha);
}

export class Htcp extends CongestionOps {
  name(): string {
    return "htcp";
  }
  init(f: i32): void {
    memory.fill(caPtr(f), 0, HTCP_BYTES);
    put(f, ALPHA, ALPHA_BASE);
    put(f, BETA, BETA_MIN);
    put(f, PKTS_ACKED, 1);
    put(f, LAST_CONG, tcpJiffies32());
  }

  // htcp_recalc_ssthresh: update β and α at the congestion event, fade RTTmax, reduce by β.
  ssthresh(f: i32): u32 {
    const minRtt = get(f, MIN_RTT);
    const maxRtt = get(f, MAX_RTT);
    betaUpdate(f, minRtt, maxRtt);
    alphaUpdate(f);
    if (minRtt > 0 && maxRtt > minRtt) put(f, MAX_RTT, minRtt + ((maxRtt - minRtt) * 95) / 100);
    return max((unchecked(sndCwnd[f]) * get(f, BETA)) >> 7, <u32>2);
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
    if ((cnt * get(f, ALPHA)) >> 7 >= cwnd) {
      if (cwnd < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] = cwnd + 1));
      unchecked((sndCwndCnt[f] = 0));
      alphaUpdate(f);
    } else unchecked((sndCwndCnt[f] = cnt + get(f, PKTS_ACKED)));
    put(f, PKTS_ACKED, 1);
  }

  setState(f: i32, state: i32): void {
    if (state == CA_OPEN) {
      if (get(f, UNDO_LAST_CONG) != 0) {
        put(f, LAST_CONG, tcpJiffies32());
        put(f, UNDO_LAST_CONG, 0);
      }
    } else if (state == CA_CWR || state == CA_RECOVERY || state == CA_LOSS) htcpReset(f);
  }

  // htcp_cwnd_undo: the congestion event was spurious; restore Δ's origin, RTTmax and old maxB.
  undoCwnd(f: i32): u32 {
    if (get(f, UNDO_LAST_CONG) != 0) {
      put(f, LAST_CONG, get(f, UNDO_LAST_CONG));
      put(f, MAX_RTT, get(f, UNDO_MAX_RTT));
      put(f, OLD_MAX_B, get(f, UNDO_OLD_MAXB));
      put(f, UNDO_LAST_CONG, 0);
    }
    return super.undoCwnd(f);
  }

  // measure_achieved_throughput: RTT extremes, and packets per second over each cwnd of ACKs.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    const now = tcpJiffies32();
    const state = unchecked(caState[f]);
    if (state == CA_OPEN) put(f, PKTS_ACKED, acked & 0xffff); // a u16 in struct htcp
    if (rttNs >= 1000) measureRtt(f, usecsToJiffies(<u32>(rttNs / 1000))); // rtt_us > 0
    if (!USE_BANDWIDTH_SWITCH) return;
    if (state != CA_OPEN && state != CA_DISORDER) {
      put(f, PACKETCOUNT, 0);
      put(f, LASTTIME, now);
      return;
    }
    const packetcount = get(f, PACKETCOUNT) + acked;
    put(f, PACKETCOUNT, packetcount);
    const alphaSegs = get(f, ALPHA) >> 7;
    const minRtt = get(f, MIN_RTT);
    const elapsed = now - get(f, LASTTIME);
    if (packetcount >= unchecked(sndCwnd[f]) - (alphaSegs != 0 ? alphaSegs : 1) && elapsed >= minRtt && minRtt > 0) {
      const curBi = (packetcount * HZ) / elapsed;
      if (congTime(f) / minRtt <= 3) {
        // just after backoff
        put(f, MIN_B, curBi);
        put(f, MAX_B, curBi);
        put(f, B_I, curBi);
      } else {
        const bi: u32 = (3 * get(f, B_I) + curBi) / 4;
        put(f, B_I, bi);
        if (bi > get(f, MAX_B)) put(f, MAX_B, bi);
        if (get(f, MIN_B) > get(f, MAX_B)) put(f, MIN_B, get(f, MAX_B));
      }
      put(f, PACKETCOUNT, 0);
      put(f, LASTTIME, now);
    }
  }
}
