// Event kinds. The run loop in sim.ts dispatches on them.
export const EV_TIMER: i32 = 1; // arg: timer id (see sim.ts for the id layout)
export const EV_TX_DONE: i32 = 2; // arg: link whose transmitter finished a packet
export const EV_ARRIVE: i32 = 3; // arg: packet arriving at the end of its current link
export const EV_SHAPER_WAKE: i32 = 4; // arg: link whose token bucket has refilled enough
export const EV_FLOW_START: i32 = 5; // arg: flow
export const EV_BACKEND: i32 = 6; // arg: packet the VMM backend finished, or -1 for a batch start
export const EV_GUEST_RX: i32 = 7; // arg: flow whose guest wakes to take its received packets
