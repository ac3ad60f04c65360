// CUBIC (net/ipv4/tcp_cubic.c, v2.3): after a loss at W_max the window follows
// W(t) = C (t - K)^3 + W_max with K = cbrt(W_max (1 - beta) / C), C = 0.4, beta = 717/1024,
// fast convergence, the TCP-friendly region, and HyStart (a module parameter, on by default as in
// Linux; cubicSetHystart switches it like /sys/module/tcp_cubic/parameters/hystart).
//
// The arithmetic is Linux's fixed point: time in 2^-10 s (BICTCP_HZ), C = bic_scale·10/1024,
// K from cubic_root (table + one Newton step, ~0.2% error), cwnd growth through `cnt` and
// tcp_cong_avoid_ai. Clocks: tcp_jiffies32 at HZ = 1000 for the epoch (tcp/cc/jiffies.ts), µs
// (tcp_mstamp) for HyStart and delay_min, all from the simulated ns clock.
//
// Where Linux differs from the paper (Ha, Rhee, Xu, SIGOPS OSR 2008), this file follows Linux:
//  - the target is evaluated one min-RTT ahead (t + delay_min), and cnt is updated at most once
//    per jiffy and otherwise only when cwnd changed or HZ/32 passed;
//  - growth is capped at 1 segment per 2 ACKed (cnt >= 2, i.e. 1.5x per RTT);
//  - before the first loss (last_max_cwnd == 0) growth is at least 5% per RTT (cnt <= 20);
//  - the TCP-friendly estimate grows 1 per cwnd·beta_scale/8 ACKed segments with
//    beta_scale = 8(1024+beta)/3/(1024-beta) = 15 (integer), i.e. 3β/(2−β)-style Reno emulation;
//  - delay samples within 1 s (HZ) of an epoch start are ignored (after fast recovery);
//  - an idle period (CA_EVENT_TX_START) shifts the epoch so the curve does not jump;
//  - HyStart: ACK-train and delay detection as in Linux 6.x, low window 16.
// Named simplification: hystart_ack_delay (the TSO/GRO cushion derived from sk_pacing_rate and
// the GSO size) is 0 here, because this model has no TSO/GSO; Linux also uses 0 when the pacing
// rate is 0. The sender does not pace (SK_PACING_NONE), so the ACK-train threshold is halved.
import { CongestionOps, tcpIsCwndLimited, inSlowStart, tcpSlowStart, tcpCongAvoidAi, caPriv } from "./ops";
import { sndCwnd, sndSsthresh, sndUna, sndNxt, lsndTime, CA_LOSS, CA_EVENT_TX_START } from "../sock";
import { tcpJiffies32, tcpClockUs32, usecsToJiffies, HZ } from "./jiffies";

const BICTCP_BETA_SCALE: u32 = 1024; // scale of beta (tcp_cubic.c)
const BICTCP_HZ: u32 = 10; // time unit 2^-10 s (tcp_cubic.c)
const BETA: u32 = 717; // beta = 717/1024 (tcp_cubic.c)
const BIC_SCALE: u32 = 41; // C = bic_scale * 10 / 1024 ≈ 0.4 (tcp_cubic.c)
const FAST_CONVERGENCE = true; // fast_convergence module parameter default (tcp_cubic.c)
const TCP_FRIENDLINESS = true; // tcp_friendliness module parameter default (tcp_cubic.c)
// initial_ssthresh defaults to 0 (tcp_cubic.c): ssthresh stays as TCP set it.

const HYSTART_ACK_TRAIN: u32 = 0x1; // (tcp_cubic.c)
const HYSTART_DELAY: u32 = 0x2; // (tcp_cubic.c)
const HYSTART_DETECT: u32 = HYSTART_ACK_TRAIN | HYSTART_DELAY; // hystart_detect default (tcp_cubic.c)
const HYSTART_LOW_WINDOW: u32 = 16; // hystart_low_window default (tcp_cubic.c)
const HYSTART_ACK_DELTA_US: i32 = 2000; // hystart_ack_delta_us default (tcp_cubic.c)
const HYSTART_MIN_SAMPLES: u32 = 8; // delay samples per round (tcp_cubic.c)
const HYSTART_DELAY_MIN: u32 = 4000; // µs (tcp_cubic.c)
const HYSTART_DELAY_MAX: u32 = 16000; // µs (tcp_cubic.c)

// Precomputed as cubictcp_register does (a 100 ms reference RTT is folded into them).
const BETA_SCALE: u32 = (8 * (BICTCP_BETA_SCALE + BETA)) / 3 / (BICTCP_BETA_SCALE - BETA);
const CUBE_RTT_SCALE: u64 = <u64>(BIC_SCALE * 10); // 1024·c/rtt
const CUBE_FACTOR: u64 = (<u64>1 << (10 + 3 * BICTCP_HZ)) / <u64>(BIC_SCALE * 10); // 2^40/(c·1024·rtt)

// The hystart module parameter (default 1 in tcp_cubic.c); global like Linux's.
let hystart = true;
export function cubicSetHystart(on: bool): void {
  hystart = on;
}

// struct bictcp in the flow's private block; bictcp_reset clears cnt … tcpCwnd and found
@unmanaged class CubicCa {
  cnt: u32; // increase cwnd by 1 after this many ACKed segments
  lastMaxCwnd: u32; // W_max
  lastCwnd: u32;
  lastTime: u32; // jiffies
  origin: u32; // bic_origin_point
  k: u32; // bic_K, 2^-10 s
  delayMin: u32; // µs
  epochStart: u32; // jiffies (0: none)
  ackCnt: u32; // segments ACKed in the epoch (for the TCP-friendly estimate)
  tcpCwnd: u32; // estimated Reno cwnd
  sampleCnt: u32; // HyStart: delay samples this round
  found: u32; // HyStart: exit point found
  roundStart: u32; // µs
  lastAck: u32; // µs
  currRtt: u32; // µs, minimum of this round
  endSeq: i64; // snd_nxt when the round started
}
@inline function ca(f: i32): CubicCa {
  return caPriv<CubicCa>(f);
}

function cubicReset(f: i32): void {
  memory.fill(changetype<usize>(ca(f)), 0, offsetof<CubicCa>("sampleCnt")); // every field before HyStart's
  ca(f).found = 0;
}

function hystartReset(f: i32): void {
  const now = tcpClockUs32();
  ca(f).roundStart = now;
  ca(f).lastAck = now;
  ca(f).endSeq = unchecked(sndNxt[f]);
  ca(f).currRtt = u32.MAX_VALUE;
  ca(f).sampleCnt = 0;
}

// cbrt(a) by a 64-entry table of cbrt(x << 18) - 1 and one Newton-Raphson step (Willy Tarreau's).
const CBRT_V: StaticArray<u8> = [
  0, 54, 54, 54, 118, 118, 118, 118, 123, 129, 134, 138, 143, 147, 151, 156,
  157, 161, 164, 168, 170, 173, 176, 179, 181, 185, 187, 190, 192, 194, 197, 199,
  200, 202, 204, 206, 209, 211, 213, 215, 217, 219, 221, 222, 224, 225, 227, 229,
  231, 232, 234, 236, 237, 239, 240, 242, 244, 245, 246, 248, 250, 251, 252, 254,
];

export function cubicRoot(a: u64): u32 {
  let b = <u32>(64 - clz<u64>(a)); // fls64
  if (b < 7) return (<u32>unchecked(CBRT_V[<i32>a]) + 35) >> 6;
  b = ((b * 84) >> 8) - 1;
  const shift = <i32>(a >> (b * 3));
  let x: u32 = ((<u32>unchecked(CBRT_V[shift]) + 10) << b) >> 6;
  x = 2 * x + <u32>(a / (<u64>x * <u64>(x - 1)));
  return (x * 341) >> 10;
}

// bictcp_update: the cubic target one RTT ahead, and the cnt that reaches it.
function cubicUpdate(f: i32, cwnd: u32, acked: u32): void {
  const now = tcpJiffies32();
  ca(f).ackCnt = ca(f).ackCnt + acked;
  if (ca(f).lastCwnd == cwnd && <i32>(now - ca(f).lastTime) <= <i32>(HZ / 32)) return;
  // cnt changes at most once per jiffy; a reduction clears epoch_start and forces it
  if (ca(f).epochStart == 0 || now != ca(f).lastTime) {
    ca(f).lastCwnd = cwnd;
    ca(f).lastTime = now;
    cubicTarget(f, cwnd, acked, now);
  }
  if (TCP_FRIENDLINESS) tcpFriendliness(f, cwnd);
  // at most 1 segment per 2 ACKed: 1.5x per RTT
  ca(f).cnt = max(ca(f).cnt, <u32>2);
}

function cubicTarget(f: i32, cwnd: u32, acked: u32, now: u32): void {
  if (ca(f).epochStart == 0) {
    ca(f).epochStart = now;
    ca(f).ackCnt = acked;
    ca(f).tcpCwnd = cwnd; // sync the Reno estimate with cubic
    const wmax = ca(f).lastMaxCwnd;
    if (wmax <= cwnd) {
      ca(f).k = 0;
      ca(f).origin = cwnd;
    } else {
      ca(f).k = cubicRoot(CUBE_FACTOR * <u64>(wmax - cwnd));
      ca(f).origin = wmax;
    }
  }
  // t = time since the epoch plus one min RTT, in 2^-10 s; (s32) then widened as Linux does
  let t = <u64>(<i64><i32>(now - ca(f).epochStart));
  t += <u64>usecsToJiffies(ca(f).delayMin);
  t = (t << BICTCP_HZ) / <u64>HZ;
  const k = <u64>ca(f).k;
  const offs = t < k ? k - t : t - k;
  const delta = <u32>((CUBE_RTT_SCALE * offs * offs * offs) >> (10 + 3 * BICTCP_HZ));
  const origin = ca(f).origin;
  const target = t < k ? origin - delta : origin + delta;
  let cnt: u32 = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd; // else: very small increment
  // the initial growth may be too conservative while the bandwidth is unknown: 5% per RTT
  if (ca(f).lastMaxCwnd == 0 && cnt > 20) cnt = 20;
  ca(f).cnt = cnt;
}

// TCP-friendly region: never grow slower than the Reno estimate would.
function tcpFriendliness(f: i32, cwnd: u32): void {
  const delta = (cwnd * BETA_SCALE) >> 3;
  let ackCnt = ca(f).ackCnt;
  let tcpCwnd = ca(f).tcpCwnd;
  while (ackCnt > delta) {
    ackCnt -= delta;
    tcpCwnd++;
  }
  ca(f).ackCnt = ackCnt;
  ca(f).tcpCwnd = tcpCwnd;
  if (tcpCwnd > cwnd) {
    const maxCnt = cwnd / (tcpCwnd - cwnd);
    if (ca(f).cnt > maxCnt) ca(f).cnt = maxCnt;
  }
}

// hystart_update: leave slow start when ACK trains stretch past delay_min/2, or when this round's
// minimum RTT exceeds delay_min by clamp(delay_min/8, 4 ms, 16 ms).
function hystartUpdate(f: i32, delay: u32): void {
  if (unchecked(sndUna[f]) > ca(f).endSeq) hystartReset(f);
  const cwnd = unchecked(sndCwnd[f]);
  if (cwnd < HYSTART_LOW_WINDOW) return;
  const delayMin = ca(f).delayMin;
  if (HYSTART_DETECT & HYSTART_ACK_TRAIN) {
    const now = tcpClockUs32();
    if (<i32>(now - ca(f).lastAck) <= HYSTART_ACK_DELTA_US) {
      ca(f).lastAck = now;
      const threshold = delayMin >> 1; // (delay_min + hystart_ack_delay = 0) / 2, no pacing
      if (now - ca(f).roundStart > threshold) {
        ca(f).found = 1;
        unchecked((sndSsthresh[f] = cwnd));
      }
    }
  }
  if (HYSTART_DETECT & HYSTART_DELAY) {
    if (ca(f).currRtt > delay) ca(f).currRtt = delay;
    const samples = ca(f).sampleCnt;
    if (samples < HYSTART_MIN_SAMPLES) ca(f).sampleCnt = samples + 1;
    else if (ca(f).currRtt > delayMin + min(max(delayMin >> 3, HYSTART_DELAY_MIN), HYSTART_DELAY_MAX)) {
      ca(f).found = 1;
      unchecked((sndSsthresh[f] = cwnd));
    }
  }
}

export class Cubic extends CongestionOps {
  name(): string {
    return "cubic";
  }
  init(f: i32): void {
    cubicReset(f);
    ca(f).sampleCnt = 0;
    if (hystart) hystartReset(f);
  }

  congAvoid(f: i32, acked: u32): void {
    if (!tcpIsCwndLimited(f)) return;
    if (inSlowStart(f)) {
      acked = tcpSlowStart(f, acked);
      if (acked == 0) return;
    }
    cubicUpdate(f, unchecked(sndCwnd[f]), acked);
    tcpCongAvoidAi(f, ca(f).cnt, acked);
  }

  // cubictcp_recalc_ssthresh: end the epoch, remember W_max (fast convergence), reduce by beta.
  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    ca(f).epochStart = 0;
    if (cwnd < ca(f).lastMaxCwnd && FAST_CONVERGENCE) {
      ca(f).lastMaxCwnd = (cwnd * (BICTCP_BETA_SCALE + BETA)) / (2 * BICTCP_BETA_SCALE);
    } else ca(f).lastMaxCwnd = cwnd;
    return max((cwnd * BETA) / BICTCP_BETA_SCALE, <u32>2);
  }

  setState(f: i32, state: i32): void {
    if (state == CA_LOSS) {
      cubicReset(f);
      hystartReset(f);
    }
  }

  // After an idle period, shift the epoch so the window keeps to the cubic curve.
  cwndEvent(f: i32, event: i32): void {
    if (event != CA_EVENT_TX_START) return;
    const now = tcpJiffies32();
    const delta = <i32>(now - unchecked(lsndTime[f]));
    const epoch = ca(f).epochStart;
    if (epoch != 0 && delta > 0) {
      const shifted = epoch + <u32>delta;
      ca(f).epochStart = <i32>(shifted - now) > 0 ? now : shifted;
    }
  }

  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    if (rttNs < 0) return; // no RTT sample (Karn, or a duplicate ACK)
    const epoch = ca(f).epochStart;
    if (epoch != 0 && <i32>(tcpJiffies32() - epoch) < <i32>HZ) return; // just after recovery
    let delay = <u32>(rttNs / 1000);
    if (delay == 0) delay = 1;
    const delayMin = ca(f).delayMin;
    if (delayMin == 0 || delayMin > delay) ca(f).delayMin = delay;
    if (ca(f).found == 0 && inSlowStart(f) && hystart) hystartUpdate(f, delay);
  }
}
