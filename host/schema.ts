// Shared pieces of the scenario schemas (network scenarios in host/scenario.ts, FVM host scenarios
// in host/fvm/scenario.ts): numbers with units and ranges, and error lines that name the field,
// the value and what is allowed.
import { z } from "zod";

export interface Range {
  unit: string;
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  int?: boolean;
}

export function quantity(r: Range) {
  const kind = r.int ? "an integer" : "a number";
  const allowed = `${kind} ${r.minExclusive ? ">" : "≥"} ${r.min} and ${r.maxExclusive ? "<" : "≤"} ${r.max} (${r.unit})`;
  const error = `must be ${allowed}`;
  let s = z.number({ error });
  if (r.int) s = s.int({ error });
  s = r.minExclusive ? s.gt(r.min, { error }) : s.gte(r.min, { error });
  return r.maxExclusive ? s.lt(r.max, { error }) : s.lte(r.max, { error });
}

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(scenario)" : path.map((k) => clip(String(k))).join(".");
}

// A value for an error line: JSON, cut to 60 characters (a 10 MB value is not echoed back whole).
export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  let s: string | undefined;
  try {
    s = typeof v === "number" ? (Object.is(v, -0) ? "-0" : String(v)) : JSON.stringify(v);
  } catch {
    s = undefined; // too deep, or not JSON at all
  }
  return clip(s ?? String(v));
}

export const clip = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max - 3)}...` : s);

type Def = { innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 8; i++) {
    const d = defOf(cur);
    const next = d.innerType ?? d.in ?? d.schema;
    if (!next) break;
    cur = next;
  }
  return cur;
}

function allowedKeys(root: z.ZodType, path: readonly PropertyKey[]): string {
  let node: z.ZodType | undefined = root;
  for (const key of path) {
    if (!node) break;
    const d = defOf(unwrap(node));
    node = typeof key === "number" ? d.element : d.shape?.[String(key)];
  }
  const shape = node ? defOf(unwrap(node)).shape : undefined;
  return shape ? Object.keys(shape).join(", ") : "";
}

// One line per field: a value can break several checks (1e18 is neither a safe integer nor ≤ the
// maximum), and the first message already says what is allowed.
export function formatIssues(root: z.ZodType, error: z.ZodError): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const iss of error.issues) {
    const key = iss.code === "unrecognized_keys" ? `${fieldName(iss.path)}:${iss.keys.join()}` : fieldName(iss.path);
    if (seen.has(key)) continue;
    seen.add(key);
    if (iss.code === "unrecognized_keys") {
      const where = iss.path.length ? `${fieldName(iss.path)}.` : "";
      const allowed = allowedKeys(root, iss.path);
      lines.push(`${where}${iss.keys.map((k) => clip(k)).join(", ")}: unknown field${allowed ? `; allowed here: ${allowed}` : ""}`);
      continue;
    }
    const input = (iss as { input?: unknown }).input;
    if (input === undefined && iss.code === "invalid_type") lines.push(`${fieldName(iss.path)}: missing; ${iss.message}`);
    else lines.push(`${fieldName(iss.path)}: got ${show(input)}; ${iss.message}`);
  }
  return lines;
}

export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  checkDocument(input);
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw new ScenarioError(formatIssues(schema, r.error));
  return r.data;
}

// A scenario is a JSON object a few levels deep; anything else is refused before the schema (or a
// deep-recursing clone) sees it.
export const MAX_DEPTH = 32;

export function checkDocument(doc: unknown): void {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new ScenarioError([`(scenario): got ${Array.isArray(doc) ? "a list" : show(doc)}; must be a JSON object (see examples/)`]);
  // iterative, so that a document nested 100 000 deep cannot overflow the stack here
  const stack: [unknown, number, string][] = [[doc, 1, ""]];
  while (stack.length) {
    const [v, depth, at] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > MAX_DEPTH) throw new ScenarioError([`${clip(at.slice(1))}: nested more than ${MAX_DEPTH} levels deep; a scenario is a few levels deep`]);
    for (const [k, child] of Object.entries(v)) stack.push([child, depth + 1, `${at}.${k}`]);
  }
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const INDEX = /^(0|[1-9][0-9]*)$/;

// A scenario document's text as JSON (a file's for the CLI, the editor's for the playground): a UTF-8
// byte order mark is not part of the JSON; a syntax error names the source.
export function parseDocumentText(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new ScenarioError([`${source}: not valid JSON (${(e as Error).message.slice(0, 120)})`]);
  }
}

// Apply `field.path=value` overrides to a raw (unvalidated) document, a copy of it. The value is
// read as JSON when it parses (numbers, booleans, objects), else as a string; validation happens
// afterwards, exactly as for the file. A path names object fields (never __proto__, constructor or
// prototype, so nothing reaches Object.prototype) and list indices from 0 up to the list's length
// (the length appends one entry); anything else is refused with a line naming it.
export function applyOverrides(raw: unknown, overrides: readonly string[]): unknown {
  const start = raw === undefined ? {} : raw;
  checkDocument(start);
  const doc = structuredClone(start) as Record<string, unknown>;
  for (const o of overrides) {
    const eq = o.indexOf("=");
    if (eq <= 0) throw new ScenarioError([`--set ${show(o)}: expected <field.path>=<value>, e.g. path.forward.delayMs=20`]);
    const path = o.slice(0, eq);
    const keys = path.split(".");
    const text = o.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    const fail = (msg: string) => new ScenarioError([`--set ${clip(path)}: ${msg}`]);
    let node: Record<string, unknown> | unknown[] = doc;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const here = keys.slice(0, i).join(".") || "the scenario";
      if (k === "") throw fail("empty field name (two dots, or a dot at an end)");
      if (FORBIDDEN_KEYS.has(k)) throw fail(`${JSON.stringify(k)} is not a field name`);
      if (Array.isArray(node)) {
        if (!INDEX.test(k) || Number(k) > node.length)
          throw fail(`${clip(here)} is a list of ${node.length}; an index there is an integer from 0 to ${node.length} (${node.length} appends), not ${show(k)}`);
      }
      const container = node as Record<string, unknown>;
      if (i === keys.length - 1) {
        container[k] = value;
        break;
      }
      const next = Object.hasOwn(container, k) ? container[k] : undefined;
      if (next === undefined || next === null) container[k] = INDEX.test(keys[i + 1]!) ? [] : {};
      else if (typeof next !== "object") throw fail(`${clip(keys.slice(0, i + 1).join("."))} is ${show(next)}, not an object, so it has no field ${clip(keys[i + 1]!)}`);
      node = container[k] as Record<string, unknown> | unknown[];
    }
  }
  checkDocument(doc);
  return doc;
}
