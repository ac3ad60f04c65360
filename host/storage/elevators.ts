// The guest and dom0 I/O schedulers the core carries (assembly/block/registry.ts), in id order;
// host/core.ts checks this list against each module's name() at load.
export const ELEVATORS = ["noop", "deadline", "anticipatory", "cfq"] as const;
export type ElevatorName = (typeof ELEVATORS)[number];

// The registry id of a scheduler by name; a clear error for any other name.
export function elevatorId(name: string): number {
  const i = (ELEVATORS as readonly string[]).indexOf(name);
  if (i < 0) throw new Error(`unknown I/O scheduler ${JSON.stringify(name)}: one of ${ELEVATORS.join(", ")}`);
  return i;
}
