// Names of the VMM device policies compiled into the core, in registry order
// (assembly/vmm/registry.ts): the index is the id the core takes.
export const VMM_POLICIES = ["none", "foxyvegas"] as const;
export type VmmPolicyName = (typeof VMM_POLICIES)[number];
