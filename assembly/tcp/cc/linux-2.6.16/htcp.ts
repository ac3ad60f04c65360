// H-TCP on Linux 2.6.16's TCP. The rules of α, β, the bandwidth switch and undo are today's
// (tcp/cc/htcp.ts, shared); what this module changes is the 2.6.x code around them:
//  - clocks in jiffies at the testbed's HZ (linux-2.6.16/clock.ts): Δ since the last congestion
//    event, the throughput samples, msecs_to_jiffies(10) and (20) (1 and 2 ticks at HZ 100);
//  - the RTT is not the per-ACK sample: cong_avoid calls measure_rtt, in congestion avoidance only,
//    with the smoothed RTT tp->srtt >> 3 in jiffies; RTTmax grows only in Open, once ssthresh is
//    set (< 0xFFFF) and more than 3 RTTmin have passed since the last congestion event;
//  - pkts_acked(sk, num_acked) carries no RTT and runs only when segments left the queue;
//  - struct htcp's alpha is a u16 (α past 65535 << 7 wraps), beta a u8;
//  - undo_cwnd = max(cwnd, (ssthresh << 7) / β), the window before the reduction by β (6.x: Reno's
//    max(cwnd, prior_cwnd));
//  - cong_avoid goes through 2.6.16's framework (linux-2.6.16/cong.ts): the prior-in-flight
//    cwnd-limited test and slow start while cwnd <= ssthresh at +1 per ACK, ABC-gated; in
//    avoidance snd_cwnd_cnt counts the segments each ACK covered (ca->pkts_acked, the delayed-ACK
//    accounting), as today.
// Source and its limit: the 2.6.16 tag's tcp_htcp.c is not in the code index. The module follows the
// earliest file there, Linux 2.6.18's (CentOS 5 kernel, index id 24022227481), whose hooks have
// 2.6.16's signatures (cong_avoid(sk, ack, rtt, in_flight, good), pkts_acked(sk, num_acked)).
// H-TCP changed in 2.6.17 (Baruch Even's "Account for delayed-ACKS", "Better time accounting",
// "maxRTT estimation at startup"); by those titles 2.6.16 counted Δ in RTTs (a ccount per cwnd of
// ACKs) rather than jiffies, grew snd_cwnd_cnt by one per ACK and took RTTmax from the start.
// Those three are not modelled: a named simplification until the 2.6.16 file itself is found.
import { caPriv } from "../ops";
import { sndCwnd, sndCwndCnt, sndCwndClamp, sndSsthresh, srttNs, caState, CA_OPEN } from "../../sock";
import { tcpTimeStamp, HZ, msecsToJiffies } from "./clock";
import { ackArrived, cwndLimited, inSlowStart, tcpSlowStart, Ops2616 } from "./cong";
import {
  ALPHA_BASE, BETA_MIN, USE_BANDWIDTH_SWITCH, htcpAlphaUpdate, htcpRecalcSsthresh, htcpMeasureThroughput, htcpState,
  htcpUndoState,
} from "../htcp";

const ALPHA_MASK: u32 = 0xffff; // u16 alpha in 2.6.1x's struct htcp
const SSTHRESH_SET: u32 = 0xffff; // measure_rtt: "tp->snd_ssthresh < 0xFFFF", out of the initial slow start

// struct htcp (2.6.1x) in the flow's private block; the field names are today's, as the shared
// rules (tcp/cc/htcp.ts) read them
@unmanaged class Htcp2616Ca {
  alpha: u32; // << 7, kept to 16 bits
  beta: u32; // << 7
  modeswitch: u32;
  lastCong: u32; // jiffies
  undoLastCong: u32;
  pktsAcked: u32; // u16
  packetcount: u32;
  minRtt: u32; // jiffies
  maxRtt: u32; // jiffies
  undoMaxRtt: u32;
  undoOldMaxb: u32;
  minB: u32; // packets per second
  maxB: u32;
  oldMaxB: u32;
  bI: u32;
  lasttime: u32; // jiffies
}
@inline function ca(f: i32): Htcp2616Ca {
  return caPriv<Htcp2616Ca>(f);
}

// htcp_cong_time: jiffies since the last congestion event.
@inline function congTime(f: i32): u32 {
  return tcpTimeStamp() - ca(f).lastCong;
}

// tp->srtt >> 3: the smoothed RTT in whole jiffies. Linux keeps srtt in eighths of a jiffy and its
// update rounds up (srtt += m − (srtt >> 3)), so an srtt settling on a whole number of ticks reaches
// it; the sender's srtt here is in ns and settles a few ns short from below, so it is taken up to
// the next eighth of a jiffy before the shift. Never below one tick: tcp_rtt_estimator takes a
// 0-tick sample as 1 (which also keeps htcp_ccount's division by RTTmin defined).
@inline function srttJiffies(f: i32): u32 {
  const eighths = (unchecked(srttNs[f]) * 8 * <i64>HZ() + 999_999_999) / 1_000_000_000;
  return max(<u32>(eighths >> 3), <u32>1);
}

// measure_rtt (2.6.1x): RTTmin from the smoothed RTT; RTTmax only in Open, once out of the initial
// slow start and more than 3 RTTmin after the last congestion event (htcp_ccount > 3).
function measureRtt(f: i32): void {
  const srtt = srttJiffies(f);
  if (ca(f).minRtt > srtt || ca(f).minRtt == 0) ca(f).minRtt = srtt;
  if (unchecked(caState[f]) == CA_OPEN && unchecked(sndSsthresh[f]) < SSTHRESH_SET && congTime(f) / ca(f).minRtt > 3) {
    if (ca(f).maxRtt < ca(f).minRtt) ca(f).maxRtt = ca(f).minRtt;
    const maxRtt = ca(f).maxRtt;
    if (maxRtt < srtt && srtt <= maxRtt + msecsToJiffies(20)) ca(f).maxRtt = srtt;
  }
}

function alphaUpdate(f: i32): void {
  htcpAlphaUpdate(ca(f), congTime(f), HZ(), ALPHA_MASK);
}

export class Htcp2616 extends Ops2616 {
  name(): string {
    return "htcp@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    memory.fill(changetype<usize>(ca(f)), 0, offsetof<Htcp2616Ca>());
    ca(f).alpha = ALPHA_BASE;
    ca(f).beta = BETA_MIN;
    ca(f).pktsAcked = 1;
    ca(f).lastCong = tcpTimeStamp();
  }
  ssthresh(f: i32): u32 {
    return htcpRecalcSsthresh(f, ca(f), congTime(f), HZ(), ALPHA_MASK, msecsToJiffies(10));
  }
  congAvoid(f: i32, acked: u32): void {
    ackArrived(f, acked);
    if (!cwndLimited(f, acked)) return;
    if (inSlowStart(f)) {
      tcpSlowStart(f);
      return;
    }
    measureRtt(f);
    // cwnd += α / cwnd per ACK, in <<7 fixed point
    const cwnd = unchecked(sndCwnd[f]);
    const cnt = unchecked(sndCwndCnt[f]);
    if ((cnt * ca(f).alpha) >> 7 >= cwnd) {
      if (cwnd < unchecked(sndCwndClamp[f])) unchecked((sndCwnd[f] = cwnd + 1));
      unchecked((sndCwndCnt[f] = 0));
      alphaUpdate(f);
    } else unchecked((sndCwndCnt[f] = cnt + ca(f).pktsAcked));
    ca(f).pktsAcked = 1;
  }
  setState(f: i32, state: i32): void {
    super.setState(f, state);
    htcpState(ca(f), state, tcpTimeStamp());
  }
  // htcp_cwnd_undo (2.6.1x): called before ssthresh is restored, so ssthresh << 7 / β is the window
  // the reduction started from.
  undoCwnd(f: i32): u32 {
    htcpUndoState(ca(f));
    return max(unchecked(sndCwnd[f]), (unchecked(sndSsthresh[f]) << 7) / ca(f).beta);
  }
  // measure_achieved_throughput (2.6.1x): pkts_acked(sk, num_acked), only when segments were
  // acknowledged (tcp_clean_rtx_queue's FLAG_ACKED), no RTT sample.
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (acked == 0) return;
    if (unchecked(caState[f]) == CA_OPEN) ca(f).pktsAcked = acked & 0xffff;
    if (USE_BANDWIDTH_SWITCH) htcpMeasureThroughput(f, ca(f), acked, tcpTimeStamp(), congTime(f), HZ());
  }
}
