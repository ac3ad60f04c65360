// The playground's Web Worker: runs one simulation at a time on a fresh instance of the page's
// compiled core (host/simulate.ts, as the CLI does), so the page never waits on wasm. A live run
// stops the core every few events (STEP_EVENTS) to read the trace rows added since the last stop
// and every link's queue, and posts them at most every POST_EVERY_MS of wall time.
// A storage, FVM or inter-VM path run posts its clock from its onProgress; a disk matrix its cells.
// Network and FVM simulations go through the library's browser entry (host/index.ts, the package's
// lib/index.js); storage and inter-VM path ones through the modules `foxsim disk`, `foxsim
// disk-matrix` and `foxsim paths` call (host/storage/, host/outsourcing/, which that entry does not export).
import { loadCore, LinkStat, ScenarioError, simulate, simulateFvm, TRACE_COLUMNS, type Core } from "../index.ts";
import { simulateStorage } from "../storage/simulate.ts";
import { diskMatrix } from "../storage/matrix.ts";
import { pathsReport, testbedOf } from "../outsourcing/scenario.ts";
import { runTestbed } from "../outsourcing/model.ts";
import { nsFrom, NS_PER_MS } from "../units.ts";
import type { FvmRequest, PathsRequest, Request, RunRequest, StorageRequest, WorkerMessage } from "./protocol.ts";

// Each step is sized to cover about one trace period of simulated time at the event rate of the
// step before (the congested example runs ~8 000 events per simulated second, the fast one ~200
// times more), within these bounds; a queue sample is kept at most once per trace period.
// Simplification: the queues are read between steps, near the trace's clock but not on it.
const STEP_EVENTS = { first: 64, min: 16, max: 200_000 };
const POST_EVERY_MS = 100;

const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage(m: WorkerMessage, transfer?: Transferable[]): void };

function liveWatcher(periodNs: number) {
  const width = TRACE_COLUMNS.length;
  let sentRows = 0;
  let queue: number[] = [];
  let linkNames: string[] = [];
  let lastQueueNs = -Infinity;
  let lastPost = performance.now();
  let stepFrom = { ns: 0, events: 0 };
  const post = (core: Core) => {
    const view = core.traceView();
    const traceRows = view.data.slice(sentRows * width, view.rows * width); // a copy: the view is wasm memory
    sentRows = view.rows;
    const q = Float64Array.from(queue);
    queue = [];
    lastPost = performance.now();
    scope.postMessage({ kind: "progress", simulatedS: core.nowNs() / 1e9, events: core.events(), traceRows, links: linkNames, queues: q, traceTruncated: view.truncated }, [traceRows.buffer, q.buffer]);
  };
  return {
    events: STEP_EVENTS.first,
    onStep(core: Core, links: readonly { name: string; id: number }[]) {
      const now = core.nowNs();
      const events = core.events();
      if (now > stepFrom.ns) this.events = Math.round(Math.min(STEP_EVENTS.max, Math.max(STEP_EVENTS.min, ((events - stepFrom.events) * periodNs) / (now - stepFrom.ns))));
      stepFrom = { ns: now, events };
      if (now - lastQueueNs >= periodNs) {
        linkNames = links.map((l) => l.name);
        queue.push(now / 1e9, ...links.map((l) => core.linkStat(l.id, LinkStat.queuedBytes)));
        lastQueueNs = now;
      }
      if (performance.now() - lastPost >= POST_EVERY_MS) post(core);
    },
    flush: post,
  };
}

async function network({ module, scenario, live }: RunRequest) {
  const core = await loadCore(module);
  // with the trace off (periodMs 0) the queues are still sampled, at the schema's default period
  const watcher = live ? liveWatcher(nsFrom(scenario.trace.periodMs || 10, NS_PER_MS, "trace.periodMs")) : undefined;
  const { result } = simulate(core, scenario, { withTrace: live, live: watcher });
  if (watcher) watcher.flush(core);
  scope.postMessage({ kind: "done", result });
}

// The run's clock, posted at most every POST_EVERY_MS.
function clockPoster() {
  let lastPost = performance.now();
  return (simulatedS: number, events: number) => {
    if (performance.now() - lastPost < POST_EVERY_MS) return;
    lastPost = performance.now();
    scope.postMessage({ kind: "clock", simulatedS, events });
  };
}

async function storage({ module, scenario, task }: StorageRequest) {
  if (task === "disk-matrix") {
    const rows = await diskMatrix(() => loadCore(module), scenario, { onCell: (done, total) => scope.postMessage({ kind: "cells", done, total }), onProgress: clockPoster() });
    return scope.postMessage({ kind: "disk-matrix-done", rows });
  }
  const result = simulateStorage(await loadCore(module), scenario, { onProgress: clockPoster() });
  scope.postMessage({ kind: "storage-done", result });
}

async function fvm({ module, scenario }: FvmRequest) {
  const result = simulateFvm(await loadCore(module), scenario, { onProgress: clockPoster() });
  scope.postMessage({ kind: "fvm-done", result });
}

async function paths({ module, scenario }: PathsRequest) {
  const result = runTestbed(await loadCore(module), testbedOf(scenario), { onProgress: clockPoster() });
  scope.postMessage({ kind: "paths-done", report: pathsReport(scenario, result) });
}

scope.onmessage = async (e) => {
  try {
    const r = e.data;
    await (r.task === "network" ? network(r) : r.task === "fvm" ? fvm(r) : r.task === "paths" ? paths(r) : storage(r));
  } catch (err) {
    // the CLI's wording (host/cli.ts main): an invalid scenario line by line, else "run failed"
    const message = err instanceof ScenarioError ? err.problems.map((p) => `invalid scenario: ${p}`).join("\n") : `run failed: ${err instanceof Error ? err.message : String(err)}`;
    scope.postMessage({ kind: "failed", message });
  }
};
