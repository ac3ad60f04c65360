// Names of the VMM device policies compiled into the core, in registry order
// (assembly/vmm/registry.ts): the index is the id the core takes.
export const VMM_POLICIES = ["none", "foxyvegas"] as const;
export type VmmPolicyName = (typeof VMM_POLICIES)[number];

// The guest wake-up delay distributions of the virtual NIC (assembly/vmm/device.ts WAKE_*): the index
// is the id the core takes.
export const WAKE_DISTRIBUTIONS = ["exponential", "constant", "uniform"] as const;
export type WakeDistribution = (typeof WAKE_DISTRIBUTIONS)[number];
