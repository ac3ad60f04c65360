// Registered congestion controls: the index is the id the ABI takes. host/congestion.ts lists the
// names in the same order (CC_REGISTRY); host/core.ts reads each module's name() back through the
// ABI's name tables (assembly/abi/names.ts) at load and refuses a core whose order differs.
// Today's modules (Linux 6.x) come first, then the Linux 2.6.16 variants of those that differ
// (linux-2.6.16/); adding an algorithm is a file plus one line here and one there.
import { CongestionOps } from "./ops";
import { HookLog, hookLogReset } from "./hooklog";
import { NewReno } from "./newreno";
import { Bic } from "./bic";
import { Cubic } from "./cubic";
import { Htcp } from "./htcp";
import { HighSpeed } from "./highspeed";
import { Hybla } from "./hybla";
import { Westwood } from "./westwood";
import { Scalable } from "./scalable";
import { Vegas } from "./vegas";
import { NewReno2616 } from "./linux-2.6.16/newreno";
import { Bic2616 } from "./linux-2.6.16/bic";
import { Cubic2616 } from "./linux-2.6.16/cubic";
import { HighSpeed2616 } from "./linux-2.6.16/highspeed";
import { Westwood2616 } from "./linux-2.6.16/westwood";
import { Scalable2616 } from "./linux-2.6.16/scalable";
import { Vegas2616 } from "./linux-2.6.16/vegas";
import { Hybla2616 } from "./linux-2.6.16/hybla";
import { Htcp2616 } from "./linux-2.6.16/htcp";

const modules: StaticArray<CongestionOps> = [new NewReno(), new Bic(), new Cubic(), new Htcp(), new HighSpeed(),
  new Hybla(), new Westwood(), new Scalable(), new Vegas(),
  new NewReno2616(), new Bic2616(), new Cubic2616(), new HighSpeed2616(), new Westwood2616(), new Scalable2616(),
  new Vegas2616(), new Hybla2616(), new Htcp2616()];

@inline export function ccOps(id: i32): CongestionOps {
  return unchecked(modules[id]);
}

export function ccCount(): i32 {
  return modules.length;
}

// Put a recorder in front of module `id` (hooklog.ts), keeping up to `capacity` calls, for every
// later run on this instance; a second call starts a fresh log on the same recorder.
export function ccHookLogStart(id: i32, capacity: i32): void {
  hookLogReset(capacity);
  const m = unchecked(modules[id]);
  if (!(m instanceof HookLog)) unchecked((modules[id] = new HookLog(m)));
}
