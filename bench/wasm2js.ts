// The baseline for the wasm core: the same core.wasm translated to plain JavaScript by Binaryen's
// wasm2js. Algorithm, data layout and results are identical; only the execution differs, so the
// ratio measures what WebAssembly buys. wasm2js splits each i64 parameter into two i32 halves
// (and returns the high half of an i64 result through env.setTempRet0); this adapter restores
// the BigInt ABI that host/core.ts expects.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Core } from "../host/core.ts";

// Which parameters (true) and whether the result of an export are i64, for every export that has
// any: read from the module itself, so the adapter follows ABI changes in assembly/index.ts.
type I64Signature = { params: boolean[]; result: boolean };
export type Wasm2js = { js: string; i64: Record<string, I64Signature> };

function i64Signatures(wat: string): Record<string, I64Signature> {
  const funcs = new Map<string, I64Signature>();
  for (const m of wat.matchAll(/^ \(func (\$\S+)((?: \(param \$\S+ \w+\))*)(?: \(result (\w+)\))?/gm)) {
    const params = [...m[2]!.matchAll(/ (\w+)\)/g)].map((p) => p[1] === "i64");
    funcs.set(m[1]!, { params, result: m[3] === "i64" });
  }
  const out: Record<string, I64Signature> = {};
  for (const [, name, func] of wat.matchAll(/^ \(export "(\w+)" \(func (\$\S+)\)\)/gm)) {
    const sig = funcs.get(func!);
    if (!sig) throw new Error(`wasm2js baseline: no signature for export ${name}`);
    if (sig.result || sig.params.includes(true)) out[name!] = sig;
  }
  return out;
}

// Binaryen's tools by package path (assemblyscript's own binaryen, the version it pins): npm does
// not reliably link a dependency's dependency into node_modules/.bin (here it did not).
const BINARYEN_BIN = "node_modules/binaryen/bin";

// wasm2js mistranslates the saturating float-to-int conversions that asc emits for `<i64>f` and
// `<i32>f` casts: its i64 lowering leaves i64.trunc_sat_f64_s untouched (an i64 value stored into a
// lowered i32 local, which its optimizer then aborts on: "Assertion failed: iff->type != Type::none"
// in SimplifyLocals optimizeIfElseReturn at any -O, e.g. on vmm/vnic finish's
// `wakeMeanNs > 0 ? <i64>(…) : 0`; without -O its validator rejects the output instead),
// and it emits i32.trunc_sat_f64_s as JS `~~x`, which wraps instead of saturating out of range.
// wasm-opt's --llvm-nontrapping-fptoint-lowering is not exact either (INT_MIN for NaN and for large
// positive values), so each such conversion becomes a call to a helper that spells out the spec's
// trunc_sat rule (NaN -> 0, clamp to the range, else truncate) with MVP instructions: same results.
const TRUNC_SAT_HELPERS: Record<string, string> = {
  "i32.trunc_sat_f64_s": `(func $foxsim_i32_trunc_sat_f64_s (param $x f64) (result i32)
  (if (result i32) (f64.ne (local.get $x) (local.get $x)) (then (i32.const 0)) (else
  (if (result i32) (f64.ge (local.get $x) (f64.const 2147483648)) (then (i32.const 2147483647)) (else
  (if (result i32) (f64.le (local.get $x) (f64.const -2147483649)) (then (i32.const -2147483648)) (else
  (i32.trunc_f64_s (local.get $x)))))))))`,
  "i64.trunc_sat_f64_s": `(func $foxsim_i64_trunc_sat_f64_s (param $x f64) (result i64)
  (if (result i64) (f64.ne (local.get $x) (local.get $x)) (then (i64.const 0)) (else
  (if (result i64) (f64.ge (local.get $x) (f64.const 9223372036854775808)) (then (i64.const 9223372036854775807)) (else
  (if (result i64) (f64.lt (local.get $x) (f64.const -9223372036854775808)) (then (i64.const -9223372036854775808)) (else
  (i64.trunc_f64_s (local.get $x)))))))))`,
  // unsigned: below -1 and NaN give 0, at 2^64 or above all ones
  "i32.trunc_sat_f64_u": `(func $foxsim_i32_trunc_sat_f64_u (param $x f64) (result i32)
  (if (result i32) (f64.ne (local.get $x) (local.get $x)) (then (i32.const 0)) (else
  (if (result i32) (f64.ge (local.get $x) (f64.const 4294967296)) (then (i32.const -1)) (else
  (if (result i32) (f64.le (local.get $x) (f64.const -1)) (then (i32.const 0)) (else
  (i32.trunc_f64_u (local.get $x)))))))))`,
  "i64.trunc_sat_f64_u": `(func $foxsim_i64_trunc_sat_f64_u (param $x f64) (result i64)
  (if (result i64) (f64.ne (local.get $x) (local.get $x)) (then (i64.const 0)) (else
  (if (result i64) (f64.ge (local.get $x) (f64.const 18446744073709551616)) (then (i64.const -1)) (else
  (if (result i64) (f64.le (local.get $x) (f64.const -1)) (then (i64.const 0)) (else
  (i64.trunc_f64_u (local.get $x)))))))))`,
};

// core.wasm as text with every trunc_sat replaced by a call to its helper (wasm-dis prints folded
// expressions, so `(op operand)` becomes `(call $helper operand)`); any other trunc_sat variant
// has no helper yet and stops the bench rather than being mistranslated.
function withExactTruncSat(wasm: string): string {
  let wat = execFileSync(`${BINARYEN_BIN}/wasm-dis`, [wasm], { encoding: "utf8", maxBuffer: 1 << 28 });
  const used = Object.keys(TRUNC_SAT_HELPERS).filter((op) => wat.includes(`(${op}\n`));
  for (const op of used) wat = wat.replaceAll(`(${op}\n`, `(call $foxsim_${op.replace(".", "_")}\n`);
  const left = /\w+\.trunc_sat_\w+/.exec(wat);
  if (left) throw new Error(`wasm2js baseline: no exact helper for ${left[0]}`);
  const end = wat.lastIndexOf(")");
  return `${wat.slice(0, end)}${used.map((op) => ` ${TRUNC_SAT_HELPERS[op]}\n`).join("")})\n`;
}

export function wasm2jsSource(): Wasm2js {
  mkdirSync("dist/bench", { recursive: true });
  const wat = "dist/bench/core.w2j.wat";
  const text = withExactTruncSat("dist/core.wasm");
  writeFileSync(wat, text);
  const out = "dist/bench/core.w2j.mjs";
  execFileSync(`${BINARYEN_BIN}/wasm2js`, [wat, "-O3", "--enable-bulk-memory", "--enable-sign-ext", "--enable-mutable-globals", "-o", out]);
  const js = readFileSync(out, "utf8").replace("import * as env from 'env';", "const env = globalThis.__foxsimW2jEnv;");
  return { js, i64: i64Signatures(text) };
}

// Each call imports a fresh copy: the translated core keeps its state in module globals.
export async function newWasm2jsCore(src: Wasm2js, index: number): Promise<Core> {
  const file = `dist/bench/core.w2j.${index}.mjs`;
  writeFileSync(file, src.js);
  let hi = 0;
  (globalThis as Record<string, unknown>).__foxsimW2jEnv = { setTempRet0: (v: number) => (hi = v) };
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const exports: Record<string, unknown> = { ...mod };
  for (const [name, sig] of Object.entries(src.i64)) {
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
