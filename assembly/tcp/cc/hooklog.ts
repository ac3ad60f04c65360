// A congestion-control module with a recorder in front: every hook the caller (tcp/sender.ts in a
// network run, or harness.ts) calls is logged, then passed to the module unchanged. The test that
// holds the harness to the sender's hook order (test/cc-hook-order.test.ts) reads the log. Only
// swapped into the registry on request (ccHookLogStart); other runs never reach it.
import { CongestionOps } from "./ops";
import { caState } from "../sock";

// Hook ids in the log (HOOK_*), one record of HOOK_FIELDS i32 per call:
// hook, its argument (acked, state, event or flags; 0 for none), 1 if pktsAcked had an RTT sample,
// and the flow's TCP state when the hook was called.
export const HOOK_INIT: i32 = 0;
export const HOOK_SSTHRESH: i32 = 1;
export const HOOK_CONG_AVOID: i32 = 2;
export const HOOK_SET_STATE: i32 = 3;
export const HOOK_CWND_EVENT: i32 = 4;
export const HOOK_PKTS_ACKED: i32 = 5;
export const HOOK_IN_ACK_EVENT: i32 = 6;
export const HOOK_UNDO_CWND: i32 = 7;
export const HOOK_MIN_CWND: i32 = 8;
export const HOOK_FIELDS: i32 = 4;

let log = new StaticArray<i32>(0);
let count: i32 = 0; // records written; those beyond the log's capacity are counted, not kept

export function hookLogReset(capacity: i32): void {
  log = new StaticArray<i32>(capacity * HOOK_FIELDS);
  count = 0;
}
export function hookLogCount(): i32 {
  return count;
}
export function hookLogPtr(): usize {
  return changetype<usize>(log);
}

function note(f: i32, hook: i32, arg: i32, sample: i32): void {
  const b = count * HOOK_FIELDS;
  count++;
  if (b + HOOK_FIELDS > log.length) return;
  unchecked((log[b] = hook));
  unchecked((log[b + 1] = arg));
  unchecked((log[b + 2] = sample));
  unchecked((log[b + 3] = caState[f]));
}

export class HookLog extends CongestionOps {
  constructor(readonly inner: CongestionOps) {
    super();
  }
  name(): string {
    return this.inner.name();
  }
  init(f: i32): void {
    note(f, HOOK_INIT, 0, 0);
    this.inner.init(f);
  }
  ssthresh(f: i32): u32 {
    note(f, HOOK_SSTHRESH, 0, 0);
    return this.inner.ssthresh(f);
  }
  congAvoid(f: i32, acked: u32): void {
    note(f, HOOK_CONG_AVOID, acked, 0);
    this.inner.congAvoid(f, acked);
  }
  setState(f: i32, state: i32): void {
    note(f, HOOK_SET_STATE, state, 0);
    this.inner.setState(f, state);
  }
  cwndEvent(f: i32, event: i32): void {
    note(f, HOOK_CWND_EVENT, event, 0);
    this.inner.cwndEvent(f, event);
  }
  pktsAcked(f: i32, acked: u32, rttNs: i64): void {
    note(f, HOOK_PKTS_ACKED, acked, rttNs >= 0 ? 1 : 0);
    this.inner.pktsAcked(f, acked, rttNs);
  }
  inAckEvent(f: i32, flags: u32): void {
    note(f, HOOK_IN_ACK_EVENT, flags, 0);
    this.inner.inAckEvent(f, flags);
  }
  undoCwnd(f: i32): u32 {
    note(f, HOOK_UNDO_CWND, 0, 0);
    return this.inner.undoCwnd(f);
  }
  minCwnd(f: i32): u32 {
    note(f, HOOK_MIN_CWND, 0, 0);
    return this.inner.minCwnd(f);
  }
}
