// The editor's text as a scenario, validated as the CLI validates a file (host/cli.ts loadDocument:
// the JSON, the document checks of --set, the schema), with the CLI's error lines. A document with
// `processes` is a storage scenario (`foxsim disk`, host/storage/scenario.ts), one with `workload` a
// Friendly VMs one (`foxsim fvm`, host/fvm/scenario.ts): no network scenario has either field; any
// other is a network one (`foxsim run`). And the scenario as a URL fragment, so that a link carries
// it (a fragment never reaches a server).
import { parseScenario, type Scenario } from "../scenario.ts";
import { parseStorageScenario, type StorageScenario } from "../storage/scenario.ts";
import { parseFvmScenario, type FvmScenario } from "../fvm/scenario.ts";
import { applyOverrides, parseDocumentText, ScenarioError } from "../schema.ts";

export type ScenarioKind = "network" | "storage" | "fvm";
export type Checked =
  | { kind: "network"; scenario: Scenario; problems?: undefined }
  | { kind: "storage"; scenario: StorageScenario; problems?: undefined }
  | { kind: "fvm"; scenario: FvmScenario; problems?: undefined }
  | { kind: ScenarioKind; scenario?: undefined; problems: string[] };

// Which command would read the document, by the field only its kind has.
function kindOf(doc: unknown): ScenarioKind {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "network";
  return "processes" in doc ? "storage" : "workload" in doc ? "fvm" : "network";
}

function parse(kind: ScenarioKind, doc: unknown): Checked {
  if (kind === "storage") return { kind, scenario: parseStorageScenario(doc) };
  if (kind === "fvm") return { kind, scenario: parseFvmScenario(doc) };
  return { kind, scenario: parseScenario(doc) };
}

export function checkScenarioText(text: string): Checked {
  let kind: ScenarioKind = "network";
  try {
    const doc = applyOverrides(parseDocumentText(text, "scenario"), []);
    kind = kindOf(doc);
    return parse(kind, doc);
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
