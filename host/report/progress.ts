// The status line of long work, on stderr and only when stderr is a terminal (never in pipes or CI
// logs). Its anchor is OMNeT++ Cmdenv's express-mode status ("Event #… t=… Elapsed: … ev/sec=…
// simsec/sec=…"), on one line:
//   run fast  t=12.65/20 s  ETA 0.4 s  9.5 M ev/s  19.9 simsec/s  6.0 M ev  elapsed 0.6 s
// Rewritten in place at most 10 times a second, cut to the terminal's width so that it never wraps,
// with the cursor hidden while it shows; stop() erases it and shows the cursor again.
//
// Written here rather than with cli-progress: the simulations run synchronously inside wasm, where
// that library's timer-driven redraws never fire, and the line is text, not a bar.

const REDRAW_MS = 100; // at most ~10 redraws a second
const HIDE_CURSOR = "\x1b[?25l";
export const SHOW_CURSOR = "\x1b[?25h";
const ERASE_LINE = "\r\x1b[K";

export interface Horizon {
  totalS: number; // simulated seconds the run will reach
  estimated: boolean; // true: a guess (shown as ~), the run may go on past it
}

// Lines showing now: the process shows the cursor again at exit even if an error skipped stop().
const showing = new Set<StatusLine>();
let exitHookInstalled = false;

export class StatusLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  readonly #startMs = performance.now();
  #what = "";
  #detail = "";
  #runs: { done: number; total: number } | undefined;
  #horizon: Horizon | undefined;
  #work: { done: number; total: number } | undefined; // the current run's work, when it counts it
  // the current task's simulation: totals since begin(), and the clock last reported
  #taskStartMs = 0;
  #simS = 0;
  #events = 0;
  #lastSimS = 0;
  #lastEvents = 0;
  #drawnMs = -Infinity;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
    this.#enabled = stream.isTTY === true;
  }

  // A new piece of work: what it is, which run of how many (runs.done of them finished), a detail
  // of this run, how far in simulated time it goes.
  begin(what: string, o: { runs?: { done: number; total: number }; detail?: string; horizon?: Horizon } = {}): void {
    if (!this.#enabled) return;
    this.#what = what;
    this.#detail = o.detail ?? "";
    this.#runs = o.runs;
    this.#horizon = o.horizon;
    this.#work = undefined;
    this.#taskStartMs = performance.now();
    this.#simS = this.#events = this.#lastSimS = this.#lastEvents = 0;
    this.#draw();
  }

  // Another simulation within the same piece of work: its clock starts again from zero, the
  // totals behind the rates keep adding up.
  nextSimulation(): void {
    this.#lastSimS = this.#lastEvents = 0;
  }

  // The current simulation's clock, as its loop reports it between steps, and how much of its work
  // (any unit; a storage run counts pages and directory entries) is done of how much.
  advance(simS: number, events: number, work?: { done: number; total: number }): void {
    if (!this.#enabled) return;
    this.#work = work && work.total > 0 ? work : undefined;
    this.#simS += simS - this.#lastSimS;
    this.#events += events - this.#lastEvents;
    this.#lastSimS = simS;
    this.#lastEvents = events;
    this.#draw();
  }

  stop(): void {
    if (!showing.has(this)) return;
    showing.delete(this);
    this.#stream.write(ERASE_LINE + SHOW_CURSOR);
  }

  #draw(): void {
    const now = performance.now();
    if (now - this.#drawnMs < REDRAW_MS) return;
    this.#drawnMs = now;
    if (!showing.has(this)) {
      showing.add(this);
      installExitHook();
      this.#stream.write(HIDE_CURSOR);
    }
    const width = Math.max(20, (this.#stream.columns || 80) - 1); // never the last column: no wrap
    this.#stream.write(ERASE_LINE + [...this.#line(now)].slice(0, width).join(""));
  }

  // Most telling first, as a narrow terminal cuts the end: what, where in simulated time, when it
  // ends, how fast.
  #line(now: number): string {
    const run = this.#runs ? ` run ${Math.min(this.#runs.done + 1, this.#runs.total)}/${this.#runs.total}` : "";
    const parts = [`${this.#what}${run}${this.#detail ? ` ${this.#detail}` : ""}`];
    const h = this.#horizon;
    const reached = this.#lastSimS;
    if (this.#events > 0 || h) {
      const total = h && (!h.estimated || reached < h.totalS) ? `/${h.estimated ? "~" : ""}${seconds(h.totalS)}` : "";
      parts.push(`t=${reached.toFixed(2)}${total} s`);
    }
    const w = this.#work;
    const workShare = w ? Math.min(1, w.done / w.total) : undefined;
    if (workShare !== undefined) parts.push(`${(100 * workShare).toFixed(1)} %`);
    const taskS = (now - this.#taskStartMs) / 1000;
    const simRate = taskS > 0 ? this.#simS / taskS : 0;
    const elapsedS = (now - this.#startMs) / 1000;
    let eta = "?";
    if (this.#runs && this.#runs.done < this.#runs.total) {
      // several runs: the share done so far (the current run by its work, else its simulated time, when known)
      // extrapolates the whole; runs differ in length, so it is an estimate
      const within = workShare ?? (h && reached < h.totalS ? reached / h.totalS : 0);
      const share = (this.#runs.done + within) / this.#runs.total;
      if (share > 0) eta = `~${duration((elapsedS * (1 - share)) / share)}`;
    } else {
      // the sooner of the two ends: the simulated time reached, the work done (each at its rate so far)
      const byTime = h && reached < h.totalS && simRate > 0 ? (h.totalS - reached) / simRate : Infinity;
      const byWork = workShare !== undefined && workShare > 0 && workShare < 1 ? (taskS * (1 - workShare)) / workShare : Infinity;
      if (byWork < byTime) eta = duration(byWork);
      else if (byTime < Infinity) eta = `${h!.estimated ? "~" : ""}${duration(byTime)}`;
    }
    parts.push(`ETA ${eta}`);
    if (this.#events > 0 && taskS > 0) parts.push(`${count(this.#events / taskS)} ev/s`, `${significant(simRate)} simsec/s`, `${count(this.#events)} ev`);
    parts.push(`elapsed ${duration(elapsedS)}`);
    return parts.join("  ");
  }
}

// Erases every line showing and shows the cursor: before an error message, and at exit.
export function stopStatusLines(): void {
  for (const line of showing) line.stop();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", stopStatusLines);
}

function count(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

function significant(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function seconds(s: number): string {
  return Number.isInteger(s) ? String(s) : s.toFixed(s >= 10 ? 1 : 2);
}

// "4.1 s", "3m 05s", "2h 07m"
function duration(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
