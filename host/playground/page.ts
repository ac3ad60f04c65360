// The playground page: an editor that validates as the CLI does, one run at a time in a Web Worker
// with its cwnd, RTT and queue plots filling in, the trick matrix on a few workers, and the scenario
// shared as a URL. A storage scenario (`foxsim disk`) runs the same way: its summary, a bar per
// process on the simulated clock, and the disk matrix (`foxsim disk-matrix`) on one worker; so does
// a Friendly VMs one (`foxsim fvm`): its numbers and each VM's throughput; and an inter-VM path one
// (`foxsim paths`): each connection's throughput and transaction time, each core's load. Every
// kind's summary is the CLI's text (host/run-summary.ts, host/fvm/summary.ts, host/outsourcing/summary.ts).
// The page only draws: every simulation runs in a worker, so a stop button (which terminates the
// workers) always answers.
import type { Scenario } from "../scenario.ts";
import type { StorageScenario } from "../storage/scenario.ts";
import { storageSummary, type StorageResult } from "../storage/simulate.ts";
import type { DiskMatrixRow } from "../storage/matrix.ts";
import type { FvmResult } from "../fvm/simulate.ts";
import { fvmSummaryText } from "../fvm/summary.ts";
import { pathsSummaryText, type PathsReport } from "../outsourcing/summary.ts";
import { runSummaryText } from "../run-summary.ts";
import type { SimOutput } from "../simulate.ts";
import type { BatchRunner, NetworkRun } from "../batch.ts";
import { trickMatrix, type MatrixRow } from "../matrix.ts";
import { VMM_POLICIES, type VmmPolicyName } from "../vmm.ts";
import { TRACE_COLUMNS } from "../abi-names.ts";
import { renderSvg, type TopLevelSpec } from "../report/vega.ts";
import { formatNumber } from "../report/table.ts";
import { cwndSpec, diskMatrixSpec, fvmSeriesSpec, fvmThroughputSpec, matrixSpec, pathsConnectionsSpec, pathsCoresSpec, processesSpec, queueSpec, rttSpec, type LiveSeries } from "./figures.ts";
import { EXAMPLES } from "./examples.ts";
import { checkScenarioText, fragmentOf, textFromFragment, type Checked } from "./scenario-text.ts";
import type { FvmRequest, PathsRequest, RunRequest, StorageRequest, WorkerMessage } from "./protocol.ts";

const RENDER_EVERY_MS = 400; // redraw the live plots at most this often
const MATRIX_WORKERS = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const editor = $<HTMLTextAreaElement>("scenario");
const problemsBox = $("problems");
const statusBox = $("status");
const runButton = $<HTMLButtonElement>("run");
const stopButton = $<HTMLButtonElement>("stop");
const matrixButton = $<HTMLButtonElement>("matrix");
const policySelect = $<HTMLSelectElement>("policy");
const exampleSelect = $<HTMLSelectElement>("example");

const setStatus = (text: string, state: "idle" | "running" | "done" | "stopped" | "failed") => {
  statusBox.textContent = text;
  statusBox.dataset.state = state;
};

// ---- the core, compiled once and handed to every worker

const coreModule: Promise<WebAssembly.Module> = WebAssembly.compileStreaming(fetch(new URL("core.wasm", location.href)));

// The compiled core, or undefined with the reason on the status line (a server that does not send
// core.wasm, or not as application/wasm).
async function core(): Promise<WebAssembly.Module | undefined> {
  try {
    return await coreModule;
  } catch (e) {
    setStatus(`cannot load core.wasm: ${(e as Error).message}`, "failed");
    return undefined;
  }
}

// ---- the editor

// The editor's scenario checked; the matrix button and its policy follow the kind of document (the
// disk matrix covers every VMM disk policy, so it has no policy to choose; FVM and inter-VM path
// scenarios have no matrix).
function showProblems(): Checked {
  const checked = checkScenarioText(editor.value);
  problemsBox.textContent = checked.problems?.join("\n") ?? "";
  problemsBox.hidden = !checked.problems;
  runButton.disabled = matrixButton.disabled = busy() || !!checked.problems;
  const storage = checked.kind === "storage";
  matrixButton.textContent = storage ? "run disk matrix" : "run trick matrix";
  matrixButton.title = storage ? "every VMM disk policy against every guest I/O scheduler (8 runs)" : "every guest congestion control, without and with the policy (18 runs)";
  $("policy-choice").hidden = checked.kind !== "network";
  matrixButton.hidden = checked.kind === "fvm" || checked.kind === "paths";
  return checked;
}

let checkTimer = 0;
editor.addEventListener("input", () => {
  clearTimeout(checkTimer);
  checkTimer = window.setTimeout(showProblems, 150);
});
editor.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    if (!runButton.disabled) void run();
  }
});

for (const [i, ex] of EXAMPLES.entries()) exampleSelect.add(new Option(ex.file, String(i)));
exampleSelect.addEventListener("change", () => {
  editor.value = JSON.stringify(EXAMPLES[Number(exampleSelect.value)]!.document, null, 2);
  showProblems();
});

for (const p of VMM_POLICIES) if (p !== "none") policySelect.add(new Option(p, p));

$("share").addEventListener("click", () => {
  history.replaceState(null, "", fragmentOf(editor.value));
  const url = $<HTMLInputElement>("share-url");
  url.value = location.href;
  url.hidden = false;
  url.select();
  void navigator.clipboard?.writeText(location.href).catch(() => undefined); // the field shows it either way
});

function loadFromLocation() {
  editor.value = textFromFragment(location.hash) ?? JSON.stringify(EXAMPLES[0]!.document, null, 2);
  const checked = showProblems();
  const policy = checked.kind === "network" ? checked.scenario?.sender.vmm.policy : undefined;
  if (policy && policy !== "none") policySelect.value = policy; // the matrix's default, as `foxsim matrix`'s
}
window.addEventListener("hashchange", loadFromLocation);

// ---- plots

const plots = { cwnd: $("plot-cwnd"), rtt: $("plot-rtt"), queue: $("plot-queue"), outcome: $("plot-outcome"), series: $("plot-series"), matrix: $("plot-matrix") };
const runPlots = [plots.cwnd, plots.rtt, plots.queue, plots.outcome, plots.series]; // a run's own plots, emptied when the next starts

// A plot, or `empty` in its place when there is nothing to draw yet.
async function draw(into: HTMLElement, spec: TopLevelSpec | undefined, empty = "") {
  if (!spec) {
    into.innerHTML = "";
    into.append(Object.assign(document.createElement("p"), { className: "note", textContent: empty }));
    return;
  }
  try {
    into.innerHTML = await renderSvg(spec); // our own renderer's SVG (vega escapes every text)
  } catch (e) {
    into.textContent = `plot failed: ${(e as Error).message}`;
  }
}

// A growing Float64Array (trace rows, queue samples) that keeps what has arrived.
class Growing {
  data = new Float64Array(1024);
  length = 0;
  push(chunk: Float64Array) {
    if (this.length + chunk.length > this.data.length) {
      const bigger = new Float64Array(Math.max(2 * this.data.length, this.length + chunk.length));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    this.data.set(chunk, this.length);
    this.length += chunk.length;
  }
}

class LivePlots {
  #trace = new Growing();
  #queues = new Growing();
  #links: string[] = [];
  #drawing = false;
  #pending = false;
  #lastDraw = 0;
  #ccs: string[];
  #title: string;
  constructor(s: Scenario) {
    this.#ccs = s.flows.map((f) => f.cc);
    this.#title = s.name;
  }
  add(p: Extract<WorkerMessage, { kind: "progress" }>) {
    this.#trace.push(p.traceRows);
    this.#queues.push(p.queues);
    if (p.links.length) this.#links = p.links;
    this.request();
  }
  get series(): LiveSeries {
    return { trace: this.#trace.data, rows: this.#trace.length / TRACE_COLUMNS.length, links: this.#links, queues: this.#queues.data, samples: this.#links.length ? this.#queues.length / (1 + this.#links.length) : 0 };
  }
  // at most one drawing at a time, at most every RENDER_EVERY_MS; the last request always draws
  request() {
    this.#pending = true;
    if (this.#drawing) return;
    const wait = Math.max(0, this.#lastDraw + RENDER_EVERY_MS - performance.now());
    this.#drawing = true;
    setTimeout(async () => {
      this.#pending = false;
      const s = this.series;
      const noTrace = "no trace rows yet (none at all when trace.periodMs is 0)";
      await Promise.all([
        draw(plots.cwnd, s.rows ? cwndSpec(s, this.#ccs, this.#title) : undefined, noTrace),
        draw(plots.rtt, s.rows ? rttSpec(s, this.#ccs, this.#title) : undefined, noTrace),
        draw(plots.queue, queueSpec(s, this.#title), "no link has queued any bytes yet"),
      ]);
      this.#lastDraw = performance.now();
      this.#drawing = false;
      if (this.#pending) this.request();
    }, wait);
  }
}

// ---- runs

let workers: Worker[] = [];
let stopped: (() => void) | undefined;
const busy = () => workers.length > 0;

function setBusy(on: boolean) {
  stopButton.disabled = !on;
  runButton.disabled = matrixButton.disabled = on;
  if (!on) showProblems();
}

function startWorker(): Worker {
  const w = new Worker(new URL("worker.js", location.href));
  workers.push(w);
  return w;
}

function stopAll() {
  for (const w of workers) w.terminate();
  workers = [];
  setBusy(false);
}

stopButton.addEventListener("click", () => {
  const what = stopped;
  stopAll();
  what?.();
});

const fmt = (n: number, digits: number) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

// The run's summary as the CLI prints it (this page's wall time in its engine line), and its result
// JSON as `command` prints it, less provenance and wallTimeS.
function showResult(summary: string, json: string, command: string) {
  $("result-summary").textContent = summary;
  $("result-json").textContent = json;
  $("result-json-of").textContent = command;
  $("result").hidden = false;
}

function showStorageResult(r: StorageResult, wallS: number) {
  showResult(storageSummary(r, wallS), JSON.stringify(r), "foxsim disk --json <file>");
  void draw(plots.outcome, processesSpec(r));
}

// the JSON leaves out the time series as `foxsim fvm --json` does
function showFvmResult(r: FvmResult, wallS: number) {
  showResult(fvmSummaryText(r, wallS), JSON.stringify({ ...r, series: undefined }), "foxsim fvm --json <file>");
  void draw(plots.outcome, fvmThroughputSpec(r));
  void draw(plots.series, fvmSeriesSpec(r), "no time series (set sampleS to draw each VM's throughput over time)");
}

function showPathsResult(r: PathsReport, wallS: number) {
  showResult(pathsSummaryText(r, wallS), JSON.stringify(r), "foxsim paths --json <file>");
  void draw(plots.outcome, pathsConnectionsSpec(r));
  void draw(plots.series, pathsCoresSpec(r));
}

async function run() {
  const checked = showProblems();
  if (!checked.scenario || busy()) return;
  if (checked.kind === "storage") return runOnClock({ task: "storage", scenario: checked.scenario }, (m, wallS) => {
    if (m.kind !== "storage-done") return false;
    showStorageResult(m.result, wallS);
    return true;
  });
  if (checked.kind === "fvm") return runOnClock({ task: "fvm", scenario: checked.scenario }, (m, wallS) => {
    if (m.kind !== "fvm-done") return false;
    showFvmResult(m.result, wallS);
    return true;
  });
  if (checked.kind === "paths") return runOnClock({ task: "paths", scenario: checked.scenario }, (m, wallS) => {
    if (m.kind !== "paths-done") return false;
    showPathsResult(m.report, wallS);
    return true;
  });
  const scenario = checked.scenario;
  const module = await core();
  if (!module) return;
  const live = new LivePlots(scenario);
  $("result").hidden = true;
  for (const p of runPlots) p.replaceChildren();
  const t0 = performance.now();
  let simulated = 0;
  const w = startWorker();
  setBusy(true);
  setStatus(`running ${scenario.name}…`, "running");
  stopped = () => setStatus(`stopped at ${simulated.toFixed(2)} s simulated (${((performance.now() - t0) / 1000).toFixed(1)} s wall)`, "stopped");
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.kind === "progress") {
      simulated = m.simulatedS;
      live.add(m);
      const wall = (performance.now() - t0) / 1000;
      setStatus(`running ${scenario.name}: ${m.simulatedS.toFixed(2)} s simulated, ${fmt(m.events, 0)} events (${fmt(m.events / wall / 1e6, 2)} M/s)${m.traceTruncated ? "; trace full (raise trace.maxRows)" : ""}`, "running");
      return;
    }
    stopped = undefined;
    stopAll();
    if (m.kind === "failed") return setStatus(m.message, "failed");
    if (m.kind !== "done") return setStatus(`run failed: the worker answered ${m.kind}`, "failed");
    live.request();
    // the page's run records the trace (for its plots): the CLI's run with --trace is the same run
    showResult(runSummaryText(m.result, scenario, (performance.now() - t0) / 1000), JSON.stringify(m.result), "foxsim run --json --trace <file>");
    setStatus(`done: ${scenario.name} in ${((performance.now() - t0) / 1000).toFixed(2)} s wall`, "done");
  };
  w.onerror = (e) => {
    stopped = undefined;
    stopAll();
    setStatus(`run failed: ${e.message}`, "failed");
  };
  w.postMessage({ task: "network", module, scenario, live: true } satisfies RunRequest);
}
runButton.addEventListener("click", () => void run());

// One storage, FVM or inter-VM path run on a worker: its clock on the status line while it runs, then what `show`
// makes of its answer (false: not the answer this run expects).
async function runOnClock(request: Omit<StorageRequest, "module"> | Omit<FvmRequest, "module"> | Omit<PathsRequest, "module">, show: (m: WorkerMessage, wallS: number) => boolean) {
  const scenario = request.scenario;
  const module = await core();
  if (!module) return;
  $("result").hidden = true;
  for (const p of runPlots) p.replaceChildren();
  const t0 = performance.now();
  const wall = () => (performance.now() - t0) / 1000;
  let simulated = 0;
  const w = startWorker();
  setBusy(true);
  setStatus(`running ${scenario.name}…`, "running");
  stopped = () => setStatus(`stopped at ${simulated.toFixed(2)} s simulated (${wall().toFixed(1)} s wall)`, "stopped");
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.kind === "clock") {
      simulated = m.simulatedS;
      setStatus(`running ${scenario.name}: ${m.simulatedS.toFixed(2)} s simulated, ${fmt(m.events, 0)} events (${fmt(m.events / wall() / 1e6, 2)} M/s)`, "running");
      return;
    }
    stopped = undefined;
    stopAll();
    if (m.kind === "failed") return setStatus(m.message, "failed");
    if (!show(m, wall())) return setStatus(`run failed: the worker answered ${m.kind}`, "failed");
    setStatus(`done: ${scenario.name} in ${wall().toFixed(2)} s wall`, "done");
  };
  w.onerror = (e) => {
    stopped = undefined;
    stopAll();
    setStatus(`run failed: ${e.message}`, "failed");
  };
  w.postMessage({ ...request, module } as StorageRequest | FvmRequest | PathsRequest);
}

// The trick matrix's batch (host/matrix.ts) on MATRIX_WORKERS Web Workers: each takes the next run
// when it finishes one; results come back in the order given, as host/batch.ts's pool returns them.
function workerRunner(module: WebAssembly.Module, onDone: (done: number, total: number) => void): BatchRunner {
  const simulateAll = (runs: readonly NetworkRun[]) =>
    new Promise<SimOutput[]>((resolve, reject) => {
      const outputs: SimOutput[] = new Array(runs.length);
      let next = 0;
      let done = 0;
      const feed = (w: Worker) => {
        const i = next++;
        if (i >= runs.length) return;
        w.onmessage = (e: MessageEvent<WorkerMessage>) => {
          const m = e.data;
          if (m.kind === "failed") return reject(new Error(`${runs[i]!.label}: ${m.message}`));
          if (m.kind !== "done") return;
          outputs[i] = { result: m.result };
          onDone(++done, runs.length);
          if (done === runs.length) resolve(outputs);
          else feed(w);
        };
        w.onerror = (e) => reject(new Error(`${runs[i]!.label}: ${e.message}`));
        w.postMessage({ task: "network", module, scenario: runs[i]!.scenario, live: false } satisfies RunRequest);
      };
      for (let k = 0; k < Math.min(MATRIX_WORKERS, runs.length); k++) feed(startWorker());
    });
  const networkOnly = () => Promise.reject(new Error("the playground runs network scenarios only"));
  return { simulateAll, simulateFvmAll: networkOnly, simulateStorageAll: networkOnly };
}

async function matrix() {
  const checked = showProblems();
  if (!checked.scenario || busy()) return;
  if (checked.kind === "storage") return runDiskMatrix(checked.scenario);
  if (checked.kind !== "network") return;
  const scenario = checked.scenario;
  const policy = policySelect.value as Exclude<VmmPolicyName, "none">;
  const module = await core();
  if (!module) return;
  const t0 = performance.now();
  setBusy(true);
  $("matrix-result").hidden = true;
  setStatus(`matrix: 0 of 18 runs`, "running");
  let cancelled = false;
  stopped = () => {
    cancelled = true;
    setStatus("matrix stopped", "stopped");
  };
  let rows: MatrixRow[];
  try {
    rows = await trickMatrix(workerRunner(module, (done, total) => setStatus(`matrix: ${done} of ${total} runs (${MATRIX_WORKERS} workers)`, "running")), scenario, policy);
  } catch (e) {
    if (cancelled) return;
    stopAll();
    return setStatus(`matrix failed: ${(e as Error).message}`, "failed");
  }
  if (cancelled) return;
  stopped = undefined;
  stopAll();
  showMatrix(rows, policy, scenario);
  setStatus(`done: matrix of ${scenario.name} with ${policy} in ${((performance.now() - t0) / 1000).toFixed(2)} s wall`, "done");
}
matrixButton.addEventListener("click", () => void matrix());

function showMatrix(rows: readonly MatrixRow[], policy: Exclude<VmmPolicyName, "none">, s: Scenario) {
  // the columns and numbers of `foxsim matrix`'s table
  const head = ["algorithm", "without KB/s", `with ${policy} KB/s`, "change", "retransmits without", "with"];
  const table = $<HTMLTableElement>("matrix-table");
  const tr = (cells: string[], tag: "th" | "td") => {
    const row = document.createElement("tr");
    for (const c of cells) {
      const cell = document.createElement(tag);
      cell.textContent = c;
      row.append(cell);
    }
    return row;
  };
  table.replaceChildren(tr(head, "th"), ...rows.map((r) => tr([r.algorithm, formatNumber(r.withoutKBps), formatNumber(r.withKBps), `${(100 * r.change).toFixed(1)} %`, String(r.retransmitsWithout), String(r.retransmitsWith)], "td")));
  $("matrix-json").textContent = JSON.stringify(rows);
  $("matrix-title").textContent = "trick matrix";
  $("matrix-json-of").textContent = "foxsim matrix --json";
  $("matrix-result").hidden = false;
  void draw(plots.matrix, matrixSpec(rows, policy, s.name));
}

// The disk matrix (host/storage/matrix.ts, as `foxsim disk-matrix`) on one worker, cell after cell:
// a cell of the example takes a few tens of ms.
async function runDiskMatrix(scenario: StorageScenario) {
  const module = await core();
  if (!module) return;
  const t0 = performance.now();
  setBusy(true);
  $("matrix-result").hidden = true;
  plots.matrix.replaceChildren();
  setStatus("disk matrix: starting", "running");
  stopped = () => setStatus("disk matrix stopped", "stopped");
  const w = startWorker();
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.kind === "cells") return setStatus(`disk matrix: ${m.done} of ${m.total} runs`, "running");
    stopped = undefined;
    stopAll();
    if (m.kind === "failed") return setStatus(`disk matrix failed: ${m.message}`, "failed");
    if (m.kind !== "disk-matrix-done") return setStatus(`disk matrix failed: the worker answered ${m.kind}`, "failed");
    showDiskMatrix(m.rows, scenario);
    setStatus(`done: disk matrix of ${scenario.name} in ${((performance.now() - t0) / 1000).toFixed(2)} s wall`, "done");
  };
  w.onerror = (e) => {
    stopped = undefined;
    stopAll();
    setStatus(`disk matrix failed: ${e.message}`, "failed");
  };
  w.postMessage({ task: "disk-matrix", module, scenario } satisfies StorageRequest);
}

function showDiskMatrix(rows: readonly DiskMatrixRow[], s: StorageScenario) {
  // the columns and cells of `foxsim disk-matrix`'s table
  const names = s.processes.map((p) => p.name);
  const head = ["guest scheduler", "VMM policy", ...names.map((n) => `${n} s`)];
  const policyLabel = (p: string) => (p === "none" ? p : `${p} ${s.vmm.preemptionIntervalMs} ms`);
  const table = $<HTMLTableElement>("matrix-table");
  const tr = (cells: string[], tag: "th" | "td") => {
    const row = document.createElement("tr");
    for (const [i, c] of cells.entries()) row.append(Object.assign(document.createElement(tag), { textContent: c, className: i < 2 ? "label" : "" }));
    return row;
  };
  table.replaceChildren(tr(head, "th"), ...rows.map((r) => tr([r.elevator, policyLabel(r.policy), ...names.map((n) => (r.seconds[n] === null ? "running" : r.seconds[n]!.toFixed(3)))], "td")));
  $("matrix-json").textContent = JSON.stringify(rows);
  $("matrix-title").textContent = "disk matrix";
  $("matrix-json-of").textContent = "foxsim disk-matrix --json";
  $("matrix-result").hidden = false;
  void draw(plots.matrix, diskMatrixSpec(rows, names, s.vmm.preemptionIntervalMs, s.name));
}

loadFromLocation();
setStatus("ready", "idle");
setBusy(false);
