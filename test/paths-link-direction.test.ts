// The inter-VM path model's links are full duplex: a link is two one-way links, and data takes the
// one-way link of its direction between the two hosts, whichever end opened the connection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadNodeCore } from "../host/node.ts";
import { runTestbed, type TestbedSpec } from "../host/outsourcing/model.ts";
import { COSTS, WINDOW_BYTES } from "../host/outsourcing/calibration.ts";

const MS = 1e6;
const RATE_BPS = 100e6; // a slow link, so that the wire and not a CPU is the bottleneck

function twoWay(aToB: boolean[]): TestbedSpec {
  return {
    costs: COSTS, windowBytes: WINDOW_BYTES, warmupNs: 5 * MS, stopNs: 45 * MS,
    hosts: [{ name: "left", cores: 4, backendCore: 0 }, { name: "right", cores: 4, backendCore: 0 }],
    vms: [],
    links: [{ rateBps: RATE_BPS, delayNs: 1000 }],
    conns: aToB.map((fromLeft, i) => ({
      a: fromLeft ? "left" : "right", aCore: i + 1, b: fromLeft ? "right" : "left", bCore: i + 1, link: 0,
      app: { kind: "bulk" as const, writeBytes: 8192 },
    })),
  };
}
const mbps = (bytes: number, windowNs: number) => (bytes * 8) / windowNs * 1000;

test("links: two bulk flows in opposite directions each get the whole of their one-way link", async () => {
  const core = await loadNodeCore();
  const one = runTestbed(core, twoWay([true]));
  const alone = mbps(one.conns[0]!.bytes[0], one.windowNs);
  assert.ok(alone > 90 && alone < 100, `one flow alone: ${alone} Mb/s on a 100 Mb/s link`);
  const both = runTestbed(core, twoWay([true, false]));
  for (const [i, c] of both.conns.entries()) {
    const got = mbps(c.bytes[0], both.windowNs);
    // opposite directions share no wire; only the other flow's ACKs (66 B per two segments) cross theirs
    assert.ok(got > 0.97 * alone, `flow ${i} (${i === 0 ? "left → right" : "right → left"}): ${got} Mb/s vs ${alone} alone`);
  }
  const same = runTestbed(core, twoWay([true, true]));
  const shared = same.conns.reduce((s, c) => s + mbps(c.bytes[0], same.windowNs), 0);
  assert.ok(shared < 1.02 * alone, `two flows the same way share one wire: ${shared} Mb/s together vs ${alone} alone`);
});
