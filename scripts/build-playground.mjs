// Builds the playground (host/playground/) into dist/playground/: the page and its Web Worker as
// two browser bundles (vega and vega-lite inside: the page loads nothing from elsewhere), the HTML
// and CSS, and the core (a copy of dist/core.wasm). scripts/bundle.mjs calls it and embeds the
// files in the CLI, whose `foxsim playground` serves them; `npm run build:playground` runs it alone.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const PLAYGROUND_DIR = "dist/playground";
const SOURCE = "host/playground";

// The files, name → bytes, also written to PLAYGROUND_DIR (emptied first: nothing stale is served).
export async function buildPlayground() {
  const bundles = await build({
    entryPoints: { page: join(SOURCE, "page.ts"), worker: join(SOURCE, "worker.ts") },
    outdir: PLAYGROUND_DIR,
    bundle: true,
    platform: "browser", // a node: import fails to resolve here
    format: "iife",
    target: "es2022",
    minify: true,
    write: false,
    legalComments: "none",
    logLevel: "warning",
  });
  const files = {
    "index.html": readFileSync(join(SOURCE, "index.html")),
    "style.css": readFileSync(join(SOURCE, "style.css")),
    "core.wasm": readFileSync("dist/core.wasm"),
  };
  for (const out of bundles.outputFiles) files[out.path.slice(out.path.lastIndexOf("/") + 1)] = Buffer.from(out.contents);
  rmSync(PLAYGROUND_DIR, { recursive: true, force: true });
  mkdirSync(PLAYGROUND_DIR, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(PLAYGROUND_DIR, name), bytes);
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildPlayground();
