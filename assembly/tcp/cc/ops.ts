// The congestion-control interface, after Linux's struct tcp_congestion_ops. A module overrides
// the hooks it needs; the defaults are Reno's (net/ipv4/tcp_cong.c). All hooks take the flow.
import { now } from "../../engine/clock";
import {
  sndCwnd, sndCwndCnt, sndCwndClamp, sndSsthresh, priorCwnd, isCwndLimited, maxPacketsOut, caPtr, CA_PRIV_BYTES,
} from "../sock";

export class CongestionOps {
  // The module's name as host/congestion.ts lists it (tcp_congestion_ops.name, with "@kernel" for
  // an era variant): the registry test reads it back through the ABI to pin ids to names.
  name(): string {
    return "newreno";
  }
  // Called when the connection starts (tcp_init_congestion_control).
  init(f: i32): void {}
  // New slow-start threshold after a loss (required in Linux; Reno halves).
  ssthresh(f: i32): u32 {
    return renoSsthresh(f);
  }
  // Grow cwnd for `acked` newly acknowledged segments, outside recovery.
  congAvoid(f: i32, acked: u32): void {
    renoCongAvoid(f, acked);
  }
  // The TCP state machine changed state (CA_OPEN … CA_LOSS).
  setState(f: i32, state: i32): void {}
  // A congestion event (CA_EVENT_*).
  cwndEvent(f: i32, event: i32): void {}
  // Segments newly acknowledged by one ACK, with the RTT sample of the newest of them
  // (ns; -1 when Karn's rule forbids a sample).
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {}
  // Every ACK that is not stale, after snd_una has moved and before its segments are processed
  // (tcp_in_ack_event); `flags` holds CA_ACK_SLOWPATH when it missed TCP's fast path.
  inAckEvent(f: i32, flags: u32): void {}
  // cwnd to restore when a reduction turns out spurious (tcp_reno_undo_cwnd).
  undoCwnd(f: i32): u32 {
    return max(unchecked(sndCwnd[f]), unchecked(priorCwnd[f]));
  }
  // Linux ≤ 2.6.2x's min_cwnd hook: the floor under which tcp_cwnd_down's rate halving in Recovery
  // does not take cwnd (tcp_reno_min_cwnd: ssthresh/2). 6.x has no such hook (PRR replaced rate
  // halving); only a sender modelling the old recovery calls it.
  minCwnd(f: i32): u32 {
    return unchecked(sndSsthresh[f]) >> 1;
  }
}

// Flow f's private congestion-control state (inet_csk_ca) as the module's struct T, an @unmanaged
// class whose fields are the module's state (Linux's struct bictcp, struct vegas …). A struct that
// does not fit the CA_PRIV_BYTES block is a compile error (ICSK_CA_PRIV_SIZE's BUILD_BUG_ON in
// tcp_register_congestion_control); the check costs nothing at run time.
@inline export function caPriv<T>(f: i32): T {
  if (offsetof<T>() > <usize>CA_PRIV_BYTES) ERROR("a congestion-control struct is larger than CA_PRIV_BYTES");
  return changetype<T>(caPtr(f));
}

// --- helpers shared by modules, as exported by tcp_cong.c ---

export function renoSsthresh(f: i32): u32 {
  return max(unchecked(sndCwnd[f]) >> 1, <u32>2);
}

export function renoCongAvoid(f: i32, acked: u32): void {
  if (!tcpIsCwndLimited(f)) return;
  if (inSlowStart(f)) {
    acked = tcpSlowStart(f, acked);
    if (acked == 0) return;
  }
  tcpCongAvoidAi(f, unchecked(sndCwnd[f]), acked);
}

@inline export function inSlowStart(f: i32): bool {
  return unchecked(sndCwnd[f]) < unchecked(sndSsthresh[f]);
}

// tcp_is_cwnd_limited (include/net/tcp.h): grow only if the last flight was cwnd-limited, or in
// slow start while cwnd < 2 × the largest flight of the last window.
export function tcpIsCwndLimited(f: i32): bool {
  if (unchecked(isCwndLimited[f])) return true;
  if (inSlowStart(f)) return unchecked(sndCwnd[f]) < 2 * unchecked(maxPacketsOut[f]);
  return false;
}

// tcp_slow_start: grow by `acked` up to ssthresh, return the acks left over.
export function tcpSlowStart(f: i32, acked: u32): u32 {
  const cwnd = unchecked(sndCwnd[f]);
  const next = min(cwnd + acked, unchecked(sndSsthresh[f]));
  const left = acked - (next - cwnd);
  unchecked((sndCwnd[f] = min(next, unchecked(sndCwndClamp[f]))));
  return left;
}

// tcp_cong_avoid_ai: +1 segment per w segments acknowledged.
export function tcpCongAvoidAi(f: i32, w: u32, acked: u32): void {
  let cnt = unchecked(sndCwndCnt[f]);
  let cwnd = unchecked(sndCwnd[f]);
  if (cnt >= w) {
    cnt = 0;
    cwnd++;
  }
  cnt += acked;
  if (cnt >= w) {
    const delta = cnt / w;
    cnt -= delta * w;
    cwnd += delta;
  }
  unchecked((sndCwndCnt[f] = cnt));
  unchecked((sndCwnd[f] = min(cwnd, unchecked(sndCwndClamp[f]))));
}

// tcp_jiffies32 / tcp_clock_us equivalents for modules that keep timestamps.
@inline export function nowUs(): i64 {
  return now() / 1000;
}
@inline export function nowMs(): i64 {
  return now() / 1_000_000;
}
