// The core in native code: dist/core.wasm translated to C by wasm2c (Debian's wabt) and compiled
// with examples/embed-c/congested.c, which drives the flat ABI (docs/ABI.md) with no JavaScript.
// Its integer results must be the CLI's, byte for byte in the same JSON form; without wasm2c, a C
// compiler or make the test is skipped with the reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HOST_SCENARIO, findHost, resultJson } from "./hosts.ts";

const missing = [findHost("wasm2c"), findHost("cc"), findHost("make")].map((h) => h.missing).filter(Boolean).join("; ");

test("C through wasm2c: the congested example prints the CLI's results", { skip: missing || false }, () => {
  const build = mkdtempSync(join(tmpdir(), "foxsim-embed-c-"));
  try {
    // -O1: the translated core is 1.6 MB of C; a full -O2 build only costs the test time
    const make = spawnSync("make", ["-s", "-C", "examples/embed-c", `BUILD=${build}`, `WASM=${resolve("dist/core.wasm")}`, "CFLAGS=-O1"], { encoding: "utf8", timeout: 300_000 });
    assert.equal(make.status, 0, make.stderr);
    const bytes = HOST_SCENARIO.flows[0].bytes;
    const c = spawnSync(join(build, "congested"), [String(bytes)], { encoding: "utf8", timeout: 60_000 });
    assert.equal(c.status, 0, c.stderr);
    writeFileSync(join(build, "scenario.json"), JSON.stringify(HOST_SCENARIO));
    const cli = spawnSync(process.execPath, ["dist/foxsim.cjs", "run", join(build, "scenario.json"), "--json"], { encoding: "utf8" });
    assert.equal(cli.status, 0, cli.stderr);
    const r = JSON.parse(resultJson(cli.stdout));
    const f = r.flows[0];
    // the CLI reports seconds (ns / 1e9); ns below 2^53 / 1e6 come back exactly from the double
    const expected = { bytesDelivered: f.bytesDelivered, completionTimeNs: Math.round(f.completionTimeS * 1e9), dataPacketsSent: f.dataPacketsSent, retransmits: f.retransmits, events: r.events, deliveryHash: f.deliveryHash };
    assert.ok(f.retransmits > 0, "the example at this size loses packets: recovery is part of what is compared");
    assert.equal(c.stdout, JSON.stringify(expected) + "\n");
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
});
