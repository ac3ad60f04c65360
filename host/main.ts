// Entry point of the CLI bundle and the single binary.
//
// At a terminal the work runs in a child process and this process only watches it. The simulations
// run synchronously inside wasm, and Node hands a signal to JavaScript only when the event loop is
// free: a SIGINT handler in the working process would run after the whole simulation, so Ctrl-C
// would do nothing for minutes. The child keeps the default disposition (Ctrl-C ends it at once);
// this process, idle, sees it end, shows the cursor again, says so and exits 128 + the signal's
// number (130 for SIGINT), as a shell reports a command a signal ended.
// In pipes there is no status line and nothing to restore, and commands that draw none (--help,
// --version) have nothing to restore either: those run here, and Ctrl-C ends them.
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { constants } from "node:os";
import { isSea } from "node:sea";
import { main } from "./cli.ts";
import { SHOW_CURSOR } from "./report/progress.ts";
import { SUPERVISED_ENV as CHILD_ENV, TEMPS_FD, watchTemps } from "./supervised-temps.ts";

const STATUS_LINE_COMMANDS = new Set(["run", "matrix", "fvm", "paths", "disk", "disk-matrix", "reproduce", "verify"]);

function runHere(): void {
  // A reader that stops early (`foxsim … | head`) closes the pipe: end quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

function supervise(): void {
  // the same program with the same arguments: a single binary is its own script
  const args = isSea() ? process.argv.slice(2) : [...process.execArgv, ...process.argv.slice(1)];
  const stdio = ["inherit", "inherit", "inherit"] as ("inherit" | "pipe")[];
  stdio[TEMPS_FD] = "pipe";
  const child = spawn(process.execPath, args, { stdio, env: { ...process.env, [CHILD_ENV]: "1" } });
  const temps = watchTemps(child.stdio[TEMPS_FD] as Readable);
  // Ctrl-C reaches both processes (the terminal signals its whole foreground group); a signal sent
  // to this one alone is passed on
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on("error", (e) => {
    process.stderr.write(`foxsim: cannot start: ${e.message}\n`);
    process.exit(1);
  });
  // "close", not "exit": every line the child wrote on the temporaries' pipe has been read by then
  child.on("close", (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    temps.remove(); // what it was writing when the signal came: no half-written file is left
    const why = signal === "SIGINT" || signal === "SIGTERM" ? "interrupted" : `ended by ${signal}`;
    process.stderr.write(`${SHOW_CURSOR}\nfoxsim: ${why}\n`);
    process.exit(128 + constants.signals[signal]);
  });
}

// the user's arguments start at argv[2], for node running the bundle and for the single binary alike
if (process.stderr.isTTY && process.env[CHILD_ENV] !== "1" && STATUS_LINE_COMMANDS.has(process.argv[2] ?? "")) supervise();
else runHere();
