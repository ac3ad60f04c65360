// The end-of-round decision of TCP Vegas (tcp_vegas_cong_avoid, net/ipv4/tcp_vegas.c) as a pure
// function, shared by the guest's Vegas (tcp/cc/vegas.ts) and the VMM's FoxyVegas
// (vmm/foxyvegas.ts) so both run one rule. It lives outside tcp/ because a VMM policy may not
// import the guest's stack.
//
// From cwnd, ssthresh, baseRTT and this round's minimum RTT (µs, as Vegas keeps them: sample + 1),
// the segments this ACK acknowledged (slow start grows by them) and the cwnd clamp, the new cwnd
// and ssthresh, packed by vegasPack. In slow start: leave it at diff > γ with cwnd = the actual rate
// × baseRTT + 1, else keep slow-starting. In congestion avoidance: −1 above β, +1 below α. Then
// cwnd ≥ 2, and ssthresh at least ¾ cwnd (tcp_current_ssthresh in the Open state).
export function vegasDecide(cwnd: u32, ssthresh: u32, baseRtt: u32, rtt: u32, acked: u32, clamp: u32, alpha: u32, beta: u32, gamma: u32): u64 {
  const targetCwnd = <u32>((<u64>cwnd * <u64>baseRtt) / <u64>rtt);
  const diff: u32 = (cwnd * (rtt - baseRtt)) / baseRtt; // u32 arithmetic, as Linux
  const slowStart = cwnd < ssthresh;
  if (diff > gamma && slowStart) {
    cwnd = min(cwnd, targetCwnd + 1);
    ssthresh = min(ssthresh, cwnd);
  } else if (slowStart) {
    cwnd = min(min(cwnd + acked, ssthresh), clamp); // tcp_slow_start
  } else if (diff > beta) {
    cwnd--;
    ssthresh = min(ssthresh, cwnd);
  } else if (diff < alpha) {
    cwnd++;
  }
  if (cwnd < 2) cwnd = 2;
  else if (cwnd > clamp) cwnd = clamp;
  ssthresh = max(ssthresh, (cwnd >> 1) + (cwnd >> 2));
  return vegasPack(cwnd, ssthresh);
}

@inline export function vegasPack(cwnd: u32, ssthresh: u32): u64 {
  return (<u64>cwnd << 32) | <u64>ssthresh;
}
@inline export function vegasCwndOf(r: u64): u32 {
  return <u32>(r >> 32);
}
@inline export function vegasSsthreshOf(r: u64): u32 {
  return <u32>r;
}
