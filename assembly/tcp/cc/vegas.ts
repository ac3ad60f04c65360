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
import { CongestionOps, renoCongAvoid, inSlowStart, tcpSlowStart, caPriv } from "./ops";
import { vegasDecide, vegasCwndOf, vegasSsthreshOf } from "../../algo/vegas-rule";
import { sndUna, sndNxt, sndCwnd, sndSsthresh, sndCwndClamp, CA_OPEN, CA_EVENT_TX_START, CA_EVENT_CWND_RESTART } from "../sock";

const ALPHA: u32 = 2; // lower bound of segments queued in the network (tcp_vegas.c module parameter)
const BETA: u32 = 4; // upper bound of segments queued (tcp_vegas.c module parameter)
const GAMMA: u32 = 1; // leave slow start above this many queued (tcp_vegas.c module parameter)
const RTT_NONE: u32 = 0x7fffffff; // "no sample yet" for baseRTT and minRTT (tcp_vegas.c)
const MIN_SAMPLES: u32 = 3; // fewer RTT samples in a round: Reno (cntRTT <= 2, tcp_vegas.c)

// struct vegas in the flow's private block
@unmanaged class VegasCa {
  begSndNxt: i64; // snd_nxt when the round began; the round ends on an ACK beyond it
  baseRtt: u32; // µs: minimum of all samples since the restart
  minRtt: u32; // µs: minimum sample in this round
  cntRtt: u16; // samples in this round
  doingVegasNow: u8;
}
@inline function ca(f: i32): VegasCa {
  return caPriv<VegasCa>(f);
}

// --- the module ---

// vegas_enable: start a round at the current snd_nxt with no samples.
function enable(f: i32): void {
  const p = ca(f);
  p.doingVegasNow = 1;
  p.begSndNxt = unchecked(sndNxt[f]);
  p.cntRtt = 0;
  p.minRtt = RTT_NONE;
}

export class Vegas extends CongestionOps {
  name(): string {
    return "vegas";
  }
  init(f: i32): void {
    ca(f).baseRtt = RTT_NONE;
    enable(f);
  }

  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (rttNs < 0) return;
    const p = ca(f);
    const vrtt = <u32>(rttNs / 1000) + 1; // never a zero RTT
    if (vrtt < p.baseRtt) p.baseRtt = vrtt;
    p.minRtt = min(p.minRtt, vrtt);
    p.cntRtt = p.cntRtt + 1;
  }

  setState(f: i32, state: i32): void {
    if (state == CA_OPEN) enable(f);
    else ca(f).doingVegasNow = 0;
  }

  cwndEvent(f: i32, event: i32): void {
    if (event == CA_EVENT_CWND_RESTART || event == CA_EVENT_TX_START) this.init(f);
  }

  congAvoid(f: i32, acked: u32): void {
    const p = ca(f);
    if (p.doingVegasNow == 0) {
      renoCongAvoid(f, acked);
      return;
    }
    // snd_una is this ACK's number by now
    if (unchecked(sndUna[f]) > p.begSndNxt) {
      // the round is over: decide once, and begin the next one at snd_nxt
      p.begSndNxt = unchecked(sndNxt[f]);
      if (<u32>p.cntRtt < MIN_SAMPLES) {
        // too few samples to tell a delayed ACK from a queue
        renoCongAvoid(f, acked);
      } else {
        const r = vegasDecide(
          unchecked(sndCwnd[f]), unchecked(sndSsthresh[f]), p.baseRtt, p.minRtt,
          acked, unchecked(sndCwndClamp[f]), ALPHA, BETA, GAMMA,
        );
        unchecked((sndCwnd[f] = vegasCwndOf(r)));
        unchecked((sndSsthresh[f] = vegasSsthreshOf(r)));
      }
      p.cntRtt = 0;
      p.minRtt = RTT_NONE;
    } else if (inSlowStart(f)) {
      tcpSlowStart(f, acked);
    }
  }
}
