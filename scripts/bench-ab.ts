// A/B per-packet rate of two builds of core.wasm on the seed's congested path: runs alternate A B B A
// in one process and are timed in CPU seconds (process.cpuUsage), so a loaded, shared machine
// (waiting for a core) skews them far less than wall time. Each case also checks that both builds
// sent the same number of packets (a build that changed the model is not a faster build).
// Usage: node --import tsx scripts/bench-ab.ts A.wasm B.wasm
//   REPS=20 BYTES=400000000 CCS=newreno,cubic PLACEMENTS=native,guest SACK=on KERNELS=linux-6.12
//   (SACK=on,off and KERNELS=linux-2.6.16,linux-6.12 for the matrix; the defaults are the cases
//   that were benchmarked first: native and guest sender, NewReno and CUBIC, the default TCP)
import { readFileSync } from "node:fs";
import { Core } from "../host/core.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { congestedPath } from "../host/paths.ts";
import type { CongestionControl } from "../host/congestion.ts";
import type { Kernel } from "../host/kernels.ts";
const [a, b] = process.argv.slice(2);
if (!a || !b) throw new Error("usage: node --import tsx scripts/bench-ab.ts A.wasm B.wasm (both built from trees whose host matches this one's calls)");
const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(",").filter(Boolean);
const REPS = Number(process.env.REPS ?? 20);
const mods = [a, b].map((f) => new WebAssembly.Module(readFileSync(f!)));
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
for (const kernel of list("KERNELS", "linux-6.12"))
  for (const placement of list("PLACEMENTS", "native,guest"))
    for (const cc of list("CCS", "newreno,cubic"))
      for (const sack of list("SACK", "on")) {
        const doc = congestedPath(cc as CongestionControl, Number(process.env.BYTES ?? 400_000_000));
        if (placement === "guest") doc.sender = { placement: "guest" };
        doc.tcp = { ...doc.tcp, sack: sack === "on", kernel: kernel as Kernel };
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
        if (pk[0] !== pk[1]) throw new Error(`${kernel} ${placement} ${cc} sack ${sack}: A sent ${pk[0]} packets, B ${pk[1]}: the builds model different things`);
        const [ma, mb] = rates.map(median);
        const [xa, xb] = rates.map((r) => Math.max(...r));
        console.log(`${kernel} ${placement} ${cc} sack-${sack}: median A ${ma!.toFixed(3)} B ${mb!.toFixed(3)} M pkts/s (B/A ${(mb! / ma!).toFixed(3)}); best A ${xa!.toFixed(3)} B ${xb!.toFixed(3)} (B/A ${(xb! / xa!).toFixed(3)}); pkts ${pk[0]}`);
      }
