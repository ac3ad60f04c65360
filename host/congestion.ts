// Names of the congestion controls compiled into the core, in registry order
// (assembly/tcp/cc/registry.ts): the index is the id the core takes.
export const CONGESTION_CONTROLS = ["newreno", "bic", "cubic", "htcp", "highspeed", "hybla", "westwood", "scalable", "vegas"] as const;
export type CongestionControl = (typeof CONGESTION_CONTROLS)[number];

export function congestionControlId(name: CongestionControl): number {
  return CONGESTION_CONTROLS.indexOf(name);
}
