// A/B per-packet rate of two builds of core.wasm on the seed's congested path (native and guest sender,
// NewReno and CUBIC): runs alternate A B B A in one process and are timed in CPU seconds
// (process.cpuUsage), so a loaded, shared machine (waiting for a core) skews them far less than wall
// time. Usage: node --import tsx scripts/bench-ab.ts A.wasm B.wasm  (REPS=20, BYTES=400000000)
import { readFileSync } from "node:fs";
import { Core } from "../host/core.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { congestedPath } from "../host/paths.ts";
const [a, b] = process.argv.slice(2);
if (!a || !b) throw new Error("usage: node --import tsx scripts/bench-ab.ts A.wasm B.wasm (both built from trees whose host matches this one's calls)");
const REPS = Number(process.env.REPS ?? 20);
const mods = [a, b].map((f) => new WebAssembly.Module(readFileSync(f!)));
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
for (const placement of ["native", "guest"] as const) {
  for (const cc of ["newreno", "cubic"] as const) {
    const doc = congestedPath(cc, Number(process.env.BYTES ?? 400_000_000));
    if (placement === "guest") doc.sender = { placement: "guest" };
    const s = parseScenario(doc);
    const rates: number[][] = [[], []];
    const pk = [0, 0];
    for (let r = 0; r < REPS; r++)
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const core = new Core(new WebAssembly.Instance(mods[i]!, {}));
        const t0 = process.cpuUsage();
        const { result } = simulate(core, s);
        const u = process.cpuUsage(t0);
        const w = (u.user + u.system) / 1e6; // CPU seconds: robust to waiting for a core on a loaded machine
        rates[i]!.push(result.dataPacketsSent / w / 1e6);
        pk[i] = result.dataPacketsSent;
      }
    const [ma, mb] = rates.map(median);
    const [xa, xb] = rates.map((r) => Math.max(...r));
    console.log(`${placement} ${cc}: median A ${ma!.toFixed(3)} B ${mb!.toFixed(3)} M pkts/s (B/A ${(mb! / ma!).toFixed(3)}); best A ${xa!.toFixed(3)} B ${xb!.toFixed(3)} (B/A ${(xb! / xa!).toFixed(3)}); pkts ${pk[0]} ${pk[1]}`);
  }
}
