// FoxyVegas (seed 001 §4.2): the VMM runs TCP Vegas on what it sees at the virtual NIC, with RTTs
// timed on the physical side (data leaving for the physical NIC → its ACK arriving from it) and
// the flight counted from what the guest has posted on its transmit ring, and
// shrinks the advertised window of each ACK to the Vegas window when — and only when — that is
// smaller than the receiver's (respecting the window scale; checksum kept valid). Whatever
// congestion control the guest runs, min(cwnd, rwnd) then follows Vegas.
//
// Per connection (the VMM's Conn id), as tcp_vegas.c: baseRTT (minimum ever), minRTT and cntRTT of the current RTT,
// beg_snd_nxt marking RTT boundaries, Reno growth with fewer than 3 samples in an RTT; slow start
// until Vegas sees queueing. The VMM sees losses only as the guest's retransmissions: on the first
// retransmission of an episode it halves its window (tcp_reno_ssthresh) and suspends Vegas until
// the ACKs pass the highest sequence sent then, as Linux's Vegas does outside CA_Open.
// Named simplifications and deviations: sequence numbers unwrapped to 64 bits (see vmm/view.ts);
// the VMM's initial window is a parameter (it cannot read the guest's); the window grows (Reno,
// slow start, or Vegas's +1) only while the guest's flight fills it — the VMM cannot tell a guest
// holding back from an idle application, and an unused window would grow without bound.
import { VmmPolicy } from "./policy";
import { Conn, PacketView, physicalNow } from "./view";
import { vegasDecide, vegasCwndOf, vegasSsthreshOf } from "../algo/vegas-rule";
import { rttLog, RTT_FROM_VMM } from "../rttlog";

const INFINITE_SSTHRESH: u32 = 0x7fffffff; // as TCP_INFINITE_SSTHRESH
const CLAMP: u32 = 0x3fffffff;
const RTT_NONE: u32 = 0x7fffffff; // "no sample yet" (tcp_vegas.c)

// module parameters (tcp_vegas.c: alpha 2, beta 4, gamma 1), set by foxyVegasParams
let alpha: u32 = 2;
let beta: u32 = 4;
let gamma: u32 = 1;
let initialWindow: u32 = 10; // Linux's initial window (TCP_INIT_CWND)
// On the guest's first retransmission of a loss episode, halve the VMM's window as Linux's Vegas
// halves cwnd (Reno's response outside CA_Open) — or leave losses to the guest's own TCP, which
// reacts to them anyway, and steer by RTT alone (the seed describes no loss detection in the VMM).
let halveOnLoss: bool = true;

let mss = new StaticArray<i32>(0);
let cwnd = new StaticArray<u32>(0);
let cwndCnt = new StaticArray<u32>(0);
let ssthresh = new StaticArray<u32>(0);
let maxSeq = new StaticArray<i64>(0); // highest byte sent + 1, as seen on the wire (snd_nxt)
let lastAck = new StaticArray<i64>(0);
let begSndNxt = new StaticArray<i64>(0);
let baseRtt = new StaticArray<u32>(0); // µs + 1, as tcp_vegas.c keeps samples
let minRtt = new StaticArray<u32>(0);
let cntRtt = new StaticArray<u32>(0);
let recovering = new StaticArray<bool>(0);
let recoverSeq = new StaticArray<i64>(0);
// Per flow, a ring of segments tracked for RTT samples (send time, retransmitted mark), indexed
// by (seq / mss) & mask and sized at attach from the largest window the VMM can be shown.
let ringMask = new StaticArray<i32>(0);
let sentAt = new Array<StaticArray<i64>>(0);
let resent = new Array<StaticArray<u8>>(0);
let rewrites = new StaticArray<i64>(0);
let guestEdge = new StaticArray<i64>(0); // right edge (ack + window) of the last ACK the guest took
let usedNow = new StaticArray<bool>(0); // the guest posted up to its edge in this RTT round
let usedBefore = new StaticArray<bool>(0); // … or in the previous one
let edgeViolations = new StaticArray<i64>(0); // data posted beyond the edge the guest was shown
let rtts = new StaticArray<i64>(0);

export function foxyVegasParams(a: u32, b: u32, g: u32, iw: u32, halve: bool): void {
  halveOnLoss = halve;
  alpha = a;
  beta = b;
  gamma = g;
  initialWindow = iw;
}

export function foxyVegasWindow(c: Conn): u32 {
  return unchecked(cwnd[c]);
}
export function foxyVegasRewrites(c: Conn): i64 {
  return unchecked(rewrites[c]);
}
export function foxyVegasRttSamples(c: Conn): i64 {
  return unchecked(rtts[c]);
}
export function foxyVegasEdgeViolations(c: Conn): i64 {
  return unchecked(edgeViolations[c]);
}

@inline function slot(c: i32, seq: i64): i32 {
  return <i32>(seq / <i64>unchecked(mss[c])) & unchecked(ringMask[c]);
}

function slowStart(c: i32, acked: u32): void {
  unchecked((cwnd[c] = min(cwnd[c] + acked, max(ssthresh[c], cwnd[c]))));
}

function renoGrowth(c: i32, acked: u32): void {
  if (unchecked(cwnd[c]) < unchecked(ssthresh[c])) {
    slowStart(c, acked);
    return;
  }
  const w = unchecked(cwnd[c]);
  const cnt = unchecked(cwndCnt[c]) + acked;
  if (cnt >= w) {
    unchecked((cwnd[c] = w + cnt / w));
    unchecked((cwndCnt[c] = cnt % w));
  } else unchecked((cwndCnt[c] = cnt));
}

function startRound(c: i32): void {
  unchecked((usedBefore[c] = usedNow[c]));
  unchecked((usedNow[c] = false));
  unchecked((begSndNxt[c] = maxSeq[c]));
  unchecked((cntRtt[c] = 0));
  unchecked((minRtt[c] = RTT_NONE));
}

export class FoxyVegas extends VmmPolicy {
  name(): string {
    return "foxyvegas";
  }
  // per-connection state for a new run (parameters back to tcp_vegas.c's until foxyVegasParams)
  reset(conns: i32): void {
    alpha = 2;
    beta = 4;
    gamma = 1;
    initialWindow = 10;
    halveOnLoss = true;
    mss = new StaticArray<i32>(conns);
    cwnd = new StaticArray<u32>(conns);
    cwndCnt = new StaticArray<u32>(conns);
    ssthresh = new StaticArray<u32>(conns);
    maxSeq = new StaticArray<i64>(conns);
    lastAck = new StaticArray<i64>(conns);
    begSndNxt = new StaticArray<i64>(conns);
    baseRtt = new StaticArray<u32>(conns);
    minRtt = new StaticArray<u32>(conns);
    cntRtt = new StaticArray<u32>(conns);
    recovering = new StaticArray<bool>(conns);
    recoverSeq = new StaticArray<i64>(conns);
    ringMask = new StaticArray<i32>(conns);
    sentAt = new Array<StaticArray<i64>>(0);
    resent = new Array<StaticArray<u8>>(0);
    for (let c = 0; c < conns; c++) {
      sentAt.push(new StaticArray<i64>(0));
      resent.push(new StaticArray<u8>(0));
    }
    rewrites = new StaticArray<i64>(conns);
    guestEdge = new StaticArray<i64>(conns);
    usedNow = new StaticArray<bool>(conns);
    usedBefore = new StaticArray<bool>(conns);
    edgeViolations = new StaticArray<i64>(conns);
    rtts = new StaticArray<i64>(conns);
  }

  attach(c: Conn, segment: i32, ws: i32): void {
    unchecked((mss[c] = segment));
    // The guest's flight never exceeds the receiver's window, and that is at most the 16-bit field
    // at the scale the VMM read in the SYN: so many segments (+ partial ones at both ends) fit.
    const slots = ((<i64>65535 << ws) / <i64>segment) + 4;
    let size: i32 = 1;
    while (<i64>size < slots) size <<= 1;
    unchecked((ringMask[c] = size - 1));
    sentAt[c] = new StaticArray<i64>(size);
    resent[c] = new StaticArray<u8>(size);
    unchecked((cwnd[c] = initialWindow));
    unchecked((cwndCnt[c] = 0));
    unchecked((ssthresh[c] = INFINITE_SSTHRESH));
    unchecked((maxSeq[c] = 0));
    unchecked((lastAck[c] = 0));
    unchecked((baseRtt[c] = RTT_NONE));
    unchecked((recovering[c] = false));
    unchecked((recoverSeq[c] = 0));
    unchecked((rewrites[c] = 0));
    unchecked((rtts[c] = 0));
    unchecked((guestEdge[c] = i64.MAX_VALUE)); // nothing shown yet: the receiver's own window applies
    unchecked((usedNow[c] = false));
    unchecked((edgeViolations[c] = 0));
    startRound(c);
  }

  // Sequence accounting when the guest posts a segment: the flight the guest has put out includes
  // what still waits inside the VMM.
  onGuestTransmit(c: Conn, pkt: PacketView): void {
    const len = pkt.payloadLength;
    if (len == 0) return;
    const seq = pkt.seq;
    const s = slot(c, seq);
    if (seq < unchecked(maxSeq[c])) {
      // a retransmission: the guest saw a loss; Karn's rule for this segment's RTT
      unchecked((resent[c][s] = 1));
      if (halveOnLoss && !unchecked(recovering[c])) {
        const half = max(unchecked(cwnd[c]) >> 1, <u32>2); // tcp_reno_ssthresh
        unchecked((ssthresh[c] = half));
        unchecked((cwnd[c] = half));
        unchecked((cwndCnt[c] = 0));
        unchecked((recovering[c] = true));
        unchecked((recoverSeq[c] = maxSeq[c]));
      }
      return;
    }
    unchecked((resent[c][s] = 0));
    unchecked((sentAt[c][s] = -1));
    unchecked((maxSeq[c] = seq + len));
    // window use, from the guest's side: did it post up to the edge it was shown?
    const edge = unchecked(guestEdge[c]);
    if (seq + len > edge) unchecked((edgeViolations[c] += 1));
    if (seq + len + <i64>unchecked(mss[c]) > edge) unchecked((usedNow[c] = true));
  }

  // The guest takes an ACK: the edge it may send to from now on. Only an edge that the VMM's
  // window set (not the receiver's) counts toward "the guest used the VMM's window".
  onGuestReceive(c: Conn, pkt: PacketView): void {
    const wnd = <i64>pkt.windowField << pkt.windowScale;
    const vmmBound = wnd <= <i64>unchecked(cwnd[c]) * <i64>unchecked(mss[c]);
    unchecked((guestEdge[c] = vmmBound ? pkt.ack + wnd : i64.MAX_VALUE));
  }

  // RTT timing starts when the segment leaves for the physical NIC, as native Vegas's would.
  onWireTransmit(c: Conn, pkt: PacketView): void {
    if (pkt.payloadLength == 0) return;
    const s = slot(c, pkt.seq);
    if (unchecked(resent[c][s]) == 0) unchecked((sentAt[c][s] = physicalNow()));
  }

  onWireAck(c: Conn, pkt: PacketView): void {
    const ack = pkt.ack;
    const una = unchecked(lastAck[c]);
    if (ack > una && ack <= unchecked(maxSeq[c])) {
      const m = <i64>unchecked(mss[c]);
      // the RTT of the newest newly acked segment, none if any was retransmitted (Karn)
      let last: i64 = -1;
      let retrans = false;
      for (let s = una; s < ack; s += m) {
        const k = slot(c, s);
        if (unchecked(resent[c][k]) != 0) retrans = true;
        else if (unchecked(sentAt[c][k]) >= 0) last = unchecked(sentAt[c][k]);
      }
      const acked = <u32>((ack - una + m - 1) / m);
      unchecked((lastAck[c] = ack));
      if (!retrans && last >= 0) this.sample(c, <u32>((physicalNow() - last) / 1000) + 1); // µs + 1, as tcp_vegas_pkts_acked
      if (unchecked(recovering[c])) {
        if (ack >= unchecked(recoverSeq[c])) {
          unchecked((recovering[c] = false)); // vegas_enable on the return to CA_Open
          startRound(c);
        }
      } else this.congAvoid(c, ack, acked);
    }
    // never raise a window: rewrite only when the Vegas window is smaller (seed 001 §4.2)
    // The field counts units of 2^ws bytes. Rounded down, but never to zero: Linux never announces
    // a zero window for want of scale (tcp_output.c __tcp_select_window aligns up, "prevent zero
    // window announcement if 1<<rcv_wscale > mss"). Without the floor, a Vegas window below one unit
    // (rcvBufBytes ≥ 2^29: ws 14, 16 KB units) showed the guest a zero window and it crawled on
    // its persist timer (20 KB/s). Named deviation: Linux aligns every window up; rounding down
    // otherwise keeps the calibrated results (the difference is below one unit).
    const ws = pkt.windowScale;
    const mine = max(<u64>1, (<u64>unchecked(cwnd[c]) * <u64>unchecked(mss[c])) >> ws);
    if (mine < <u64>pkt.windowField) {
      pkt.rewriteWindowField(<u32>mine);
      unchecked((rewrites[c] += 1));
    }
  }

  // tcp_vegas_pkts_acked
  sample(c: i32, rtt: u32): void {
    rttLog(RTT_FROM_VMM, (<i64>rtt - 1) * 1000);
    unchecked((rtts[c] += 1));
    if (rtt < unchecked(baseRtt[c])) unchecked((baseRtt[c] = rtt));
    if (rtt < unchecked(minRtt[c])) unchecked((minRtt[c] = rtt));
    unchecked((cntRtt[c] += 1));
  }

  // tcp_vegas_cong_avoid, on the VMM's window. Growth needs the guest to have used the window in
  // this or the last RTT, as tcp_is_cwnd_limited asks of the last flight.
  congAvoid(c: i32, ack: i64, acked: u32): void {
    const limited = unchecked(usedNow[c]) || unchecked(usedBefore[c]);
    if (ack > unchecked(begSndNxt[c])) {
      if (unchecked(cntRtt[c]) <= 2) {
        if (limited) renoGrowth(c, acked);
      } else {
        const d = vegasDecide(unchecked(cwnd[c]), unchecked(ssthresh[c]), unchecked(baseRtt[c]), unchecked(minRtt[c]), acked, CLAMP, alpha, beta, gamma);
        const next = vegasCwndOf(d);
        // grow only a window the guest uses; shrinking needs no such evidence
        if (next <= unchecked(cwnd[c]) || limited) unchecked((cwnd[c] = next));
        unchecked((ssthresh[c] = vegasSsthreshOf(d)));
      }
      startRound(c);
    } else if (unchecked(cwnd[c]) < unchecked(ssthresh[c]) && limited) slowStart(c, acked);
  }
}
