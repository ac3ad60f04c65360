// Entry point of packets into the network, and the conservation counters around it:
// injected = delivered + dropped + (packets still in the network).
import { linkEnqueue } from "./link";

export let injected: i64 = 0;
export let deliveredPkts: i64 = 0;

export function wireReset(): void {
  injected = 0;
  deliveredPkts = 0;
}

// False when the link's queue was full and dropped p (drop-tail).
export function inject(link: i32, p: i32): bool {
  injected++;
  return linkEnqueue(link, p);
}

export function countDelivered(): void {
  deliveredPkts++;
}
