// The seed testbed's overheads (001 §4.3: 2.4 GHz Pentium 4 PCs, Gigabit Ethernet, Xen 3.0.2,
// Linux 2.6.16), calibrated ONCE for every FoxyVegas experiment and then held fixed. Which
// published numbers informed each value is said beside it; everything else is a prediction.
// See README "FoxyVegas calibration".

// The router PC's per-packet forwarding cost (tbf + netem on a 2007 PC). Informed by Table 1's
// native Vegas row: bisection gives native Vegas 42.449 MB/s over 60 s (paper 42.442). The router
// does this work at ingress; bursts wait in its NIC's receive ring (host/simulate.ts).
export const ROUTER_PER_PACKET_US = 34;

// The Xen 3.0 split network driver of the sender (netfront → netback → bridge → NIC and back).
export const XEN_2007 = {
  // The three below: the best of a 4 × 5 × 4 grid (scripts/calibrate-foxyvegas.ts) scored against
  // Table 1's guest Vegas (23.831 MB/s) and FoxyVegas (33.692 MB/s) and Table 2's guest NewReno
  // without FoxyVegas (830 KB/s); the fit gives 17.89 MB/s, 42.11 MB/s and 863 KB/s.
  // CPU per packet in the driver path, both directions (page flipping in Xen 3.0 netback).
  perPacketUs: 24,
  // driver domain scheduling period: packets cross in batches. 4 ms is one jiffy of the dom0
  // kernel (Linux 2.6.16, HZ = 250).
  backendPeriodUs: 4000,
  // mean delay before the guest runs to take received packets.
  guestWakeupUs: 50,
  // its distribution: exponential (memoryless) was the modelling choice, not a measurement.
  guestWakeupDistribution: "exponential",
} as const;
