// Entry point of the CLI bundle and the single binary.
import { main } from "./cli.ts";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
