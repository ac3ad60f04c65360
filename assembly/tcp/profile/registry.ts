// The kernel profiles by id, as the host names them (host/scenario.ts tcp.kernel).
import { KernelProfile } from "./profile";
import { LINUX_2_6_16 } from "./linux-2-6-16";
import { LINUX_6_12 } from "./linux-6-12";

export const KERNEL_LINUX_2_6_16: i32 = 0;
export const KERNEL_LINUX_6_12: i32 = 1;
export const KERNEL_COUNT: i32 = 2;

export function kernelProfile(id: i32): KernelProfile {
  return id == KERNEL_LINUX_2_6_16 ? LINUX_2_6_16 : LINUX_6_12;
}
