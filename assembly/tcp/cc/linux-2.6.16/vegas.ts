// Vegas as Linux 2.6.16 had it (net/ipv4/tcp_vegas.c then). The same RTT filters (baseRTT the
// least sample, minRTT the least of the round, samples µs + 1, ≥ 3 samples a round else Reno) and
// the same restarts, but a different once-per-RTT rule from 6.x's (tcp/cc/vegas.ts):
//  - the window compared is the data sent in the previous round, old_wnd = (beg_snd_nxt −
//    beg_snd_una)/mss, and the cwnd it moves toward is the one saved at the round's start
//    (beg_snd_cwnd); 6.x uses the current cwnd for both;
//  - α, β, γ are fixed point << 1 (V_PARAM_SHIFT): target = (old_wnd·baseRTT << 1)/rtt,
//    diff = (old_wnd << 1) − target, compared with 2α = 4, 2β = 8, 2γ = 2 — so diff counts half
//    segments (6.x: whole segments, diff = cwnd·(rtt − baseRTT)/baseRTT);
//  - leaving slow start sets ssthresh = 2 and cwnd = min(cwnd, target/2 + 1), and then still calls
//    tcp_slow_start (+1) in the same ACK (6.x: ssthresh = min(ssthresh, cwnd − 1), no +1);
//  - congestion avoidance moves cwnd one step toward old_snd_cwnd ± 1; cwnd is kept ≥ 2;
//  - no cwnd-limited test at all; slow start between round ends is 2.6.16's tcp_slow_start while
//    cwnd <= ssthresh; loss response Reno's, min_cwnd Reno's (ssthresh/2).
import { caPriv } from "../ops";
import { sndUna, sndNxt, sndCwnd, sndSsthresh, sndCwndClamp, fMss, CA_OPEN, CA_EVENT_TX_START, CA_EVENT_CWND_RESTART } from "../../sock";
import { renoCongAvoid2616, ackArrived, inSlowStart, tcpSlowStart, Ops2616 } from "./cong";

const V_PARAM_SHIFT: u32 = 1; // 2.6.16 tcp_vegas.c
const ALPHA: u32 = 2 << V_PARAM_SHIFT; // module parameter default (2.6.16 tcp_vegas.c)
const BETA: u32 = 4 << V_PARAM_SHIFT; // module parameter default (2.6.16 tcp_vegas.c)
const GAMMA: u32 = 1 << V_PARAM_SHIFT; // module parameter default (2.6.16 tcp_vegas.c)
const RTT_NONE: u32 = 0x7fffffff; // tcp_vegas.c

// struct vegas (2.6.16) in the flow's private block
@unmanaged class Vegas2616Ca {
  begSndNxt: i64; // (u32 in Linux; sequence numbers here do not wrap)
  begSndUna: i64;
  begSndCwnd: u32;
  minRtt: u32;
  baseRtt: u32;
  cntRtt: u16;
  doingVegasNow: u8;
}
@inline function ca(f: i32): Vegas2616Ca {
  return caPriv<Vegas2616Ca>(f);
}

function enable(f: i32): void {
  const p = ca(f);
  p.doingVegasNow = 1;
  p.begSndNxt = unchecked(sndNxt[f]);
  p.cntRtt = 0;
  p.minRtt = RTT_NONE;
}

function vegasInit(f: i32): void {
  ca(f).baseRtt = RTT_NONE;
  enable(f);
}

export class Vegas2616 extends Ops2616 {
  name(): string {
    return "vegas@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    memory.fill(changetype<usize>(ca(f)), 0, offsetof<Vegas2616Ca>()); // a new socket's private area is zeroed (beg_snd_una, beg_snd_cwnd)
    vegasInit(f);
  }
  // tcp_vegas_rtt_calc (the rtt_sample hook): µs + 1.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (rttNs < 0) return;
    const p = ca(f);
    const vrtt = <u32>(rttNs / 1000) + 1;
    if (vrtt < p.baseRtt) p.baseRtt = vrtt;
    p.minRtt = min(p.minRtt, vrtt);
    p.cntRtt = p.cntRtt + 1;
  }
  setState(f: i32, state: i32): void {
    super.setState(f, state);
    if (state == CA_OPEN) enable(f);
    else ca(f).doingVegasNow = 0;
  }
  cwndEvent(f: i32, event: i32): void {
    if (event == CA_EVENT_CWND_RESTART || event == CA_EVENT_TX_START) vegasInit(f);
  }
  congAvoid(f: i32, acked: u32): void {
    const p = ca(f);
    if (p.doingVegasNow == 0) {
      renoCongAvoid2616(f, acked);
      return;
    }
    // after(ack, beg_snd_nxt): snd_una is this ACK's number by now
    if (unchecked(sndUna[f]) > p.begSndNxt) {
      const oldWnd = <u32>((p.begSndNxt - p.begSndUna) / <i64>unchecked(fMss[f]));
      const oldSndCwnd = p.begSndCwnd;
      p.begSndUna = p.begSndNxt;
      p.begSndNxt = unchecked(sndNxt[f]);
      p.begSndCwnd = unchecked(sndCwnd[f]);
      if (p.cntRtt <= 2) {
        renoCongAvoid2616(f, acked); // too few samples to tell delayed ACKs from a queue
      } else {
        ackArrived(f, acked);
        const rtt = p.minRtt;
        const target = ((oldWnd * p.baseRtt) << V_PARAM_SHIFT) / rtt;
        const diff = (oldWnd << V_PARAM_SHIFT) - target; // u32, as Linux
        if (inSlowStart(f)) {
          if (diff > GAMMA) {
            // going too fast: to congestion avoidance at the actual rate (+1 for truncation)
            unchecked((sndSsthresh[f] = 2));
            unchecked((sndCwnd[f] = min(unchecked(sndCwnd[f]), (target >> V_PARAM_SHIFT) + 1)));
          }
          tcpSlowStart(f);
        } else {
          let next = oldSndCwnd;
          if (diff > BETA) next = oldSndCwnd - 1;
          else if (diff < ALPHA) next = oldSndCwnd + 1;
          const cwnd = unchecked(sndCwnd[f]);
          if (next > cwnd) unchecked((sndCwnd[f] = cwnd + 1));
          else if (next < cwnd) unchecked((sndCwnd[f] = cwnd - 1));
        }
        if (unchecked(sndCwnd[f]) < 2) unchecked((sndCwnd[f] = 2));
        else if (unchecked(sndCwnd[f]) > unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] = sndCwndClamp[f]));
      }
      p.cntRtt = 0;
      p.minRtt = RTT_NONE;
    } else if (inSlowStart(f)) {
      ackArrived(f, acked);
      tcpSlowStart(f);
    }
  }
}
