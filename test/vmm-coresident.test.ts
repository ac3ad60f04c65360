// A VM as a flow's receiver, and a flow between two VMs of one host (examples/coresident.json):
// packets for a VM reach it through the host's NIC, the bridge, its vNIC's backend and its vCPU, and
// its ACKs leave through its vNIC; between co-resident VMs they cross the bridge, both vNICs' backend
// passes on the host's backend CPU, and never touch the wire.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadNodeCore } from "../host/node.ts";
import { parseScenario, type ScenarioInput } from "../host/scenario.ts";
import { simulate, type SimResult } from "../host/simulate.ts";
import { assertNetworkInvariants } from "../host/verify/invariants.ts";

const DOC = JSON.parse(readFileSync("examples/coresident.json", "utf8")) as ScenarioInput;
const STOP_S = 1;
const PER_PACKET_US = DOC.hosts![1]!.vmm!.perPacketUs!;
const MSS = DOC.tcp!.mss!;

async function run(doc: ScenarioInput): Promise<SimResult> {
  const s = parseScenario({ ...doc, stopTimeS: STOP_S });
  const r = simulate(await loadNodeCore(), s).result;
  assertNetworkInvariants(s, r);
  return r;
}
const machine = (r: SimResult, name: string) => r.machines!.find((m) => m.name === name)!;
const link = (r: SimResult, name: string) => r.links.find((l) => l.name === name)!;

test("a VM receives over the wire: data reach it through its host's backend, its ACKs leave through it", async () => {
  const r = await run({ ...DOC, flows: [{ ...DOC.flows[0]!, bytes: 3_000_000 }], stopTimeS: 0 });
  const f = r.flows[0]!;
  assert.equal(f.bytesDelivered, 3_000_000);
  assert.notEqual(f.completionTimeS, null);
  // every data segment crossed the reverse-side host's backend once on its way in, every ACK once
  // on its way out; the ACKs left on xen's NIC (the receiving side's)
  const acks = link(r, "xen-nic").sent;
  assert.ok(acks > 0, "the VM's ACKs left through its host's NIC");
  assert.equal(machine(r, "xen").backend!.packets, f.dataPacketsSent + acks, "one backend pass per data segment and per ACK");
  assert.equal(link(r, "client-nic").sent, f.dataPacketsSent, "data went on the wire");
});

test("two co-resident VMs: never on the wire, two backend passes per packet, bounded by the backend CPU", async () => {
  const doc: ScenarioInput = { ...DOC, hosts: DOC.hosts!.slice(1), flows: [{ ...DOC.flows[1]!, startMs: 0 }] };
  const r = await run(doc);
  for (const l of r.links) assert.equal(l.arrivals, 0, `${l.name}: a co-resident flow's packet reached the wire`);
  assert.equal(r.conservation.injected, 0);
  const f = r.flows[0]!;
  assert.ok(f.bytesDelivered > 0);
  // each data segment and each ACK is served twice (out of the sender's vNIC, into the receiver's)
  const served = machine(r, "xen").backend!.packets;
  assert.ok(served >= 2 * f.dataPacketsSent, `backend served ${served} for ${f.dataPacketsSent} data segments`);
  // the backend is the bottleneck (no link in the way): saturated, and the goodput within its
  // capacity of mss per two passes (ACKs take more of it)
  const u = machine(r, "xen").backend!.utilisation;
  // (busy time counts the request in service in full: up to one request's cost beyond the run)
  assert.ok(u > 0.95 && u <= 1 + (PER_PACKET_US * 1e-6) / STOP_S, `backend utilisation ${u}`);
  const capacityKBps = MSS / (2 * PER_PACKET_US * 1e-6) / 1000;
  assert.ok(f.goodputKBps < capacityKBps, `${f.goodputKBps} KB/s beyond ${capacityKBps}`);
  assert.ok(f.goodputKBps > 0.5 * capacityKBps, `${f.goodputKBps} KB/s: far below the backend's capacity ${capacityKBps}`);
});

test("the co-resident flow and the VM receiving from the wire share the backend: the second slows the first", async () => {
  const both = await run(DOC);
  const alone = await run({ ...DOC, flows: [DOC.flows[0]!] });
  const g = both.flows[0]!.goodputKBps;
  const a = alone.flows[0]!.goodputKBps;
  assert.ok(both.flows[1]!.bytesDelivered > 0);
  assert.ok(g < 0.9 * a, `web's goodput with the app→db flow ${g} KB/s, alone ${a} KB/s`);
});

test("co-resident and VM-receiver runs: same seed, same bytes; another seed, other bytes", async () => {
  const a = await run(DOC);
  assert.deepEqual(await run(DOC), a);
  const c = await run({ ...DOC, seed: 2 });
  assert.notDeepEqual(c.flows.map((f) => f.deliveryHash), a.flows.map((f) => f.deliveryHash));
});

test("placements are checked, each problem naming its field", () => {
  const bad = (flows: object[], re: RegExp) => assert.throws(() => parseScenario({ ...DOC, flows }), re);
  bad([{ bytes: 0, from: "web", to: "web" }], /flows\.0\.to: got "web"; is the sender's own machine/);
  bad([{ bytes: 0, from: "xen", to: "web" }, { bytes: 0, from: "client", to: "app" }], /flows\.0\.to: got "web"; is on the sender's host xen: a flow within one host goes between two of its VMs/);
  bad([{ bytes: 0, from: "client", to: "db9" }], /flows\.0\.to: got "db9"; must name a host or a VM \(client, xen, web, app, db\)/);
  // xen would send on the wire (web → client) and receive on it (client → app)
  bad([{ bytes: 0, from: "web", to: "client" }, { bytes: 0, from: "client", to: "app" }], /flows\.0\.to: got "client"; is on host client, which also sends on the wire/);
});

test("a lone segment between co-resident VMs crosses the backend core four times, each pass waiting for its period boundary when the core is idle", async () => {
  const lone = (periodUs: number): ScenarioInput => ({
    ...DOC,
    stopTimeS: 0,
    tcp: { ...DOC.tcp, initialCwnd: 1 },
    hosts: [{ name: "xen", vmm: { perPacketUs: PER_PACKET_US, backendPeriodUs: periodUs } }],
    vms: DOC.vms!.map((v) => ({ ...v, guestWakeupUs: 0 })),
    flows: [{ cc: "newreno", bytes: MSS, from: "app", to: "db" }],
  });
  const p = PER_PACKET_US / 1000; // ms
  // served at once: data out of app's vNIC, into db's; the ACK out of db's, into app's
  assert.equal((await run(lone(0))).flows[0]!.minRttMs, 4 * p);
  // period 1 ms: the data waits for t = 1 ms, its two passes follow back to back (the core is busy);
  // the ACK finds the core idle and waits for t = 2 ms
  assert.equal((await run(lone(1000))).flows[0]!.minRttMs, 2 + 2 * p);
});

test("a VM's VMM policy governs only what its guest sends: receiving VMs' policies leave the flows they receive alone", async () => {
  const withPolicies = (names: string[]): ScenarioInput => ({
    ...DOC,
    stopTimeS: 0,
    vms: DOC.vms!.map((v) => ({ ...v, vmm: { policy: names.includes(v.name) ? "foxyvegas" : "none" } })),
    flows: [{ cc: "vegas", bytes: 500_000, from: "client", to: "web" }, { cc: "vegas", bytes: 500_000, from: "app", to: "db" }],
  });
  const all = await run(withPolicies(["web", "app", "db"]));
  const senderOnly = await run(withPolicies(["app"]));
  assert.deepEqual(all.flows.map((f) => f.bytesDelivered), [500_000, 500_000]);
  assert.ok(all.flows[1]!.vmm!.rttSamples! > 0, "app's policy saw its own flow's ACKs");
  // web's and db's FoxyVegas change nothing: each flow runs as if they had none
  assert.deepEqual(all.flows, senderOnly.flows);
});
