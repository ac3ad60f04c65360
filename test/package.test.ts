// The npm package as a user gets it. The files a clone has (git's tracked and unignored files: no
// dist/, no lib/) are copied to a scratch directory and packed there — `prepack` builds everything —
// and the tarball is installed into an empty project. There: the README's library example runs as
// plain Node ESM and type-checks under tsc NodeNext, `npx foxsim --help` works, `require("foxsim")`
// works, and the browser entry bundles with no node: module and runs in a realm with no Node globals.
// Packing a copy keeps the build away from the dist/ that the other test files are reading.
// The same installed package then runs in every JavaScript host (Node as ESM and as CommonJS, Deno,
// Bun, headless Chromium): each must print the packaged CLI's result JSON byte for byte, or be
// skipped with the reason (not installed here); test/hosts-native.test.ts runs the core as C.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { build } from "esbuild";
import { HOST_SCENARIO, findHost, resultJson } from "./hosts.ts";

const repo = process.cwd();
const npmVersion = spawnSync("npm", ["--version"], { encoding: "utf8" });
const npmMissing = npmVersion.status !== 0 ? `npm is not available (${npmVersion.error?.message ?? npmVersion.stderr})` : false;

function run(cmd: string, args: string[], opts: SpawnSyncOptions): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 180_000, ...opts });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} in ${String(opts.cwd)} exited ${r.status}${r.error ? ` (${r.error.message})` : ""}:\n${String(r.stdout)}\n${String(r.stderr)}`);
  return String(r.stdout);
}

// The README's library example, verbatim: the first ```js block under "## Library".
const readmeExample = /^## Library\n[\s\S]*?```js\n([\s\S]*?)```/m.exec(readFileSync("README.md", "utf8"))![1]!;
const askedBytes = Number(/bytes: ([\d_]+)/.exec(readmeExample)![1]!.replaceAll("_", ""));
const printed = /^(\d+) bytes in ([\d.]+) s: ([\d.]+) KB\/s$/m;

describe("the packed npm package", { skip: npmMissing }, () => {
  let scratch: string;
  let tarball: string;
  let app: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "foxsim-pkg-"));
    const clone = join(scratch, "clone");
    const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo }).split("\0").filter(Boolean);
    for (const f of files) {
      if (!statSync(join(repo, f), { throwIfNoEntry: false })?.isFile()) continue; // deleted but not yet committed
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      cpSync(join(repo, f), join(clone, f));
    }
    symlinkSync(join(repo, "node_modules"), join(clone, "node_modules"), "dir"); // the build tools, as after `npm ci`
    run("npm", ["pack", "--pack-destination", scratch], { cwd: clone });
    tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith(".tgz"))!);
    app = join(scratch, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    run("npm", ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app });
  });

  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test("holds the library, its types, core.wasm, the CLI bundle, README and LICENSE — nothing else", () => {
    const entries = run("tar", ["-tzf", tarball], { cwd: scratch }).split("\n").filter(Boolean).map((e) => e.replace(/^package\//, ""));
    for (const need of ["lib/index.js", "lib/index.d.ts", "lib/node.js", "lib/node.d.ts", "dist/core.wasm", "dist/foxsim.cjs", "README.md", "LICENSE", "package.json"]) {
      assert.ok(entries.includes(need), `${need} missing from the tarball`);
    }
    const stray = entries.filter((e) => !/^lib\/.+\.(js|d\.ts)$/.test(e) && !["dist/core.wasm", "dist/foxsim.cjs", "README.md", "LICENSE", "package.json"].includes(e));
    assert.deepEqual(stray, [], "files in the tarball that a user does not need (sources, tests, the SEA binary, the debug wasm)");
  });

  test("the README's library example runs as plain Node ESM and computes what the source tree computes", () => {
    writeFileSync(join(app, "example.mjs"), readmeExample);
    const out = run(process.execPath, ["example.mjs"], { cwd: app });
    const m = printed.exec(out);
    assert.ok(m, `unexpected output: ${out}`);
    assert.equal(Number(m[1]), askedBytes, "bytes delivered = the transfer asked for");
    assert.ok(Number(m[3]) > 0 && Number(m[3]) < 2000, `${m[3]} KB/s through a 2000 KB/s token bucket`);
    // The same code against host/node.ts run from source: the package must not change a result.
    const fromSource = join(scratch, "from-source.mjs");
    writeFileSync(fromSource, readmeExample.replace(/from "foxsim"/, `from ${JSON.stringify(pathToFileURL(join(repo, "host/node.ts")).href)}`));
    assert.equal(out, run(process.execPath, ["--import", "tsx", fromSource], { cwd: repo }));
  });

  test("the README's library example type-checks as TypeScript with module NodeNext", () => {
    writeFileSync(join(app, "example.ts"), readmeExample);
    // No @types/node in the app: the package's types must not need them.
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", target: "ES2022", strict: true, noEmit: true, types: [] }, files: ["example.ts"] }));
    run(join(repo, "node_modules/.bin/tsc"), ["-p", "."], { cwd: app });
  });

  test("`npx foxsim --help` runs the packaged CLI", () => {
    const out = run("npx", ["--no", "--", "foxsim", "--help"], { cwd: app }); // --no: never fetch it from the registry
    assert.match(out, /^Usage: foxsim /m);
  });

  const requireEsm = (process.features as { require_module?: boolean }).require_module;
  test("require(\"foxsim\") gives the same library to CommonJS", { skip: !requireEsm && `Node ${process.version} cannot require an ES module` }, () => {
    writeFileSync(join(app, "consumer.cjs"), `const foxsim = require("foxsim");\nfoxsim.loadNodeCore().then((core) => console.log(typeof foxsim.simulate, core.congestionControlCount));\n`);
    assert.match(run(process.execPath, ["consumer.cjs"], { cwd: app }), /^function \d+$/m);
  });

  test("the browser entry bundles without any node: module and runs where there is no Node global", async () => {
    const bundle = await build({
      stdin: { contents: 'export * from "foxsim";', resolveDir: app },
      absWorkingDir: app,
      bundle: true,
      platform: "browser", // a node: import fails to resolve here
      format: "iife",
      globalName: "foxsim",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    assert.ok(inputs.includes("node_modules/foxsim/lib/index.js") && !inputs.includes("node_modules/foxsim/lib/node.js"), inputs.filter((i) => i.includes("foxsim/")).join(", "));
    // A fresh realm has WebAssembly but no process, Buffer or require. The core comes from the
    // package's "./core.wasm" export, as a page would fetch it.
    const wasmBytes = new Uint8Array(readFileSync(createRequire(join(app, "package.json")).resolve("foxsim/core.wasm")));
    const realm = vm.createContext({ wasmBytes, askedBytes });
    vm.runInContext(bundle.outputFiles[0]!.text, realm);
    const delivered = await vm.runInContext(
      `(async () => {
        if (typeof process !== "undefined" || typeof Buffer !== "undefined") throw new Error("not a bare realm");
        const core = await foxsim.loadCore(wasmBytes);
        const s = foxsim.parseScenario({ name: "bare", path: { lineRateMbps: 100, forward: { delayMs: 5 }, reverse: { delayMs: 5 } }, flows: [{ cc: "cubic", bytes: askedBytes }] });
        return foxsim.simulate(core, s).result.bytesDelivered;
      })()`,
      realm,
    );
    assert.equal(delivered, askedBytes);
    // the storage world and the inter-VM paths run there too
    const paths = readFileSync(join(repo, "examples/intervm-xenloop.json"), "utf8");
    const other = await vm.runInContext(
      `(async () => {
        const core = await foxsim.loadCore(wasmBytes);
        const disk = foxsim.simulateStorage(core, foxsim.parseStorageScenario({ processes: [{ name: "r", workload: "sequential", fileMB: 1 }] }));
        const p = foxsim.runTestbed(core, foxsim.testbedOf(foxsim.parsePathsScenario({ ...${paths}, durationMs: 5, warmupMs: 1 })));
        return disk.processes[0].pagesRead + " pages, " + p.conns.length + " connections";
      })()`,
      realm,
    );
    assert.equal(other, "256 pages, 2 connections");
  });

  // The scenario inline (no file to read: the same script runs where fs and argv differ).
  const consumer = (load: string) => `${load}\nconst scenario = foxsim.parseScenario(${JSON.stringify(HOST_SCENARIO)});\nconst core = await foxsim.loadNodeCore();\nconsole.log(JSON.stringify(foxsim.simulate(core, scenario).result));\n`;
  const cliResult = () => resultJson(run(process.execPath, [join(app, "node_modules/foxsim/dist/foxsim.cjs"), "run", "scenario.json", "--json"], { cwd: app }));

  describe("every host prints the CLI's result bytes", () => {
    let expected: string;
    before(() => {
      writeFileSync(join(app, "scenario.json"), JSON.stringify(HOST_SCENARIO));
      expected = cliResult();
      writeFileSync(join(app, "host-consumer.mjs"), consumer('import * as foxsim from "foxsim";'));
    });

    test("Node, an ES module consumer", () => {
      assert.equal(run(process.execPath, ["host-consumer.mjs"], { cwd: app }), expected);
    });

    test("Node, a CommonJS consumer", { skip: !requireEsm && `Node ${process.version} cannot require an ES module` }, () => {
      writeFileSync(join(app, "host-consumer.cjs"), `(async () => {\n${consumer('const foxsim = require("foxsim");')}})();\n`);
      assert.equal(run(process.execPath, ["host-consumer.cjs"], { cwd: app }), expected);
    });

    const deno = findHost("deno");
    test("Deno (the npm package deno)", { skip: deno.missing }, () => {
      // the library reads node_modules/foxsim/dist/core.wasm (host/node.ts) and nothing else: no environment, no network
      assert.equal(run(deno.path!, ["run", "--allow-read", "--no-prompt", "host-consumer.mjs"], { cwd: app, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } }), expected);
    });

    const bun = findHost("bun");
    test("Bun (the npm package bun)", { skip: bun.missing }, () => {
      assert.equal(run(bun.path!, ["host-consumer.mjs"], { cwd: app }), expected);
    });

    const chromium = findHost("chromium");
    test("headless Chromium (puppeteer-core), the browser entry on a page with no network", { skip: chromium.missing }, async () => {
      const bundle = await build({ stdin: { contents: 'export * from "foxsim";', resolveDir: app }, absWorkingDir: app, bundle: true, platform: "browser", format: "iife", globalName: "foxsim", write: false, logLevel: "silent" });
      const wasmB64 = readFileSync(createRequire(join(app, "package.json")).resolve("foxsim/core.wasm")).toString("base64");
      const { launch } = await import("puppeteer-core");
      // --no-sandbox: Chromium's sandbox refuses to run as root (CI containers)
      const browser = await launch({ executablePath: chromium.path!, headless: true, args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        await page.setRequestInterception(true);
        page.on("request", (r) => {
          requests.push(r.url());
          void r.abort();
        });
        await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
        const printed = await page.evaluate(async (b64: string, doc: unknown) => {
          const f = (globalThis as unknown as { foxsim: typeof import("../host/index.ts") }).foxsim;
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          return JSON.stringify(f.simulate(await f.loadCore(bytes), f.parseScenario(doc)).result) + "\n";
        }, wasmB64, HOST_SCENARIO);
        assert.deepEqual(requests, [], "the page asked the network for something");
        assert.equal(printed, expected);
      } finally {
        await browser.close();
      }
    });
  });
});
