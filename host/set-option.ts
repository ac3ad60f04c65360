// The --set option of every command that reads scenario files (host/cli.ts, host/verify/command.ts):
// repeatable, the overrides in the order typed. It has no default value, so that --help shows no
// "(default: [])"; a command given none reads `opts.set ?? []`.
import { Option } from "commander";

export function setOption(description: string): Option {
  return new Option("--set <field.path=value>", description).argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), v]);
}
