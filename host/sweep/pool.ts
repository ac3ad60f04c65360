// A pool of worker threads (node:worker_threads), each with its own wasm instances, fed one job at
// a time in the order given: a sweep's runs (sorted longest-expected-first), and the batches of
// host/batch.ts (the reproductions, the trick matrix), which take each run's whole output back.
//
// Why worker_threads directly and not piscina/tinypool: both start workers from their own worker
// script file inside node_modules, which the bundle (dist/foxsim.cjs) and the single binary
// (dist/foxsim, one embedded script, no files beside it) do not have. Here a worker's code is, in
// the bundle and the binary, a second bundle of host/sweep/worker.ts embedded as a string by
// scripts/bundle.mjs (__FOXSIM_SWEEP_WORKER_JS__) and started with `eval: true`; run from source,
// it is worker.ts itself, loaded through tsx's register(). The core is compiled once here and the
// WebAssembly.Module handed to each worker (modules are structured-cloneable; no recompiling).
import { Worker } from "node:worker_threads";
import { nodeCoreModule } from "../node.ts";
import type { Job, Outcome } from "./outcome.ts";

declare const __FOXSIM_SWEEP_WORKER_JS__: string | undefined;

function startWorker(module: WebAssembly.Module): Worker {
  const workerData = { module };
  if (typeof __FOXSIM_SWEEP_WORKER_JS__ === "string") return new Worker(__FOXSIM_SWEEP_WORKER_JS__, { eval: true, workerData });
  // From source: Node 20 does not apply tsx's loader hooks (--import tsx) inside a worker, so the
  // worker registers them itself before importing worker.ts.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./worker.ts", import.meta.url).href);
  return new Worker(`import(${tsx}).then((t) => t.register()).then(() => import(${entry}))`, { eval: true, workerData });
}

export class Pool {
  #workers = new Set<Worker>();
  #stopped = false;

  // Runs the jobs on up to `size` workers; `onOutcome` sees each outcome as it arrives and returns
  // false to stop (running jobs are abandoned, queued ones never start). Resolves when done.
  async run(jobs: readonly Job[], size: number, onOutcome: (o: Outcome) => boolean): Promise<void> {
    if (jobs.length === 0) return;
    const module = await nodeCoreModule();
    let next = 0;
    await new Promise<void>((resolveAll) => {
      let live = 0;
      const finish = () => {
        if (--live === 0) resolveAll();
      };
      const launch = () => {
        const w = startWorker(module);
        this.#workers.add(w);
        live++;
        let current: Job | undefined;
        const feed = () => {
          if (this.#stopped || next >= jobs.length) {
            current = undefined;
            this.#workers.delete(w);
            void w.terminate();
            return;
          }
          current = jobs[next++]!;
          w.postMessage(current);
        };
        w.on("message", (o: Outcome) => {
          if (!this.#stopped && !onOutcome(o)) this.stop();
          feed();
        });
        // A worker that dies (out of memory, a crash in its own code) fails its job; a fresh one
        // takes the rest of its share.
        w.on("error", (e) => {
          this.#workers.delete(w);
          const lost = current;
          current = undefined;
          if (lost && !this.#stopped && !onOutcome({ index: lost.index, status: "failed", error: `worker died: ${e.message}`, wallS: 0 })) this.stop();
          if (!this.#stopped && next < jobs.length) launch();
        });
        w.on("exit", finish);
        feed();
      };
      for (let i = 0; i < Math.min(size, jobs.length); i++) launch();
    });
  }

  stop(): void {
    this.#stopped = true;
    for (const w of this.#workers) void w.terminate();
    this.#workers.clear();
  }
}
