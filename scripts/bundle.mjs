// Bundles the CLI into one CommonJS file with core.wasm embedded (base64), for `node dist/foxsim.cjs`
// and as the script of the single executable (Node SEA needs one CommonJS file). Everything the CLI
// uses is bundled, so its libraries (commander, vega, …) are devDependencies: installing the package
// brings only what the library (lib/) imports at run time.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { buildPlayground } from "./build-playground.mjs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const wasm = readFileSync("dist/core.wasm").toString("base64");

// The commit the bundle is built from (host/provenance.ts), "-dirty" with uncommitted changes.
function commit() {
  try {
    const git = (...a) => execFileSync("git", a, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const head = git("rev-parse", "HEAD");
    return git("status", "--porcelain", "--untracked-files=no") === "" ? head : `${head}-dirty`;
  } catch {
    return "unknown";
  }
}

// The sweep's worker thread code (host/sweep/pool.ts starts it with `eval: true`): a second bundle,
// embedded in the first as a string, since the single binary has no files to start a worker from.
const worker = await build({ entryPoints: ["host/sweep/worker.ts"], bundle: true, platform: "node", target: "node20", format: "cjs", write: false, logLevel: "warning" });

// The playground's files (scripts/build-playground.mjs, into dist/playground/ too), embedded for
// `foxsim playground` as name → [encoding, content]: text as itself (it compresses in the package as
// text does; base64 would not), the core as base64.
const playground = Object.fromEntries(Object.entries(await buildPlayground()).map(([name, bytes]) => {
  const encoding = name.endsWith(".wasm") ? "base64" : "utf8";
  return [name, [encoding, bytes.toString(encoding)]];
}));

await build({
  entryPoints: ["host/main.ts"],
  outfile: "dist/foxsim.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  banner: { js: "#!/usr/bin/env node" },
  define: {
    __FOXSIM_CORE_WASM_B64__: JSON.stringify(wasm),
    __FOXSIM_SWEEP_WORKER_JS__: JSON.stringify(worker.outputFiles[0].text),
    __FOXSIM_PLAYGROUND__: JSON.stringify(playground),
    __FOXSIM_VERSION__: JSON.stringify(pkg.version),
    __FOXSIM_COMMIT__: JSON.stringify(commit()),
    "import.meta.url": "undefined",
    "import.meta.resolve": "undefined", // only on host/sweep/pool.ts's from-source path
  },
  // vega-canvas's Node build loads the optional node-canvas with a top-level await, which a CommonJS
  // bundle cannot hold; its browser build finds no canvas in Node, so vega estimates text widths
  // (host/report/vega.ts sets how) — the same on every machine.
  alias: { "vega-canvas": "./node_modules/vega-canvas/build/vega-canvas.browser.js" },
  logLevel: "warning",
});
