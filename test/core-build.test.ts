// Which core build a process runs: the published entry loads the release build and reads no
// environment (a Deno user grants only --allow-read; test/package.test.ts runs it so), and the
// property tests' preload (props/checked-core.ts, as `npm test` runs them) switches to the checked build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

// Only the checked build (asconfig.json "debug": sourceMap) carries a sourceMappingURL section.
const PROBE = `import { nodeCoreModule } from "./host/node.ts";
console.log(WebAssembly.Module.customSections(await nodeCoreModule(), "sourceMappingURL").length ? "checked" : "release");`;

function buildLoaded(preload: string[]): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", ...preload, "--input-type=module", "-e", PROBE], { encoding: "utf8", env: { ...process.env, FOXSIM_CORE: "checked" } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test("the library loads the release build, whatever the environment says", () => {
  assert.equal(buildLoaded([]), "release");
});

test("the property tests' preload chooses the checked build", () => {
  assert.equal(buildLoaded(["--import", "./props/checked-core.ts"]), "checked");
  const npmTest = JSON.parse(readFileSync("package.json", "utf8")).scripts.test as string;
  assert.match(npmTest, /--import \.\/props\/checked-core\.ts --test props\/\*\.test\.ts/, "npm test runs the properties with the preload");
});

// Every module the published entries reach (relative imports, as tsconfig.lib.json compiles them).
function reached(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^;]*?["'](\.{1,2}\/[^"']+\.ts)["']/gm)) {
      const target = resolve(dirname(file), m[1]!);
      assert.ok(existsSync(target), `${file} imports ${m[1]}, which does not exist`);
      visit(target);
    }
  };
  for (const e of entries) visit(resolve(e));
  return [...seen];
}

test("no module of the published entries reads the environment", () => {
  const files = reached(["host/node.ts", "host/index.ts"]);
  assert.ok(files.some((f) => f.endsWith(join("host", "core-build.ts"))), "the walk reaches host/node.ts's imports");
  const readers = files.filter((f) => /process\.env|Deno\.env/.test(readFileSync(f, "utf8"))).map((f) => relative(process.cwd(), f));
  assert.deepEqual(readers, []);
});
