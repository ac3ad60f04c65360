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
  return path.length === 0 ? "(scenario)" : path.map(String).join(".");
}

export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

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
      lines.push(`${where}${iss.keys.join(", ")}: unknown field${allowed ? `; allowed here: ${allowed}` : ""}`);
      continue;
    }
    const input = (iss as { input?: unknown }).input;
    if (input === undefined && iss.code === "invalid_type") lines.push(`${fieldName(iss.path)}: missing; ${iss.message}`);
    else lines.push(`${fieldName(iss.path)}: got ${show(input)}; ${iss.message}`);
  }
  return lines;
}

export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw new ScenarioError(formatIssues(schema, r.error));
  return r.data;
}

// Apply `field.path=value` overrides to a raw (unvalidated) document. The value is read as JSON
// when it parses (numbers, booleans, objects), else as a string; validation happens afterwards,
// exactly as for the file.
export function applyOverrides(raw: unknown, overrides: readonly string[]): unknown {
  const doc = structuredClone(raw ?? {}) as Record<string, unknown>;
  for (const o of overrides) {
    const eq = o.indexOf("=");
    if (eq <= 0) throw new ScenarioError([`--set ${show(o)}: expected <field.path>=<value>, e.g. path.forward.delayMs=20`]);
    const keys = o.slice(0, eq).split(".");
    const text = o.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    let node: Record<string, unknown> = doc;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i]!;
      const next = node[k];
      if (next === undefined || next === null) node[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
      else if (typeof next !== "object") throw new ScenarioError([`--set ${keys.slice(0, i + 1).join(".")}: is ${show(next)}, not an object, so it has no field ${keys[i + 1]}`]);
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return doc;
}
