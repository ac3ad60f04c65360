// Registered congestion controls. The host maps names to these ids (host/scenario.ts keeps the
// same order); adding an algorithm is a file plus one line here and one there.
import { CongestionOps } from "./ops";
import { NewReno } from "./newreno";

export const CC_NEWRENO: i32 = 0;

const modules: StaticArray<CongestionOps> = [new NewReno()];

@inline export function ccOps(id: i32): CongestionOps {
  return unchecked(modules[id]);
}

export function ccCount(): i32 {
  return modules.length;
}
