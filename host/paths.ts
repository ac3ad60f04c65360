// The seed's two paths (001 §4.3), as scenario documents. examples/congested.json and
// examples/fast.json are these with NewReno (a test keeps them in step).
import type { ScenarioInput } from "./scenario.ts";
import type { CongestionControl } from "./congestion.ts";

// Congested path: token bucket 2000 KB/s, queue 6000 B, 10 ms delay, 400 MB transfer.
// The seed gives no burst; 10 000 B is the smallest tbf burst Linux accepts at HZ=250 for this
// rate (rate/HZ = 8 000 B) rounded up, and is our assumption.
export function congestedPath(cc: CongestionControl, bytes = 400_000_000): ScenarioInput {
  return {
    name: "congested",
    seed: 1,
    path: {
      lineRateMbps: 1000,
      forward: { delayMs: 10, shaper: { rateKBps: 2000, burstBytes: 10_000, limitBytes: 6000 } },
      reverse: { delayMs: 0 },
    },
    tcp: { mss: 1448, initialCwnd: 10, rcvBufBytes: 6_291_456 },
    flows: [{ cc, bytes }],
    trace: { periodMs: 10 },
  };
}

// Fast path: token bucket 200 MB/s, queue 10 500 B, 10 ms delay, 60 s. The hosts are on Gigabit
// Ethernet, so the 125 MB/s line, not the 200 MB/s bucket, is the real bottleneck.
export function fastPath(cc: CongestionControl, seconds = 60): ScenarioInput {
  return {
    name: "fast",
    seed: 1,
    stopTimeS: seconds,
    path: {
      lineRateMbps: 1000,
      forward: { delayMs: 10, shaper: { rateKBps: 200_000, burstBytes: 10_500, limitBytes: 10_500 } },
      reverse: { delayMs: 0 },
    },
    tcp: { mss: 1448, initialCwnd: 10, rcvBufBytes: 6_291_456 },
    flows: [{ cc, bytes: 0 }],
    trace: { periodMs: 10 },
  };
}
