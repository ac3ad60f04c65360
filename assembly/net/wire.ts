// Entry point of packets into the network, and the conservation counters around it:
// injected = delivered + dropped + (packets still in the network).
import { linkEnqueue } from "./link";

export let injected: i64 = 0;
export let deliveredPkts: i64 = 0;

export function wireReset(): void {
  injected = 0;
  deliveredPkts = 0;
}

export function inject(link: i32, p: i32): void {
  injected++;
  linkEnqueue(link, p);
}

export function countDelivered(): void {
  deliveredPkts++;
}
