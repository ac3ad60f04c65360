// `foxsim run`'s summary text, shared by the CLI (host/cli.ts) and the playground (host/playground/),
// so that both print the same lines for the same run (only the wall time is each one's own).
import { machinesOf, type Scenario } from "./scenario.ts";
import { bottleneckPayloadKBps, together, type SimResult } from "./simulate.ts";

const mb = (b: number) => (b / 1e6).toFixed(2);

function senderLine(s: Scenario): string {
  if (s.hosts || s.vms) return `machines: ${(s.hosts ?? []).map((h) => `host ${h.name}${h.vmm ? " (VMM)" : ""}`).concat((s.vms ?? []).map((v) => `VM ${v.name} on ${v.host} (policy ${v.vmm.policy})`)).join(", ")}`;
  if (s.sender.placement === "native") return "native (no VMM)";
  const p = s.sender.vmm.policy;
  return `guest, VMM policy ${p}${p === "none" ? " (the guest's own TCP acts alone)" : ""}`;
}

// The goodput line. The bottleneck (the forward path's router egress) carries only the flows between two
// hosts; co-resident VMs talk through their host's bridge. Its share is that of the flows crossing it.
function goodputLine(r: SimResult, s: Scenario): string {
  const payloadKBps = bottleneckPayloadKBps(s);
  const share = (kbps: number) => `bottleneck payload rate ${payloadKBps.toFixed(1)} KB/s: ${((100 * kbps) / payloadKBps).toFixed(1)} %`;
  const m = machinesOf(s);
  const hostOf = (name: string) => m.vms.find((v) => v.name === name)?.host ?? name;
  const crossing = m.flows.flatMap((f, i) => (hostOf(f.from) !== hostOf(f.to) ? [i] : []));
  const total = `  goodput        ${r.goodputKBps.toFixed(1)} KB/s`;
  if (crossing.length === r.flows.length) return `${total}   (${share(r.goodputKBps)})`;
  if (crossing.length === 0) return `${total}   (no flow crosses the bottleneck: all stay on their host)`;
  const wire = together(s, r.flows, crossing, r.simulatedS).goodputKBps;
  return `${total} in all; the flow${crossing.length > 1 ? "s" : ""} crossing the bottleneck (${crossing.join(", ")}) ${wire.toFixed(1)} KB/s (${share(wire)})`;
}

export function runSummaryText(r: SimResult, s: Scenario, wallS: number): string {
  const f = r.flows;
  const lines = [
    `${r.scenario}  (seed ${r.seed}, ${[...new Set(f.map((x) => x.cc))].join("+")}, ${f.length} flow${f.length > 1 ? "s" : ""})`,
    `  sender         ${senderLine(s)}`,
    goodputLine(r, s),
    r.completionTimeS !== null
      ? `  completion     ${r.completionTimeS.toFixed(3)} s for ${mb(r.bytesDelivered)} MB`
      : `  delivered      ${mb(r.bytesDelivered)} MB in ${r.simulatedS.toFixed(3)} s (stopped by stopTimeS)`,
    ...(r.machines ?? []).flatMap((m) => {
      const what = m.backend ? `, backend CPU ${(100 * m.backend.utilisation).toFixed(1)} % busy (${m.backend.packets} packets)` : m.vnic ? `, vNIC drops ${m.vnic.txDrops} tx / ${m.vnic.rxDrops} rx` : "";
      const received = m.receivedFlows.length ? `, ${m.receivedKBps.toFixed(1)} KB/s received` : "";
      return m.flows.length || m.receivedFlows.length || m.backend ? [`  ${`${m.kind} ${m.name}`.slice(0, 14).padEnd(14)} ${m.goodputKBps.toFixed(1)} KB/s sent${received}${what}`] : [];
    }),
    `  data packets   ${r.dataPacketsSent} sent, ${r.retransmits} retransmitted (${((100 * r.retransmits) / Math.max(1, r.dataPacketsSent)).toFixed(2)} %)`,
    `  loss recovery  ${r.fastRecoveries} fast recoveries, ${r.timeouts} retransmission timeouts`,
    `  drops          ${r.links.filter((l) => l.drops > 0).map((l) => `${l.drops} at ${l.name}`).join(", ") || "none"}`,
    ...f.map((x, i) => `  flow ${i}         srtt ${x.srttMs.toFixed(2)} ms, min rtt ${x.minRttMs?.toFixed(2) ?? "—"} ms, mean cwnd ${x.meanCwnd.toFixed(1)} segments`),
    `  engine         ${r.events} events in ${wallS.toFixed(2)} s wall (${(r.events / wallS / 1e6).toFixed(1)} M events/s)`,
  ];
  return lines.join("\n");
}
