// Builds the published library into lib/: JavaScript and .d.ts for the entries host/index.ts
// (universal) and host/node.ts (Node), by tsc with tsconfig.lib.json. lib/ is emptied first so a
// module deleted from host/ cannot linger in the package.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

rmSync("lib", { recursive: true, force: true });
// npm puts node_modules/.bin on PATH for scripts; the shell finds tsc.cmd on Windows.
execFileSync("tsc", ["-p", "tsconfig.lib.json"], { stdio: "inherit", shell: process.platform === "win32" });
