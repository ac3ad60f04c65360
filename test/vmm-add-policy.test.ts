// README "Adding a policy", shown true: a VMM policy is one file in assembly/vmm/ plus one entry in
// assembly/vmm/registry.ts (with its import) and its name in host/vmm.ts. The test copies the
// sources to a temporary directory, adds a policy that clamps the window advertised to the guest
// to a constant, compiles the core with asc's API, and runs a guest under it: the guest's flight
// never exceeds the clamp, while without the policy it does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import asc from "assemblyscript/asc";

const MSS = 1448;
const CLAMP_BYTES = 20 * MSS;

const POLICY = `// Clamp: the guest is shown a window of at most ${CLAMP_BYTES} bytes, whatever the receiver advertised.
import { VmmPolicy } from "./policy";
import { Conn, PacketView } from "./view";

const CLAMP_BYTES: u32 = ${CLAMP_BYTES};

export class Clamp extends VmmPolicy {
  onWireAck(c: Conn, pkt: PacketView): void {
    const field = CLAMP_BYTES >> <u32>pkt.windowScale;
    if (field < pkt.windowField) pkt.rewriteWindowField(field);
  }
}
`;

function edit(file: string, after: string, line: string): void {
  const src = readFileSync(file, "utf8");
  assert.ok(src.includes(after), `${file} has no line ${JSON.stringify(after)} to add after`);
  writeFileSync(file, src.replace(after, `${after}\n${line}`));
}

test("a new VMM policy is one file plus its registry line (and its name): it compiles, runs and holds", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "foxsim-policy-"));
  try {
    cpSync("assembly", join(dir, "assembly"), { recursive: true });
    cpSync("host", join(dir, "host"), { recursive: true });
    cpSync("package.json", join(dir, "package.json"));
    symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
    // the one file, the registry line (and its import), the host's name
    writeFileSync(join(dir, "assembly/vmm/clamp.ts"), POLICY);
    edit(join(dir, "assembly/vmm/registry.ts"), 'import { FoxyVegas } from "./foxyvegas";', 'import { Clamp } from "./clamp";');
    edit(join(dir, "assembly/vmm/registry.ts"), "  new FoxyVegas(),", "  new Clamp(),");
    const names = join(dir, "host/vmm.ts");
    writeFileSync(names, readFileSync(names, "utf8").replace('["none", "foxyvegas"]', '["none", "foxyvegas", "clamp"]'));

    const out = join(dir, "core.wasm");
    // compiled in the copy (--baseDir): the abort hook must resolve to the copy's own module
    const { error, stderr } = await asc.main(["assembly/index.ts", "--baseDir", dir, "--outFile", out, "--runtime", "incremental", "--use", "abort=assembly/abi/coreAbort/coreAbort", "--noAssert", "--initialMemory", "16"], {});
    assert.equal(error, null, String(stderr));

    const host = (m: string) => import(pathToFileURL(join(dir, "host", m)).href);
    const { Core } = await host("core.ts");
    const { parseScenario } = await host("scenario.ts");
    const { simulate } = await host("simulate.ts");
    const maxFlight = async (policy: string) => {
      const { instance } = await WebAssembly.instantiate(readFileSync(out), {});
      const s = parseScenario({
        path: { forward: { delayMs: 10 } },
        tcp: { mss: MSS },
        sender: { placement: "guest", vmm: { policy }, virtualization: { perPacketUs: 0, backendPeriodUs: 0 } },
        flows: [{ cc: "cubic", bytes: 5_000_000 }],
        trace: { periodMs: 1 },
      });
      const { result, trace } = simulate(new Core(instance), s, { withTrace: true });
      const col = trace.columns.indexOf("inflight_bytes");
      let max = 0;
      for (let r = 0; r < trace.rows; r++) max = Math.max(max, trace.data[r * trace.columns.length + col]);
      assert.equal(result.flows[0].bytesDelivered, 5_000_000, `${policy}: the transfer completes`);
      assert.equal(result.flows[0].vmm.policy, policy);
      return max;
    };
    const clamped = await maxFlight("clamp");
    assert.ok(clamped > 0 && clamped <= CLAMP_BYTES, `flight ${clamped} B under a ${CLAMP_BYTES} B clamp`);
    const free = await maxFlight("none");
    assert.ok(free > 2 * CLAMP_BYTES, `without the policy the flight reaches ${free} B (the check can fail)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
