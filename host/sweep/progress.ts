// Sweep progress on stderr: runs done / total, runs/s, ETA and failures so far — the shared status
// line on a terminal (host/report/progress.ts), else one line at most every PLAIN_PERIOD_S (batch
// logs, e.g. Slurm's).
import { StatusLine } from "../report/progress.ts";

const PLAIN_PERIOD_S = 30;

const clock = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${s.toFixed(0)}s`);

export class SweepProgress {
  readonly #line = new StatusLine();
  readonly #t0 = performance.now();
  #lastPlain = 0;
  done = 0;
  failed = 0;

  constructor(readonly total: number, readonly quiet: boolean) {}

  elapsedS(): number {
    return (performance.now() - this.#t0) / 1000;
  }

  rate(): number {
    return this.done / Math.max(1e-9, this.elapsedS());
  }

  tick(failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    if (this.quiet) return;
    const rate = this.rate();
    if (process.stderr.isTTY) {
      this.#line.begin("sweep", { runs: { done: this.done, total: this.total }, detail: `${rate.toFixed(2)} runs/s, ${this.failed} failed` });
    } else if (this.elapsedS() - this.#lastPlain >= PLAIN_PERIOD_S) {
      this.#lastPlain = this.elapsedS();
      process.stderr.write(`sweep: ${this.done}/${this.total} runs, ${rate.toFixed(2)} runs/s, ETA ${clock((this.total - this.done) / Math.max(rate, 1e-9))}, ${this.failed} failed\n`);
    }
  }

  stop(): void {
    this.#line.stop();
  }
}
