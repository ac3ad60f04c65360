// The Foxy boundary, by construction: a VMM policy sees only what a real VMM sees. It is handed a
// connection id the VMM assigned (Conn) and a PacketView — a copy of header fields, no packet or
// flow index — and it can import nothing that leads to the guest kernel (assembly/tcp/), the packet
// pool or the machines (assembly/net/, assembly/machine/), or the event queue (assembly/engine/
// beyond the clock). AssemblyScript does not enforce `private`, so the boundary is what a policy can
// name: its imports, the view's values, and no raw-memory escape hatches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize, relative } from "node:path";

// The VMM itself, which holds packets and requests and hands out views: the policy registry, the
// shared split driver, the device-type registry and every device type it lists (vnic.ts, …).
const DEVICE_TYPES = [...readFileSync("assembly/vmm/devices.ts", "utf8").matchAll(/^import\s[^;]*?from\s+"\.\/([\w-]+)"/gm)].map((m) => `${m[1]}.ts`);
// and the inter-VM path model's datapaths (paths.ts, xenloop.ts)
const PLUMBING = ["registry.ts", "device.ts", "devices.ts", ...DEVICE_TYPES, "paths.ts", "xenloop.ts"];
// the virtual disk (not yet a device type of devices.ts: it has its own split driver)
PLUMBING.push("vdisk.ts", "vdisk-policies.ts");
const POLICY_FILES = readdirSync("assembly/vmm")
  .filter((f) => f.endsWith(".ts") && !PLUMBING.includes(f))
  .map((f) => join("assembly/vmm", f));

// What a policy file may import directly, and what nothing it reaches may be.
const ALLOWED_IMPORTS = [/^assembly\/vmm\/(policy|view|vdisk-policy|vdisk-view)\.ts$/, /^assembly\/algo\//, /^assembly\/rttlog\.ts$/];
const FORBIDDEN_REACH = [/^assembly\/tcp\//, /^assembly\/net\//, /^assembly\/machine\//, /^assembly\/dev\//, /^assembly\/(guest|block|storage|fs)\//, /^assembly\/engine\/(?!clock\.ts$)/, /^assembly\/(sim|index|trace)\.ts$/];
// Raw memory and type-punning builtins would reach anything: none in a policy.
const ESCAPES = /\b(changetype|load|store|memory\.\w+|__new|__pin|call_indirect)\s*[<(]/;

function imports(file: string): string[] {
  const src = readFileSync(file, "utf8");
  return [...src.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms), ...src.matchAll(/^import\s+"([^"]+)"/gm)].map((m) => normalize(join(dirname(file), `${m[1]}.ts`)));
}

function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const dep of imports(file)) reachable(dep, seen);
  return seen;
}

// Every way `file` (a policy) crosses the boundary, as lines; none for a good policy.
function violations(file: string, root = "."): string[] {
  const rel = (f: string) => relative(root, f);
  const out: string[] = [];
  // the view itself reads the clock (and re-exports only physicalNow, tested below)
  const allowed = ["assembly/vmm/view.ts", "assembly/vmm/vdisk-view.ts"].includes(rel(file)) ? [...ALLOWED_IMPORTS, /^assembly\/engine\/clock\.ts$/] : ALLOWED_IMPORTS;
  for (const dep of imports(file)) if (!allowed.some((r) => r.test(rel(dep)))) out.push(`imports ${rel(dep)}`);
  for (const dep of reachable(file)) if (FORBIDDEN_REACH.some((r) => r.test(rel(dep)))) out.push(`reaches ${rel(dep)}`);
  const code = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
  const esc = ESCAPES.exec(code);
  if (esc) out.push(`uses ${esc[1]}`);
  return out;
}

test("VMM policy files are found (the boundary test checks something)", () => {
  assert.ok(DEVICE_TYPES.includes("vnic.ts"), "the device types are read from vmm/devices.ts");
  for (const f of ["foxyvegas.ts", "policy.ts", "view.ts", "foxyidle.ts", "vdisk-policy.ts", "vdisk-view.ts"]) assert.ok(POLICY_FILES.includes(`assembly/vmm/${f}`), f);
});

for (const file of POLICY_FILES) {
  test(`${file} stays inside the VMM's view`, () => {
    assert.deepEqual(violations(file), []);
  });
}

test("the view hands out values: Conn, PacketView's header fields, the physical clock — nothing else", () => {
  const src = readFileSync("assembly/vmm/view.ts", "utf8");
  const exported = [...src.matchAll(/^export\s+(?:@inline\s+)?(?:function|class|type|const|let)\s+(\w+)/gm), ...src.matchAll(/^@inline export function (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual([...new Set(exported)], ["Conn", "PacketView", "physicalNow"]);
  assert.doesNotMatch(src, /^export\s*\{/m, "the view re-exports nothing");
  const body = /export class PacketView \{([\s\S]*?)\n\}/.exec(src)![1]!;
  const fields = [...body.matchAll(/^ {2}(\w+): (\w+)/gm)].map((m) => `${m[1]}: ${m[2]}`);
  // a new field is a new thing a policy can see: it belongs on this list only after that review
  assert.deepEqual(fields, ["seq: i64", "ack: i64", "payloadLength: i32", "windowField: u32", "windowScale: i32", "rewriteWindow: bool", "newWindowField: u32"]);
});

test("every hook of a policy takes the VMM's Conn and a PacketView, never an index", () => {
  const src = readFileSync("assembly/vmm/policy.ts", "utf8");
  const hooks = [...src.matchAll(/^ {2}(on\w+)\(([^)]*)\): void/gm)];
  assert.equal(hooks.length, 4);
  for (const [, name, params] of hooks) assert.equal(params, "c: Conn, pkt: PacketView", name);
  assert.match(src, /^ {2}attach\(c: Conn, mss: i32, windowScale: i32\): void/m);
});

test("the check can fail: a policy that imports the event queue, the packet pool or guest state, or casts, is caught", () => {
  const root = mkdtempSync(join(tmpdir(), "foxsim-boundary-"));
  try {
    for (const d of ["assembly/vmm", "assembly/engine", "assembly/net", "assembly/tcp"]) mkdirSync(join(root, d), { recursive: true });
    for (const f of ["vmm/policy.ts", "vmm/view.ts", "engine/clock.ts", "engine/queue.ts", "net/packet.ts", "tcp/sock.ts"]) writeFileSync(join(root, "assembly", f), readFileSync(join("assembly", f)));
    const bad = (name: string, src: string) => {
      const file = join(root, "assembly/vmm", name);
      writeFileSync(file, src);
      return violations(file, root);
    };
    assert.deepEqual(bad("q.ts", 'import { queuePush } from "../engine/queue";\n'), ["imports assembly/engine/queue.ts", "reaches assembly/engine/queue.ts"]);
    assert.deepEqual(bad("k.ts", 'import { sndCwnd } from "../tcp/sock";\n'), ["imports assembly/tcp/sock.ts", "reaches assembly/tcp/sock.ts"]);
    assert.ok(bad("p.ts", 'import { pSeq } from "../net/packet";\n').includes("reaches assembly/net/packet.ts"));
    assert.deepEqual(bad("c.ts", 'import { PacketView } from "./view";\nexport function peek(v: PacketView): i32 { return load<i32>(changetype<usize>(v) - 64); }\n'), ["uses load"]); // the first escape found
    assert.deepEqual(bad("ok.ts", 'import { VmmPolicy } from "./policy";\nimport { Conn, PacketView } from "./view";\n'), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
