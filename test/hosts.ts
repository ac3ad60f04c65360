// Shared by the host tests (test/package.test.ts, test/hosts-native.test.ts): the scenario every
// host runs, the CLI's result bytes to compare with, and where each host's program is.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The congested example at 2 MB (the README's; quick in every host).
export const HOST_SCENARIO = { ...JSON.parse(readFileSync("examples/congested.json", "utf8")), flows: [{ cc: "newreno", bytes: 2_000_000 }] };

// `foxsim run --json` less what differs from run to run (provenance: the build; the wall time): the
// result object, as JSON.stringify prints it, one line.
export function resultJson(cliStdout: string): string {
  const { provenance: _p, wallTimeS: _w, ...result } = JSON.parse(cliStdout);
  return JSON.stringify(result) + "\n";
}

// Where scripts/install-hosts.sh puts the npm packages deno and bun (their binaries under .bin).
export const HOSTS_CACHE = join(process.cwd(), ".cache/hosts");

const INSTALL_HINT: Record<string, string> = {
  deno: "scripts/install-hosts.sh installs it from the npm registry",
  bun: "scripts/install-hosts.sh installs it from the npm registry",
  chromium: "apt-get install chromium, or set CHROMIUM to its path",
  wasm2c: "apt-get install wabt",
  cc: "apt-get install gcc",
  make: "apt-get install make",
};

// A host's program and whether it runs here: `missing` is false, or the reason to skip its test.
export function findHost(name: keyof typeof INSTALL_HINT): { path?: string; missing: false | string } {
  const candidates = [
    ...(name === "chromium" && process.env.CHROMIUM ? [process.env.CHROMIUM] : []),
    join(HOSTS_CACHE, "node_modules/.bin", name),
    ...(name === "chromium" ? ["chromium", "chromium-browser"] : [name]),
  ];
  for (const c of candidates) {
    if (c.includes("/") && !existsSync(c)) continue;
    const r = spawnSync(c, ["--version"], { encoding: "utf8", timeout: 30_000 });
    if (r.status === 0) return { path: c.includes("/") ? c : absolute(c), missing: false };
    if (!r.error) return { missing: `${name} at ${c} does not run (--version exited ${r.status}: ${(r.stderr || r.stdout).trim().split("\n")[0]})` };
  }
  return { missing: `${name} is not installed here (${INSTALL_HINT[name]})` };
}

// A program found on PATH, as an absolute path (puppeteer's executablePath needs one).
function absolute(name: string): string {
  return spawnSync("sh", ["-c", 'command -v "$1"', "sh", name], { encoding: "utf8" }).stdout.trim() || name;
}
