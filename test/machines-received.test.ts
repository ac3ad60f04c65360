// Receivers in network results (examples/coresident.json: client → VM web over the wire, VM app →
// VM db through xen's bridge): each machine reports the goodput it receives beside what it sends,
// and the summary's bottleneck share counts only the flows that cross the bottleneck.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { loadNodeCore } from "../host/node.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate, bottleneckPayloadKBps, type SimResult } from "../host/simulate.ts";

const EXAMPLE = "examples/coresident.json";
const STOP = ["--set", "stopTimeS=1"];
const machine = (r: SimResult, name: string) => r.machines!.find((m) => m.name === name)!;

function foxsim(...args: string[]) {
  return spawnSync(process.execPath, ["dist/foxsim.cjs", ...args], { encoding: "utf8", timeout: 60_000 });
}

test("machines: a VM that only receives reports its received goodput; a host's counts its VMs'", async () => {
  const s = parseScenario({ ...JSON.parse(foxsim("run", EXAMPLE, ...STOP, "--json").stdout).provenance.scenario });
  const r = simulate(await loadNodeCore(), s).result;
  const [wire, bridge] = [r.flows[0]!.goodputKBps, r.flows[1]!.goodputKBps];
  assert.ok(wire > 0 && bridge > 0, `both flows ran: ${wire}, ${bridge} KB/s`);
  assert.deepEqual([machine(r, "web").receivedFlows, machine(r, "web").receivedKBps, machine(r, "web").goodputKBps], [[0], wire, 0]);
  assert.deepEqual([machine(r, "db").receivedFlows, machine(r, "db").receivedKBps], [[1], bridge]);
  assert.deepEqual([machine(r, "app").receivedFlows, machine(r, "app").receivedKBps, machine(r, "app").goodputKBps], [[], 0, bridge]);
  assert.deepEqual([machine(r, "xen").receivedFlows, machine(r, "xen").receivedKBps], [[0, 1], wire + bridge]);
  assert.deepEqual([machine(r, "client").receivedFlows, machine(r, "client").receivedKBps], [[], 0]);
});

test("summary: receivers shown; the bottleneck share is that of the flows crossing it, or none when all stay on a host", () => {
  const run = foxsim("run", EXAMPLE, ...STOP);
  assert.equal(run.status, 0, run.stderr);
  const r = JSON.parse(foxsim("run", EXAMPLE, ...STOP, "--json").stdout) as SimResult & { provenance: { scenario: unknown } };
  const web = r.flows[0]!.goodputKBps;
  assert.match(run.stdout, new RegExp(`vm web\\s+0\\.0 KB/s sent, ${web.toFixed(1)} KB/s received`));
  const payload = bottleneckPayloadKBps(parseScenario(r.provenance.scenario));
  // only flow 0 (client → web) crosses the bottleneck: the share is its goodput's, not both flows'
  assert.match(run.stdout, new RegExp(`crossing the bottleneck \\(0\\) ${web.toFixed(1)} KB/s \\(bottleneck payload rate ${payload.toFixed(1)} KB/s: ${((100 * web) / payload).toFixed(1)} %\\)`));
  const local = foxsim("run", EXAMPLE, ...STOP, "--set", "flows.0.from=db", "--set", `hosts=[{"name":"xen","vmm":{"perPacketUs":24}}]`);
  assert.equal(local.status, 0, local.stderr);
  assert.match(local.stdout, /goodput\s+[\d.]+ KB\/s\s+\(no flow crosses the bottleneck/);
  assert.doesNotMatch(local.stdout, /payload rate/);
});
