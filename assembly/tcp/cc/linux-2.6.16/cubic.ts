// CUBIC 2.0 as Linux 2.6.16 had it (net/ipv4/tcp_cubic.c, MODULE_VERSION "2.0", added in 2.6.15;
// 6.x has 2.3). W(t) = C (t − K)³ + W_max, but with 2.0's constants and machinery:
//  - beta = 819/1024 (6.x 717), bic_scale 41 (C = 0.4), max_increment 16, initial_ssthresh = 100
//    (6.x 0: the module sets ssthresh to 100 segments when the connection starts);
//  - no HyStart: slow start is 2.6.16's per-ACK tcp_slow_start up to ssthresh;
//  - the curve is evaluated with a fixed reference srtt = 100 ms ((HZ << 3)/10 in jiffies << 3),
//    in jiffies at HZ: t = (now + delay_min − epoch_start) << 10 / HZ, K = cubic_root of
//    (W_max − cwnd)·rtt/C by a table-seeded binary search (6.x: table + Newton), all u32/u64 as C;
//  - delay_min is the least RTT in jiffies from TCP timestamps (tcp_time_stamp − rcv_tsecr),
//    sampled when cong_avoid runs, and ignored within HZ of the epoch start; it caps growth at
//    max_increment per 100 ms: cnt ≥ cwnd·HZ·8/(10·max_increment·delay_min);
//  - before any loss (loss_cwnd == 0) cnt is forced to 50 (6.x: at most 20);
//  - TCP-friendliness with beta 819: scale = 8(1024+819)/3/(1024−819) = 23, one Reno segment per
//    cwnd·23/8 ACKs (ack_cnt counts ACKs, one per call);
//  - cnt is divided by the delayed-ACK EWMA (delayed_ack, as BIC), and there is no cnt ≥ 2 floor;
//  - growth +1 once snd_cwnd_cnt reaches cnt (per ACK); undo = max(cwnd, last_max_cwnd);
//    min_cwnd = ssthresh; the Loss state resets everything (delay_min included); no
//    CA_EVENT_TX_START epoch shift.
import { caPriv } from "../ops";
import { sndCwnd, sndSsthresh, caState, CA_OPEN, CA_LOSS } from "../../sock";
import { tcpTimeStamp, rttJiffies, HZ } from "./clock";
import { ackArrived, cwndLimited, inSlowStart, tcpSlowStart, perAckIncrease, Ops2616 } from "./cong";

const BICTCP_BETA_SCALE: u32 = 1024; // 2.6.16 tcp_cubic.c
const BICTCP_HZ: u32 = 10; // time unit 2^-10 s (tcp_cubic.c)
const BETA: u32 = 819; // 2.6.16 tcp_cubic.c (717 since 2.6.19's CUBIC 2.1)
const BIC_SCALE: u32 = 41; // C = 41/1024·10 ≈ 0.4 (tcp_cubic.c)
const MAX_INCREMENT: u32 = 16; // 2.6.16 tcp_cubic.c module parameter
const INITIAL_SSTHRESH: u32 = 100; // 2.6.16 tcp_cubic.c module parameter (0 since 2.6.19)
const FAST_CONVERGENCE = true; // 2.6.16 tcp_cubic.c
const TCP_FRIENDLINESS = true; // 2.6.16 tcp_cubic.c
const ACK_RATIO_SHIFT: u32 = 4; // 2.6.16 tcp_cubic.c
const FRIENDLY_SCALE: u32 = (8 * (BICTCP_BETA_SCALE + BETA)) / 3 / (BICTCP_BETA_SCALE - BETA); // = 23
const NO_SAMPLE: u32 = u32.MAX_VALUE;

// struct bictcp (2.6.16 tcp_cubic.c) in the flow's private block
@unmanaged class Cubic2616Ca {
  cnt: u32;
  lastMaxCwnd: u32;
  lossCwnd: u32;
  lastCwnd: u32;
  lastTime: u32; // jiffies
  origin: u32; // bic_origin_point
  k: u32; // bic_K, 2^-10 s
  delayMin: u32; // jiffies
  epochStart: u32; // jiffies (0: none)
  ackCnt: u32;
  tcpCwnd: u32;
  delayedAck: u32;
  sample: u32; // this ACK's RTT in jiffies, for measure_delay in cong_avoid (not in Linux's struct)
}
@inline function ca(f: i32): Cubic2616Ca {
  return caPriv<Cubic2616Ca>(f);
}

function reset(f: i32): void {
  memory.fill(changetype<usize>(ca(f)), 0, offsetof<Cubic2616Ca>("delayedAck")); // every field before delayed_ack
  ca(f).delayedAck = 2 << ACK_RATIO_SHIFT;
}

// 65536·cbrt(i), i = 0..7 (2.6.16 cubic_table)
const CUBIC_TABLE: StaticArray<u64> = [0, 65536, 82570, 94519, 104030, 112063, 119087, 125367];

// 2.6.16 cubic_root: write x = i·8^j, bound cbrt(x) by cbrt(i)·2^j from the table, binary-search
// the bracket, and return whichever end cubes closer to x.
export function cubicRoot2616(x: u64): u32 {
  if (x == 0) return 0;
  const target = x;
  let y: u64 = 1;
  while (x >= 8) {
    x >>= 3;
    y <<= 1;
  }
  let start = (y * unchecked(CUBIC_TABLE[<i32>x])) >> 16;
  let end: u64 = x == 7 ? y << 1 : (y * unchecked(CUBIC_TABLE[<i32>x + 1]) + 65535) >> 16;
  while (start < end - 1) {
    const mid = (start + end) >> 1;
    const app = mid * mid * mid;
    if (app < target) start = mid;
    else if (app > target) end = mid;
    else return <u32>mid;
  }
  const a = start * start * start;
  const b = end * end * end;
  const startDiff = a < target ? target - a : a - target;
  const endDiff = b < target ? target - b : b - target;
  return <u32>(startDiff < endDiff ? start : end);
}

// bictcp_K: K = cbrt((W_max − cwnd)·rtt/C) in 2^-10 s, with srtt in jiffies << 3.
function bicK(dist: u32, srtt: u32): u32 {
  const inv: u64 = <u64>((<u32>1 << (10 + 2 * BICTCP_HZ)) / BIC_SCALE); // 1/c · 2^(2·BICTCP_HZ)
  let d32 = srtt;
  let count: u32 = 0;
  while ((d32 & 0x80000000) == 0 && count < BICTCP_HZ) {
    d32 <<= 1;
    count++;
  }
  d32 = d32 / HZ();
  const d64 = (inv * <u64>dist * <u64>d32) >> (count + 3 - BICTCP_HZ);
  return cubicRoot2616(d64);
}

function update(f: i32, cwnd: u32): void {
  ca(f).ackCnt = ca(f).ackCnt + 1; // counts ACKs
  const now = tcpTimeStamp();
  if (ca(f).lastCwnd == cwnd && <i32>(now - ca(f).lastTime) <= <i32>(HZ() / 32)) return;
  ca(f).lastCwnd = cwnd;
  ca(f).lastTime = now;
  const hz = HZ();
  const srtt: u32 = (hz << 3) / 10; // a fixed 100 ms: "use real time-based growth function"
  if (ca(f).epochStart == 0) {
    ca(f).epochStart = now;
    ca(f).ackCnt = 1;
    ca(f).tcpCwnd = cwnd;
    const wmax = ca(f).lastMaxCwnd;
    if (wmax <= cwnd) {
      ca(f).k = 0;
      ca(f).origin = cwnd;
    } else {
      ca(f).k = bicK(wmax - cwnd, srtt);
      ca(f).origin = wmax;
    }
  }
  const delayMin = ca(f).delayMin;
  const t: u32 = ((now + delayMin - ca(f).epochStart) << BICTCP_HZ) / hz; // u32, as C
  const k = ca(f).k;
  const offs: u64 = <u64>(t < k ? k - t : t - k);
  const scale: u32 = ((BIC_SCALE << 3) * hz) / srtt; // 1024·c/rtt
  const delta = <u32>((<u64>scale * offs * offs * offs) >> (10 + 3 * BICTCP_HZ));
  const origin = ca(f).origin;
  const target: u32 = t < k ? origin - delta : origin + delta;
  let cnt: u32 = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd;
  if (delayMin > 0) {
    // max increment = max_increment per 100 ms
    const minCnt = (cwnd * hz * 8) / (10 * MAX_INCREMENT * delayMin);
    if (cnt < minCnt) cnt = minCnt;
  }
  if (ca(f).lossCwnd == 0) cnt = 50; // slow start and low utilization
  if (TCP_FRIENDLINESS) {
    const d = (cwnd * FRIENDLY_SCALE) >> 3;
    let ackCnt = ca(f).ackCnt;
    let tcpCwnd = ca(f).tcpCwnd;
    while (ackCnt > d) {
      ackCnt -= d;
      tcpCwnd++;
    }
    ca(f).ackCnt = ackCnt;
    ca(f).tcpCwnd = tcpCwnd;
    if (tcpCwnd > cwnd) {
      const maxCnt = cwnd / (tcpCwnd - cwnd);
      if (cnt > maxCnt) cnt = maxCnt;
    }
  }
  cnt = (cnt << ACK_RATIO_SHIFT) / ca(f).delayedAck;
  ca(f).cnt = cnt == 0 ? 1 : cnt;
}

// measure_delay: the least timestamp RTT, outside the first HZ after an epoch start.
function measureDelay(f: i32): void {
  const delay0 = ca(f).sample;
  if (delay0 == NO_SAMPLE || <i32>(tcpTimeStamp() - ca(f).epochStart) < <i32>HZ()) return;
  const delay: u32 = delay0 == 0 ? 1 : delay0;
  const delayMin = ca(f).delayMin;
  if (delayMin == 0 || delayMin > delay) ca(f).delayMin = delay;
}

export class Cubic2616 extends Ops2616 {
  name(): string {
    return "cubic@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    reset(f);
    ca(f).sample = NO_SAMPLE;
    unchecked((sndSsthresh[f] = INITIAL_SSTHRESH));
  }
  congAvoid(f: i32, acked: u32): void {
    ackArrived(f, acked);
    measureDelay(f); // data_acked: this ACK acknowledged data
    if (!cwndLimited(f, acked)) return;
    if (inSlowStart(f)) {
      tcpSlowStart(f);
      return;
    }
    update(f, unchecked(sndCwnd[f]));
    perAckIncrease(f, ca(f).cnt);
  }
  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    ca(f).epochStart = 0;
    if (cwnd < ca(f).lastMaxCwnd && FAST_CONVERGENCE) {
      ca(f).lastMaxCwnd = (cwnd * (BICTCP_BETA_SCALE + BETA)) / (2 * BICTCP_BETA_SCALE);
    } else ca(f).lastMaxCwnd = cwnd;
    ca(f).lossCwnd = cwnd;
    return max((cwnd * BETA) / BICTCP_BETA_SCALE, <u32>2);
  }
  undoCwnd(f: i32): u32 {
    return max(unchecked(sndCwnd[f]), ca(f).lastMaxCwnd);
  }
  minCwnd(f: i32): u32 {
    return unchecked(sndSsthresh[f]);
  }
  setState(f: i32, state: i32): void {
    super.setState(f, state);
    if (state == CA_LOSS) reset(f);
  }
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    // the RTT of this ACK as tcp_time_stamp − rcv_tsecr (timestamps on, Linux's default)
    ca(f).sample = rttNs >= 0 ? rttJiffies(rttNs) : NO_SAMPLE;
    if (acked > 0 && unchecked(caState[f]) == CA_OPEN) {
      const d = ca(f).delayedAck;
      ca(f).delayedAck = d + (acked - (d >> ACK_RATIO_SHIFT));
    }
  }
}
