// The Foxy boundary, by construction: a VMM policy sees only what a real VMM sees. Nothing a
// policy file imports — directly or through any module it imports — lives in assembly/tcp/ (the
// guest kernel), so no policy can read cwnd or any other guest state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const POLICY_FILES = readdirSync("assembly/vmm")
  .filter((f) => f.endsWith(".ts") && !["vnic.ts", "registry.ts"].includes(f)) // vnic and the registry are VMM plumbing, not policies
  .map((f) => join("assembly/vmm", f));

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

test("VMM policy files are found (the boundary test checks something)", () => {
  assert.ok(POLICY_FILES.includes("assembly/vmm/foxyvegas.ts"));
  assert.ok(POLICY_FILES.includes("assembly/vmm/policy.ts"));
});

for (const file of POLICY_FILES) {
  test(`${file} cannot reach guest kernel state`, () => {
    const reach = [...reachable(file)];
    const guest = reach.filter((f) => f.startsWith("assembly/tcp/"));
    assert.deepEqual(guest, [], `${file} reaches ${guest.join(", ")}`);
  });
}

test("the import walk does find guest modules when they are imported (the check can fail)", () => {
  const reach = [...reachable("assembly/sim.ts")];
  assert.ok(reach.some((f) => f.startsWith("assembly/tcp/")), "sim.ts registers the TCP stack");
});
