// What Linux 2.6.16's net/ipv4/tcp_cong.c and include/net/tcp.h gave every congestion module, as
// opposed to 6.x's (tcp/cc/ops.ts):
//  - cong_avoid(sk, ack, rtt, in_flight, good) ran once per ACK that acknowledged new data; the
//    counting is per ACK, not per acknowledged segment (no `acked` argument until 2.6.x later);
//  - the cwnd-limited test is tcp_is_cwnd_limited(sk, in_flight) with in_flight = the packets in
//    flight *before* this ACK (prior_in_flight in tcp_ack): in_flight >= snd_cwnd. Its TSO clause
//    does not apply (no TSO in this model, nor on the testbed's Xen 3.0.2 netfront);
//  - slow start while snd_cwnd <= snd_ssthresh (6.x: <), +1 per ACK (tcp_slow_start) with any
//    leftover of that ACK lost, and congestion avoidance +1 after snd_cwnd + 1 ACKs
//    (snd_cwnd_cnt counts to snd_cwnd, then the next ACK raises cwnd);
//  - Appropriate Byte Counting (RFC 3465, sysctl net.ipv4.tcp_abc, 2.6.15+) gates both; it is a
//    parameter here (cc2616SetAbc), see TCP_ABC below;
//  - min_cwnd: the floor of tcp_cwnd_down's rate halving in Recovery (Reno: ssthresh/2), a hook
//    6.x no longer has (CongestionOps.minCwnd; the sender's 2.6.16 recovery calls it).
import { CongestionOps } from "../ops";
import { sndCwnd, sndCwndCnt, sndCwndClamp, sndSsthresh, fMss, inFlightSegs, CA_CWR } from "../../sock";

// sysctl_tcp_abc: 0 counts ACKs; 1 counts bytes (one segment per full MSS acknowledged in slow
// start, one per cwnd of bytes in congestion avoidance); 2 also lets slow start add 2 on an ACK
// covering more than 2 MSS. Default 1: 2.6.16's Documentation/networking/ip-sysctl.txt gives 1 as
// the default ("1 is conservative value"); later kernels turned it off and 3.9 removed it.
let tcpAbc: u32 = 1;
export function cc2616SetAbc(value: u32): bool {
  if (value > 2) return false;
  tcpAbc = value;
  return true;
}

// tp->bytes_acked, per flow (2.6.16 kept it in tcp_sock; tcp_ack added the snd_una advance while
// the state was below CWR). Sized on first use by the flow count of the run.
let bytesAcked = new StaticArray<u32>(0);

// Called by every 2.6.16 module's cong_avoid with the ACK's newly acknowledged segments, before
// growth: the bytes tcp_ack would have counted, and the flight before the ACK.
export function ackArrived(f: i32, acked: u32): void {
  if (f >= bytesAcked.length) {
    const grown = new StaticArray<u32>(f + 1);
    for (let i = 0; i < bytesAcked.length; i++) unchecked((grown[i] = bytesAcked[i]));
    bytesAcked = grown;
  }
  if (tcpAbc != 0) unchecked((bytesAcked[f] += acked * <u32>unchecked(fMss[f])));
}

// tcp_enter_loss / tcp_enter_cwr / connection start clear tp->bytes_acked.
export function clearBytesAcked(f: i32): void {
  if (f < bytesAcked.length) unchecked((bytesAcked[f] = 0));
}

// prior_in_flight >= snd_cwnd. snd_una has moved by the time a module runs, so the flight before
// the ACK is the flight now plus what this ACK acknowledged (no SACK/lost/retrans accounting).
@inline export function cwndLimited(f: i32, acked: u32): bool {
  return inFlightSegs(f) + acked >= unchecked(sndCwnd[f]);
}

@inline export function inSlowStart(f: i32): bool {
  return unchecked(sndCwnd[f]) <= unchecked(sndSsthresh[f]);
}

// tcp_slow_start (2.6.16 include/net/tcp.h): +1 per ACK, gated by ABC on a full MSS acknowledged.
export function tcpSlowStart(f: i32): void {
  const mss = <u32>unchecked(fMss[f]);
  if (tcpAbc != 0) {
    const b = f < bytesAcked.length ? unchecked(bytesAcked[f]) : 0;
    if (b < mss) return;
    // "We MAY increase by 2 if discovered delayed ack"
    if (tcpAbc > 1 && b > 2 * mss && unchecked(sndCwnd[f]) < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] += 1));
  }
  clearBytesAcked(f);
  if (unchecked(sndCwnd[f]) < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] += 1));
}

// The per-ACK additive increase every 2.6.16 module spells out inline: +1 once snd_cwnd_cnt has
// reached w, counting this ACK otherwise (so +1 per w + 1 ACKs).
export function perAckIncrease(f: i32, w: u32): void {
  const cnt = unchecked(sndCwndCnt[f]);
  if (cnt >= w) {
    if (unchecked(sndCwnd[f]) < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] += 1));
    unchecked((sndCwndCnt[f] = 0));
  } else unchecked((sndCwndCnt[f] = cnt + 1));
}

// tcp_reno_cong_avoid (2.6.16 tcp_cong.c).
export function renoCongAvoid2616(f: i32, acked: u32): void {
  ackArrived(f, acked);
  if (!cwndLimited(f, acked)) return;
  if (inSlowStart(f)) {
    tcpSlowStart(f);
  } else if (tcpAbc != 0) {
    // RFC 3465: +1 for each full window of bytes acknowledged
    const cwndBytes = unchecked(sndCwnd[f]) * <u32>unchecked(fMss[f]);
    if (unchecked(bytesAcked[f]) >= cwndBytes) {
      unchecked((bytesAcked[f] -= cwndBytes));
      if (unchecked(sndCwnd[f]) < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] += 1));
    }
  } else perAckIncrease(f, unchecked(sndCwnd[f]));
}

// tcp_reno_min_cwnd (2.6.16 tcp_cong.c): rate halving stops at half of ssthresh.
@inline export function renoMinCwnd(f: i32): u32 {
  return unchecked(sndSsthresh[f]) >> 1;
}

// The base of the 2.6.16 modules: bytes_acked starts at 0 with the connection and is cleared when
// TCP enters CWR, Recovery or Loss (tcp_enter_cwr, tcp_fastretrans_alert, tcp_enter_loss), so ABC
// counts afresh after every reduction. A module overriding init or setState calls super.
export class Ops2616 extends CongestionOps {
  init(f: i32): void {
    clearBytesAcked(f);
  }
  setState(f: i32, state: i32): void {
    if (state >= CA_CWR) clearBytesAcked(f);
  }
}
