// What the sweep needs to know about one kind of scenario, in one place: how a point's document is
// validated (exactly as the kind's own command validates its file), how long a run is expected to
// take (for longest-expected-first scheduling), and how a worker runs it and flattens its result
// into the numbers of a row's summary (JSON lines, CSV columns, plot fields).
import type { Core } from "../../core.ts";

export type Summary = Record<string, number | null>;

export interface SweepKind<S> {
  // the field that marks a document of this kind, as error messages name it (e.g. 'processes')
  marker: string;
  looksLike(doc: Record<string, unknown>): boolean;
  parse(doc: unknown): S; // throws ScenarioError with one line per problem
  cost(s: S): number; // relative, compared only within one sweep
  summarise(core: Core, s: S): Summary;
  // Summary fields every run of this kind has (CSV columns even when every run failed). Absent:
  // the fields depend on the scenario (named after its processes or connections), and the CSV's
  // columns are those the rows have.
  fields?: readonly string[];
}
