// The editor's text as a scenario, validated as the CLI validates a file (host/cli.ts loadDocument:
// the JSON, the document checks of --set, the schema), with the CLI's error lines. A document with
// `processes` is a storage scenario (`foxsim disk`, host/storage/scenario.ts: no network scenario
// has that field), any other a network one (`foxsim run`). And the scenario as a URL fragment, so
// that a link carries it (a fragment never reaches a server).
import { parseScenario, type Scenario } from "../scenario.ts";
import { parseStorageScenario, type StorageScenario } from "../storage/scenario.ts";
import { applyOverrides, parseDocumentText, ScenarioError } from "../schema.ts";

export type Checked =
  | { kind: "network"; scenario: Scenario; problems?: undefined }
  | { kind: "storage"; scenario: StorageScenario; problems?: undefined }
  | { kind: "network" | "storage"; scenario?: undefined; problems: string[] };

// Which command would read the document: storage when it is an object that has `processes`.
function kindOf(doc: unknown): "network" | "storage" {
  return typeof doc === "object" && doc !== null && !Array.isArray(doc) && "processes" in doc ? "storage" : "network";
}

export function checkScenarioText(text: string): Checked {
  let kind: "network" | "storage" = "network";
  try {
    const doc = applyOverrides(parseDocumentText(text, "scenario"), []);
    kind = kindOf(doc);
    return kind === "storage" ? { kind, scenario: parseStorageScenario(doc) } : { kind, scenario: parseScenario(doc) };
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
