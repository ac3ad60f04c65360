// FoxyIdle (seed 001 §5): idletime disk scheduling forged at the virtual disk. The VMM tells
// processes apart by the CR3 value they load (Antfarm) and attributes each request to the CR3
// current when it reaches the virtual disk (context association, errors included: readahead and
// queued requests sent after a switch). A process announces itself as background with a message
// at start; that message, too, is attributed to whatever CR3 is current when it arrives. Foreground
// requests go to the real disk at once; a background request waits until no foreground request is
// outstanding and the preemption interval has passed since the last foreground request finished
// (§5.1; or since it was issued, Eggert & Touch's variant, PI_FROM_ISSUE). The guest meanwhile
// believes the virtual disk is still seeking, and keeps the background process blocked.
// Imports only the policy interface and the view (test/vmm-boundary.test.ts).
import { DiskPolicy, PI_FROM_ISSUE } from "./vdisk-policy";
import { DiskRequestView, diskPhysicalNow, NEVER_NS } from "./vdisk-view";

const MAX_BACKGROUND: i32 = 16; // distinct CR3 values marked background

export class FoxyIdle extends DiskPolicy {
  private intervalNs: i64 = 0;
  private from: i32 = 0;
  private currentCr3: i64 = -1;
  private background: StaticArray<i64> = new StaticArray<i64>(MAX_BACKGROUND);
  private backgrounds: i32 = 0;
  private foregroundOutstanding: i32 = 0;
  private lastForegroundDone: i64 = i64.MIN_VALUE / 2;
  private lastForegroundIssued: i64 = i64.MIN_VALUE / 2;

  name(): string {
    return "foxyidle";
  }
  configure(intervalNs: i64, from: i32): void {
    this.intervalNs = intervalNs;
    this.from = from;
    this.currentCr3 = -1;
    this.backgrounds = 0;
    this.foregroundOutstanding = 0;
    this.lastForegroundDone = i64.MIN_VALUE / 2;
    this.lastForegroundIssued = i64.MIN_VALUE / 2;
  }
  cr3Write(cr3: i64): void {
    this.currentCr3 = cr3;
  }
  // context association of the notification: the CR3 current now is marked background
  notification(): void {
    if (this.currentCr3 < 0 || this.isBackground(this.currentCr3) || this.backgrounds >= MAX_BACKGROUND) return;
    unchecked((this.background[this.backgrounds++] = this.currentCr3));
  }
  private isBackground(cr3: i64): bool {
    for (let i = 0; i < this.backgrounds; i++) if (unchecked(this.background[i]) == cr3) return true;
    return false;
  }
  private intervalEnd(): i64 {
    return (this.from == PI_FROM_ISSUE ? this.lastForegroundIssued : this.lastForegroundDone) + this.intervalNs;
  }
  holdsBackground(): bool {
    return this.foregroundOutstanding > 0 || diskPhysicalNow() < this.intervalEnd();
  }
  admit(r: DiskRequestView): bool {
    r.background = this.isBackground(r.cr3);
    if (!r.background) {
      this.foregroundOutstanding++;
      this.lastForegroundIssued = diskPhysicalNow();
      return true;
    }
    return !this.holdsBackground();
  }
  completed(r: DiskRequestView): void {
    if (r.background) return;
    this.foregroundOutstanding--;
    this.lastForegroundDone = diskPhysicalNow();
  }
  mayRelease(r: DiskRequestView): bool {
    return !this.holdsBackground();
  }
  nextCheckNs(): i64 {
    return this.foregroundOutstanding > 0 ? NEVER_NS : this.intervalEnd();
  }
}
