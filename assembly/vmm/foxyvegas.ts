// FoxyVegas (seed 001 §4.2): the VMM runs TCP Vegas on what it sees at the virtual NIC, with RTTs
// timed on the physical side (data leaving for the physical NIC → its ACK arriving from it) and
// the flight counted from what the guest has posted on its transmit ring, and
// shrinks the advertised window of each ACK to the Vegas window when — and only when — that is
// smaller than the receiver's (respecting the window scale; checksum kept valid). Whatever
// congestion control the guest runs, min(cwnd, rwnd) then follows Vegas.
//
// Per flow, as tcp_vegas.c: baseRTT (minimum ever), minRTT and cntRTT of the current RTT,
// beg_snd_nxt marking RTT boundaries, Reno growth with fewer than 3 samples in an RTT; slow start
// until Vegas sees queueing. The VMM sees losses only as the guest's retransmissions: on the first
// retransmission of an episode it halves its window (tcp_reno_ssthresh) and suspends Vegas until
// the ACKs pass the highest sequence sent then, as Linux's Vegas does outside CA_Open.
// Named simplifications and deviations: sequence numbers unwrapped to 64 bits (see vmm/view.ts);
// the VMM's initial window is a parameter (it cannot read the guest's); the window grows (Reno,
// slow start, or Vegas's +1) only while the guest's flight fills it — the VMM cannot tell a guest
// holding back from an idle application, and an unused window would grow without bound.
import { VmmPolicy } from "./policy";
import { now, headerSeq, headerAck, payloadLength, windowField, windowScale, rewriteWindowField } from "./view";
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

export function foxyVegasInit(flows: i32): void {
  alpha = 2;
  beta = 4;
  gamma = 1;
  initialWindow = 10;
  halveOnLoss = true;
  mss = new StaticArray<i32>(flows);
  cwnd = new StaticArray<u32>(flows);
  cwndCnt = new StaticArray<u32>(flows);
  ssthresh = new StaticArray<u32>(flows);
  maxSeq = new StaticArray<i64>(flows);
  lastAck = new StaticArray<i64>(flows);
  begSndNxt = new StaticArray<i64>(flows);
  baseRtt = new StaticArray<u32>(flows);
  minRtt = new StaticArray<u32>(flows);
  cntRtt = new StaticArray<u32>(flows);
  recovering = new StaticArray<bool>(flows);
  recoverSeq = new StaticArray<i64>(flows);
  ringMask = new StaticArray<i32>(flows);
  sentAt = new Array<StaticArray<i64>>(0);
  resent = new Array<StaticArray<u8>>(0);
  for (let f = 0; f < flows; f++) {
    sentAt.push(new StaticArray<i64>(0));
    resent.push(new StaticArray<u8>(0));
  }
  rewrites = new StaticArray<i64>(flows);
  guestEdge = new StaticArray<i64>(flows);
  usedNow = new StaticArray<bool>(flows);
  usedBefore = new StaticArray<bool>(flows);
  edgeViolations = new StaticArray<i64>(flows);
  rtts = new StaticArray<i64>(flows);
}

export function foxyVegasWindow(f: i32): u32 {
  return unchecked(cwnd[f]);
}
export function foxyVegasRewrites(f: i32): i64 {
  return unchecked(rewrites[f]);
}
export function foxyVegasRttSamples(f: i32): i64 {
  return unchecked(rtts[f]);
}
export function foxyVegasEdgeViolations(f: i32): i64 {
  return unchecked(edgeViolations[f]);
}

@inline function slot(f: i32, seq: i64): i32 {
  return <i32>(seq / <i64>unchecked(mss[f])) & unchecked(ringMask[f]);
}

function slowStart(f: i32, acked: u32): void {
  unchecked((cwnd[f] = min(cwnd[f] + acked, max(ssthresh[f], cwnd[f]))));
}

function renoGrowth(f: i32, acked: u32): void {
  if (unchecked(cwnd[f]) < unchecked(ssthresh[f])) {
    slowStart(f, acked);
    return;
  }
  const w = unchecked(cwnd[f]);
  const cnt = unchecked(cwndCnt[f]) + acked;
  if (cnt >= w) {
    unchecked((cwnd[f] = w + cnt / w));
    unchecked((cwndCnt[f] = cnt % w));
  } else unchecked((cwndCnt[f] = cnt));
}

function startRound(f: i32): void {
  unchecked((usedBefore[f] = usedNow[f]));
  unchecked((usedNow[f] = false));
  unchecked((begSndNxt[f] = maxSeq[f]));
  unchecked((cntRtt[f] = 0));
  unchecked((minRtt[f] = RTT_NONE));
}

export class FoxyVegas extends VmmPolicy {
  name(): string {
    return "foxyvegas";
  }
  attach(f: i32, segment: i32): void {
    unchecked((mss[f] = segment));
    // The guest's flight never exceeds the receiver's window, and that is at most the 16-bit field
    // at the scale the VMM read in the SYN: so many segments (+ partial ones at both ends) fit.
    const slots = ((<i64>65535 << windowScale(f)) / <i64>segment) + 4;
    let size: i32 = 1;
    while (<i64>size < slots) size <<= 1;
    unchecked((ringMask[f] = size - 1));
    sentAt[f] = new StaticArray<i64>(size);
    resent[f] = new StaticArray<u8>(size);
    unchecked((cwnd[f] = initialWindow));
    unchecked((cwndCnt[f] = 0));
    unchecked((ssthresh[f] = INFINITE_SSTHRESH));
    unchecked((maxSeq[f] = 0));
    unchecked((lastAck[f] = 0));
    unchecked((baseRtt[f] = RTT_NONE));
    unchecked((recovering[f] = false));
    unchecked((recoverSeq[f] = 0));
    unchecked((rewrites[f] = 0));
    unchecked((rtts[f] = 0));
    unchecked((guestEdge[f] = i64.MAX_VALUE)); // nothing shown yet: the receiver's own window applies
    unchecked((usedNow[f] = false));
    unchecked((edgeViolations[f] = 0));
    startRound(f);
  }

  // Sequence accounting when the guest posts a segment: the flight the guest has put out includes
  // what still waits inside the VMM.
  onGuestTransmit(f: i32, p: i32): void {
    const len = payloadLength(p);
    if (len == 0) return;
    const seq = headerSeq(p);
    const s = slot(f, seq);
    if (seq < unchecked(maxSeq[f])) {
      // a retransmission: the guest saw a loss; Karn's rule for this segment's RTT
      unchecked((resent[f][s] = 1));
      if (halveOnLoss && !unchecked(recovering[f])) {
        const half = max(unchecked(cwnd[f]) >> 1, <u32>2); // tcp_reno_ssthresh
        unchecked((ssthresh[f] = half));
        unchecked((cwnd[f] = half));
        unchecked((cwndCnt[f] = 0));
        unchecked((recovering[f] = true));
        unchecked((recoverSeq[f] = maxSeq[f]));
      }
      return;
    }
    unchecked((resent[f][s] = 0));
    unchecked((sentAt[f][s] = -1));
    unchecked((maxSeq[f] = seq + len));
    // window use, from the guest's side: did it post up to the edge it was shown?
    const edge = unchecked(guestEdge[f]);
    if (seq + len > edge) unchecked((edgeViolations[f] += 1));
    if (seq + len + <i64>unchecked(mss[f]) > edge) unchecked((usedNow[f] = true));
  }

  // The guest takes an ACK: the edge it may send to from now on. Only an edge that the VMM's
  // window set (not the receiver's) counts toward "the guest used the VMM's window".
  onGuestReceive(f: i32, p: i32): void {
    const wnd = <i64>windowField(p) << windowScale(f);
    const vmmBound = wnd <= <i64>unchecked(cwnd[f]) * <i64>unchecked(mss[f]);
    unchecked((guestEdge[f] = vmmBound ? headerAck(p) + wnd : i64.MAX_VALUE));
  }

  // RTT timing starts when the segment leaves for the physical NIC, as native Vegas's would.
  onWireTransmit(f: i32, p: i32): void {
    if (payloadLength(p) == 0) return;
    const s = slot(f, headerSeq(p));
    if (unchecked(resent[f][s]) == 0) unchecked((sentAt[f][s] = now()));
  }

  onWireAck(f: i32, p: i32): void {
    const ack = headerAck(p);
    const una = unchecked(lastAck[f]);
    if (ack > una && ack <= unchecked(maxSeq[f])) {
      const m = <i64>unchecked(mss[f]);
      // the RTT of the newest newly acked segment, none if any was retransmitted (Karn)
      let last: i64 = -1;
      let retrans = false;
      for (let s = una; s < ack; s += m) {
        const k = slot(f, s);
        if (unchecked(resent[f][k]) != 0) retrans = true;
        else if (unchecked(sentAt[f][k]) >= 0) last = unchecked(sentAt[f][k]);
      }
      const acked = <u32>((ack - una + m - 1) / m);
      unchecked((lastAck[f] = ack));
      if (!retrans && last >= 0) this.sample(f, <u32>((now() - last) / 1000) + 1); // µs + 1, as tcp_vegas_pkts_acked
      if (unchecked(recovering[f])) {
        if (ack >= unchecked(recoverSeq[f])) {
          unchecked((recovering[f] = false)); // vegas_enable on the return to CA_Open
          startRound(f);
        }
      } else this.congAvoid(f, ack, acked);
    }
    // never raise a window: rewrite only when the Vegas window is smaller (seed 001 §4.2)
    // The field counts units of 2^ws bytes. Rounded down, but never to zero: Linux never announces
    // a zero window for want of scale (tcp_output.c __tcp_select_window aligns up, "prevent zero
    // window announcement if 1<<rcv_wscale > mss"). Without the floor, a Vegas window below one unit
    // (rcvBufBytes ≥ 2^29: ws 14, 16 KB units) showed the guest a zero window and it crawled on
    // its persist timer (20 KB/s). Named deviation: Linux aligns every window up; rounding down
    // otherwise keeps the calibrated results (the difference is below one unit).
    const ws = windowScale(f);
    const mine = max(<u64>1, (<u64>unchecked(cwnd[f]) * <u64>unchecked(mss[f])) >> ws);
    if (mine < <u64>windowField(p)) {
      rewriteWindowField(p, <u32>mine);
      unchecked((rewrites[f] += 1));
    }
  }

  // tcp_vegas_pkts_acked
  sample(f: i32, rtt: u32): void {
    rttLog(RTT_FROM_VMM, (<i64>rtt - 1) * 1000);
    unchecked((rtts[f] += 1));
    if (rtt < unchecked(baseRtt[f])) unchecked((baseRtt[f] = rtt));
    if (rtt < unchecked(minRtt[f])) unchecked((minRtt[f] = rtt));
    unchecked((cntRtt[f] += 1));
  }

  // tcp_vegas_cong_avoid, on the VMM's window. Growth needs the guest to have used the window in
  // this or the last RTT, as tcp_is_cwnd_limited asks of the last flight.
  congAvoid(f: i32, ack: i64, acked: u32): void {
    const limited = unchecked(usedNow[f]) || unchecked(usedBefore[f]);
    if (ack > unchecked(begSndNxt[f])) {
      if (unchecked(cntRtt[f]) <= 2) {
        if (limited) renoGrowth(f, acked);
      } else {
        const d = vegasDecide(unchecked(cwnd[f]), unchecked(ssthresh[f]), unchecked(baseRtt[f]), unchecked(minRtt[f]), acked, CLAMP, alpha, beta, gamma);
        const next = vegasCwndOf(d);
        // grow only a window the guest uses; shrinking needs no such evidence
        if (next <= unchecked(cwnd[f]) || limited) unchecked((cwnd[f] = next));
        unchecked((ssthresh[f] = vegasSsthreshOf(d)));
      }
      startRound(f);
    } else if (unchecked(cwnd[f]) < unchecked(ssthresh[f]) && limited) slowStart(f, acked);
  }
}
