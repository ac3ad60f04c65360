// Keys and hashes: SHA-256 (hex) over the canonical JSON of a value, RFC 8785 (JCS) via the
// `canonicalize` package — keys sorted, no whitespace, numbers as ECMAScript prints them — so the
// same resolved scenario gives the same key in any process, build and key order of the input.
import { createHash } from "node:crypto";
import canonicalizeModule from "canonicalize";

// The package is CommonJS (module.exports = serialize) but its types declare an ES default export,
// which TypeScript then types as the module namespace; at run time the default import is the function.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

export function canonicalJson(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new Error("canonicalJson: value has no JSON form");
  return s;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export const hashOf = (value: unknown): string => sha256Hex(canonicalJson(value));
