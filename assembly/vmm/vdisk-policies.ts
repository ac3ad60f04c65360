// VMM disk policies by id; host/storage/policies.ts keeps the same order of names. Adding one: its
// file in vmm/ and one line here.
import { DiskPolicy } from "./vdisk-policy";
import { FoxyIdle } from "./foxyidle";

export function diskPolicyCreate(id: i32): DiskPolicy {
  switch (id) {
    case 0: return new DiskPolicy();
    case 1: return new FoxyIdle();
  }
  unreachable(); // an id the host validated against diskPolicyCount()
  return new DiskPolicy();
}

export function diskPolicyCount(): i32 {
  return 2;
}

export function diskPolicyName(id: i32): string {
  return diskPolicyCreate(id).name();
}
