// Two VMs on one host share its NIC and its VMM's backend CPU (examples/two-vm.json): what one
// guest gets depends on the other. A guest alone leaves the backend half idle; with a second one
// the backend saturates and each guest gets less than it did alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadNodeCore } from "../host/node.ts";
import { parseScenario, type ScenarioInput } from "../host/scenario.ts";
import { simulate, type SimResult } from "../host/simulate.ts";

const TWO = JSON.parse(readFileSync("examples/two-vm.json", "utf8")) as ScenarioInput;
const STOP_S = 2; // shorter than the example's 5 s: the steady state is reached within 0.5 s
const ONE: ScenarioInput = { ...TWO, vms: TWO.vms!.slice(0, 1), flows: TWO.flows.slice(0, 1) };

async function run(doc: ScenarioInput): Promise<SimResult> {
  return simulate(await loadNodeCore(), parseScenario({ ...doc, stopTimeS: STOP_S })).result;
}
const machine = (r: SimResult, name: string) => r.machines!.find((m) => m.name === name)!;

test("two guests share the host's backend CPU: their goodputs sum to at most its capacity, and it is busier than with one", async () => {
  const two = await run(TWO);
  const one = await run(ONE);
  const host = TWO.hosts![0]!;
  const mss = TWO.tcp!.mss!;
  // capacity: every data segment takes one backend slot of perPacketUs, and the line carries
  // lineRate × mss / (mss + 66) of payload
  const backendKBps = mss / host.vmm!.perPacketUs! / 1e-6 / 1000;
  const lineKBps = ((TWO.path.lineRateMbps! * 1e6) / 8 / 1000) * (mss / (mss + 66));
  const vm1 = machine(two, "vm1").goodputKBps;
  const vm2 = machine(two, "vm2").goodputKBps;
  assert.ok(vm1 > 0 && vm2 > 0, `both guests send: ${vm1}, ${vm2}`);
  assert.ok(vm1 + vm2 <= Math.min(backendKBps, lineKBps), `${vm1} + ${vm2} KB/s > capacity ${Math.min(backendKBps, lineKBps)} KB/s`);
  assert.equal(machine(two, "xen").goodputKBps, vm1 + vm2, "a host's goodput is its VMs'");
  // the backend serves each data segment and each ACK once
  const served = machine(two, "xen").backend!.packets;
  const acks = two.links.find((l) => l.name === "receiver-nic")!.sent;
  assert.ok(Math.abs(served - (two.dataPacketsSent + acks)) <= 2 * 256, `backend served ${served}, data ${two.dataPacketsSent} + ACKs ${acks}`);
  const u1 = machine(one, "xen").backend!.utilisation;
  const u2 = machine(two, "xen").backend!.utilisation;
  assert.ok(u1 > 0.2 && u1 < 0.8, `one guest leaves the backend partly idle: ${u1}`);
  assert.ok(u2 > u1 + 0.2 && u2 <= 1, `two guests load it more: ${u2} vs ${u1}`);
  // the interaction: each guest gets less than a guest alone
  const alone = machine(one, "vm1").goodputKBps;
  assert.ok(vm1 < 0.95 * alone && vm2 < 0.95 * alone, `alone ${alone} KB/s, together ${vm1} and ${vm2}`);
});

test("two VMs: same seed, same bytes; another seed, other bytes", async () => {
  const a = await run(TWO);
  const b = await run(TWO);
  assert.deepEqual(a, b);
  const c = await run({ ...TWO, seed: 2 });
  assert.notDeepEqual(c.flows.map((f) => f.deliveryHash), a.flows.map((f) => f.deliveryHash));
});

test("machines are checked: a VM on a host without a VMM, a flow from an unknown machine, sender.placement beside hosts", () => {
  const bad = (doc: object, re: RegExp) => assert.throws(() => parseScenario({ ...TWO, ...doc }), re);
  bad({ hosts: [{ name: "xen" }, { name: "receiver" }] }, /vms\.0\.host: got "xen"; names a host without a vmm/);
  bad({ flows: [{ bytes: 0, from: "vm9", to: "receiver" }] }, /flows\.0\.from: got "vm9"; must name a host or a VM/);
  bad({ flows: [{ bytes: 0, from: "vm1", to: "xen" }] }, /flows\.0\.to: got "xen"; is on the sender.s host xen/);
  bad({ flows: [{ bytes: 0, from: "vm1" }] }, /flows\.0\.to: missing|flows\.0\.to: got nothing/);
  bad({ sender: { placement: "guest" } }, /sender: got "guest"; describe a virtualized sender as a VM/);
  bad({ vms: [{ name: "xen", host: "xen" }] }, /vms\.0\.name: got "xen"; is taken already/);
  assert.throws(() => parseScenario({ path: {}, flows: [{ bytes: 1, from: "a" }] }), /flows\.0\.from: got "a"; names a machine: list the machines in hosts/);
});

test("the documented migration: sender.placement guest is the host 'sender' with a VMM and the VM 'guest' on it", async () => {
  const legacy: ScenarioInput = { path: { forward: { delayMs: 5 } }, stopTimeS: 0.5, sender: { placement: "guest", vmm: { policy: "foxyvegas" } }, flows: [{ cc: "bic", bytes: 0 }] };
  const explicit: ScenarioInput = {
    path: { forward: { delayMs: 5 } },
    stopTimeS: 0.5,
    hosts: [{ name: "sender", vmm: {} }, { name: "receiver" }],
    vms: [{ name: "guest", host: "sender", vmm: { policy: "foxyvegas" } }],
    flows: [{ cc: "bic", bytes: 0, from: "guest", to: "receiver" }],
  };
  const core = await loadNodeCore();
  const a = simulate(core, parseScenario(legacy)).result;
  const { machines, ...b } = simulate(core, parseScenario(explicit)).result;
  assert.ok(machines && machines.length === 3);
  assert.deepEqual(b, a);
});
