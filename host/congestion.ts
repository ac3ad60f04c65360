// Names of the congestion controls compiled into the core, and their ids (registry order,
// assembly/tcp/cc/registry.ts: the index is the id the core takes).
// CONGESTION_CONTROLS: the algorithms a scenario names (KERNELS, host/kernels.ts: the Linux versions whose module
// code the core carries); CC_REGISTRY: every module in id order, an era variant as "name@kernel".
import { CURRENT_KERNEL, type Kernel } from "./kernels.ts";

export const CONGESTION_CONTROLS = ["newreno", "bic", "cubic", "htcp", "highspeed", "hybla", "westwood", "scalable", "vegas"] as const;
export type CongestionControl = (typeof CONGESTION_CONTROLS)[number];

// 2.6.16 variants present in the core, in registry order (htcp's follows 2.6.18's file on 2.6.16's
// TCP: assembly/tcp/cc/linux-2.6.16/htcp.ts says what of 2.6.17's rework it does not undo).
const ERA_2616: readonly CongestionControl[] = ["newreno", "bic", "cubic", "highspeed", "westwood", "scalable", "vegas", "hybla", "htcp"];

export const CC_REGISTRY: readonly string[] = [...CONGESTION_CONTROLS, ...ERA_2616.map((n) => `${n}@linux-2.6.16`)];

export function congestionControlId(name: CongestionControl, kernel: Kernel = CURRENT_KERNEL): number {
  const era = kernel === "linux-2.6.16" ? CC_REGISTRY.indexOf(`${name}@${kernel}`) : -1;
  return era >= 0 ? era : CONGESTION_CONTROLS.indexOf(name);
}
