// What a VMM disk policy may know, as types: a request on the virtual disk as the VMM sees it in
// the shared ring (blkif_request_t: operation, first sector, its segments' extent), the CR3 value
// the VMM had trapped last when the request arrived (Antfarm: a CR3 value stands for a process),
// and the physical clock. A view holds values, not handles: no guest request index, process id or
// queue in it, so a policy has nothing to follow into the guest kernel or the event queue. This
// module imports only the clock (test/vmm-boundary.test.ts holds the disk policies to it).
import { now } from "../engine/clock";

export class DiskRequestView {
  sector: i64 = 0; // on the virtual disk
  sectors: i32 = 0;
  write: bool = false;
  cr3: i64 = 0; // context association: the CR3 current when the request reached the VMM
  arrivedNs: i64 = 0;
  // the policy's verdict, kept for the VMM's statistics (misattributions)
  background: bool = false;
}

// The physical clock (ns), as the VMM reads it.
@inline export function diskPhysicalNow(): i64 {
  return now();
}

export const NEVER_NS: i64 = i64.MAX_VALUE;
