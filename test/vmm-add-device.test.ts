// README "Adding a device type", shown true: a virtual device type is one file in assembly/vmm/
// plus one entry in assembly/vmm/devices.ts (with its import) and its name in host/abi-names.ts
// DEVICE_TYPES. The test copies the sources to a temporary directory, adds the fixture
// test/fixtures/assembly/vmm/echo.ts (a closed loop of requests on a ring of 4 slots), compiles the
// core with asc's API and runs it on a VM beside a guest TCP sender: the ring refuses what does not
// fit, the device's per-request cost is charged to the host's backend CPU, and it takes that CPU
// from the vNIC's packets (the guest's goodput falls).
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import asc from "assemblyscript/asc";

const NIC_PACKET_NS = 10_000; // the vNIC's cost per packet on the backend CPU
const ECHO_REQUEST_NS = 20_000; // the echo device's, per request
const PERIOD_NS = 100_000;
const STOP_NS = 50_000_000;
const SLOTS = 4; // echo.ts
const OUTSTANDING = 6; // echo.ts: posted at start

function edit(file: string, after: string, line: string): void {
  const src = readFileSync(file, "utf8");
  assert.ok(src.includes(after), `${file} has no line ${JSON.stringify(after)} to add after`);
  writeFileSync(file, src.replace(after, `${after}\n${line}`));
}

test("a new device type is one file plus its registry line (and its name): it compiles, runs and shares the backend CPU", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "foxsim-device-"));
  try {
    cpSync("assembly", join(dir, "assembly"), { recursive: true });
    cpSync("host", join(dir, "host"), { recursive: true });
    cpSync("package.json", join(dir, "package.json"));
    symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
    // the one file, the registry line (and its import), the host's name
    cpSync("test/fixtures/assembly/vmm/echo.ts", join(dir, "assembly/vmm/echo.ts"));
    edit(join(dir, "assembly/vmm/devices.ts"), 'import { VDISK } from "./vdisk";', 'import { ECHO } from "./echo";');
    edit(join(dir, "assembly/vmm/devices.ts"), "  VDISK,", "  ECHO,");
    const names = join(dir, "host/abi-names.ts");
    writeFileSync(names, readFileSync(names, "utf8").replace('DEVICE_TYPES = ["vnic", "vdisk"]', 'DEVICE_TYPES = ["vnic", "vdisk", "echo"]'));

    const out = join(dir, "core.wasm");
    const { error, stderr } = await asc.main(["assembly/index.ts", "--baseDir", dir, "--outFile", out, "--runtime", "incremental", "--use", "abort=assembly/abi/coreAbort/coreAbort", "--noAssert", "--initialMemory", "16"], {});
    assert.equal(error, null, String(stderr));

    const host = (m: string) => import(pathToFileURL(join(dir, "host", m)).href);
    const { Core, abiMismatch, CoreError } = await host("core.ts");
    const { DeviceStat, MachineStat } = await host("abi-names.ts");
    const core = new Core((await WebAssembly.instantiate(readFileSync(out), {})).instance);
    assert.equal(abiMismatch(core), null, "host and core agree on the names, echo included");

    const run = (echo: boolean) => {
      core.init(1, 100_000, 200_000, 1n, STOP_NS, 0, 0);
      const link = { rateBps: 125_000_000, delayNs: 1_000_000, limitBytes: 1_514_000, loss: 0, shaperRateBps: 0, shaperBurstBytes: 0, procNs: 0 };
      const a = core.addHost(core.addLink(link));
      const b = core.addHost(core.addLink(link));
      core.addVmm(a, NIC_PACKET_NS, PERIOD_NS);
      const vm = core.addVm(a, 0, 1, 0);
      assert.throws(() => core.addDevice(vm, 3, ECHO_REQUEST_NS), CoreError, "no device type 3");
      assert.throws(() => core.addDevice(a, 2, ECHO_REQUEST_NS), CoreError, "a host is no VM");
      assert.throws(() => core.addDevice(vm, 0, ECHO_REQUEST_NS), CoreError, "the NIC comes with addVm");
      assert.throws(() => core.addDevice(vm, 1, ECHO_REQUEST_NS), CoreError, "the virtual disk belongs to the storage world");
      assert.throws(() => core.addDevice(vm, 2, ECHO_REQUEST_NS, 1), CoreError, "the echo has no policy 1");
      const d = echo ? core.addDevice(vm, 2, ECHO_REQUEST_NS) : -1;
      core.addFlow(0, { cc: 0, mss: 1448, totalBytes: 0, startNs: 0, from: vm, to: b, rcvBufBytes: 6_291_456, initialCwnd: 10, sack: true, kernel: "linux-6.12", hz: 0 });
      core.start();
      while (core.step(1_000_000) === 1);
      const stat = (k: number) => core.deviceStat(d, k);
      return {
        busyNs: core.machineStat(a, MachineStat.backendBusyNs),
        served: core.machineStat(a, MachineStat.backendServed),
        delivered: core.flowStat(0, 0),
        endNs: core.nowNs(),
        echo: echo ? { refusedOut: stat(DeviceStat.refusedOut), refusedIn: stat(DeviceStat.refusedIn), held: stat(DeviceStat.held), taken: stat(DeviceStat.takenByGuest), vm: stat(DeviceStat.vm), vmId: vm } : null,
      };
    };
    const alone = run(false);
    const shared = run(true);
    const e = shared.echo!;
    assert.equal(e.vm, e.vmId);
    assert.equal(e.refusedOut, OUTSTANDING - SLOTS, "the ring of 4 refuses the 5th and 6th post");
    assert.equal(e.refusedIn, 0);
    assert.equal(e.held, SLOTS, "the closed loop keeps its 4 requests inside the VMM");
    // busy = 10 µs × every request served + 10 µs more for each echo request: solve for the echo's
    const echoServed = (shared.busyNs - NIC_PACKET_NS * shared.served) / (ECHO_REQUEST_NS - NIC_PACKET_NS);
    assert.ok(Number.isInteger(echoServed), `backend busy ${shared.busyNs} ns is whole requests at their costs`);
    assert.ok(echoServed >= 2 * e.taken && echoServed <= 2 * e.taken + 2 * SLOTS, `${echoServed} echo services for ${e.taken} round trips (two services each)`);
    assert.ok(e.taken > 100, `the loop ran (${e.taken} round trips)`);
    assert.equal(alone.busyNs, NIC_PACKET_NS * alone.served, "without the echo every service is a vNIC packet");
    // the interaction: the echo takes backend CPU from the guest's packets
    const load = (r: typeof alone) => r.busyNs / r.endNs;
    assert.ok(load(alone) < 0.9 && load(shared) > 0.95, `the echo fills the backend CPU: ${load(alone)} → ${load(shared)} busy`);
    assert.ok(shared.delivered < alone.delivered, `guest goodput falls: ${shared.delivered} vs ${alone.delivered} bytes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
