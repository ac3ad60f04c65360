// What every run of the inter-VM path model (host/outsourcing/model.ts) must hold, whatever its
// testbed: bytes conserved on each connection, no more in flight than the window, no core busier
// than the window it was measured over, no link carrying more than its rate allows, and no exchange
// faster than the fixed costs of the stages it crosses. Used by `verify <paths scenario>`; the
// stage costs also by the outsourcing suite's single-connection bounds.
import assert from "node:assert/strict";
import type { Costs } from "../outsourcing/calibration.ts";
import type { PathName, TestbedResult, TestbedSpec } from "../outsourcing/model.ts";

// The fixed ns (no copies, calls or wake-ups) of one packet's stages from x to y (vmm/paths.ts),
// and a CPU stage every data segment takes with its fixed cost.
export function fixedOneWay(k: Costs, x: PathName, y: PathName, coResident: boolean): number {
  if (coResident && x === "xenloop" && y === "xenloop") return 2 * k.stackNs + k.notifyNs;
  const tx = x === "native" ? k.stackNs : x === "outsourced" ? k.notifyNs + k.stackNs : k.stackNs + k.notifyNs + k.backendNs;
  const rx = y === "native" ? k.stackNs : y === "outsourced" ? k.stackNs + k.notifyNs : k.backendNs + k.notifyNs + k.stackNs;
  return tx + rx;
}
export function busiestStageNs(k: Costs, x: PathName, y: PathName, coResident: boolean): number {
  if (coResident && x === "xenloop" && y === "xenloop") return k.stackNs + k.notifyNs; // the sender's vCPU
  return x === "native" || x === "outsourced" ? k.stackNs : k.backendNs; // the sender's host stack, or the backend
}

// Payload bytes a link can carry in T ns at full-size segments (each costs mss + the wire's overhead).
function linkPayloadBytes(k: Costs, rateBps: number, T: number): number {
  return ((rateBps / 8) * (T / 1e9) * k.mss) / (k.mss + k.wireOverheadBytes);
}

export function assertPathsInvariants(s: TestbedSpec, r: TestbedResult): void {
  const k = s.costs;
  const T = r.windowNs;
  const pathOf = (m: string): PathName => s.vms.find((v) => v.name === m)?.path ?? "native";
  const hostOf = (m: string): string => s.vms.find((v) => v.name === m)?.host ?? m;
  for (const core of r.cores) assert.ok(core.busy <= 1 + 1e-9, `${core.label} busy ${core.busy}`);
  // each link is two one-way links; a connection's a → b direction takes the first (model.ts osConn)
  const carried = new Map<string, { bytes: number; slack: number }>();
  s.conns.forEach((c, i) => {
    const x = r.conns[i]!;
    const name = `connection ${i} (${c.a} → ${c.b})`;
    for (const d of [0, 1] as const) {
      assert.equal(x.sent[d], x.received[d] + x.inFlight[d], `${name}, direction ${d}: sent = received + in flight`);
      assert.ok(x.inFlight[d] <= s.windowBytes, `${name}, direction ${d}: in flight ${x.inFlight[d]} beyond the window ${s.windowBytes}`);
      if (c.link === undefined) continue;
      const key = `${c.link}/${d}`;
      const sum = carried.get(key) ?? { bytes: 0, slack: 0 };
      // what was in flight when the window opened may cross inside it: a window and a segment per connection
      carried.set(key, { bytes: sum.bytes + x.bytes[d], slack: sum.slack + s.windowBytes + k.mss });
    }
    const [pa, pb] = [pathOf(c.a), pathOf(c.b)];
    const coResident = hostOf(c.a) === hostOf(c.b);
    if (c.app?.kind === "bulk") {
      const cpuBytes = (T / busiestStageNs(k, pa, pb, coResident) + 1) * k.mss;
      assert.ok(x.bytes[0] <= cpuBytes + s.windowBytes, `${name}: ${x.bytes[0]} B through a CPU stage that serves ${cpuBytes} B`);
    } else if (c.app?.kind === "rr" && x.exchanges > 0) {
      const l = c.link === undefined ? undefined : s.links[c.link]!;
      const wire = l === undefined ? 0 : 2 * (l.delayNs + ((k.wireOverheadBytes + 1) * 8e9) / l.rateBps);
      const floor = fixedOneWay(k, pa, pb, coResident) + fixedOneWay(k, pb, pa, coResident) + c.app.serverNs + wire;
      assert.ok(x.exchangeMeanNs >= floor - 1, `${name}: exchange ${x.exchangeMeanNs} ns below the fixed costs ${floor} ns`);
    }
  });
  for (const [key, { bytes, slack }] of carried) {
    const link = s.links[Number(key.split("/")[0])]!;
    const cap = linkPayloadBytes(k, link.rateBps, T);
    assert.ok(bytes <= cap + slack, `link ${key.replace("/", ", direction ")}: ${bytes} B over a link that carries ${cap} B`);
  }
}
