// The kernel profiles a flow's TCP can follow, in the core's id order
// (assembly/tcp/profile/registry.ts): the seed testbed's Linux 2.6.16 and today's long-term 6.12.
export const KERNELS = ["linux-2.6.16", "linux-6.12"] as const;
export type Kernel = (typeof KERNELS)[number];
export const CURRENT_KERNEL: Kernel = "linux-6.12"; // a plain run's; the seed reproductions run linux-2.6.16
