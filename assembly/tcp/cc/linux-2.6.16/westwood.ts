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
// westwood_acked_count (CA_EVENT_SLOW_ACK), as in 6.x: both eras use tcp/cc/westwood.ts's westwoodAckedCount.
import { renoSsthresh, caPriv } from "../ops";
import { westwoodAckedCount, westwoodBwRttMin } from "../westwood";
import { sndUna, sndCwnd, sndSsthresh, srttNs, CA_EVENT_COMPLETE_CWR, CA_ACK_SLOWPATH } from "../../sock";
import { tcpTimeStamp, HZ } from "./clock";
import { renoCongAvoid2616, Ops2616 } from "./cong";

// struct westwood (2.6.16) in the flow's private block
@unmanaged class Westwood2616Ca {
  bwNsEst: u32;
  bwEst: u32;
  rttWinSx: u32; // jiffies
  bk: u32;
  sndUna: u32;
  cumulAck: u32;
  accounted: u32;
  rtt: u32; // jiffies
  rttMin: u32; // jiffies
}
@inline function ca(f: i32): Westwood2616Ca {
  return caPriv<Westwood2616Ca>(f);
}

@inline function una32(f: i32): u32 {
  return <u32>unchecked(sndUna[f]);
}
@inline function doFilter(a: u32, b: u32): u32 {
  return (7 * a + b) >> 3;
}

function updateWindow(f: i32): void {
  const delta = tcpTimeStamp() - ca(f).rttWinSx;
  const rtt = ca(f).rtt;
  if (rtt != 0 && delta > max(rtt, HZ() / 20)) { // TCP_WESTWOOD_RTT_MIN = HZ/20 (tcp_westwood.c)
    const ns = doFilter(ca(f).bwNsEst, ca(f).bk / delta);
    ca(f).bwNsEst = ns;
    ca(f).bwEst = doFilter(ca(f).bwEst, ns);
    ca(f).bk = 0;
    ca(f).rttWinSx = tcpTimeStamp();
  }
}

export class Westwood2616 extends Ops2616 {
  name(): string {
    return "westwood@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    memory.fill(changetype<usize>(ca(f)), 0, offsetof<Westwood2616Ca>());
    ca(f).rtt = 20 * HZ(); // TCP_WESTWOOD_INIT_RTT = 20 s (tcp_westwood.c)
    ca(f).rttMin = 20 * HZ();
    ca(f).rttWinSx = tcpTimeStamp();
    ca(f).sndUna = una32(f);
  }
  ssthresh(f: i32): u32 {
    return renoSsthresh(f);
  }
  congAvoid(f: i32, acked: u32): void {
    renoCongAvoid2616(f, acked);
  }
  minCwnd(f: i32): u32 {
    return westwoodBwRttMin(f, ca(f));
  }
  // tcp_westwood_pkts_acked: w->rtt = tp->srtt >> 3 (jiffies) when segments were acknowledged.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (acked > 0) ca(f).rtt = <u32>(unchecked(srttNs[f]) * <i64>HZ() / 1_000_000_000);
  }
  // CA_EVENT_FAST_ACK / CA_EVENT_SLOW_ACK
  inAckEvent(f: i32, flags: u32): void {
    updateWindow(f);
    if (flags & CA_ACK_SLOWPATH) {
      ca(f).bk = ca(f).bk + westwoodAckedCount(f, ca(f));
    } else {
      ca(f).bk = ca(f).bk + (una32(f) - ca(f).sndUna);
      ca(f).sndUna = una32(f);
    }
    ca(f).rttMin = min(ca(f).rtt, ca(f).rttMin);
  }
  cwndEvent(f: i32, event: i32): void {
    if (event == CA_EVENT_COMPLETE_CWR) {
      const w = westwoodBwRttMin(f, ca(f));
      unchecked((sndSsthresh[f] = w));
      unchecked((sndCwnd[f] = w));
    }
  }
}
