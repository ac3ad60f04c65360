// TCP Hybla as Linux 2.6.16-era kernels had it (net/ipv4/tcp_hybla.c with the 2.6.1x cong_avoid
// signature; read from the 2.6.22.6 copy in ns-2.35's TCP-Linux, tcp/linux/src/tcp_hybla.c, as no
// 2.6.16 copy was found — the module's logic is unchanged between them as far as that copy and
// today's show). The rules are today's (tcp/cc/hybla.ts) but:
//  - ρ comes from srtt in jiffies: rho_3ls = max((srtt << 3 in jiffies) / msecs_to_jiffies(rtt0), 8).
//    At HZ 100 rtt0 = 25 ms rounds up to 3 jiffies, so the reference RTT is effectively 30 ms and
//    srtt moves in 10 ms steps (6.x: µs, rtt0 exactly 25 ms);
//  - 2^ρ is 1 << ρ with no cap at 16 (6.x caps it against overflow);
//  - no Reno fallback for an increment too small for the fixed point (6.x adds one);
//  - the cwnd-limited test is 2.6.16's prior-in-flight one, before the Open check; outside Open
//    it is 2.6.16's Reno (linux-2.6.16/cong.ts); min_cwnd Reno's.
// The same simplification as tcp/cc/hybla.ts: no handshake here, so the lowest srtt starts unset
// and the first RTT sample sets ρ (Linux starts from the SYN-ACK's srtt).
import { caPriv } from "../ops";
import { sndCwnd, sndCwndCnt, sndCwndClamp, sndSsthresh, srttNs, CA_OPEN } from "../../sock";
import { HZ, msecsToJiffies } from "./clock";
import { renoCongAvoid2616, ackArrived, cwndLimited, Ops2616 } from "./cong";

const RTT0_MS: u32 = 25; // rtt0 module parameter, ms (tcp_hybla.c)
const CWND_CLAMP: u32 = 65535; // hybla_init (tcp_hybla.c)
const FRACTIONS: StaticArray<u32> = [128, 139, 152, 165, 181, 197, 215, 234]; // hybla_fraction (tcp_hybla.c)
const UNSET: u32 = u32.MAX_VALUE;

// struct hybla in the flow's private block
@unmanaged class Hybla2616Ca {
  hyblaEn: u8;
  sndCwndCents: u32;
  rho: u32;
  rho_3ls: u32;
  rho2_7ls: u32;
  minrtt: u32; // tp->srtt: jiffies << 3
}
@inline function ca(f: i32): Hybla2616Ca {
  return caPriv<Hybla2616Ca>(f);
}

// tp->srtt of 2.6.16: the smoothed RTT in jiffies, << 3
@inline function srttJiffies8(f: i32): u32 {
  return <u32>((unchecked(srttNs[f]) * 8 * <i64>HZ()) / 1_000_000_000);
}

function recalcParam(f: i32): void {
  const rho_3ls = max(srttJiffies8(f) / msecsToJiffies(RTT0_MS), <u32>8);
  ca(f).rho_3ls = rho_3ls;
  ca(f).rho = rho_3ls >> 3;
  ca(f).rho2_7ls = (rho_3ls * rho_3ls) << 1;
}

export class Hybla2616 extends Ops2616 {
  name(): string {
    return "hybla@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    ca(f).hyblaEn = 1;
    ca(f).sndCwndCents = 0;
    unchecked((sndCwndClamp[f] = CWND_CLAMP));
    recalcParam(f);
    const srtt = srttJiffies8(f);
    ca(f).minrtt = srtt > 0 ? srtt : UNSET;
    unchecked((sndCwnd[f] = ca(f).rho));
  }
  setState(f: i32, state: i32): void {
    super.setState(f, state);
    ca(f).hyblaEn = state == CA_OPEN ? 1 : 0;
  }
  congAvoid(f: i32, acked: u32): void {
    const srtt = srttJiffies8(f);
    if (srtt > 0 && srtt < ca(f).minrtt) {
      recalcParam(f);
      ca(f).minrtt = srtt;
    }
    if (ca(f).hyblaEn == 0) {
      renoCongAvoid2616(f, acked); // does its own cwnd-limited test
      return;
    }
    ackArrived(f, acked);
    if (!cwndLimited(f, acked)) return;
    const rho = ca(f).rho;
    const eighths = ca(f).rho_3ls - (rho << 3);
    const slowStart = unchecked(sndCwnd[f]) < unchecked(sndSsthresh[f]);
    let cwnd = unchecked(sndCwnd[f]);
    let cnt = unchecked(sndCwndCnt[f]);
    let increment: u32;
    if (slowStart) {
      increment = (<u32>1 << rho) * (eighths < 8 ? unchecked(FRACTIONS[eighths]) : 128) - 128; // 2^ρ − 1, << 7
    } else {
      increment = ca(f).rho2_7ls / cwnd; // ρ²/cwnd, << 7
      if (increment < 128) cnt++;
    }
    cwnd += increment >> 7;
    let cents = ca(f).sndCwndCents + increment % 128;
    while (cents >= 128) {
      cwnd++;
      cents -= 128;
      cnt = 0;
    }
    if (slowStart) cwnd = min(cwnd, unchecked(sndSsthresh[f]));
    ca(f).sndCwndCents = cents;
    unchecked((sndCwndCnt[f] = cnt));
    unchecked((sndCwnd[f] = min(cwnd, unchecked(sndCwndClamp[f]))));
  }
}
