// TCP Vegas (net/ipv4/tcp_vegas.c, after Brakmo & Peterson 1995): once per RTT compare the window
// with what the path carries at its base RTT; keep between α = 2 and β = 4 segments queued in the
// network, growing or shrinking cwnd by one segment per RTT, and leave slow start once more than
// γ = 1 segment queues. Loss response and undo are Reno's.
//
// Where Linux's Vegas differs from the Arizona implementation (as tcp_vegas.c lists), this follows
// Linux:
//  - loss detection and recovery are TCP's own (here NewReno), untouched by Vegas;
//  - slow start grows every RTT, as Reno's, not every other RTT;
//  - the "actual" rate comes from the ACKs coming back, not from the data sent;
//  - on leaving slow start cwnd is set to the actual rate × baseRTT (+1 for integer truncation);
//  - the RTT of a round is the minimum sample within it, to filter delayed ACKs;
//  - after idle (CA_EVENT_TX_START / CWND_RESTART) Vegas starts over and waits a full flight of
//    ACKs before deciding.
// And further, in Linux's code: diff = cwnd × (rtt − baseRTT) / baseRTT in integer segments (u32,
// as Linux computes it), i.e. the paper's Expected − Actual scaled by rtt/baseRTT; a round needs at
// least 3 RTT samples, else it behaves as Reno; baseRTT is the minimum sample since the last
// restart — which includes the retransmission after an RTO, sent with nothing in flight — and
// never ages; samples are µs + 1 (never 0); outside the Open state it is Reno.
import { CongestionOps, renoCongAvoid, inSlowStart, tcpSlowStart } from "./ops";
import { vegasDecide, vegasCwndOf, vegasSsthreshOf } from "../../algo/vegas-rule";
import { sndUna, sndNxt, sndCwnd, sndSsthresh, sndCwndClamp, caPtr, CA_OPEN, CA_EVENT_TX_START, CA_EVENT_CWND_RESTART } from "../sock";

const ALPHA: u32 = 2; // lower bound of segments queued in the network (tcp_vegas.c module parameter)
const BETA: u32 = 4; // upper bound of segments queued (tcp_vegas.c module parameter)
const GAMMA: u32 = 1; // leave slow start above this many queued (tcp_vegas.c module parameter)
const RTT_NONE: u32 = 0x7fffffff; // "no sample yet" for baseRTT and minRTT (tcp_vegas.c)
const MIN_SAMPLES: u32 = 3; // fewer RTT samples in a round: Reno (cntRTT <= 2, tcp_vegas.c)

// struct vegas in the flow's private block
const BEG_SND_NXT = 0; // i64: snd_nxt when the round began; the round ends on an ACK beyond it
const BASE_RTT = 8; // u32 µs: minimum of all samples since the restart
const MIN_RTT = 12; // u32 µs: minimum sample in this round
const CNT_RTT = 16; // u16: samples in this round
const DOING_VEGAS_NOW = 18; // u8

// --- the module ---

// vegas_enable: start a round at the current snd_nxt with no samples.
function enable(f: i32): void {
  const p = caPtr(f);
  store<u8>(p + DOING_VEGAS_NOW, 1);
  store<i64>(p + BEG_SND_NXT, unchecked(sndNxt[f]));
  store<u16>(p + CNT_RTT, 0);
  store<u32>(p + MIN_RTT, RTT_NONE);
}

export class Vegas extends CongestionOps {
  name(): string {
    return "vegas";
  }
  init(f: i32): void {
    store<u32>(caPtr(f) + BASE_RTT, RTT_NONE);
    enable(f);
  }

  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (rttNs < 0) return;
    const p = caPtr(f);
    const vrtt = <u32>(rttNs / 1000) + 1; // never a zero RTT
    if (vrtt < load<u32>(p + BASE_RTT)) store<u32>(p + BASE_RTT, vrtt);
    store<u32>(p + MIN_RTT, min(load<u32>(p + MIN_RTT), vrtt));
    store<u16>(p + CNT_RTT, load<u16>(p + CNT_RTT) + 1);
  }

  setState(f: i32, state: i32): void {
    if (state == CA_OPEN) enable(f);
    else store<u8>(caPtr(f) + DOING_VEGAS_NOW, 0);
  }

  cwndEvent(f: i32, event: i32): void {
    if (event == CA_EVENT_CWND_RESTART || event == CA_EVENT_TX_START) this.init(f);
  }

  congAvoid(f: i32, acked: u32): void {
    const p = caPtr(f);
    if (load<u8>(p + DOING_VEGAS_NOW) == 0) {
      renoCongAvoid(f, acked);
      return;
    }
    // snd_una is this ACK's number by now
    if (unchecked(sndUna[f]) > load<i64>(p + BEG_SND_NXT)) {
      // the round is over: decide once, and begin the next one at snd_nxt
      store<i64>(p + BEG_SND_NXT, unchecked(sndNxt[f]));
      if (<u32>load<u16>(p + CNT_RTT) < MIN_SAMPLES) {
        // too few samples to tell a delayed ACK from a queue
        renoCongAvoid(f, acked);
      } else {
        const r = vegasDecide(
          unchecked(sndCwnd[f]), unchecked(sndSsthresh[f]), load<u32>(p + BASE_RTT), load<u32>(p + MIN_RTT),
          acked, unchecked(sndCwndClamp[f]), ALPHA, BETA, GAMMA,
        );
        unchecked((sndCwnd[f] = vegasCwndOf(r)));
        unchecked((sndSsthresh[f] = vegasSsthreshOf(r)));
      }
      store<u16>(p + CNT_RTT, 0);
      store<u32>(p + MIN_RTT, RTT_NONE);
    } else if (inSlowStart(f)) {
      tcpSlowStart(f, acked);
    }
  }
}
