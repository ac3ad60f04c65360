// The inter-VM path model (assembly/app/, cpu/, vmm/paths.ts): calibration, CPU-bound throughput,
// the XenLoop FIFO's room, kernel-before-application service, determinism, rejected input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadNodeCore } from "../host/node.ts";
import { runTestbed, TestbedError, type TestbedSpec, type PathName, type AppSpec } from "../host/outsourcing/model.ts";
import { COSTS, GIGABIT_BPS, RIT_HOSTED_RR_US, RIT_XENLOOP_RR_US, WINDOW_BYTES } from "../host/outsourcing/calibration.ts";

const MS = 1e6;
const server = { name: "server", cores: 4, backendCore: 0 };
const client = { name: "client", cores: 4, backendCore: 0 };
const link = { rateBps: GIGABIT_BPS, delayNs: 1000 };
const rr1: AppSpec = { kind: "rr", requestBytes: 1, responseBytes: 1, serverNs: 0 };
const bulk: AppSpec = { kind: "bulk", writeBytes: 8192 };

function coResident(path: Exclude<PathName, "native">, app: AppSpec, costs = COSTS, stopNs = 40 * MS): TestbedSpec {
  return {
    costs, windowBytes: WINDOW_BYTES, warmupNs: 5 * MS, stopNs,
    hosts: [server],
    vms: [{ name: "vm1", host: "server", path, vcpuCore: 1 }, { name: "vm2", host: "server", path, vcpuCore: 2 }],
    links: [], conns: [{ a: "vm1", aCore: 1, b: "vm2", bCore: 2, app }],
  };
}
function overLinks(path: PathName, links: number, costs = COSTS): TestbedSpec {
  return {
    costs, windowBytes: WINDOW_BYTES, warmupNs: 5 * MS, stopNs: 30 * MS,
    hosts: [server, client],
    vms: path === "native" ? [] : [{ name: "vm", host: "server", path, vcpuCore: 3 }],
    links: Array.from({ length: links }, () => link),
    conns: Array.from({ length: links }, (_, i) => ({ a: path === "native" ? "server" : "vm", aCore: i, b: "client", bCore: i, link: i, app: bulk })),
  };
}
const run = async (s: TestbedSpec) => runTestbed(await loadNodeCore(), s);
const mbps = (r: Awaited<ReturnType<typeof run>>) => (r.conns.reduce((s, c) => s + c.bytes[0], 0) * 8) / r.windowNs * 1000;

test("calibration: the stages reproduce the two TCP_RR means they were derived from (RIT XenLoop port)", async () => {
  const hosted = await run(coResident("hosted", rr1));
  const xenloop = await run(coResident("xenloop", rr1));
  assert.ok(Math.abs(hosted.conns[0]!.exchangeMeanNs / 1000 - RIT_HOSTED_RR_US) < 1, `hosted ${hosted.conns[0]!.exchangeMeanNs / 1000} µs`);
  assert.ok(Math.abs(xenloop.conns[0]!.exchangeMeanNs / 1000 - RIT_XENLOOP_RR_US) < 1, `xenloop ${xenloop.conns[0]!.exchangeMeanNs / 1000} µs`);
});

test("a saturated path's throughput is its busiest CPU's capacity: doubling the backend cost halves the hosted guest's throughput", async () => {
  const one = await run(overLinks("hosted", 2));
  const slow = await run(overLinks("hosted", 2, { ...COSTS, backendNs: 2 * COSTS.backendNs }));
  assert.ok(one.cores[0]!.busy > 0.99 && slow.cores[0]!.busy > 0.99, `backend core saturated: ${one.cores[0]!.busy}, ${slow.cores[0]!.busy}`);
  // per data segment the backend passes the segment (backendNs + its copy) and every second ACK
  // (backendNs + the notification into the guest)
  const perSegment = (c: typeof COSTS) => 1.5 * c.backendNs + 0.5 * c.notifyNs + (c.mss * c.copyPsPerByte) / 1000;
  for (const [r, c] of [[one, COSTS], [slow, { ...COSTS, backendNs: 2 * COSTS.backendNs }]] as const) {
    const capacity = ((1e9 / perSegment(c)) * c.mss * 8) / 1e6;
    assert.ok(Math.abs(mbps(r) / capacity - 1) < 0.03, `${mbps(r)} Mb/s vs the backend's capacity ${capacity}`);
  }
  const native = await run(overLinks("native", 2));
  assert.ok(mbps(native) > 1.8 * mbps(one), `native ${mbps(native)} is link-bound, hosted ${mbps(one)} CPU-bound`);
});

test("XenLoop's FIFO: never fuller than its entries; packets wait for room; one too large for it takes the hosted path", async () => {
  const wide = await run(coResident("xenloop", bulk));
  const perPacket = 1 + Math.ceil((1448 + 52) / 8); // a header entry and the IP packet in 8-byte entries
  const narrow = await run(coResident("xenloop", bulk, { ...COSTS, fifoEntries: 2 * perPacket }));
  assert.ok(wide.conns[0]!.fifoPeak[0] > 2 * perPacket, `packets queue in a wide FIFO: peak ${wide.conns[0]!.fifoPeak[0]} entries`);
  assert.ok(narrow.conns[0]!.fifoPeak[0] <= 2 * perPacket, `a 2-packet FIFO holds at most 2 packets: peak ${narrow.conns[0]!.fifoPeak[0]}`);
  for (const r of [wide, narrow]) {
    const c = r.conns[0]!;
    assert.ok(c.bytes[0] > 0, "data flows");
    assert.equal(c.sent[0], c.received[0] + c.inFlight[0], "bytes conserved through the FIFO");
  }
  const tiny = await run(coResident("xenloop", bulk, { ...COSTS, fifoEntries: 100 }));
  const hosted = await run(coResident("hosted", bulk));
  assert.equal(tiny.conns[0]!.fifoPeak[0], 0, "no segment entered a FIFO smaller than a packet");
  assert.ok(tiny.conns[0]!.fifoPeak[1] > 0, "the pure ACKs (8 entries) still take it");
  assert.ok(mbps(tiny) > mbps(hosted) && mbps(tiny) < 0.5 * mbps(wide), `segments on the hosted path, ACKs through the FIFO: ${mbps(tiny)} vs hosted ${mbps(hosted)}, FIFO ${mbps(wide)}`);
});

test("kernel work goes before queued application work on a core", async () => {
  // three clients whose requests each take 10 ms of the VM's vCPU (the application queue holds up
  // to three): a 1-byte exchange through the same vCPU waits for the job running (its request
  // arrives just after one starts: up to 10 ms), not for the queue behind it (first come, first
  // served: 20 ms and more)
  const spec: TestbedSpec = {
    costs: COSTS, windowBytes: WINDOW_BYTES, warmupNs: 5 * MS, stopNs: 100 * MS,
    hosts: [server, client],
    vms: [{ name: "vm", host: "server", path: "hosted", vcpuCore: 1 }],
    links: [link, link, link, link],
    conns: [
      ...[0, 1, 2].map((i) => ({ a: "client", aCore: i, b: "vm", bCore: 1, link: i, app: { kind: "rr" as const, requestBytes: 100, responseBytes: 100, serverNs: 10 * MS } })),
      { a: "client", aCore: 3, b: "vm", bCore: 1, link: 3, app: rr1 },
    ],
  };
  const r = await run(spec);
  assert.ok(r.cores[1]!.busy > 0.95, `the vCPU is saturated by the jobs: ${r.cores[1]!.busy}`);
  assert.ok(r.conns[3]!.exchangeMeanNs < 15 * MS, `the 1-byte exchange took ${r.conns[3]!.exchangeMeanNs / MS} ms beside queued 10 ms jobs`);
});

test("same testbed, same numbers", async () => {
  const a = await run(overLinks("outsourced", 3));
  const b = await run(overLinks("outsourced", 3));
  assert.deepEqual(a, b);
});

test("the model rejects what it cannot run, naming it", async () => {
  const bad: [TestbedSpec, RegExp][] = [
    [{ ...overLinks("hosted", 1), vms: [{ name: "vm", host: "nowhere", path: "hosted", vcpuCore: 0 }] }, /VM vm on unknown host nowhere/],
    [{ ...overLinks("native", 1), conns: [{ a: "server", aCore: 0, b: "client", bCore: 0, app: bulk }] }, /connection 0 \(server → client\)/], // two hosts, no link
    [{ ...overLinks("native", 1), hosts: [{ ...server, cores: 65 }, client] }, /core 64 of server/],
    [{ ...overLinks("native", 1), warmupNs: 40 * MS }, /the run's start/],
  ];
  for (const [spec, message] of bad) {
    const core = await loadNodeCore();
    assert.throws(() => runTestbed(core, spec), (e: Error) => e instanceof TestbedError && message.test(e.message), String(message));
  }
});
