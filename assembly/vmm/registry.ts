// VMM device policies by id; host/vmm.ts keeps the same order of names.
import { VmmPolicy, NoPolicy } from "./policy";
import { FoxyVegas } from "./foxyvegas";

const policies: StaticArray<VmmPolicy> = [new NoPolicy(), new FoxyVegas()];

@inline export function vmmPolicy(id: i32): VmmPolicy {
  return unchecked(policies[id]);
}

export function vmmPolicyCount(): i32 {
  return policies.length;
}
