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
import { CongestionOps } from "./ops";
import {
  sndUna, sndCwnd, sndSsthresh, fMss, caPtr, CA_EVENT_COMPLETE_CWR, CA_EVENT_LOSS, CA_ACK_SLOWPATH,
} from "../sock";
import { HZ, tcpJiffies32, usecsToJiffies } from "./jiffies";

const TCP_WESTWOOD_RTT_MIN: u32 = HZ / 20; // shortest sampling window, 50 ms (tcp_westwood.c)
const TCP_WESTWOOD_INIT_RTT: u32 = 20 * HZ; // RTT before the first sample (tcp_westwood.c)

// struct westwood in the flow's private block
const BW_NS_EST = 0; // first filter: bytes per jiffy
const BW_EST = 4; // second filter: the bandwidth estimate BWE
const RTT_WIN_SX = 8; // jiffies at the start of the sampling window
const BK = 12; // bytes acknowledged in the window
const SND_UNA = 16; // snd_una (low 32 bits) at the previous ACK
const ACCOUNTED = 20; // bytes counted for duplicate ACKs and not yet acknowledged
const RTT = 24; // latest RTT sample, jiffies
const RTT_MIN = 28; // jiffies
const FIRST_ACK = 32; // u8
const RESET_RTT_MIN = 33; // u8

@inline function get(f: i32, off: usize): u32 {
  return load<u32>(caPtr(f) + off);
}
@inline function put(f: i32, off: usize, v: u32): void {
  store<u32>(caPtr(f) + off, v);
}
@inline function una32(f: i32): u32 {
  return <u32>unchecked(sndUna[f]);
}

// westwood_do_filter: a 7/8 low-pass filter.
@inline function doFilter(a: u32, b: u32): u32 {
  return (7 * a + b) >> 3;
}

function westwoodFilter(f: i32, delta: u32): void {
  const sample = get(f, BK) / delta;
  if (get(f, BW_NS_EST) == 0 && get(f, BW_EST) == 0) {
    // the first sample seeds both filters
    put(f, BW_NS_EST, sample);
    put(f, BW_EST, sample);
  } else {
    const ns = doFilter(get(f, BW_NS_EST), sample);
    put(f, BW_NS_EST, ns);
    put(f, BW_EST, doFilter(get(f, BW_EST), ns));
  }
}

// westwood_update_window: once an RTT (at least 50 ms) has passed, filter the window's sample.
function updateWindow(f: i32): void {
  const delta = tcpJiffies32() - get(f, RTT_WIN_SX);
  if (load<u8>(caPtr(f) + FIRST_ACK) != 0) {
    put(f, SND_UNA, una32(f));
    store<u8>(caPtr(f) + FIRST_ACK, 0);
  }
  const rtt = get(f, RTT);
  if (rtt != 0 && delta > max(rtt, TCP_WESTWOOD_RTT_MIN)) {
    westwoodFilter(f, delta);
    put(f, BK, 0);
    put(f, RTT_WIN_SX, tcpJiffies32());
  }
}

function updateRttMin(f: i32): void {
  const p = caPtr(f);
  if (load<u8>(p + RESET_RTT_MIN) != 0) {
    put(f, RTT_MIN, get(f, RTT));
    store<u8>(p + RESET_RTT_MIN, 0);
  } else put(f, RTT_MIN, min(get(f, RTT), get(f, RTT_MIN)));
}

// westwood_acked_count: bytes this slow-path ACK stands for. A duplicate ACK moves nothing but
// says a segment left the network (one mss, remembered in `accounted`); a cumulative ACK after
// duplicates gives back what they already counted.
function ackedCount(f: i32): u32 {
  const mss = <u32>unchecked(fMss[f]);
  let cumul = una32(f) - get(f, SND_UNA);
  let accounted = get(f, ACCOUNTED);
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
  put(f, ACCOUNTED, accounted);
  put(f, SND_UNA, una32(f));
  return cumul;
}

// tcp_westwood_bw_rttmin: BWE × RTTmin in segments, at least 2.
function bwRttMin(f: i32): u32 {
  return max((get(f, BW_EST) * get(f, RTT_MIN)) / <u32>unchecked(fMss[f]), <u32>2);
}

export class Westwood extends CongestionOps {
  name(): string {
    return "westwood";
  }
  init(f: i32): void {
    put(f, BK, 0);
    put(f, BW_NS_EST, 0);
    put(f, BW_EST, 0);
    put(f, ACCOUNTED, 0);
    store<u8>(caPtr(f) + RESET_RTT_MIN, 1);
    put(f, RTT, TCP_WESTWOOD_INIT_RTT);
    put(f, RTT_MIN, TCP_WESTWOOD_INIT_RTT);
    put(f, RTT_WIN_SX, tcpJiffies32());
    put(f, SND_UNA, una32(f));
    store<u8>(caPtr(f) + FIRST_ACK, 1);
  }

  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    const us = rttNs / 1000;
    if (us > 0) put(f, RTT, usecsToJiffies(<u32>us));
  }

  // tcp_westwood_ack
  inAckEvent(f: i32, flags: u32): void {
    updateWindow(f);
    if (flags & CA_ACK_SLOWPATH) {
      put(f, BK, get(f, BK) + ackedCount(f));
    } else {
      // westwood_fast_bw: snd_una's advance
      put(f, BK, get(f, BK) + (una32(f) - get(f, SND_UNA)));
      put(f, SND_UNA, una32(f));
    }
    updateRttMin(f);
  }

  cwndEvent(f: i32, event: i32): void {
    if (event == CA_EVENT_COMPLETE_CWR) {
      const w = bwRttMin(f);
      unchecked((sndSsthresh[f] = w));
      unchecked((sndCwnd[f] = w));
    } else if (event == CA_EVENT_LOSS) {
      unchecked((sndSsthresh[f] = bwRttMin(f)));
      // the RTT samples before the timeout may be stale: learn RTTmin afresh
      store<u8>(caPtr(f) + RESET_RTT_MIN, 1);
    }
  }
}
