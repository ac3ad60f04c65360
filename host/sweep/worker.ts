// A sweep worker thread: compiled core module in workerData, jobs by message; each job runs on a
// fresh wasm instance (its own memory, so a trap cannot leak state into the next run) and posts its
// outcome back. A wasm trap (WebAssembly.RuntimeError) is reported as "trap", anything else thrown
// (e.g. a CoreError from a full pool) as "failed"; both with the message.
import { parentPort, workerData } from "node:worker_threads";
import { loadCore } from "../core.ts";
import { simulate } from "../simulate.ts";
import { simulateFvm } from "../fvm/simulate.ts";
import { networkSummary, fvmSummary, type Job, type Outcome } from "./outcome.ts";

const module = (workerData as { module: WebAssembly.Module }).module;

async function run(job: Job): Promise<Outcome> {
  const t0 = performance.now();
  const wallS = () => (performance.now() - t0) / 1000;
  try {
    const core = await loadCore(module);
    const summary = job.kind === "fvm" ? fvmSummary(simulateFvm(core, job.scenario)) : networkSummary(simulate(core, job.scenario).result);
    return { index: job.index, status: "ok", summary, wallS: wallS() };
  } catch (e) {
    const trap = e instanceof WebAssembly.RuntimeError;
    return { index: job.index, status: trap ? "trap" : "failed", error: (e as Error).message ?? String(e), wallS: wallS() };
  }
}

parentPort!.on("message", (job: Job) => {
  void run(job).then((o) => parentPort!.postMessage(o));
});
