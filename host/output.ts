// Output files: checked before a run starts, written atomically after. A path that cannot be
// written is refused before any simulated second is spent; a file appears under its name only
// once it is complete (written under a temporary name in the same directory, then renamed), so a
// failed or interrupted run leaves no partial file — only, after a kill -9, a hidden
// `.name.<pid>.tmp` beside it.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { announceTemp } from "./supervised-temps.ts";

export class OutputError extends Error {}

const reason = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

// mkdir -p, one component at a time. Node's own recursive mkdir retries forever where mkdir(2)
// says ENOENT for a directory whose parent exists (/proc/nope): here every step runs once.
export function makeDirs(dir: string, option: string): void {
  const full = resolve(dir);
  const parts = full.split(sep);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join(sep) || sep;
    const shown = isAbsolute(dir) ? prefix : relative(process.cwd(), prefix) || ".";
    let st;
    try {
      st = statSync(prefix, { throwIfNoEntry: false });
    } catch (e) {
      throw new OutputError(`${option} ${dir}: cannot use ${shown} (${reason(e)})`);
    }
    if (st?.isDirectory()) continue;
    if (st) throw new OutputError(`${option} ${dir}: ${shown} is a file, not a directory`);
    try {
      mkdirSync(prefix);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && statSync(prefix, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw new OutputError(`${option} ${dir}: cannot create ${shown} (${reason(e)})`);
    }
  }
}

const tempName = (file: string) => join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);

// Temporary files not yet renamed into place; removed if the process exits first (or, ended by a
// signal in a supervised child, by its supervisor: host/supervised-temps.ts).
const pending = new Set<string>();
function track(temp: string): void {
  announceTemp(resolve(temp), true); // before the file exists: no moment where it is there unannounced
  pending.add(temp);
}
function untrack(temp: string): void {
  pending.delete(temp);
  announceTemp(resolve(temp), false);
}
process.on("exit", () => {
  for (const t of pending) {
    try {
      unlinkSync(t);
    } catch {
      // already gone
    }
  }
});

// Can `file` be written? Its directory must exist (or, with `create`, be creatable) and take a
// new file; `file` itself must not be a directory. Probed by creating and removing the very
// temporary file the write will use.
export function checkOutputFile(file: string, option: string, create = false): void {
  const dir = dirname(resolve(file));
  if (create) makeDirs(dirname(file), option);
  else if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new OutputError(`${option} ${file}: directory ${dirname(file)} does not exist`);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new OutputError(`${option} ${file}: is a directory`);
  const temp = tempName(file);
  try {
    closeSync(openSync(temp, "w"));
    unlinkSync(temp);
  } catch (e) {
    throw new OutputError(`${option} ${file}: cannot write in ${dirname(file)} (${reason(e)})`);
  }
}

// A directory that will receive output files: created if missing, and probed for writing.
export function checkOutputDir(dir: string, option: string): void {
  checkOutputFile(join(dir, "probe"), option, true);
}

// A file written in pieces under a temporary name; commit() puts it in place, discard() drops it.
export class AtomicFile {
  readonly #temp: string;
  #fd: number;
  constructor(readonly file: string, readonly option: string) {
    this.#temp = tempName(file);
    track(this.#temp);
    try {
      this.#fd = openSync(this.#temp, "w");
    } catch (e) {
      untrack(this.#temp);
      throw new OutputError(`${option} ${file}: cannot write (${reason(e)})`);
    }
  }
  write(data: string | Uint8Array): void {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(this.#fd, bytes, off);
    } catch (e) {
      this.discard();
      throw new OutputError(`${this.option} ${this.file}: cannot write (${reason(e)})`);
    }
  }
  commit(): void {
    try {
      closeSync(this.#fd);
      renameSync(this.#temp, this.file);
      untrack(this.#temp);
    } catch (e) {
      this.discard();
      throw new OutputError(`${this.option} ${this.file}: cannot write (${reason(e)})`);
    }
  }
  discard(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    if (existsSync(this.#temp)) unlinkSync(this.#temp);
    untrack(this.#temp);
  }
}

// Write a whole file atomically, from one string or from pieces (a trace of any size).
export function writeAtomic(file: string, data: string | Iterable<string>, option: string): void {
  const out = new AtomicFile(file, option);
  try {
    for (const piece of typeof data === "string" ? [data] : data) out.write(piece);
  } catch (e) {
    out.discard();
    throw e;
  }
  out.commit();
}

// Remove a file this run does not produce from a directory it writes into, so the directory
// shows this run only (a native run's pcap directory keeps no vnic.pcap of an earlier guest run).
export function removeStale(file: string, option: string): void {
  try {
    if (existsSync(file)) unlinkSync(file);
  } catch (e) {
    throw new OutputError(`${option} ${file}: cannot remove the earlier run's file (${reason(e)})`);
  }
}
