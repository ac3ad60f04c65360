// TCP Hybla (net/ipv4/tcp_hybla.c, after Caini & Firrincieli 2004): a long-RTT flow grows as fast
// per unit of time as one with the reference RTT rtt0 = 25 ms. With ρ = RTT / rtt0 (at least 1),
// each ACK adds 2^ρ − 1 segments in slow start and ρ²/cwnd in congestion avoidance. Loss response
// and undo are Reno's; outside the Open state it grows as Reno does.
//
// As Linux has it (rather than the paper):
//  - ρ comes from the smoothed RTT, recomputed only when srtt falls below the lowest srtt seen so
//    far (a new minimum), and is fixed point: rho_3ls = ρ·8, rho2_7ls = ρ²·128;
//  - 2^ρ uses the integer part of ρ times a table of 2^(k/8) (hybla_fraction) for the eighths;
//  - fractions of a segment accumulate in snd_cwnd_cents (1/128 segment) until they make one;
//  - one increment per ACK whatever the number of segments it acknowledges; cwnd is clamped to
//    65535 and set to ρ when the module starts;
//  - no pacing (the paper's optional packet spacing is not in Linux either).
//
// Simplification (no handshake in this model): Linux starts from the SYN-ACK's RTT; here srtt is
// still 0 when the module starts, so ρ starts at 1 and cwnd at 1 (what Linux does on any path under
// 50 ms), and the lowest srtt starts unset (and ignores srtt 0) so that the first RTT sample sets ρ.
import { CongestionOps, renoCongAvoid, tcpIsCwndLimited, inSlowStart, caPriv } from "./ops";
import { sndCwnd, sndCwndCnt, sndCwndClamp, sndSsthresh, srttNs, CA_OPEN } from "../sock";

const RTT0_US: u32 = 25 * 1000; // rtt0 = 25 ms, the reference RTT (tcp_hybla.c module parameter)
const CWND_CLAMP: u32 = 65535; // snd_cwnd_clamp set by hybla_init (tcp_hybla.c)
const MAX_RHO_SHIFT: u32 = 16; // 1 << min(rho, 16) in hybla_cong_avoid (tcp_hybla.c)
// hybla_fraction: 128 · 2^(k/8) for k = 0..7, the eighths of ρ (tcp_hybla.c)
const FRACTIONS: StaticArray<u32> = [128, 139, 152, 165, 181, 197, 215, 234];
const MINRTT_UNSET: u32 = u32.MAX_VALUE;

// struct hybla in the flow's private block
@unmanaged class HyblaCa {
  hyblaEn: u8; // Hybla rules apply (CA_Open)
  sndCwndCents: u32; // fractional increments, 1/128 segment
  rho: u32; // ρ, integer part
  rho_3ls: u32; // ρ << 3
  rho2_7ls: u32; // ρ² << 7
  minrttUs: u32; // lowest srtt seen, as tp->srtt_us (µs << 3)
}
@inline function ca(f: i32): HyblaCa {
  return caPriv<HyblaCa>(f);
}

// tp->srtt_us: the smoothed RTT in µs, scaled by 8 as Linux stores it.
@inline function srttUs8(f: i32): u32 {
  return <u32>((unchecked(srttNs[f]) * 8) / 1000);
}

// hybla_recalc_param: ρ from srtt, never below 1.
function recalcParam(f: i32): void {
  const rho_3ls = max(srttUs8(f) / RTT0_US, <u32>8);
  ca(f).rho_3ls = rho_3ls;
  ca(f).rho = rho_3ls >> 3;
  ca(f).rho2_7ls = (rho_3ls * rho_3ls) << 1;
}

export class Hybla extends CongestionOps {
  name(): string {
    return "hybla";
  }
  init(f: i32): void {
    ca(f).hyblaEn = 1;
    ca(f).sndCwndCents = 0;
    unchecked((sndCwndClamp[f] = CWND_CLAMP));
    recalcParam(f);
    const srtt = srttUs8(f);
    ca(f).minrttUs = srtt > 0 ? srtt : MINRTT_UNSET; // see "Simplification" above
    unchecked((sndCwnd[f] = ca(f).rho));
  }

  setState(f: i32, state: i32): void {
    ca(f).hyblaEn = state == CA_OPEN ? 1 : 0;
  }

  congAvoid(f: i32, acked: u32): void {
    // a new minimum srtt: ρ follows the path's shortest smoothed RTT (srtt 0: no sample yet)
    const srtt = srttUs8(f);
    if (srtt > 0 && srtt < ca(f).minrttUs) {
      recalcParam(f);
      ca(f).minrttUs = srtt;
    }
    if (!tcpIsCwndLimited(f)) return;
    if (ca(f).hyblaEn == 0) {
      renoCongAvoid(f, acked);
      return;
    }
    const rho = ca(f).rho;
    const rhoEighths = ca(f).rho_3ls - (rho << 3);
    const slowStart = inSlowStart(f);
    let cwnd = unchecked(sndCwnd[f]);
    let cnt = unchecked(sndCwndCnt[f]);
    let increment: u32;
    if (slowStart) {
      // 2^ρ − 1 segments, in 1/128 segment
      increment = (<u32>1 << min(rho, MAX_RHO_SHIFT)) * unchecked(FRACTIONS[rhoEighths]) - 128;
    } else {
      // ρ²/cwnd segments, in 1/128 segment; below one segment the ACK also counts toward Reno's +1
      increment = ca(f).rho2_7ls / cwnd;
      if (increment < 128) cnt++;
    }
    const odd = increment % 128;
    cwnd += increment >> 7;
    let cents = ca(f).sndCwndCents + odd;
    while (cents >= 128) {
      cwnd++;
      cents -= 128;
      cnt = 0;
    }
    // an increment too small for the fixed point (ρ² < cwnd/128): Reno's +1 per window
    if (increment == 0 && odd == 0 && cnt >= cwnd) {
      cwnd++;
      cnt = 0;
    }
    if (slowStart) cwnd = min(cwnd, unchecked(sndSsthresh[f]));
    ca(f).sndCwndCents = cents;
    unchecked((sndCwndCnt[f] = cnt));
    unchecked((sndCwnd[f] = min(cwnd, unchecked(sndCwndClamp[f]))));
  }
}
