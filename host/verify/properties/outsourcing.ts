// The inter-VM path model (assembly/app/, cpu/, vmm/paths.ts) on random testbeds: any path at each
// end (co-resident or over a link), bulk or request/response, costs scaled at random. Bytes are
// conserved end to end; throughput never exceeds the slowest link or the capacity of a CPU every
// segment uses; a transaction never takes less than the fixed costs of the stages it crosses.
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadNodeCore } from "../../node.ts";
import { runTestbed, PATHS, type AppSpec, type PathName, type TestbedSpec } from "../../outsourcing/model.ts";
import { COSTS, type Costs } from "../../outsourcing/calibration.ts";
import { busiestStageNs, fixedOneWay } from "../paths-invariants.ts";
import { property, type Suite } from "../property.ts";

const MS = 1e6;
const scaled = fc.record({
  stackNs: fc.integer({ min: 200, max: 8000 }),
  copyPsPerByte: fc.integer({ min: 0, max: 1000 }),
  syscallNs: fc.integer({ min: 0, max: 2000 }),
  notifyNs: fc.integer({ min: 0, max: 5000 }),
  wakeNs: fc.integer({ min: 0, max: 100_000 }),
  backendNs: fc.integer({ min: 500, max: 30_000 }),
  rpcGuestNs: fc.integer({ min: 0, max: 2000 }),
  rpcHostNs: fc.integer({ min: 0, max: 2000 }),
  fifoEntries: fc.constantFrom(100, 400, 2 ** 15),
});
const app = fc.oneof(
  fc.record({ kind: fc.constant("bulk" as const), writeBytes: fc.integer({ min: 1, max: 65536 }) }),
  fc.record({ kind: fc.constant("rr" as const), requestBytes: fc.integer({ min: 1, max: 20_000 }), responseBytes: fc.integer({ min: 1, max: 20_000 }), serverNs: fc.integer({ min: 0, max: 50_000 }) }),
);

interface Case { costs: Costs; a: PathName; b: PathName; coResident: boolean; rateBps: number; windowBytes: number; app: AppSpec }

function spec(c: Case): TestbedSpec {
  const end = (path: PathName, name: string, host: string, core: number) => (path === "native" ? { machine: host, vms: [] } : { machine: name, vms: [{ name, host, path, vcpuCore: core }] });
  // co-resident: both on "server" (two native ends are two processes of the host); else b on "client"
  const a = end(c.a, "vmA", "server", 1);
  const b = end(c.b, "vmB", c.coResident ? "server" : "client", 2);
  return {
    costs: c.costs, windowBytes: c.windowBytes, warmupNs: 5 * MS, stopNs: 35 * MS,
    hosts: [{ name: "server", cores: 4, backendCore: 0 }, { name: "client", cores: 4, backendCore: 0 }],
    vms: [...a.vms, ...b.vms] as TestbedSpec["vms"],
    links: c.coResident ? [] : [{ rateBps: c.rateBps, delayNs: 2000 }],
    conns: [{ a: a.machine, aCore: 1, b: b.machine, bCore: c.coResident ? 3 : 2, ...(c.coResident ? {} : { link: 0 }), app: c.app }],
  };
}

const cases = fc.record({
  costs: scaled.map((s) => ({ ...COSTS, ...s })),
  a: fc.constantFrom(...PATHS),
  b: fc.constantFrom(...PATHS),
  coResident: fc.boolean(),
  rateBps: fc.constantFrom(100e6, 1e9, 10e9),
  windowBytes: fc.integer({ min: 4096, max: 65536 }),
  app,
});

export const outsourcing: Suite = {
  name: "outsourcing",
  summary: "the inter-VM paths (native, hosted, socket-outsourcing, XenLoop): bytes conserved, throughput within links and CPUs, latency above fixed costs",
  properties: [
    property({
      name: "testbeds",
      summary: "random inter-VM testbeds: bytes conserved, throughput within links and CPUs, latency above fixed costs",
      runs: 60,
      arbitrary: cases,
      document: spec,
      async check(c) {
        const s = spec(c);
        const r = runTestbed(await loadNodeCore(), s);
        const conn = r.conns[0]!;
        for (const d of [0, 1] as const) {
          assert.equal(conn.sent[d], conn.received[d] + conn.inFlight[d], `direction ${d}: sent = received + in flight`);
          assert.ok(conn.inFlight[d] <= c.windowBytes, `direction ${d}: in flight ${conn.inFlight[d]} within the window`);
        }
        for (const core of r.cores) assert.ok(core.busy <= 1 + 1e-9, `${core.label} busy ${core.busy}`);
        const T = r.windowNs;
        const mss = c.costs.mss;
        if (c.app.kind === "bulk") {
          const bytes = conn.bytes[0];
          if (!c.coResident) {
            const linkBytes = ((c.rateBps / 8) * (T / 1e9) * mss) / (mss + c.costs.wireOverheadBytes);
            assert.ok(bytes <= linkBytes + c.windowBytes + mss, `${bytes} B over a link that carries ${linkBytes} B`);
          }
          const cpuBytes = (T / busiestStageNs(c.costs, c.a, c.b, c.coResident) + 1) * mss;
          assert.ok(bytes <= cpuBytes + c.windowBytes, `${bytes} B through a CPU that serves ${cpuBytes} B`);
        } else if (conn.exchanges > 0) {
          const link = c.coResident ? 0 : 2 * (2000 + ((c.costs.wireOverheadBytes + 1) * 8e9) / c.rateBps);
          const floor = fixedOneWay(c.costs, c.a, c.b, c.coResident) + fixedOneWay(c.costs, c.b, c.a, c.coResident) + c.app.serverNs + link;
          assert.ok(conn.exchangeMeanNs >= floor - 1, `exchange ${conn.exchangeMeanNs} ns below the fixed costs ${floor} ns`);
        }
      },
    }),
  ],
};
