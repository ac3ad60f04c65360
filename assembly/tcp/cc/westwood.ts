// TCP Westwood+ (net/ipv4/tcp_westwood.c, after Mascolo et al. and Grieco & Mascolo 2004): Reno's
// growth, but after a loss ssthresh comes from the bandwidth estimate — BWE × RTTmin / mss
// segments — instead of halving. The estimate counts the bytes acknowledged over one RTT (at
// least 50 ms) and filters those per-RTT samples twice with a 7/8 EWMA.
//
// As Linux has it (rather than the papers):
//  - time is in jiffies (HZ 1000), so RTTs and the sampling window are whole milliseconds and BWE is
//    in bytes per jiffy;
//  - a fast-path ACK counts snd_una's advance; a slow-path ACK counts through westwood_acked_count,
//    where a duplicate ACK counts one mss and a later cumulative ACK on the slow path subtracts what
//    the duplicates already counted (a cumulative ACK on the fast path does not);
//  - the first ACK only takes snd_una as the starting point, and the first sample seeds both filters;
//  - RTTmin is the minimum of the per-ACK RTT samples since the last RTO (CA_EVENT_LOSS resets it);
//  - the ssthresh hook itself is Reno's (halving at the start of fast recovery); Westwood+ sets
//    ssthresh = cwnd = BWE × RTTmin when the recovery completes (CA_EVENT_COMPLETE_CWR) and
//    ssthresh = BWE × RTTmin on an RTO (CA_EVENT_LOSS), never below 2 segments.
import { CongestionOps, caPriv } from "./ops";
import {
  sndUna, sndCwnd, sndSsthresh, fMss, CA_EVENT_COMPLETE_CWR, CA_EVENT_LOSS, CA_ACK_SLOWPATH,
} from "../sock";
import { HZ, tcpJiffies32, usecsToJiffies } from "./jiffies";

const TCP_WESTWOOD_RTT_MIN: u32 = HZ / 20; // shortest sampling window, 50 ms (tcp_westwood.c)
const TCP_WESTWOOD_INIT_RTT: u32 = 20 * HZ; // RTT before the first sample (tcp_westwood.c)

// struct westwood in the flow's private block
@unmanaged class WestwoodCa {
  bwNsEst: u32; // first filter: bytes per jiffy
  bwEst: u32; // second filter: the bandwidth estimate BWE
  rttWinSx: u32; // jiffies at the start of the sampling window
  bk: u32; // bytes acknowledged in the window
  sndUna: u32; // snd_una (low 32 bits) at the previous ACK
  accounted: u32; // bytes counted for duplicate ACKs and not yet acknowledged
  rtt: u32; // latest RTT sample, jiffies
  rttMin: u32; // jiffies
  firstAck: u8;
  resetRttMin: u8;
}
@inline function ca(f: i32): WestwoodCa {
  return caPriv<WestwoodCa>(f);
}

@inline function una32(f: i32): u32 {
  return <u32>unchecked(sndUna[f]);
}

// westwood_do_filter: a 7/8 low-pass filter.
@inline function doFilter(a: u32, b: u32): u32 {
  return (7 * a + b) >> 3;
}

function westwoodFilter(f: i32, delta: u32): void {
  const sample = ca(f).bk / delta;
  if (ca(f).bwNsEst == 0 && ca(f).bwEst == 0) {
    // the first sample seeds both filters
    ca(f).bwNsEst = sample;
    ca(f).bwEst = sample;
  } else {
    const ns = doFilter(ca(f).bwNsEst, sample);
    ca(f).bwNsEst = ns;
    ca(f).bwEst = doFilter(ca(f).bwEst, ns);
  }
}

// westwood_update_window: once an RTT (at least 50 ms) has passed, filter the window's sample.
function updateWindow(f: i32): void {
  const delta = tcpJiffies32() - ca(f).rttWinSx;
  if (ca(f).firstAck != 0) {
    ca(f).sndUna = una32(f);
    ca(f).firstAck = 0;
  }
  const rtt = ca(f).rtt;
  if (rtt != 0 && delta > max(rtt, TCP_WESTWOOD_RTT_MIN)) {
    westwoodFilter(f, delta);
    ca(f).bk = 0;
    ca(f).rttWinSx = tcpJiffies32();
  }
}

function updateRttMin(f: i32): void {
  const p = ca(f);
  if (p.resetRttMin != 0) {
    ca(f).rttMin = ca(f).rtt;
    p.resetRttMin = 0;
  } else ca(f).rttMin = min(ca(f).rtt, ca(f).rttMin);
}

// westwood_acked_count: bytes this slow-path ACK stands for. A duplicate ACK moves nothing but
// says a segment left the network (one mss, remembered in `accounted`); a cumulative ACK after
// duplicates gives back what they already counted. Unchanged since 2.6.16: the era module
// (linux-2.6.16/westwood.ts) shares it, over its own struct with the same two fields.
export function westwoodAckedCount<T>(f: i32, c: T): u32 {
  const mss = <u32>unchecked(fMss[f]);
  const una = <u32>unchecked(sndUna[f]);
  let cumul = una - c.sndUna;
  let accounted = c.accounted;
  if (cumul == 0) {
    accounted += mss;
    cumul = mss;
  }
  if (cumul > mss) {
    // partial or delayed ACK
    if (accounted >= cumul) {
      accounted -= cumul;
      cumul = mss;
    } else {
      cumul -= accounted;
      accounted = 0;
    }
  }
  c.accounted = accounted;
  c.sndUna = una;
  return cumul;
}

// tcp_westwood_bw_rttmin: BWE × RTTmin in segments, at least 2 (shared with the 2.6.16 module).
export function westwoodBwRttMin<T>(f: i32, c: T): u32 {
  return max((c.bwEst * c.rttMin) / <u32>unchecked(fMss[f]), <u32>2);
}

export class Westwood extends CongestionOps {
  name(): string {
    return "westwood";
  }
  init(f: i32): void {
    ca(f).bk = 0;
    ca(f).bwNsEst = 0;
    ca(f).bwEst = 0;
    ca(f).accounted = 0;
    ca(f).resetRttMin = 1;
    ca(f).rtt = TCP_WESTWOOD_INIT_RTT;
    ca(f).rttMin = TCP_WESTWOOD_INIT_RTT;
    ca(f).rttWinSx = tcpJiffies32();
    ca(f).sndUna = una32(f);
    ca(f).firstAck = 1;
  }

  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    const us = rttNs / 1000;
    if (us > 0) ca(f).rtt = usecsToJiffies(<u32>us);
  }

  // tcp_westwood_ack
  inAckEvent(f: i32, flags: u32): void {
    updateWindow(f);
    if (flags & CA_ACK_SLOWPATH) {
      ca(f).bk = ca(f).bk + westwoodAckedCount(f, ca(f));
    } else {
      // westwood_fast_bw: snd_una's advance
      ca(f).bk = ca(f).bk + (una32(f) - ca(f).sndUna);
      ca(f).sndUna = una32(f);
    }
    updateRttMin(f);
  }

  cwndEvent(f: i32, event: i32): void {
    if (event == CA_EVENT_COMPLETE_CWR) {
      const w = westwoodBwRttMin(f, ca(f));
      unchecked((sndSsthresh[f] = w));
      unchecked((sndCwnd[f] = w));
    } else if (event == CA_EVENT_LOSS) {
      unchecked((sndSsthresh[f] = westwoodBwRttMin(f, ca(f))));
      // the RTT samples before the timeout may be stale: learn RTTmin afresh
      ca(f).resetRttMin = 1;
    }
  }
}
