// The editor's text as a scenario, validated as the CLI validates a file (host/cli.ts loadDocument:
// the JSON, the document checks of --set, the schema), with the CLI's error lines. Its kind is the
// one whose marker field it has (host/sweep/kinds: `processes` a storage scenario for `foxsim disk`,
// `vms` as a number a Friendly VMs one for `foxsim fvm`, `connections` an inter-VM path one for
// `foxsim paths`, `flows` a network one for `foxsim run`); a document with none of them, or with
// `flows` beside another kind's marker, is read as the other kind, else as a network scenario. And
// the scenario as a URL fragment, so that a link carries it (a fragment never reaches a server).
import type { Scenario } from "../scenario.ts";
import type { StorageScenario } from "../storage/scenario.ts";
import type { FvmScenario } from "../fvm/scenario.ts";
import type { PathsScenario } from "../outsourcing/scenario.ts";
import { kindsOf, parseAs, type Kind } from "../sweep/kinds/index.ts";
import { applyOverrides, parseDocumentText, ScenarioError } from "../schema.ts";

export type ScenarioKind = Kind;
export type Checked =
  | { kind: "network"; scenario: Scenario; problems?: undefined }
  | { kind: "storage"; scenario: StorageScenario; problems?: undefined }
  | { kind: "fvm"; scenario: FvmScenario; problems?: undefined }
  | { kind: "paths"; scenario: PathsScenario; problems?: undefined }
  | { kind: ScenarioKind; scenario?: undefined; problems: string[] };

// Which command would read the document: the first kind besides network whose marker it has.
function kindOf(doc: unknown): ScenarioKind {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "network";
  return kindsOf(doc as Record<string, unknown>).find((k) => k !== "network") ?? "network";
}

export function checkScenarioText(text: string): Checked {
  let kind: ScenarioKind = "network";
  try {
    const doc = applyOverrides(parseDocumentText(text, "scenario"), []);
    kind = kindOf(doc);
    return { kind, scenario: parseAs(kind, doc) } as Checked;
  } catch (e) {
    if (e instanceof ScenarioError) return { kind, problems: e.problems.map((p) => `invalid scenario: ${p}`) };
    throw e;
  }
}

const FRAGMENT_KEY = "scenario=";

// JSON text made compact when it parses (shorter links), kept as typed when it does not.
export function fragmentOf(text: string): string {
  let compact = text;
  try {
    compact = JSON.stringify(JSON.parse(text));
  } catch {
    // shared as typed, errors and all: the recipient sees the same messages
  }
  return `#${FRAGMENT_KEY}${encodeURIComponent(compact)}`;
}

// The scenario text in a location's fragment, pretty-printed when it is JSON; undefined when the
// fragment holds none (or is not decodable).
export function textFromFragment(hash: string): string | undefined {
  if (!hash.startsWith(`#${FRAGMENT_KEY}`)) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(hash.slice(1 + FRAGMENT_KEY.length));
  } catch {
    return undefined;
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
