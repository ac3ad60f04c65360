// How cwnd falls during SACK loss recovery, one function per kernel era (net/ipv4/tcp_input.c).
import {
  sndCwnd, sndCwndCnt, sndSsthresh, priorCwnd, prrDelivered, prrOut, inFlightSegs,
} from "./sock";

// Linux 6.x tcp_cwnd_reduction, Proportional Rate Reduction (RFC 6937): while more than ssthresh
// is in flight, send ssthresh/prior_cwnd of what is delivered; below it, slow-start back up to
// ssthresh (PRR-SSRB, one extra segment when snd_una advanced with no new loss). The first ACK
// of the episode always lets the fast retransmit out.
export function prrCwnd(f: i32, newlyAckedSacked: u32, newlyLost: u32, unaAdvanced: bool): void {
  if (newlyAckedSacked == 0 || unchecked(priorCwnd[f]) == 0) return;
  const ssthresh = <i64>unchecked(sndSsthresh[f]);
  const inFlight = <i64>inFlightSegs(f);
  const delta = ssthresh - inFlight;
  const delivered = unchecked(prrDelivered[f]) + newlyAckedSacked;
  unchecked((prrDelivered[f] = delivered));
  const out = <i64>unchecked(prrOut[f]);
  let sndcnt: i64;
  if (delta < 0) {
    const prior = <i64>unchecked(priorCwnd[f]);
    sndcnt = (ssthresh * <i64>delivered + prior - 1) / prior - out;
  } else {
    sndcnt = max(<i64>delivered - out, <i64>newlyAckedSacked);
    if (unaAdvanced && newlyLost == 0) sndcnt++;
    sndcnt = min(delta, sndcnt);
  }
  sndcnt = max(sndcnt, out > 0 ? 0 : 1);
  unchecked((sndCwnd[f] = <u32>(inFlight + sndcnt)));
}

// Linux 2.6.16 tcp_cwnd_down, rate-halving: one segment off cwnd every second ACK down to the
// module's min_cwnd, and never more than one segment above what is in flight.
export function cwndDown(f: i32, minCwnd: u32): void {
  const decr = unchecked(sndCwndCnt[f]) + 1;
  unchecked((sndCwndCnt[f] = decr & 1));
  const d = decr >> 1;
  let cwnd = unchecked(sndCwnd[f]);
  if (d > 0 && cwnd > minCwnd) cwnd -= d;
  unchecked((sndCwnd[f] = min(cwnd, inFlightSegs(f) + 1)));
}

// Linux 2.6.16 tcp_moderate_cwnd: in Disorder, no burst of more than tcp_max_burst = 3 segments
// (include/net/tcp.h).
export function moderateCwnd(f: i32): void {
  unchecked((sndCwnd[f] = min(unchecked(sndCwnd[f]), inFlightSegs(f) + 3)));
}
