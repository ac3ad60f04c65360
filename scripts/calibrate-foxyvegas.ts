// How host/testbed.ts's constants were chosen (run: node --import tsx scripts/calibrate-foxyvegas.ts).
// Four published numbers of seed 001 inform them; the other 17 cells of Table 2 and Figures 3–4 are
// predictions.
//  1. ROUTER_PER_PACKET_US: bisection so that native Vegas on the fast path (60 s) carries 42.442 MB/s.
//  2. XEN_2007: a grid over (per-packet cost, backend period, guest wake-up), scored by the squared
//     log error against Table 1's guest Vegas (23.831 MB/s) and FoxyVegas tricking BIC (33.692 MB/s)
//     and Table 2's guest NewReno without FoxyVegas (830 KB/s, 400 MB congested transfer).
import { loadNodeCore } from "../host/node.ts";
import { parseScenario, type ScenarioInput } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { congestedPath, fastPath } from "../host/paths.ts";
import type { CongestionControl } from "../host/congestion.ts";

const SECONDS = Number(process.env.CAL_SECONDS ?? 60);

async function mbps(cc: CongestionControl, sender: ScenarioInput["sender"], routerUs: number, congested = false): Promise<number> {
  const doc = congested ? congestedPath(cc) : fastPath(cc, SECONDS);
  doc.path.forward!.routerPerPacketUs = routerUs;
  doc.sender = sender;
  const { result } = simulate(await loadNodeCore(), parseScenario(doc));
  return result.goodputKBps / 1000;
}

let lo = 25;
let hi = 40;
for (let i = 0; i < 12; i++) {
  const mid = (lo + hi) / 2;
  const v = await mbps("vegas", undefined, mid);
  if (v > 42.442) lo = mid;
  else hi = mid;
}
const router = Math.round(((lo + hi) / 2) * 10) / 10;
console.log(`router per-packet cost: ${router} µs → native Vegas ${(await mbps("vegas", undefined, router)).toFixed(3)} MB/s (paper 42.442)`);

const rows: number[][] = [];
for (const perPacketUs of [24, 28, 32, 36])
  for (const backendPeriodUs of [250, 500, 1000, 2000, 4000])
    for (const guestWakeupUs of [50, 200, 1000, 3000]) {
      const virtualization = { perPacketUs, backendPeriodUs, guestWakeupUs };
      const guest = await mbps("vegas", { placement: "guest", virtualization }, router);
      const foxy = await mbps("bic", { placement: "guest", vmm: { policy: "foxyvegas" }, virtualization }, router);
      const reno = await mbps("newreno", { placement: "guest", virtualization }, router, true);
      const err = Math.log(guest / 23.831) ** 2 + Math.log(foxy / 33.692) ** 2 + Math.log(reno / 0.83) ** 2;
      rows.push([perPacketUs, backendPeriodUs, guestWakeupUs, guest, foxy, reno, err]);
      process.stderr.write(`${perPacketUs} ${backendPeriodUs} ${guestWakeupUs}: guest ${guest.toFixed(2)} foxy ${foxy.toFixed(2)} newreno ${reno.toFixed(3)} err ${err.toFixed(4)}\n`);
    }
rows.sort((a, b) => a[6]! - b[6]!);
console.log("best (perPacketUs, backendPeriodUs, guestWakeupUs, guest Vegas MB/s, FoxyVegas MB/s, guest NewReno congested MB/s, score):");
for (const r of rows.slice(0, 8)) console.log(r.map((v) => (Number.isInteger(v) ? v : v.toFixed(3))).join("  "));
