// The seed testbed's overheads (001 §4.3: 2.4 GHz Pentium 4 PCs, Gigabit Ethernet, Xen 3.0.2,
// Linux 2.6.16), calibrated ONCE for every FoxyVegas experiment and then held fixed. Which
// published numbers informed each value is said beside it; everything else is a prediction.
// See README "FoxyVegas calibration".

// The router PC's per-packet forwarding cost (tbf + netem on a 2007 PC). Informed by Table 1's
// native Vegas row (42.442 MB/s): 1514-byte frames at that rate leave every 34 µs.
export const ROUTER_PER_PACKET_US = 34;

// The Xen 3.0 split network driver of the sender (netfront → netback → bridge → NIC and back).
export const XEN_2007 = {
  // CPU per packet in the driver path, both directions. Informed by Table 1's FoxyVegas row.
  perPacketUs: 30,
  // driver domain scheduling period: packets cross in batches. Informed by Table 1's guest Vegas row.
  backendPeriodUs: 1000,
  // mean delay before the guest runs to take received packets. Informed by Table 1's guest Vegas row.
  guestWakeupUs: 500,
} as const;
