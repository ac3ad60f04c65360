// A VMM disk policy sits at a VM's virtual disk (between blkfront's ring and blkback) and sees only
// what a real VMM sees: requests as ring entries (vdisk-view.ts), the guest's CR3 writes, messages
// a guest process sends to the VMM, and the physical clock. It decides when each request goes on to
// the real disk: at once, or held until mayRelease says so (the VMM asks again at completions and
// at the time nextCheckNs names). A policy file imports only this module and vdisk-view.ts.
// The registry is one line per policy (host/storage/policies.ts keeps the names).
import { DiskRequestView, NEVER_NS } from "./vdisk-view";

export class DiskPolicy {
  name(): string {
    return "none";
  }
  // a new run: preemption interval (ns) and where it starts (PI_FROM_*)
  configure(intervalNs: i64, from: i32): void {}
  // the guest loaded CR3 (a context switch trapped by the VMM)
  cr3Write(cr3: i64): void {}
  // a guest process's message to the VMM arrived (FoxyIdle's "I am background" notification)
  notification(): void {}
  // a request reached the virtual disk: true to send it to the real disk now, false to hold it
  admit(r: DiskRequestView): bool {
    return true;
  }
  // the real disk finished a request the policy let through
  completed(r: DiskRequestView): void {}
  // a held request (oldest first): may it go now?
  mayRelease(r: DiskRequestView): bool {
    return true;
  }
  // when held requests should be looked at again without a completion (NEVER_NS: not before one)
  nextCheckNs(): i64 {
    return NEVER_NS;
  }
  // whether a background request would be held now (the VMM's check of the idletime invariant)
  holdsBackground(): bool {
    return false;
  }
}

// the preemption interval starts when a foreground request finishes (seed 001 §5.1) or when it is
// issued (Eggert & Touch's implementation: "begin PI with FG request, not at end", anchors §1.c)
export const PI_FROM_COMPLETION: i32 = 0;
export const PI_FROM_ISSUE: i32 = 1;
