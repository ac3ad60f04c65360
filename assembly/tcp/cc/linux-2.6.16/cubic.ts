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
import { sndCwnd, sndSsthresh, caPtr, caState, CA_OPEN, CA_LOSS } from "../../sock";
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
const CNT: usize = 0;
const LAST_MAX_CWND: usize = 4;
const LOSS_CWND: usize = 8;
const LAST_CWND: usize = 12;
const LAST_TIME: usize = 16; // jiffies
const ORIGIN: usize = 20; // bic_origin_point
const K: usize = 24; // bic_K, 2^-10 s
const DELAY_MIN: usize = 28; // jiffies
const EPOCH_START: usize = 32; // jiffies (0: none)
const ACK_CNT: usize = 36;
const TCP_CWND: usize = 40;
const DELAYED_ACK: usize = 44;
const SAMPLE: usize = 48; // this ACK's RTT in jiffies, for measure_delay in cong_avoid (not in Linux's struct)

@inline function get(f: i32, off: usize): u32 {
  return load<u32>(caPtr(f) + off);
}
@inline function put(f: i32, off: usize, v: u32): void {
  store<u32>(caPtr(f) + off, v);
}

function reset(f: i32): void {
  for (let off: usize = CNT; off <= TCP_CWND; off += 4) put(f, off, 0);
  put(f, DELAYED_ACK, 2 << ACK_RATIO_SHIFT);
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
  put(f, ACK_CNT, get(f, ACK_CNT) + 1); // counts ACKs
  const now = tcpTimeStamp();
  if (get(f, LAST_CWND) == cwnd && <i32>(now - get(f, LAST_TIME)) <= <i32>(HZ() / 32)) return;
  put(f, LAST_CWND, cwnd);
  put(f, LAST_TIME, now);
  const hz = HZ();
  const srtt: u32 = (hz << 3) / 10; // a fixed 100 ms: "use real time-based growth function"
  if (get(f, EPOCH_START) == 0) {
    put(f, EPOCH_START, now);
    put(f, ACK_CNT, 1);
    put(f, TCP_CWND, cwnd);
    const wmax = get(f, LAST_MAX_CWND);
    if (wmax <= cwnd) {
      put(f, K, 0);
      put(f, ORIGIN, cwnd);
    } else {
      put(f, K, bicK(wmax - cwnd, srtt));
      put(f, ORIGIN, wmax);
    }
  }
  const delayMin = get(f, DELAY_MIN);
  const t: u32 = ((now + delayMin - get(f, EPOCH_START)) << BICTCP_HZ) / hz; // u32, as C
  const k = get(f, K);
  const offs: u64 = <u64>(t < k ? k - t : t - k);
  const scale: u32 = ((BIC_SCALE << 3) * hz) / srtt; // 1024·c/rtt
  const delta = <u32>((<u64>scale * offs * offs * offs) >> (10 + 3 * BICTCP_HZ));
  const origin = get(f, ORIGIN);
  const target: u32 = t < k ? origin - delta : origin + delta;
  let cnt: u32 = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd;
  if (delayMin > 0) {
    // max increment = max_increment per 100 ms
    const minCnt = (cwnd * hz * 8) / (10 * MAX_INCREMENT * delayMin);
    if (cnt < minCnt) cnt = minCnt;
  }
  if (get(f, LOSS_CWND) == 0) cnt = 50; // slow start and low utilization
  if (TCP_FRIENDLINESS) {
    const d = (cwnd * FRIENDLY_SCALE) >> 3;
    let ackCnt = get(f, ACK_CNT);
    let tcpCwnd = get(f, TCP_CWND);
    while (ackCnt > d) {
      ackCnt -= d;
      tcpCwnd++;
    }
    put(f, ACK_CNT, ackCnt);
    put(f, TCP_CWND, tcpCwnd);
    if (tcpCwnd > cwnd) {
      const maxCnt = cwnd / (tcpCwnd - cwnd);
      if (cnt > maxCnt) cnt = maxCnt;
    }
  }
  cnt = (cnt << ACK_RATIO_SHIFT) / get(f, DELAYED_ACK);
  put(f, CNT, cnt == 0 ? 1 : cnt);
}

// measure_delay: the least timestamp RTT, outside the first HZ after an epoch start.
function measureDelay(f: i32): void {
  const delay0 = get(f, SAMPLE);
  if (delay0 == NO_SAMPLE || <i32>(tcpTimeStamp() - get(f, EPOCH_START)) < <i32>HZ()) return;
  const delay: u32 = delay0 == 0 ? 1 : delay0;
  const delayMin = get(f, DELAY_MIN);
  if (delayMin == 0 || delayMin > delay) put(f, DELAY_MIN, delay);
}

export class Cubic2616 extends Ops2616 {
  name(): string {
    return "cubic@linux-2.6.16";
  }
  init(f: i32): void {
    super.init(f);
    reset(f);
    put(f, SAMPLE, NO_SAMPLE);
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
    perAckIncrease(f, get(f, CNT));
  }
  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    put(f, EPOCH_START, 0);
    if (cwnd < get(f, LAST_MAX_CWND) && FAST_CONVERGENCE) {
      put(f, LAST_MAX_CWND, (cwnd * (BICTCP_BETA_SCALE + BETA)) / (2 * BICTCP_BETA_SCALE));
    } else put(f, LAST_MAX_CWND, cwnd);
    put(f, LOSS_CWND, cwnd);
    return max((cwnd * BETA) / BICTCP_BETA_SCALE, <u32>2);
  }
  undoCwnd(f: i32): u32 {
    return max(unchecked(sndCwnd[f]), get(f, LAST_MAX_CWND));
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
    put(f, SAMPLE, rttNs >= 0 ? rttJiffies(rttNs) : NO_SAMPLE);
    if (acked > 0 && unchecked(caState[f]) == CA_OPEN) {
      const d = get(f, DELAYED_ACK);
      put(f, DELAYED_ACK, d + (acked - (d >> ACK_RATIO_SHIFT)));
    }
  }
}
