// `foxsim paths` as users run it (the bundle): the example, a path changed with --set, bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const CLI = "dist/foxsim.cjs";
const EXAMPLE = "examples/intervm-xenloop.json";

function foxsim(...args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  return { ...r, wallS: (performance.now() - t0) / 1000 };
}
const json = (out: string) => {
  const { wallTimeS, provenance, ...rest } = JSON.parse(out) as Record<string, unknown>;
  return rest;
};

test("paths: the example's JSON is the same run after run, and the conventional path is slower than XenLoop", () => {
  const a = foxsim("paths", EXAMPLE, "--json");
  const b = foxsim("paths", EXAMPLE, "--json");
  assert.equal(a.status, 0, a.stderr);
  assert.deepEqual(json(a.stdout), json(b.stdout));
  const hosted = foxsim("paths", EXAMPLE, "--json", "--set", "vms.0.path=hosted", "--set", "vms.1.path=hosted");
  type Conn = { latencyUs?: number; throughputMbps: number; fromPath: string };
  const x = (json(a.stdout) as { connections: Conn[] }).connections;
  const h = (json(hosted.stdout) as { connections: Conn[] }).connections;
  assert.equal(h[0]!.fromPath, "hosted");
  assert.ok(h[0]!.latencyUs! > x[0]!.latencyUs!, `hosted ${h[0]!.latencyUs} µs vs XenLoop ${x[0]!.latencyUs} µs`);
  assert.ok(h[1]!.throughputMbps < x[1]!.throughputMbps, `hosted ${h[1]!.throughputMbps} vs XenLoop ${x[1]!.throughputMbps} Mb/s`);
});

test("paths: bad input exits 2 within a second, one line per problem naming the field, the value and what is allowed", () => {
  const field = foxsim("paths", EXAMPLE, "--set", "vms.1.path=loopback");
  assert.match(field.stderr, /vms\.1\.path: got "loopback"; must be hosted, outsourced or xenloop/);
  // the rules between fields, once every field is valid on its own
  const cross = foxsim("paths", EXAMPLE, "--set", "connections.0.to=vm9", "--set", "warmupMs=100", "--set", "vms.1.vcpuCore=5");
  assert.match(cross.stderr, /connections\.0\.to: got "vm9"; must name a host or a VM \(server, vm1, vm2\)/);
  assert.match(cross.stderr, /warmupMs: got 100; must be < durationMs \(60\)/);
  assert.match(cross.stderr, /vms\.1\.vcpuCore: got 5; must be < server's cores \(4\)/);
  for (const r of [field, cross]) {
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.ok(r.wallS < 1.5, `${r.wallS} s`);
  }
});
