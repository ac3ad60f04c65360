// The event kinds of the FVM host's run loop, declared once. They follow the network's kinds
// (engine/kinds.ts) rather than reuse their numbers, so that a loop that one day runs both (the
// machine layer of issue 9) can dispatch on either without a clash.
import { EV_GUEST_RX } from "../engine/kinds";

const FIRST: i32 = 11; // above the network's last kind, with room for it to grow
if (FIRST <= EV_GUEST_RX) ERROR("FVM event kinds overlap the network's (engine/kinds.ts)");

export enum FvmEvent {
  CpuDone = FIRST, // arg: VM whose stretch on the host CPU ended
  Tick, // arg: VM whose virtual clock ticks
  DiskDone, // arg: the disk's request (dev/disk.ts)
  Wake, // arg: VM at the end of a forced sleep
  Request, // arg: web session whose request arrives
  Sample, // time-series sample
}
