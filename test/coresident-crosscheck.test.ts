// The two models of a co-resident bulk stream, side by side (issue 13 follow-up): the inter-VM path
// model's conventional `hosted` path (host/outsourcing: loss-free window-limited sockets whose
// packets queue as jobs on CPU cores, vmm/paths.ts) and the TCP world's flow between two VMs of one
// host (real TCP through both vNICs, the bridge and the backend CPU, vmm/device.ts). Given the same
// per-packet costs — the backend's pass per packet, no link, every other cost zero because the TCP
// world has no guest-stack, copy, notification or wake-up costs — both are bounded by the same
// work: each data segment crosses the backend twice (out of one vNIC, into the other), and so does
// each ACK, one per two segments: 3 passes per segment, throughput = MSS / (3 × backend cost).
// Where they differ: the TCP world starts in slow start (counted in its goodput, measured from the
// flow's start) and sends quick ACKs (16, TCP_MAX_QUICKACKS) before settling on one per two
// segments; the paths model measures after a warm-up, with an ACK per two segments throughout. Both
// windows (262 144 B) keep the backend's queue busy, and neither loses a packet (the TCP world's
// receive ring, 256, holds the window's 181 segments). So they agree to within what the start-up
// costs: ≤ 2 % over a 0.5 s run (slow start reaches the window in < 10 ms, ACK quick-mode in 16 ACKs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadNodeCore } from "../host/node.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { runTestbed } from "../host/outsourcing/model.ts";
import { COSTS, MSS, WINDOW_BYTES } from "../host/outsourcing/calibration.ts";

const BACKEND_NS = COSTS.backendNs; // the paths model's calibrated backend + bridge pass per packet
const RUN_S = 0.5;
const AGREE = 0.02; // the start-up's share of the run (header)

async function pathsModelMbps(): Promise<number> {
  const zero = { stackNs: 0, copyPsPerByte: 0, syscallNs: 0, notifyNs: 0, wakeNs: 0, rpcGuestNs: 0, rpcHostNs: 0 };
  const r = runTestbed(await loadNodeCore(), {
    costs: { ...COSTS, ...zero, backendNs: BACKEND_NS },
    hosts: [{ name: "server", cores: 3, backendCore: 0 }],
    vms: [{ name: "vm1", host: "server", path: "hosted", vcpuCore: 1 }, { name: "vm2", host: "server", path: "hosted", vcpuCore: 2 }],
    links: [],
    conns: [{ a: "vm1", aCore: 1, b: "vm2", bCore: 2, app: { kind: "bulk", writeBytes: 64 * MSS } }],
    windowBytes: WINDOW_BYTES,
    warmupNs: 50e6,
    stopNs: 50e6 + RUN_S * 1e9,
  });
  return (r.conns[0]!.bytes[0] * 8) / r.windowNs * 1000;
}

async function tcpWorldMbps(): Promise<{ mbps: number; retransmits: number }> {
  const s = parseScenario({
    name: "coresident-crosscheck",
    stopTimeS: RUN_S,
    path: {},
    tcp: { mss: MSS, rcvBufBytes: WINDOW_BYTES },
    hosts: [{ name: "server", vmm: { perPacketUs: BACKEND_NS / 1000, backendPeriodUs: 0 } }],
    vms: [{ name: "vm1", host: "server", guestWakeupUs: 0 }, { name: "vm2", host: "server", guestWakeupUs: 0 }],
    flows: [{ cc: "cubic", bytes: 0, from: "vm1", to: "vm2" }],
    trace: { periodMs: 0 },
  });
  const r = simulate(await loadNodeCore(), s).result;
  return { mbps: (r.flows[0]!.goodputKBps * 8) / 1000, retransmits: r.retransmits };
}

test("co-resident bulk: the paths model's hosted path and the TCP world's VM-to-VM flow agree on the backend-bound rate", async () => {
  const paths = await pathsModelMbps();
  const tcp = await tcpWorldMbps();
  const hard = (MSS * 8) / (2 * BACKEND_NS) * 1000; // Mbit/s: the data's own 2 passes, ACKs free
  const bound = (MSS * 8) / (3 * BACKEND_NS) * 1000; // with an ACK's 2 passes per 2 segments
  assert.equal(tcp.retransmits, 0, "the TCP world's co-resident flow loses nothing");
  for (const [name, v] of [["paths", paths], ["tcp", tcp.mbps]] as const) {
    assert.ok(v < hard, `${name}: ${v} Mbit/s beyond the backend's capacity for the data alone, ${hard}`);
    assert.ok(Math.abs(v - bound) / bound <= 0.01, `${name}: ${v} Mbit/s, not the 3-passes-per-segment rate ${bound}`);
  }
  assert.ok(Math.abs(paths - tcp.mbps) / paths <= AGREE, `paths model ${paths.toFixed(1)} Mbit/s, TCP world ${tcp.mbps.toFixed(1)} Mbit/s, bound ${bound.toFixed(1)}`);
  console.log(`# co-resident bulk, backend ${BACKEND_NS} ns/packet: paths model ${paths.toFixed(2)} Mbit/s, TCP world ${tcp.mbps.toFixed(2)} Mbit/s, bound ${bound.toFixed(2)} Mbit/s`);
});
