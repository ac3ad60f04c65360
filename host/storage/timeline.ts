// A storage run's timeline as the VMM saw it (`foxsim disk --plot`): each guest request at the time
// the virtual disk sent it on to dom0's queue, at its place on the virtual disk, coloured by the
// process that issued it; a request that waited in the VMM 1 ms or more (FoxyIdle's holds; the
// backend's passes take µs) also gets a line from its arrival to its release. Read from the run's I/O log (the vmm-vbd device: Q arrival, D sent on,
// C done), so it shows exactly what `--iotrace`'s blktrace files hold.
import type { StorageResult } from "./simulate.ts";
import type { BlockTraceEvent } from "../iotrace/events.ts";
import { thin, valueColorScale, CONFIG, type Datum, type TopLevelSpec } from "../report/vega.ts";

const MAX_SENT = 3000; // dots beyond this are thinned evenly (every held request is always drawn)
const LINE_NS = 1_000_000; // a wait in the VMM drawn as a line: FoxyIdle's holds, not the backend's µs passes
const GB = 1e9;

export interface TimelineRequest {
  process: string;
  arrivedNs: number;
  sentNs: number;
  sector: number;
}

// The virtual disk's requests, arrival matched to its sending on by sector and size (a request's
// extent is unique among those in the VMM at once: the guest's queue merged overlapping ones).
export function vmmRequests(r: StorageResult): TimelineRequest[] {
  const dev = r.ioTrace?.devices.find((d) => d.name === "vmm-vbd");
  if (!dev) throw new Error("the timeline needs the run's I/O log (simulateStorage with ioLogCapacity)");
  const names = dev.processNames ?? new Map<number, string>();
  const waiting = new Map<string, BlockTraceEvent[]>();
  const out: TimelineRequest[] = [];
  for (const e of dev.events) {
    const key = `${e.sector}:${e.bytes}`;
    if (e.action === "Q") {
      const same = waiting.get(key);
      if (same) same.push(e);
      else waiting.set(key, [e]);
    }
    else if (e.action === "D") {
      const q = waiting.get(key)?.shift();
      if (!q) throw new Error(`vmm-vbd: a request sent on at ${e.timeNs} ns (sector ${e.sector}) never arrived`);
      out.push({ process: names.get(q.pid) ?? `pid ${q.pid}`, arrivedNs: q.timeNs, sentNs: e.timeNs, sector: e.sector });
    }
  }
  return out;
}

export function timelineSpec(r: StorageResult): TopLevelSpec {
  const reqs = vmmRequests(r);
  const held = reqs.filter((q) => q.sentNs - q.arrivedNs >= LINE_NS);
  const keep = new Set(thin(reqs.length, MAX_SENT));
  const dots: Datum[] = reqs.filter((q, i) => keep.has(i) || q.sentNs - q.arrivedNs >= LINE_NS).map((q) => ({ process: q.process, t: q.sentNs / 1e9, gb: (q.sector * 512) / GB }));
  const lines: Datum[] = held.map((q) => ({ process: q.process, t0: q.arrivedNs / 1e9, t1: q.sentNs / 1e9, gb: (q.sector * 512) / GB }));
  const processes = r.processes.map((p) => p.name);
  const color = { field: "process", type: "nominal", title: "process", scale: valueColorScale(processes) };
  const thinned = dots.length < reqs.length ? ` One request in ${Math.ceil(reqs.length / MAX_SENT)} of ${reqs.length} drawn, and every one with a line.` : "";
  const truncated = r.ioTrace?.truncated ? " The I/O log was truncated: the run's end is missing." : "";
  const policy = r.policy === "none" ? "no VMM disk policy" : `${r.policy} ${r.preemptionIntervalMs} ms`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${r.scenario}: the virtual disk's requests over time (guest ${r.guestElevator}, ${policy})`,
      subtitle: [
        "Dot: the VMM sends a guest request on to dom0's queue, at its place on the virtual disk.",
        `Line: the time it waited in the VMM, where 1 ms or more (${held.length} such; the run held ${r.vmm.held}).${thinned}${truncated}`,
      ],
    },
    config: CONFIG,
    width: 560,
    height: 260,
    layer: [
      { data: { values: lines }, mark: { type: "rule", strokeWidth: 1.5, opacity: 0.6 }, encoding: { x: { field: "t0", type: "quantitative", title: "simulated time (s)" }, x2: { field: "t1" }, y: { field: "gb", type: "quantitative", title: "place on the virtual disk (GB)" }, color } },
      { data: { values: dots }, mark: { type: "point", filled: true, size: 8, opacity: 0.7 }, encoding: { x: { field: "t", type: "quantitative" }, y: { field: "gb", type: "quantitative" }, color } },
    ],
  } as TopLevelSpec;
}
