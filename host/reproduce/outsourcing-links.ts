// Seed 004 (SAC'09, abstract): "a guest OS outsourcing the socket layer achieved the same network
// throughput as a native OS using up to four Gigabit Ethernet links". A bulk sender per link
// (iperf-like, 8 KB writes) from the server — natively, from a conventional hosted VM, from a VM
// outsourcing its sockets — to a client host over 1–4 Gigabit links.
import { lineChart, renderSvg } from "../report/vega.ts";
import { formatTable } from "../report/table.ts";
import { IPERF_WRITE_BYTES } from "../outsourcing/calibration.ts";
import type { PathName } from "../outsourcing/model.ts";
import { base, busiest, mbps, round, run, vmOn, CLIENT, LINK, SERVER } from "./outsourcing-common.ts";
import { verdict } from "./findings.ts";
import type { Finding, Reproduction } from "./types.ts";

const PATHS: PathName[] = ["native", "hosted", "outsourced"];
const LINKS = [1, 2, 3, 4];
const VCPU_CORE = 3;
// what each server core does: link i's host-side socket work (a native sender, an outsourced
// VM's host sockets) on core i-1, the VMM's backend on core 0, the VM's vCPU on core 3
function roles(path: PathName, links: number): Record<number, string> {
  const r: Record<number, string[]> = { 0: [], 1: [], 2: [], 3: [] };
  if (path === "hosted") r[0]!.push("VMM backend");
  else for (let i = 0; i < links; i++) r[i]!.push(`link ${i + 1}'s ${path === "native" ? "sender" : "host socket"}`);
  if (path !== "native") r[VCPU_CORE]!.unshift("the VM's vCPU");
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.join("; ")]));
}
const PAPER_WITHIN = 0.05; // the issue's reading of "the same throughput": within 5 %

export const outsourcingLinks: Reproduction = {
  name: "outsourcing-links",
  summary: "socket-outsourcing vs native vs a conventional hosted VM: bulk throughput over 1–4 Gigabit links (004 abstract)",
  async run(ctx) {
    const rows: { experiment: string; path: PathName; links: number; throughputMbps: number; busiestCpu: string; busiestCpuBusy: number }[] = [];
    let done = 0;
    for (const path of PATHS)
      for (const links of LINKS) {
        ctx.progress(done++, PATHS.length * LINKS.length, `${path} ${links} links`);
        const r = await run(ctx, {
          ...base(ctx.full),
          hosts: [SERVER, CLIENT],
          vms: vmOn("vm", path, VCPU_CORE),
          links: Array.from({ length: links }, () => LINK),
          conns: Array.from({ length: links }, (_, i) => ({ a: path === "native" ? SERVER.name : "vm", aCore: i, b: CLIENT.name, bCore: i, link: i, app: { kind: "bulk" as const, writeBytes: IPERF_WRITE_BYTES } })),
        });
        const top = busiest(r, roles(path, links));
        rows.push({ experiment: "outsourcing-links", path, links, throughputMbps: round(mbps(r.conns.reduce((s, c) => s + c.bytes[0], 0), r.windowNs)), busiestCpu: top.label, busiestCpuBusy: round(top.busy, 3) });
      }
    const get = (path: PathName, links: number) => rows.find((r) => r.path === path && r.links === links)!;
    const gap = LINKS.map((l) => Math.abs(get("outsourced", l).throughputMbps / get("native", l).throughputMbps - 1));
    const hostedShare = LINKS.map((l) => get("hosted", l).throughputMbps / get("native", l).throughputMbps);
    const h4 = get("hosted", 4);
    const findings: Finding[] = [
      {
        id: "outsourced-native",
        claim: "a guest outsourcing its sockets reaches native throughput on 1–4 Gigabit links (within 5 %)",
        model: LINKS.map((l, i) => `${l}: ${get("outsourced", l).throughputMbps} vs ${get("native", l).throughputMbps} Mb/s (${(100 * gap[i]!).toFixed(1)} %)`).join("; "),
        verdict: verdict(gap.every((g) => g <= PAPER_WITHIN)),
      },
      {
        id: "hosted-behind",
        claim: "the conventional hosted VM falls behind native as links are added; a CPU saturates",
        model: `hosted at ${LINKS.map((l, i) => `${l}: ${(100 * hostedShare[i]!).toFixed(0)} %`).join(", ")} of native; at 4 links ${h4.busiestCpu} ${(100 * h4.busiestCpuBusy).toFixed(0)} % busy`,
        verdict: verdict(hostedShare.every((s, i) => i === 0 || s < hostedShare[i - 1]!) && hostedShare[3]! < 1 - PAPER_WITHIN && h4.busiestCpuBusy > 0.95),
      },
    ];
    const spec = lineChart({
      title: "Bulk throughput over 1–4 Gigabit links (seed 004)",
      subtitle: ["Paper (004 abstract): outsourced = native up to four GbE links (no per-link numbers published).", "Model: server i5-2400, 4 cores; one iperf-like sender per link; a link carries at most 941 Mb/s of payload.", "Outsourced dashed over native: they coincide."],
      data: rows.map((r) => ({ links: r.links, path: r.path, throughputMbps: r.throughputMbps })),
      x: { field: "links", title: "Gigabit links", scale: { domain: [1, 4] }, axis: { tickMinStep: 1 } },
      y: { field: "throughputMbps", title: "throughput (Mb/s)" },
      color: { field: "path", title: "path", domain: PATHS },
      dash: { field: "path", title: "path", domain: PATHS, patterns: [[1, 0], [1, 0], [6, 4]] }, // outsourced dashed: native shows through where they coincide
      points: true,
    });
    const text = formatTable(["path", "links", "throughput Mb/s", "busiest server CPU", "busy"], rows.map((r) => [r.path, r.links, r.throughputMbps, r.busiestCpu, r.busiestCpuBusy]));
    return { title: "Socket-outsourcing, bulk throughput over 1–4 Gigabit links (004 abstract)", text, findings, json: { rows }, plots: [{ file: "outsourcing-links.svg", svg: await renderSvg(spec) }] };
  },
};
