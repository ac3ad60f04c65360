// Registered congestion controls: the index is the id the ABI takes. host/congestion.ts lists the
// names in the same order; adding an algorithm is a file plus one line here and one there.
import { CongestionOps } from "./ops";
import { NewReno } from "./newreno";
import { Bic } from "./bic";
import { Cubic } from "./cubic";
import { Htcp } from "./htcp";
import { HighSpeed } from "./highspeed";
import { Hybla } from "./hybla";
import { Westwood } from "./westwood";
import { Scalable } from "./scalable";
import { Vegas } from "./vegas";

const modules: StaticArray<CongestionOps> = [new NewReno(), new Bic(), new Cubic(), new Htcp(), new HighSpeed(),
  new Hybla(), new Westwood(), new Scalable(), new Vegas()];

@inline export function ccOps(id: i32): CongestionOps {
  return unchecked(modules[id]);
}

export function ccCount(): i32 {
  return modules.length;
}
