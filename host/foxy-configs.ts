// The configurations of seed 001 §4.3 on the calibrated testbed (host/testbed.ts), and the
// published numbers they are compared with.
import type { ScenarioInput } from "./scenario.ts";
import type { CongestionControl } from "./congestion.ts";
import { congestedPath, fastPath } from "./paths.ts";
import { ROUTER_PER_PACKET_US } from "./testbed.ts";

export type Placement = "native" | "guest" | "foxyvegas";

// A sender of congestion control `cc`: natively, in a guest, or in a guest under FoxyVegas.
export function configure(base: ScenarioInput, cc: CongestionControl, placement: Placement): ScenarioInput {
  const doc = structuredClone(base);
  doc.flows = doc.flows.map((f) => ({ ...f, cc }));
  doc.path.forward = { ...doc.path.forward, routerPerPacketUs: ROUTER_PER_PACKET_US };
  doc.tcp = { ...doc.tcp, kernel: "linux-2.6.16", hz: 100 }; // the seed testbed's kernel (anchors-wave2.md §1.0)
  if (placement !== "native") doc.sender = { placement: "guest", vmm: { policy: placement === "foxyvegas" ? "foxyvegas" : "none" } };
  return doc;
}

export const seedFastPath = (cc: CongestionControl, placement: Placement, seconds: number) => configure(fastPath(cc, seconds), cc, placement);
export const seedCongestedPath = (cc: CongestionControl, placement: Placement, bytes: number) => configure(congestedPath(cc, bytes), cc, placement);

// Table 1 (fast path), MB/s — MB taken as 10^6 bytes.
export const TABLE1 = { "native-vegas": 42.442, "guest-vegas": 23.831, foxyvegas: 33.692 } as const;

// Table 2 (congested path, 400 MB), KB/s without → with FoxyVegas — KB taken as 1000 bytes.
export const TABLE2: Record<CongestionControl, { without: number; with: number }> = {
  newreno: { without: 830, with: 1275 },
  bic: { without: 789, with: 1281 },
  cubic: { without: 921, with: 1270 },
  htcp: { without: 1063, with: 1367 },
  highspeed: { without: 1030, with: 1291 },
  hybla: { without: 1058, with: 1317 },
  westwood: { without: 902, with: 1326 },
  scalable: { without: 732, with: 1328 },
  vegas: { without: 1466, with: 1433 },
};
