// The kinds of scenario a sweep runs, each described in its own module (./types.ts says what a
// kind provides); everything kind-specific in host/sweep goes through here.
import type { Core } from "../../core.ts";
import { network } from "./network.ts";
import { fvm } from "./fvm.ts";
import { storage } from "./storage.ts";
import { paths } from "./paths.ts";
import type { SweepKind, Summary } from "./types.ts";

export type { Summary } from "./types.ts";

export const KINDS = { network, fvm, storage, paths };
export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];
export type ScenarioOf<K extends Kind> = ReturnType<(typeof KINDS)[K]["parse"]>;
export type AnyScenario = ScenarioOf<Kind>;

// The registry's entries differ in their scenario type; a validated scenario is only ever handed
// back to the kind that parsed it, so it is seen here as any kind's.
const kindOf = (k: Kind) => KINDS[k] as SweepKind<AnyScenario>;

export const parseAs = (k: Kind, doc: unknown): AnyScenario => kindOf(k).parse(doc);
export const costOf = (k: Kind, s: AnyScenario): number => kindOf(k).cost(s);
export const summarise = (core: Core, k: Kind, s: AnyScenario): Summary => kindOf(k).summarise(core, s);
// `k` may come from a results file's header, written by another build: an unknown kind has none.
export const fixedFields = (k: string): readonly string[] => (k in KINDS ? kindOf(k as Kind).fields ?? [] : []);

// The kinds whose marker the document has (detection: exactly one should).
export function kindsOf(doc: Record<string, unknown>): Kind[] {
  return KIND_NAMES.filter((k) => KINDS[k].looksLike(doc));
}

export const markerOf = (k: Kind): string => KINDS[k].marker;
