// HighSpeed TCP (net/ipv4/tcp_highspeed.c, RFC 3649): above 38 segments the additive increase
// a(w) grows and the decrease b(w) shrinks with the window, read from the RFC's table.
//
// Where Linux differs from RFC 3649, this file follows Linux:
//  - a(w) and b(w) come from the 72-row table (RFC 3649 appendix B as hstcp_aimd_vals has it), not the
//    closed-form formulas: row i covers windows in (cwnd[i-1], cwnd[i]], a(w) = i + 1 segments per
//    RTT and b(w) = md[i]/256; above the last row (89053) the last row applies;
//  - the row index is tracked incrementally and only in congestion avoidance, so ssthresh uses
//    the row of the last window that grew (a loss in slow start uses the row left from before);
//  - slow start is plain tcp_slow_start (no limited slow start, RFC 3742).
import { CongestionOps, tcpIsCwndLimited, inSlowStart, tcpSlowStart, caPriv } from "./ops";
import { sndCwnd, sndCwndCnt, sndCwndClamp } from "../sock";

// hstcp_aimd_vals (tcp_highspeed.c): window upper bound of each row, segments
const AIMD_CWND: StaticArray<u32> = [
  38, 118, 221, 347, 495, 663, 851, 1058, 1284, 1529,
  1793, 2076, 2378, 2699, 3039, 3399, 3778, 4177, 4596, 5036,
  5497, 5979, 6483, 7009, 7558, 8130, 8726, 9346, 9991, 10661,
  11358, 12082, 12834, 13614, 14424, 15265, 16137, 17042, 17981, 18955,
  19965, 21013, 22101, 23230, 24402, 25618, 26881, 28193, 29557, 30975,
  32450, 33986, 35586, 37253, 38992, 40808, 42707, 44694, 46776, 48961,
  51258, 53677, 56230, 58932, 61799, 64851, 68113, 71617, 75401, 79517,
  84035, 89053,
];
// hstcp_aimd_vals (tcp_highspeed.c): b(w) of each row, << 8
const AIMD_MD: StaticArray<u32> = [
  128, 112, 104, 98, 93, 89, 86, 83, 81, 78,
  76, 74, 72, 71, 69, 68, 66, 65, 64, 62,
  61, 60, 59, 58, 57, 56, 55, 54, 53, 52,
  52, 51, 50, 49, 48, 48, 47, 46, 45, 45,
  44, 43, 43, 42, 41, 41, 40, 39, 39, 38,
  38, 37, 36, 36, 35, 35, 34, 33, 33, 32,
  32, 31, 30, 30, 29, 28, 28, 27, 26, 26,
  25, 24,
];
const AIMD_ROWS: u32 = 72; // HSTCP_AIMD_MAX, ARRAY_SIZE(hstcp_aimd_vals)
const MD_ARITH_CLAMP: u32 = 0xffffffff / 128; // keeps cwnd·md within u32 (hstcp_init)

// struct hstcp in the flow's private block
@unmanaged class HighSpeedCa {
  ai: u32; // the current table row
}
@inline function ca(f: i32): HighSpeedCa {
  return caPriv<HighSpeedCa>(f);
}

@inline function row(f: i32): u32 {
  return ca(f).ai;
}

export class HighSpeed extends CongestionOps {
  name(): string {
    return "highspeed";
  }
  init(f: i32): void {
    ca(f).ai = 0;
    unchecked((sndCwndClamp[f] = min(unchecked(sndCwndClamp[f]), MD_ARITH_CLAMP)));
  }

  congAvoid(f: i32, acked: u32): void {
    if (!tcpIsCwndLimited(f)) return;
    if (inSlowStart(f)) {
      tcpSlowStart(f, acked);
      return;
    }
    this.additiveIncrease(f);
  }

  // The row update and cwnd += a(w)/cwnd of hstcp_cong_avoid, the same in 2.6.16 and 6.x.
  additiveIncrease(f: i32): void {
    // keep AIMD_CWND[ai-1] < cwnd <= AIMD_CWND[ai]
    const cwnd = unchecked(sndCwnd[f]);
    let ai = row(f);
    if (cwnd > unchecked(AIMD_CWND[ai])) {
      while (cwnd > unchecked(AIMD_CWND[ai]) && ai < AIMD_ROWS - 1) ai++;
    } else if (ai != 0 && cwnd <= unchecked(AIMD_CWND[ai - 1])) {
      while (ai != 0 && cwnd <= unchecked(AIMD_CWND[ai - 1])) ai--;
    }
    ca(f).ai = ai;
    // cwnd += a(w) / cwnd per ACK (one ACK, whatever it covers, as Linux counts here)
    if (cwnd < unchecked(sndCwndClamp[f])) {
      let cnt = unchecked(sndCwndCnt[f]) + ai + 1;
      if (cnt >= cwnd) {
        cnt -= cwnd;
        unchecked((sndCwnd[f] = cwnd + 1));
      }
      unchecked((sndCwndCnt[f] = cnt));
    }
  }

  // cwnd · (1 − b(w)) for the current row.
  ssthresh(f: i32): u32 {
    const cwnd = unchecked(sndCwnd[f]);
    return max(cwnd - ((cwnd * unchecked(AIMD_MD[row(f)])) >> 8), <u32>2);
  }
}
