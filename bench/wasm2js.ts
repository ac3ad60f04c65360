// The baseline for the wasm core: the same core.wasm translated to plain JavaScript by Binaryen's
// wasm2js. Algorithm, data layout and results are identical; only the execution differs, so the
// ratio measures what WebAssembly buys. wasm2js splits each i64 parameter into two i32 halves
// (and returns the high half of an i64 result through env.setTempRet0); this adapter restores
// the BigInt ABI that host/core.ts expects.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Core } from "../host/core.ts";

// i64 parameters (1) and i64 results, for each export Core calls with or returns a BigInt.
const I64_SIGNATURES: Record<string, { params: number[]; result?: boolean }> = {
  init: { params: [0, 0, 0, 1, 1, 1, 0] },
  addLink: { params: [1, 1, 1, 0, 1, 1] },
  addFlow: { params: [0, 0, 0, 1, 1, 0, 0, 1, 0] },
  run: { params: [1] },
  nowNs: { params: [], result: true },
  eventsExecuted: { params: [], result: true },
  packetsInjected: { params: [], result: true },
  packetsDelivered: { params: [], result: true },
  flowDeliveryHash: { params: [0], result: true },
};

export function wasm2jsSource(): string {
  mkdirSync("dist/bench", { recursive: true });
  const out = "dist/bench/core.w2j.mjs";
  execFileSync("node_modules/.bin/wasm2js", ["dist/core.wasm", "-O3", "--enable-bulk-memory", "--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int", "-o", out]);
  return readFileSync(out, "utf8").replace("import * as env from 'env';", "const env = globalThis.__foxsimW2jEnv;");
}

// Each call imports a fresh copy: the translated core keeps its state in module globals.
export async function newWasm2jsCore(src: string, index: number): Promise<Core> {
  const file = `dist/bench/core.w2j.${index}.mjs`;
  writeFileSync(file, src);
  let hi = 0;
  (globalThis as Record<string, unknown>).__foxsimW2jEnv = { setTempRet0: (v: number) => (hi = v) };
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const exports: Record<string, unknown> = { ...mod };
  for (const [name, sig] of Object.entries(I64_SIGNATURES)) {
    const f = mod[name] as (...a: number[]) => number;
    exports[name] = (...args: (number | bigint)[]) => {
      const flat: number[] = [];
      args.forEach((a, i) => {
        if (sig.params[i]) {
          const v = BigInt.asUintN(64, BigInt(a));
          flat.push(Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0);
        } else flat.push(a as number);
      });
      const r = f(...flat);
      return sig.result ? BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(r >>> 0)) : r;
    };
  }
  return new Core({ exports } as unknown as WebAssembly.Instance);
}
