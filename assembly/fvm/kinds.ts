// The event kinds of the FVM host's run loop, declared once. They lie above every kind the
// registration table hands out (engine/dispatch.ts), so that a loop that one day runs both can
// dispatch on either without a clash.
import { MAX_KINDS } from "../engine/dispatch";

const FIRST: i32 = 17; // above the registered kinds
if (FIRST < MAX_KINDS) ERROR("FVM event kinds overlap the registered ones (engine/dispatch.ts)");

export enum FvmEvent {
  CpuDone = FIRST, // arg: VM whose stretch on the host CPU ended
  Tick, // arg: VM whose virtual clock ticks
  DiskDone, // arg: the disk's request (dev/disk.ts)
  Wake, // arg: VM at the end of a forced sleep
  Request, // arg: web session whose request arrives
  Sample, // time-series sample
}
