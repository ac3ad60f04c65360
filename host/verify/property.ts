// One property of the model, defined once and run by both `npm test` (props/*.test.ts, through
// node:test) and `foxsim verify` (host/verify/command.ts): its inputs as a fast-check arbitrary and a
// predicate that throws (node:assert) when the model breaks it.
import type fc from "fast-check";

// What a predicate returns: nothing when the property held, "invalid" when the input was outside the
// property's scope (a scenario document the schema rejected): counted, so that a property whose
// inputs are almost all invalid is reported as testing too little (minValidShare).
export type Verdict = void | "invalid";

export interface Property<T = unknown> {
  name: string; // unique within its suite; selected as suite/name
  summary: string; // one line: what holds
  runs: number; // inputs tried by default (npm test and verify alike); --runs overrides
  arbitrary: fc.Arbitrary<T>;
  check(value: T): Promise<Verdict> | Verdict;
  // A counterexample as the document a user can read and rerun: a scenario (plus the drops that broke
  // it) for the network properties; the plain value where there is none.
  document?(value: T): unknown;
  // At least this share of the inputs must be valid (Verdict), checked when ≥ VACUITY_MIN_RUNS ran.
  minValidShare?: number;
}

export interface Suite {
  name: string;
  summary: string;
  properties: Property[];
}

// Erases a property's input type for the registry (each predicate sees only its own arbitrary's values).
export function property<T>(p: Property<T>): Property {
  return p as unknown as Property;
}
