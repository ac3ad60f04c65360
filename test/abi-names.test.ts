// The ABI's name tables: the host's declarations (host/abi-names.ts) and the core's
// (assembly/abi/names.ts) agree, and the checker loadCore runs catches a table that does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { abiMismatch } from "../host/core.ts";
import { DECLARED_NAME_TABLES, NameKind, type NameTable } from "../host/abi-names.ts";
import { CC_REGISTRY } from "../host/congestion.ts";
import { newCore } from "./helpers.ts";

const swap = (names: readonly string[], i: number, j: number) => names.map((n, k) => (k === i ? names[j]! : k === j ? names[i]! : n));
const replaced = (kind: number, names: readonly string[]): NameTable[] => DECLARED_NAME_TABLES.map((t) => (t.kind === kind ? { ...t, names } : t));

test("every name table the host declares equals the core's", async () => {
  const core = await newCore();
  assert.equal(abiMismatch(core), null);
  assert.equal(new Set(DECLARED_NAME_TABLES.map((t) => t.kind)).size, Object.keys(NameKind).length, "each kind declared once");
});

test("two names swapped in any table (one renamed in a table of one) fail, naming the table and the first id that differs", async () => {
  const core = await newCore();
  for (const t of DECLARED_NAME_TABLES) {
    const n = t.names.length;
    if (n < 2) {
      // a table of one name (one device type so far; one I/O scheduler until deadline/AS/CFQ land): a renamed name fails instead
      const why = abiMismatch(core, replaced(t.kind, ["renamed"]));
      assert.equal(why, `${t.what} names id ${t.first ?? 0} "renamed" but the core names it ${JSON.stringify(t.names[0])}`);
      continue;
    }
    const why = abiMismatch(core, replaced(t.kind, swap(t.names, n - 2, n - 1)));
    const id = n - 2 + (t.first ?? 0);
    assert.equal(why, `${t.what} names id ${id} ${JSON.stringify(t.names[n - 1])} but the core names it ${JSON.stringify(t.names[n - 2])}`);
  }
});

test("a name the core lacks, or one the host lacks, fails as well", async () => {
  const core = await newCore();
  const cc = NameKind.congestionControls;
  const n = CC_REGISTRY.length;
  assert.equal(abiMismatch(core, replaced(cc, [...CC_REGISTRY, "bbr"])), `host/congestion.ts CC_REGISTRY names id ${n} "bbr" but the core names it nothing`);
  assert.equal(abiMismatch(core, replaced(cc, CC_REGISTRY.slice(0, -1))), `host/congestion.ts CC_REGISTRY names id ${n - 1} nothing but the core names it ${JSON.stringify(CC_REGISTRY[n - 1])}`);
  assert.match(abiMismatch(core, [{ kind: 99, what: "a table from the future", names: ["x"] }])!, /the core has no name table 99 for a table from the future/);
});

test("congestionControlName reads the registry table and refuses an id beyond it", async () => {
  const core = await newCore();
  assert.equal(core.congestionControlName(2), "cubic");
  assert.throws(() => core.congestionControlName(-1), new RegExp(`congestion-control id -1: the core has ${CC_REGISTRY.length}$`));
});
