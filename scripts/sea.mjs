// Builds dist/foxsim: a Node single executable application (the bundled CLI with core.wasm inside)
// that runs from any directory without node_modules or a network.
import { execFileSync } from "node:child_process";
import { copyFileSync, writeFileSync, chmodSync, rmSync } from "node:fs";
import { inject } from "postject";

const config = "dist/sea-config.json";
const blob = "dist/foxsim.blob";
const exe = "dist/foxsim";
writeFileSync(config, JSON.stringify({ main: "dist/foxsim.cjs", output: blob, disableExperimentalSEAWarning: true }));
execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "inherit" });
rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
await inject(exe, "NODE_SEA_BLOB", await import("node:fs").then((fs) => fs.readFileSync(blob)), {
  sentinelFuse: "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2",
});
rmSync(blob);
rmSync(config);
console.log(`built ${exe}`);
