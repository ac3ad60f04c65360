// What made a result: the foxsim version and the git commit it was built from. Both are embedded at
// build time by the bundler (scripts/bundle.mjs); run from source (tsx), the commit is read from the
// checkout when git is there. Every result file (run --json, reproduce, sweep rows) carries these.
declare const __FOXSIM_VERSION__: string | undefined;
declare const __FOXSIM_COMMIT__: string | undefined;

export interface Provenance {
  version: string;
  commit: string; // 40 hex digits, with "-dirty" when built from uncommitted changes; "unknown" when not known
}

const SOURCE_VERSION = "0.1.0-dev"; // package.json's version is embedded in builds; source runs say -dev

let fromSource: string | undefined;

// The commit of a source checkout: `git describe`-free, so it works without git on PATH failing loudly.
function sourceCommit(): string {
  if (fromSource !== undefined) return fromSource;
  fromSource = "unknown";
  const proc = (globalThis as { process?: { getBuiltinModule?: (m: string) => unknown } }).process;
  const cp = proc?.getBuiltinModule?.("node:child_process") as typeof import("node:child_process") | undefined;
  if (!cp) return fromSource;
  try {
    const head = cp.execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = cp.execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() !== "";
    if (/^[0-9a-f]{40}$/.test(head)) fromSource = dirty ? `${head}-dirty` : head;
  } catch {
    // not a checkout, or no git: "unknown"
  }
  return fromSource;
}

export function provenance(): Provenance {
  return {
    version: typeof __FOXSIM_VERSION__ === "string" ? __FOXSIM_VERSION__ : SOURCE_VERSION,
    commit: typeof __FOXSIM_COMMIT__ === "string" ? __FOXSIM_COMMIT__ : sourceCommit(),
  };
}
