// Temporary output files of a supervised child (host/main.ts), removed by the supervisor when a
// signal ends the child. Output is written under a temporary name, then renamed (host/output.ts);
// the child's own exit hook removes what is left, but a child that Ctrl-C ends dies with the default
// disposition (its simulations run synchronously in wasm, where no JavaScript handler could run)
// and would leave a hidden `.name.<pid>.tmp` beside the file. So the child tells the supervisor each
// temporary name as it opens and closes it, one line on an inherited pipe ("+path" / "-path"),
// written synchronously so that the line is out before the next byte of the file.
import { unlinkSync, writeSync } from "node:fs";
import type { Readable } from "node:stream";

export const SUPERVISED_ENV = "FOXSIM_SUPERVISED";
export const TEMPS_FD = 3; // the child's stdio[3]

const supervised = process.env[SUPERVISED_ENV] === "1";

// In the child: a temporary file now exists (true) or is gone (false).
export function announceTemp(path: string, exists: boolean): void {
  if (!supervised) return;
  try {
    writeSync(TEMPS_FD, `${exists ? "+" : "-"}${path}\n`);
  } catch {
    // no supervisor listening (a child started by hand): its own exit hook still cleans up
  }
}

// In the supervisor: follows the child's announcements; remove() deletes the files still there.
export function watchTemps(from: Readable): { remove(): void } {
  const temps = new Set<string>();
  let partial = "";
  from.setEncoding("utf8");
  from.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    for (const l of lines) (l.startsWith("+") ? temps.add(l.slice(1)) : temps.delete(l.slice(1)));
  });
  return {
    remove() {
      for (const t of temps) {
        try {
          unlinkSync(t);
        } catch {
          // renamed or removed after all
        }
      }
    },
  };
}
