// Westwood+ as Linux 2.6.16 had it (net/ipv4/tcp_westwood.c then). Reno growth and Reno's halving at
// the start of recovery; the bandwidth estimate (bytes acknowledged per RTT window of at least
// 50 ms, filtered twice by 7/8 EWMAs) sets ssthresh = cwnd = BWE·RTTmin when recovery completes.
// Against 6.x:
//  - the RTT is the smoothed RTT in jiffies (tp->srtt >> 3, from pkts_acked with cnt > 0), not
//    the per-ACK sample; RTTmin is the running minimum of that srtt and never resets;
//  - the filters start from 0 (no seeding by the first sample), so BWE climbs through
//    (1/8)·(1/8) of the first samples; there is no first-ACK special case;
//  - no CA_EVENT_LOSS handling: after an RTO ssthresh is Reno's cwnd/2 (6.x: BWE·RTTmin);
//  - min_cwnd = BWE·RTTmin: the floor of 2.6.16's rate halving in Recovery;
//  - clocks in jiffies at the testbed's HZ (10 ms at HZ 100), RTT window ≥ HZ/20.
// Fast-path ACKs count snd_una's advance (CA_EVENT_FAST_ACK), slow-path ones go through
// westwood_acked_count (CA_EVENT_SLOW_ACK), as in 6.x (tcp/cc/westwood.ts's ackedCount rule).
import { renoSsthresh } from "../ops";
import { sndUna, sndCwnd, sndSsthresh, srttNs, fMss, caPtr, CA_EVENT_COMPLETE_CWR, CA_ACK_SLOWPATH } from "../../sock";
import { tcpTimeStamp, HZ } from "./clock";
import { renoCongAvoid2616, Ops2616 } from "./cong";

// struct westwood (2.6.16) in the flow's private block
const BW_NS_EST: usize = 0;
const BW_EST: usize = 4;
const RTT_WIN_SX: usize = 8; // jiffies
const BK: usize = 12;
const SND_UNA: usize = 16;
const CUMUL_ACK: usize = 20;
const ACCOUNTED: usize = 24;
const RTT: usize = 28; // jiffies
const RTT_MIN: usize = 32; // jiffies

@inline function get(f: i32, off: usize): u32 {
  return load<u32>(caPtr(f) + off);
}
@inline function put(f: i32, off: usize, v: u32): void {
  store<u32>(caPtr(f) + off, v);
}
@inline function una32(f: i32): u32 {
  return <u32>unchecked(sndUna[f]);
}
@inline function doFilter(a: u32, b: u32): u32 {
  return (7 * a + b) >> 3;
}

function updateWindow(f: i32): void {
  const delta = tcpTimeStamp() - get(f, RTT_WIN_SX);
  const rtt = get(f, RTT);
  if (rtt != 0 && delta > max(rtt, HZ() / 20)) { // TCP_WESTWOOD_RTT_MIN = HZ/20 (tcp_westwood.c)
    const ns = doFilter(get(f, BW_NS_EST), get(f, BK) / delta);
    put(f, BW_NS_EST, ns);
    put(f, BW_EST, doFilter(get(f, BW_EST), ns));
    put(f, BK, 0);
    put(f, RTT_WIN_SX, tcpTimeStamp());
  }
}

// westwood_acked_count (unchanged since 2.6.16)
function ackedCount(f: i32): u32 {
  const mss = <u32>unchecked(fMss[f]);
  let cumul = una32(f) - get(f, SND_UNA);
  let accounted = get(f, ACCOUNTED);
  if (cumul == 0) {
    accounted += mss;
    cumul = mss;
  }
  if (cumul > mss) {
    if (accounted >= cumul) {
      accounted -= cumul;
      cumul = mss;
    } else {
      cumul -= accounted;
      accounted = 0;
    }
  }
  put(f, ACCOUNTED, accounted);
  put(f, SND_UNA, una32(f));
  return cumul;
}

function bwRttMin(f: i32): u32 {
  return max((get(f, BW_EST) * get(f, RTT_MIN)) / <u32>unchecked(fMss[f]), <u32>2);
}

export class Westwood2616 extends Ops2616 {
  name(): string {
    return "westwood@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    for (let off: usize = 0; off <= RTT_MIN; off += 4) put(f, off, 0);
    put(f, RTT, 20 * HZ()); // TCP_WESTWOOD_INIT_RTT = 20 s (tcp_westwood.c)
    put(f, RTT_MIN, 20 * HZ());
    put(f, RTT_WIN_SX, tcpTimeStamp());
    put(f, SND_UNA, una32(f));
  }
  ssthresh(f: i32): u32 {
    return renoSsthresh(f);
  }
  congAvoid(f: i32, acked: u32): void {
    renoCongAvoid2616(f, acked);
  }
  minCwnd(f: i32): u32 {
    return bwRttMin(f);
  }
  // tcp_westwood_pkts_acked: w->rtt = tp->srtt >> 3 (jiffies) when segments were acknowledged.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (acked > 0) put(f, RTT, <u32>(unchecked(srttNs[f]) * <i64>HZ() / 1_000_000_000));
  }
  // CA_EVENT_FAST_ACK / CA_EVENT_SLOW_ACK
  inAckEvent(f: i32, flags: u32): void {
    updateWindow(f);
    if (flags & CA_ACK_SLOWPATH) {
      put(f, BK, get(f, BK) + ackedCount(f));
    } else {
      put(f, BK, get(f, BK) + (una32(f) - get(f, SND_UNA)));
      put(f, SND_UNA, una32(f));
    }
    put(f, RTT_MIN, min(get(f, RTT), get(f, RTT_MIN)));
  }
  cwndEvent(f: i32, event: i32): void {
    if (event == CA_EVENT_COMPLETE_CWR) {
      const w = bwRttMin(f);
      unchecked((sndSsthresh[f] = w));
      unchecked((sndCwnd[f] = w));
    }
  }
}
