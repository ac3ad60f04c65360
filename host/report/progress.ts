// Progress on stderr for long work, only when stderr is a terminal (never in pipes or CI logs).
import cliProgress from "cli-progress";

export class Progress {
  #bar: cliProgress.SingleBar | undefined;
  #started = false;
  readonly #enabled: boolean;
  readonly #unit: string;

  constructor(enabled: boolean, unit: string) {
    this.#enabled = enabled && process.stderr.isTTY === true;
    this.#unit = unit;
  }

  update(value: number, total: number | undefined, label: string): void {
    if (!this.#enabled) return;
    if (!this.#started) {
      this.#bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: ` {bar} {value}/{total} ${this.#unit}  {label}`, hideCursor: true, clearOnComplete: true, formatValue: (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)) },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(total ?? 0, 0, { label });
      this.#started = true;
    }
    if (total !== undefined) this.#bar!.setTotal(total);
    this.#bar!.update(value, { label });
  }

  stop(): void {
    this.#bar?.stop();
  }
}
