// The core's modules import each other without cycles: a cycle ties modules that should be
// layered (and in AssemblyScript makes the order of their top-level initialisation depend on which
// one is imported first). Walks every import and re-export under assembly/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../assembly");

// Cycles known today, each as its modules sorted; the test fails on any other, and on a known one
// that has gone (so that this list only shrinks). None: the NIC hands packets up through the
// protocol handler a machine's stack registered (assembly/machine/machines.ts), so the net and
// device layers import nothing above them.
const KNOWN: string[][] = [];

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

// Relative specifiers of `import … from`, `export … from` and bare `import "…"`.
function imports(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\b[^;]*?(?:from\s*)?["'](\.{1,2}\/[^"']+)["']/gm)) {
    const target = resolve(dirname(file), m[1]!);
    const path = [`${target}.ts`, join(target, "index.ts")].find(existsSync);
    assert.ok(path, `${relative(ROOT, file)} imports ${m[1]}, which does not resolve`);
    out.push(path);
  }
  return out;
}

// The strongly connected components of more than one module (or a module importing itself).
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)!.includes(v)) found.push(scc.map((f) => relative(ROOT, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found.sort();
}

test("assembly/: no import cycles but the known ones", () => {
  const graph = new Map(modules(ROOT).map((f) => [f, imports(f)] as const));
  assert.ok(graph.size > 30, `only ${graph.size} modules found under ${ROOT}`);
  assert.deepEqual(cycles(graph), KNOWN);
});

test("the cycle finder finds a cycle, and one through three modules", () => {
  const g = new Map([["/a", ["/b"]], ["/b", ["/c"]], ["/c", ["/a"]], ["/d", ["/a"]]]);
  assert.deepEqual(cycles(g).map((c) => c.length), [3]);
  assert.deepEqual(cycles(new Map([["/a", ["/b"]], ["/b", []]])), []);
});
