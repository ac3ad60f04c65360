// Shared by the socket-outsourcing reproductions (seed 004 and its peer XenLoop): the testbeds on
// the calibrated machine (host/outsourcing/calibration.ts) and how their results are read.
// The runs are short and in this thread (one core instance each), not on the worker pool.
import { loadNodeCore } from "../node.ts";
import { runTestbed, type TestbedResult, type TestbedSpec, type VmSpec, type PathName } from "../outsourcing/model.ts";
import type { ReproContext } from "./types.ts";
import { COSTS, HOST_CORES, GIGABIT_BPS, LAN_DELAY_NS, WINDOW_BYTES } from "../outsourcing/calibration.ts";

export const round = (v: number, digits = 1) => Number(v.toFixed(digits));
export const mbps = (bytes: number, windowNs: number) => (bytes * 8) / windowNs * 1000;

// The scale of a run: simulated time (warm-up, then the measured window).
export const timing = (full: boolean) => (full ? { warmupNs: 100e6, stopNs: 1100e6 } : { warmupNs: 10e6, stopNs: 60e6 });

export async function run(ctx: ReproContext, spec: TestbedSpec): Promise<TestbedResult> {
  ctx.recordTestbed(spec);
  return runTestbed(await loadNodeCore(), spec);
}

// The server host's cores: the VMM's backend on core 0; VMs' vCPUs and host-side socket work on
// the others, as each testbed places them.
export const SERVER = { name: "server", cores: HOST_CORES, backendCore: 0 };
export const CLIENT = { name: "client", cores: HOST_CORES, backendCore: 0 };
export const LINK = { rateBps: GIGABIT_BPS, delayNs: LAN_DELAY_NS };

export function base(full: boolean): Pick<TestbedSpec, "costs" | "windowBytes" | "warmupNs" | "stopNs"> {
  return { costs: COSTS, windowBytes: WINDOW_BYTES, ...timing(full) };
}

// A VM on the server with this path (native: none; the application runs on the host).
export const vmOn = (name: string, path: PathName, vcpuCore: number): VmSpec[] =>
  path === "native" ? [] : [{ name, host: SERVER.name, path, vcpuCore }];

// What each server core does in a testbed, for naming the busiest one.
export function busiest(r: TestbedResult, roles: Record<number, string>): { label: string; busy: number } {
  const server = r.cores.filter((c) => c.host === SERVER.name);
  const top = server.reduce((a, b) => (b.busy > a.busy ? b : a));
  return { label: `server core ${top.core} (${roles[top.core] ?? "idle"})`, busy: top.busy };
}
