// VMM device policies by id; host/vmm.ts keeps the same order of names. Adding a policy: its file
// in vmm/ and one line here.
import { VmmPolicy, NoPolicy } from "./policy";
import { FoxyVegas } from "./foxyvegas";

const policies: StaticArray<VmmPolicy> = [
  new NoPolicy(),
  new FoxyVegas(),
];

export const NO_POLICY: i32 = 0; // the VMM skips the hooks of a VM without a policy

@inline export function vmmPolicy(id: i32): VmmPolicy {
  return unchecked(policies[id]);
}

export function vmmPolicyCount(): i32 {
  return policies.length;
}

// A new run with at most `conns` connections under any VMM.
export function vmmPoliciesReset(conns: i32): void {
  for (let i = 0; i < policies.length; i++) unchecked(policies[i]).reset(conns);
}
