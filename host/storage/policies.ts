// The VMM disk policies the core carries (assembly/vmm/vdisk-policies.ts), in id order.
export const DISK_POLICIES = ["none", "foxyidle"] as const;
export type DiskPolicyName = (typeof DISK_POLICIES)[number];
