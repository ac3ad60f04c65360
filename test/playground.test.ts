// The browser playground (host/playground/): its server (`foxsim playground`, the CLI bundle built by
// `npm test`, with the site embedded), the pieces the page shares with the CLI (validation, the live
// run, the plots), and the page itself in headless Chromium — skipped, with the reason, where
// Chromium is not installed (test/hosts.ts findHost).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { findHost, resultJson } from "./hosts.ts";
import { newCore } from "./helpers.ts";
import { parseScenario } from "../host/scenario.ts";
import { simulate } from "../host/simulate.ts";
import { renderSvg } from "../host/report/vega.ts";
import { checkScenarioText, fragmentOf, textFromFragment } from "../host/playground/scenario-text.ts";
import { cwndSpec, diskMatrixSpec, fvmSeriesSpec, fvmThroughputSpec, matrixSpec, pathsConnectionsSpec, pathsCoresSpec, processesSpec, queueSpec, rttSpec } from "../host/playground/figures.ts";
import { parsePathsScenario, pathsReport, testbedOf } from "../host/outsourcing/scenario.ts";
import { runTestbed } from "../host/outsourcing/model.ts";
import { parseFvmScenario } from "../host/fvm/scenario.ts";
import { simulateFvm } from "../host/fvm/simulate.ts";
import { parseStorageScenario } from "../host/storage/scenario.ts";
import { simulateStorage } from "../host/storage/simulate.ts";
import { TRACE_COLUMNS } from "../host/abi-names.ts";

const CLI = "dist/foxsim.cjs";
const tmp = mkdtempSync(join(tmpdir(), "foxsim-playground-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const congested = JSON.parse(readFileSync("examples/congested.json", "utf8"));
const at = (bytes: number) => ({ ...congested, flows: [{ cc: "newreno", bytes }] });
// seed 001 §5's example with small files: its two processes read 8 MB each (a few tens of ms of wall time)
const foxyidle = JSON.parse(readFileSync("examples/foxyidle-sequential.json", "utf8"));
const foxyidleAt = (fileMB: number) => ({ ...foxyidle, processes: foxyidle.processes.map((p: object) => ({ ...p, fileMB })) });
// seed 003's benchmark example over 100 simulated seconds (~0.05 s of wall time)
const fvmBenchmark = { ...JSON.parse(readFileSync("examples/fvm-benchmark.json", "utf8")), durationS: 100, warmupS: 20 };
// seed 004's XenLoop example (a request–response and a bulk connection between two co-resident VMs, ~35 000 events)
const xenloop = JSON.parse(readFileSync("examples/intervm-xenloop.json", "utf8"));
// a CLI summary with its wall time (and event rate) blanked: the page prints its own
const withoutWall = (summary: string) => summary.replace(/in [\d.]+ s wall( \([\d.]+ M events\/s\))?/, "in … s wall");

function foxsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, doc: unknown): string {
  const f = join(tmp, name);
  writeFileSync(f, typeof doc === "string" ? doc : JSON.stringify(doc));
  return f;
}

// `foxsim playground --port 0` as a user starts it; resolves with its URL once it prints it.
function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, "playground", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed in 20 s: ${out}`)), 20_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], child });
      }
    });
    child.on("exit", (code) => reject(new Error(`playground exited ${code}: ${out}`)));
  });
}

function get(url: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? "GET", headers: opts.host ? { host: opts.host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("what the page shares with the CLI", () => {
  test("the editor's text gets the CLI's error lines, one per problem", () => {
    const docs = [
      { ...congested, colour: "red", path: { ...congested.path, forward: { ...congested.path.forward, shaper: { ...congested.path.forward.shaper, limitBytes: 0 } } } },
      '{"name": "x", ',
      "[1, 2]",
    ];
    for (const [i, doc] of docs.entries()) {
      const text = typeof doc === "string" ? doc : JSON.stringify(doc, null, 2);
      const cli = foxsim("run", file(`scenario`, text)); // named "scenario": the editor's source name in JSON errors
      assert.equal(cli.code, 2, `document ${i}: ${cli.err}`);
      const page = checkScenarioText(text);
      assert.ok(page.problems, `document ${i} passed the page's check`);
      assert.equal(page.problems.join("\n") + "\n", cli.err.replaceAll(join(tmp, "scenario"), "scenario"), `document ${i}`);
    }
    const checked = checkScenarioText(JSON.stringify(congested));
    assert.equal(checked.kind, "network");
    assert.equal(checked.kind === "network" && checked.scenario?.flows[0]?.bytes, 400_000_000);
  });

  test("a document with processes is a storage scenario and gets `foxsim disk`'s error lines", () => {
    const docs = [
      { ...foxyidle, processes: [{ name: "a", workload: "seq", fileMB: 8 }, { name: "a", workload: "random", fileMB: 8 }] },
      { ...foxyidle, guest: { reservedMB: 200 }, processes: [] },
      { processes: "all of them", flows: [] },
    ];
    for (const [i, doc] of docs.entries()) {
      const text = JSON.stringify(doc, null, 2);
      const cli = foxsim("disk", file("scenario", text));
      assert.equal(cli.code, 2, `document ${i}: ${cli.err}`);
      const page = checkScenarioText(text);
      assert.equal(page.kind, "storage", `document ${i}`);
      assert.equal(page.problems?.join("\n") + "\n", cli.err.replaceAll(join(tmp, "scenario"), "scenario"), `document ${i}`);
    }
    const ok = checkScenarioText(JSON.stringify(foxyidleAt(8)));
    assert.equal(ok.kind, "storage");
    assert.equal(ok.kind === "storage" && ok.scenario?.processes[1]?.background, true);
  });

  test("a document with vms a number is a Friendly VMs scenario and gets `foxsim fvm`'s error lines", () => {
    const docs = [
      { ...fvmBenchmark, vms: 0, workload: { kind: "batch" } },
      { ...fvmBenchmark, warmupS: 200 },
    ];
    for (const [i, doc] of docs.entries()) {
      const text = JSON.stringify(doc, null, 2);
      const cli = foxsim("fvm", file("scenario", text));
      assert.equal(cli.code, 2, `document ${i}: ${cli.err}`);
      const page = checkScenarioText(text);
      assert.equal(page.kind, "fvm", `document ${i}`);
      assert.equal(page.problems?.join("\n") + "\n", cli.err.replaceAll(join(tmp, "scenario"), "scenario"), `document ${i}`);
    }
    const ok = checkScenarioText(JSON.stringify(fvmBenchmark));
    assert.equal(ok.kind === "fvm" && ok.scenario?.vms, 6);
  });

  test("a document with connections is an inter-VM path scenario and gets `foxsim paths`'s error lines", () => {
    const docs = [
      { ...xenloop, vms: [{ ...xenloop.vms[0], path: "loopback" }, xenloop.vms[1]] },
      { ...xenloop, hosts: [{ name: "server", cores: 2 }], warmupMs: 60 },
      { ...xenloop, flows: [] }, // another kind's marker beside connections: still read as paths
    ];
    for (const [i, doc] of docs.entries()) {
      const text = JSON.stringify(doc, null, 2);
      const cli = foxsim("paths", file("scenario", text));
      assert.equal(cli.code, 2, `document ${i}: ${cli.err}`);
      const page = checkScenarioText(text);
      assert.equal(page.kind, "paths", `document ${i}`);
      assert.equal(page.problems?.join("\n") + "\n", cli.err.replaceAll(join(tmp, "scenario"), "scenario"), `document ${i}`);
    }
    const ok = checkScenarioText(JSON.stringify(xenloop));
    assert.equal(ok.kind === "paths" && ok.scenario?.vms[0]?.path, "xenloop");
  });

  test("a shared link carries the scenario: compact in the fragment, pretty in the editor, typos kept", () => {
    const text = JSON.stringify(at(10_000_000), null, 2);
    const hash = fragmentOf(text);
    assert.match(hash, /^#scenario=%7B%22name%22%3A%22congested%22/);
    assert.ok(!hash.includes("%20%20"), "indentation is not carried");
    assert.equal(textFromFragment(hash), text);
    assert.equal(textFromFragment(fragmentOf('{"name": ')), '{"name": ');
    assert.equal(textFromFragment("#other"), undefined);
    assert.equal(textFromFragment("#scenario=%E0%A4%A"), undefined, "an undecodable fragment is no scenario");
  });

  test("a live run (small steps, read between them) is the same run: same result and trace as one go", async () => {
    const s = parseScenario(at(2_000_000));
    const whole = simulate(await newCore(), s, { withTrace: true });
    let steps = 0;
    let rowsSeen = 0;
    const live = simulate(await newCore(), s, {
      withTrace: true,
      live: {
        events: 37,
        onStep: (core, links) => {
          steps++;
          rowsSeen = core.traceView().rows;
          assert.ok(links.some((l) => l.name === "router-forward"), "the bottleneck is among the links by name");
        },
      },
    });
    assert.equal(JSON.stringify(live.result), JSON.stringify(whole.result));
    assert.deepEqual(live.trace!.data, whole.trace!.data);
    assert.ok(steps >= whole.result.events / 37, `${steps} steps for ${whole.result.events} events`);
    assert.equal(rowsSeen, whole.trace!.rows);
  });

  test("the live plots and the matrix chart render with the CLI's renderer (which throws on any Vega warning)", async () => {
    const s = parseScenario(at(2_000_000));
    const { trace } = simulate(await newCore(), s, { withTrace: true });
    const series = { trace: trace!.data, rows: trace!.rows, links: ["sender-nic", "router-forward"], queues: Float64Array.from([0, 0, 0, 0.01, 0, 3028, 0.02, 0, 1514]), samples: 3 };
    const cwnd = await renderSvg(cwndSpec(series, ["newreno"], "t"));
    assert.match(cwnd, /cwnd \(segments\)/);
    assert.match(cwnd, /flow 0 \(newreno\)/);
    assert.match(await renderSvg(rttSpec(series, ["newreno"], "t")), /srtt \(ms\)/);
    const queues = await renderSvg(queueSpec(series, "t")!);
    assert.match(queues, /queued \(bytes\)/);
    assert.match(queues, /router-forward/);
    assert.doesNotMatch(queues, /sender-nic/, "a link that never queued is left out");
    assert.equal(queueSpec({ ...series, queues: new Float64Array(9) }, "t"), undefined, "no plot while nothing has queued");
    const rows = [{ algorithm: "bic" as const, withoutKBps: 1500, withKBps: 1900, change: 0.27, retransmitsWithout: 9, retransmitsWith: 1 }];
    assert.match(await renderSvg(matrixSpec(rows, "foxyvegas", "t")), /with FoxyVegas/);
    assert.equal(TRACE_COLUMNS[0], "time_s"); // figures.ts reads time from column 0
  });

  test("the storage plots: a bar per process from start to exit, and the disk matrix by scheduler", async () => {
    const s = parseStorageScenario({ ...foxyidleAt(8), processes: [...foxyidleAt(8).processes, { name: "late", workload: "sequential", fileMB: 8, startMs: 100 }] });
    const r = simulateStorage(await newCore(), s);
    const bars = await renderSvg(processesSpec(r));
    for (const p of r.processes) assert.ok(bars.includes(`${p.elapsedS!.toFixed(3)} s`), `${p.name}'s execution time is printed: ${p.elapsedS}`);
    assert.match(bars, /simulated time \(s\)/);
    assert.match(bars, /late/);
    const stopped = simulateStorage(await newCore(), { ...s, stopTimeS: 0.05 });
    assert.equal(stopped.processes[0]!.elapsedS, null);
    assert.match(await renderSvg(processesSpec(stopped)), /still running/);
    const rows = [
      { elevator: "noop", policy: "none", seconds: { foreground: 0.7, background: 0.8 } },
      { elevator: "noop", policy: "foxyidle", seconds: { foreground: 0.15, background: null } },
    ];
    const spec = diskMatrixSpec(rows, ["foreground", "background"], 20, "t");
    const matrix = await renderSvg(spec);
    assert.match(matrix, /foxyidle 20 ms/);
    assert.match(matrix, /execution time \(s\)/);
    assert.equal((spec.data as { values: unknown[] }).values.length, 3, "a process still running has no bar");
  });

  test("the FVM plot: each VM's throughput against the optimal share", async () => {
    const r = simulateFvm(await newCore(), parseFvmScenario(fvmBenchmark));
    const svg = await renderSvg(fvmThroughputSpec(r));
    for (const [i, v] of r.vms.entries()) {
      assert.match(svg, new RegExp(`vm ${i}`));
      assert.ok(svg.includes(v.throughput.toFixed(2)), `vm ${i}'s throughput ${v.throughput.toFixed(2)} is printed`);
    }
    assert.ok(svg.includes(`optimal share (${r.optimalPerVm.toFixed(2)} units/s)`));
    assert.equal(fvmSeriesSpec(r), undefined, "no time series without sampleS");
    const sampled = simulateFvm(await newCore(), parseFvmScenario({ ...fvmBenchmark, sampleS: 10 }));
    const series = await renderSvg(fvmSeriesSpec(sampled)!);
    assert.match(series, /throughput \(work units\/s\)/);
    for (const i of sampled.vms.keys()) assert.match(series, new RegExp(`vm ${i}`));
  });

  test("the inter-VM path plots: each connection's Mb/s both ways and transaction time, each core's load", async () => {
    const s = parsePathsScenario(xenloop);
    const r = pathsReport(s, runTestbed(await newCore(), testbedOf(s)));
    const connections = await renderSvg(pathsConnectionsSpec(r));
    assert.match(connections, /0: vm1 → vm2/);
    assert.match(connections, /1: vm2 → vm1/);
    assert.ok(connections.includes(String(r.connections[1]!.throughputMbps)), `the bulk connection's ${r.connections[1]!.throughputMbps} Mb/s is printed`);
    assert.ok(connections.includes(`${r.connections[0]!.latencyUs} µs, ${r.connections[0]!.transactionsPerS} trans/s`), "the request–response connection's transaction is printed");
    const bulkOnly = pathsConnectionsSpec({ ...r, connections: [r.connections[1]!] }) as { vconcat: unknown[] };
    assert.equal(bulkOnly.vconcat.length, 1, "no transaction panel without a request–response connection");
    const cores = await renderSvg(pathsCoresSpec(r));
    for (const c of r.cores) assert.ok(cores.includes(`${(100 * c.busy).toFixed(0)} %`), `${c.host} core ${c.core}: ${c.busy}`);
    assert.match(cores, /server core 3/);
  });
});

describe("foxsim playground: the server", () => {
  let server: { url: string; child: ChildProcess };
  before(async () => {
    server = await startServer();
  });
  after(() => server?.child.kill());

  test("serves the page, its scripts and the core on 127.0.0.1 only, with a policy that allows only itself", async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(server.url);
    assert.equal(page.status, 200);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.match(page.body.toString(), /<textarea id="scenario"/);
    const csp = String(page.headers["content-security-policy"]);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'self'/);
    const wasm = await get(`${server.url}core.wasm`);
    assert.equal(wasm.headers["content-type"], "application/wasm");
    assert.ok(wasm.body.equals(readFileSync("dist/core.wasm")), "the page's core is the CLI's core.wasm");
    for (const js of ["page.js", "worker.js"]) {
      const r = await get(`${server.url}${js}`);
      assert.equal(r.status, 200, js);
      assert.doesNotMatch(r.body.toString(), /https?:\/\/(?!127\.0\.0\.1|vega\.github\.io\/schema|www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\/[^"'\s]*\.(js|css|wasm)\b/i, `${js} names a script, style or core elsewhere`);
    }
  });

  test("listens on the loopback address only: this machine's other addresses are refused", async (t) => {
    const others = Object.values(networkInterfaces()).flatMap((l) => l ?? []).filter((a) => a.family === "IPv4" && !a.internal);
    if (others.length === 0) return t.skip("this machine has no IPv4 address besides loopback");
    const port = new URL(server.url).port;
    for (const a of others) await assert.rejects(get(`http://${a.address}:${port}/`), /ECONNREFUSED/, `reachable at ${a.address}`);
  });

  test("refuses other names, other methods and other Host headers", async () => {
    assert.equal((await get(`${server.url}package.json`)).status, 404);
    assert.equal((await get(`${server.url}..%2fpackage.json`)).status, 404);
    assert.equal((await get(`${server.url}%2e%2e/%2e%2e/package.json`)).status, 404);
    assert.equal((await get(server.url, { method: "POST" })).status, 405);
    const rebound = await get(server.url, { host: "evil.example:80" });
    assert.equal(rebound.status, 403, "a DNS-rebound name is refused");
  });

  test("--port: bad values and a port in use are usage errors naming the flag (exit 2)", async () => {
    for (const bad of ["70000", "8080x"]) {
      const r = foxsim("playground", "--port", bad);
      assert.equal(r.code, 2, `--port ${bad}: ${r.err}`);
      assert.match(r.err, /--port/);
    }
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = spawnSync(process.execPath, [CLI, "playground", "--port", String(port)], { encoding: "utf8", timeout: 20_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr, `foxsim: --port ${port}: already in use on 127.0.0.1; choose another (--port 0 picks a free one)\n`);
    } finally {
      blocker.close();
    }
  });
});

const chromium = findHost("chromium");

describe("the page in headless Chromium, with no network but its own server", { skip: chromium.missing }, () => {
  let server: { url: string; child: ChildProcess };
  let browser: import("puppeteer-core").Browser;
  const requests: string[] = [];

  before(async () => {
    server = await startServer();
    const { launch } = await import("puppeteer-core");
    // --no-sandbox: Chromium's sandbox refuses to run as root (CI containers). The proxy that does not
    // exist takes every request that is not to 127.0.0.1: the network is off for the page.
    browser = await launch({ executablePath: chromium.path!, headless: true, args: [...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), "--proxy-server=127.0.0.1:9"] });
  });
  after(async () => {
    await browser?.close();
    server?.child.kill();
  });

  async function openPage(url = server.url) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    page.on("request", (r) => void requests.push(r.url()));
    page.on("pageerror", (e) => void requests.push(`pageerror: ${(e as Error).message}`));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready");
    return page;
  }

  async function setEditor(page: import("puppeteer-core").Page, text: string) {
    await page.$eval("#scenario", (t, v) => {
      (t as HTMLTextAreaElement).value = v;
      t.dispatchEvent(new Event("input"));
    }, text);
  }
  const state = (page: import("puppeteer-core").Page) => page.$eval("#status", (e) => (e as HTMLElement).dataset.state);

  test("runs the congested example at 10 MB: the summary and result JSON are `foxsim run --trace`'s, and the plots are drawn", async () => {
    const page = await openPage();
    await setEditor(page, JSON.stringify(at(10_000_000), null, 2));
    await page.waitForFunction(() => !(document.getElementById("run") as HTMLButtonElement).disabled);
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state !== "running", { timeout: 60_000 });
    assert.equal(await state(page), "done", await page.$eval("#status", (e) => e.textContent));
    // The page's runs record the trace (it draws the plots), whose sampling timer adds events:
    // the CLI's run with --trace is the same run.
    const cli = foxsim("run", file("c10.json", at(10_000_000)), "--json", "--trace", join(tmp, "c10.csv"));
    assert.equal(cli.code, 0, cli.err);
    const pageJson = await page.$eval("#result-json", (e) => e.textContent);
    assert.equal(pageJson + "\n", resultJson(cli.out));
    const text = foxsim("run", file("c10.json", at(10_000_000)), "--trace", join(tmp, "c10.csv"));
    const cliSummary = text.out.split("\n").filter((l) => !l.startsWith("  trace ")).join("\n"); // the page writes no file
    assert.equal(withoutWall((await page.$eval("#result-summary", (e) => e.textContent))!) + "\n", withoutWall(cliSummary));
    await page.waitForFunction(() => ["plot-cwnd", "plot-rtt", "plot-queue"].every((id) => document.querySelector(`#${id} svg`)));
    for (const [id, axis] of [["plot-cwnd", "cwnd (segments)"], ["plot-rtt", "srtt (ms)"], ["plot-queue", "queued (bytes)"]]) {
      const text = await page.$eval(`#${id} svg`, (e) => e.textContent);
      assert.ok(text!.includes(axis), `${id}: ${text!.slice(0, 200)}`);
    }
    await page.screenshot({ path: join(tmp, "congested.png") });
    assert.ok(requests.includes(`${server.url}worker.js`) && requests.includes(`${server.url}core.wasm`), `the recorder sees the worker and the core: ${requests.join(", ")}`);
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:")), [], "requests that left 127.0.0.1 (or page errors)");
    await page.close();
  });

  test("shows the CLI's messages for an invalid scenario and will not run it", async () => {
    const page = await openPage();
    const bad = JSON.stringify({ ...at(1000), flows: [{ cc: "reno", bytes: 1000 }] }, null, 2);
    await setEditor(page, bad);
    await page.waitForFunction(() => !document.getElementById("problems")!.hidden);
    const shown = await page.$eval("#problems", (e) => e.textContent);
    const cli = foxsim("run", file("bad.json", bad));
    assert.equal(cli.code, 2);
    assert.equal(shown + "\n", cli.err);
    assert.ok(await page.$eval("#run", (b) => (b as HTMLButtonElement).disabled), "run is disabled");
    await page.close();
  });

  test("a long run fills the plots in while the page stays responsive, and stop ends it at once", async () => {
    const page = await openPage();
    const long = { ...JSON.parse(readFileSync("examples/fast.json", "utf8")), stopTimeS: 3600 }; // ~20 min of wall time
    await setEditor(page, JSON.stringify(long));
    await page.waitForFunction(() => !(document.getElementById("run") as HTMLButtonElement).disabled);
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#plot-cwnd svg"), { timeout: 30_000 });
    assert.equal(await state(page), "running", "the plot appeared while the run goes on");
    // the page's own thread answers quickly while the worker computes
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await page.evaluate(() => document.getElementById("status")!.textContent);
      assert.ok(performance.now() - t0 < 1000, `the page took ${(performance.now() - t0).toFixed(0)} ms to answer`);
    }
    const t0 = performance.now();
    await page.click("#stop");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state === "stopped", { timeout: 2_000 });
    assert.ok(performance.now() - t0 < 2000);
    const status = await page.$eval("#status", (e) => e.textContent);
    assert.match(status!, /^stopped at [\d.]+ s simulated/);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await page.$eval("#status", (e) => e.textContent), status, "nothing arrives after stop");
    assert.equal(await page.$eval("#run", (b) => (b as HTMLButtonElement).disabled), false, "run is enabled again");
    await page.close();
  });

  test("offers the FoxyIdle example and runs a storage scenario: the summary and result JSON are `foxsim disk`'s, the bars are drawn", async () => {
    const page = await openPage();
    const option = await page.$$eval("#example option", (os) => os.find((o) => o.textContent === "foxyidle-sequential.json")?.getAttribute("value"));
    assert.ok(option, "the picker offers foxyidle-sequential.json");
    await page.select("#example", option);
    assert.deepEqual(JSON.parse(await page.$eval("#scenario", (e) => (e as HTMLTextAreaElement).value)), foxyidle);
    assert.equal(await page.$eval("#matrix", (b) => b.textContent), "run disk matrix");
    assert.equal(await page.$eval("#policy-choice", (e) => (e as HTMLElement).hidden), true, "the disk matrix has no policy to choose");
    const doc = foxyidleAt(8);
    await setEditor(page, JSON.stringify(doc, null, 2));
    await page.waitForFunction(() => !(document.getElementById("run") as HTMLButtonElement).disabled);
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state !== "running", { timeout: 60_000 });
    assert.equal(await state(page), "done", await page.$eval("#status", (e) => e.textContent));
    const cli = foxsim("disk", file("s8.json", doc), "--json");
    assert.equal(cli.code, 0, cli.err);
    assert.equal((await page.$eval("#result-json", (e) => e.textContent)) + "\n", resultJson(cli.out));
    const summary = foxsim("disk", file("s8.json", doc));
    assert.equal(withoutWall((await page.$eval("#result-summary", (e) => e.textContent))!) + "\n", withoutWall(summary.out));
    await page.waitForFunction(() => document.querySelector("#plot-outcome svg"));
    const bars = await page.$eval("#plot-outcome svg", (e) => e.textContent);
    for (const p of JSON.parse(cli.out).processes) assert.ok(bars!.includes(`${p.elapsedS.toFixed(3)} s`), `${p.name}: ${bars!.slice(0, 300)}`);
    assert.equal(await page.$("#plot-cwnd svg"), null, "no network plot for a storage run");
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:")), [], "requests that left 127.0.0.1 (or page errors)");
    await page.close();
  });

  test("the disk matrix gives `foxsim disk-matrix --json`'s rows", async () => {
    const doc = foxyidleAt(8);
    const page = await openPage();
    await setEditor(page, JSON.stringify(doc));
    await page.waitForFunction(() => document.getElementById("matrix")!.textContent === "run disk matrix" && !(document.getElementById("matrix") as HTMLButtonElement).disabled);
    await page.click("#matrix");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state !== "running", { timeout: 60_000 });
    assert.equal(await state(page), "done", await page.$eval("#status", (e) => e.textContent));
    const cli = foxsim("disk-matrix", file("dm.json", doc), "--json");
    assert.equal(cli.code, 0, cli.err);
    assert.equal(await page.$eval("#matrix-json", (e) => e.textContent), JSON.stringify(JSON.parse(cli.out).rows));
    assert.equal(await page.$eval("#matrix-title", (e) => e.textContent), "disk matrix");
    await page.waitForFunction(() => document.querySelector("#plot-matrix svg"));
    await page.close();
  });

  test("a long storage run reports its clock while the page stays responsive, and stop ends it at once", async () => {
    const page = await openPage();
    const long = { name: "long", processes: [{ name: "reader", workload: "random", fileMB: 4096, reads: 100_000_000 }] }; // ~1 G events: minutes of wall time
    await setEditor(page, JSON.stringify(long));
    await page.waitForFunction(() => !(document.getElementById("run") as HTMLButtonElement).disabled);
    await page.click("#run");
    await page.waitForFunction(() => /s simulated/.test(document.getElementById("status")!.textContent!), { timeout: 30_000 });
    assert.equal(await state(page), "running");
    const t0 = performance.now();
    await page.evaluate(() => document.getElementById("status")!.textContent);
    assert.ok(performance.now() - t0 < 1000, "the page answers while the worker computes");
    await page.click("#stop");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state === "stopped", { timeout: 2_000 });
    const status = await page.$eval("#status", (e) => e.textContent);
    assert.match(status!, /^stopped at [\d.]+ s simulated/);
    assert.doesNotMatch(status!, /^stopped at 0\.00 s/, "the clock had advanced");
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await page.$eval("#status", (e) => e.textContent), status, "nothing arrives after stop");
    assert.equal(await page.$eval("#run", (b) => (b as HTMLButtonElement).disabled), false, "run is enabled again");
    await page.close();
  });

  test("runs a Friendly VMs scenario: the summary and result JSON are `foxsim fvm`'s, each VM's throughput is drawn", async () => {
    const page = await openPage();
    const option = await page.$$eval("#example option", (os) => os.find((o) => o.textContent === "fvm-benchmark.json")?.getAttribute("value"));
    assert.ok(option, "the picker offers fvm-benchmark.json");
    await setEditor(page, JSON.stringify(fvmBenchmark, null, 2));
    // no matrix for an FVM scenario: the button goes once the editor has checked the text
    await page.waitForFunction(() => document.getElementById("matrix")!.hidden && !(document.getElementById("run") as HTMLButtonElement).disabled);
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state !== "running", { timeout: 60_000 });
    assert.equal(await state(page), "done", await page.$eval("#status", (e) => e.textContent));
    const cli = foxsim("fvm", file("fvm.json", fvmBenchmark), "--json");
    assert.equal(cli.code, 0, cli.err);
    assert.equal((await page.$eval("#result-json", (e) => e.textContent)) + "\n", resultJson(cli.out));
    const summary = foxsim("fvm", file("fvm.json", fvmBenchmark));
    assert.equal(withoutWall((await page.$eval("#result-summary", (e) => e.textContent))!) + "\n", withoutWall(summary.out));
    await page.waitForFunction(() => document.querySelector("#plot-outcome svg"));
    const svg = await page.$eval("#plot-outcome svg", (e) => e.textContent);
    assert.ok(svg!.includes(JSON.parse(cli.out).vms[0].throughput.toFixed(2)), svg!.slice(0, 300));
    await page.close();
  });

  test("offers the XenLoop example and runs an inter-VM path scenario: the summary and result JSON are `foxsim paths`'s, a bad field gets its message", async () => {
    const page = await openPage();
    const option = await page.$$eval("#example option", (os) => os.find((o) => o.textContent === "intervm-xenloop.json")?.getAttribute("value"));
    assert.ok(option, "the picker offers intervm-xenloop.json");
    await page.select("#example", option);
    assert.deepEqual(JSON.parse(await page.$eval("#scenario", (e) => (e as HTMLTextAreaElement).value)), xenloop);
    await page.waitForFunction(() => document.getElementById("matrix")!.hidden && !(document.getElementById("run") as HTMLButtonElement).disabled);
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state !== "running", { timeout: 60_000 });
    assert.equal(await state(page), "done", await page.$eval("#status", (e) => e.textContent));
    const cli = foxsim("paths", "examples/intervm-xenloop.json", "--json");
    assert.equal(cli.code, 0, cli.err);
    assert.equal((await page.$eval("#result-json", (e) => e.textContent)) + "\n", resultJson(cli.out));
    assert.equal(await page.$eval("#result-json-of", (e) => e.textContent), "foxsim paths --json <file>");
    const summary = foxsim("paths", "examples/intervm-xenloop.json");
    assert.equal(withoutWall((await page.$eval("#result-summary", (e) => e.textContent))!) + "\n", withoutWall(summary.out));
    await page.waitForFunction(() => document.querySelector("#plot-outcome svg") && document.querySelector("#plot-series svg"));
    assert.match((await page.$eval("#plot-outcome svg", (e) => e.textContent))!, new RegExp(`${JSON.parse(cli.out).connections[1].throughputMbps}`));
    assert.match((await page.$eval("#plot-series svg", (e) => e.textContent))!, /busy \(% of the measured window\)/);
    await page.screenshot({ path: join(tmp, "paths.png"), fullPage: true });
    const bad = JSON.stringify({ ...xenloop, connections: [{ ...xenloop.connections[0], toCore: 9 }] }, null, 2);
    await setEditor(page, bad);
    await page.waitForFunction(() => !document.getElementById("problems")!.hidden);
    const badCli = foxsim("paths", file("bad-paths.json", bad));
    assert.equal(badCli.code, 2);
    assert.equal((await page.$eval("#problems", (e) => e.textContent)) + "\n", badCli.err);
    assert.ok(await page.$eval("#run", (b) => (b as HTMLButtonElement).disabled), "run is disabled");
    // ten simulated minutes (minutes of wall time): its clock shows, and stop ends it at once
    await setEditor(page, JSON.stringify({ ...xenloop, durationMs: 600_000 }));
    await page.waitForFunction(() => !(document.getElementById("run") as HTMLButtonElement).disabled);
    await page.click("#run");
    await page.waitForFunction(() => /s simulated/.test(document.getElementById("status")!.textContent!), { timeout: 30_000 });
    await page.click("#stop");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state === "stopped", { timeout: 2_000 });
    assert.match((await page.$eval("#status", (e) => e.textContent))!, /^stopped at [\d.]+ s simulated/);
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:")), [], "requests that left 127.0.0.1 (or page errors)");
    await page.close();
  });

  test("share as URL: the link opens the same scenario", async () => {
    const page = await openPage();
    const doc = { ...at(3_000_000), name: "shared ✓" };
    await setEditor(page, JSON.stringify(doc, null, 2));
    await page.click("#share");
    const link = await page.$eval("#share-url", (e) => (e as HTMLInputElement).value);
    assert.ok(link.startsWith(`${server.url}#scenario=`), link);
    await page.close();
    const opened = await openPage(link);
    assert.deepEqual(JSON.parse(await opened.$eval("#scenario", (e) => (e as HTMLTextAreaElement).value)), doc);
    await opened.close();
  });

  test("the trick matrix gives `foxsim matrix --json`'s rows", async () => {
    const doc = { ...congested, flows: [{ cc: "newreno", bytes: 1_000_000 }] };
    const page = await openPage();
    await setEditor(page, JSON.stringify(doc));
    await page.waitForFunction(() => !(document.getElementById("matrix") as HTMLButtonElement).disabled);
    await page.click("#matrix");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state !== "running", { timeout: 120_000 });
    assert.equal(await state(page), "done", await page.$eval("#status", (e) => e.textContent));
    const cli = foxsim("matrix", file("m.json", doc), "--json", "--workers", "1");
    assert.equal(cli.code, 0, cli.err);
    assert.equal(await page.$eval("#matrix-json", (e) => e.textContent), JSON.stringify(JSON.parse(cli.out).rows));
    await page.waitForFunction(() => document.querySelector("#plot-matrix svg"));
    await page.close();
  });
});
