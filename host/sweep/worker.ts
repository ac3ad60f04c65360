// A pool worker thread: compiled core module in workerData, jobs by message; each job runs on a
// fresh wasm instance (its own memory, so a trap cannot leak state into the next run) and posts its
// outcome back — a sweep job its summary, a batch job its whole output with the large arrays
// transferred. A wasm trap (WebAssembly.RuntimeError) is reported as "trap", anything else thrown
// (e.g. a CoreError from a full pool) as "failed"; both with the message.
import { parentPort, workerData } from "node:worker_threads";
import { loadCore } from "../core.ts";
import { simulate } from "../simulate.ts";
import { simulateFvm } from "../fvm/simulate.ts";
import { summarise } from "./kinds/index.ts";
import { postNetworkOutput, postFvmOutput, type Job, type Outcome } from "./outcome.ts";

const module = (workerData as { module: WebAssembly.Module }).module;

async function run(job: Job): Promise<{ outcome: Outcome; transfer: ArrayBuffer[] }> {
  const t0 = performance.now();
  const wallS = () => (performance.now() - t0) / 1000;
  try {
    const core = await loadCore(module);
    if (job.kind === "network" && job.output) {
      const { output, transfer } = postNetworkOutput(simulate(core, job.scenario, job.output));
      return { outcome: { index: job.index, status: "ok", output, wallS: wallS() }, transfer };
    }
    if (job.kind === "fvm" && job.output) {
      const { output, transfer } = postFvmOutput(simulateFvm(core, job.scenario));
      return { outcome: { index: job.index, status: "ok", output, wallS: wallS() }, transfer };
    }
    const summary = summarise(core, job.kind, job.scenario);
    return { outcome: { index: job.index, status: "ok", summary, wallS: wallS() }, transfer: [] };
  } catch (e) {
    const trap = e instanceof WebAssembly.RuntimeError;
    return { outcome: { index: job.index, status: trap ? "trap" : "failed", error: (e as Error).message ?? String(e), wallS: wallS() }, transfer: [] };
  }
}

parentPort!.on("message", (job: Job) => {
  void run(job).then(({ outcome, transfer }) => parentPort!.postMessage(outcome, transfer));
});
