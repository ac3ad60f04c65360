// Every property suite `foxsim verify` runs and props/*.test.ts wraps for `npm test`, in the order
// they run. A subsystem adds its suite with one line here: define a Suite (host/verify/property.ts)
// in host/verify/properties/<name>.ts, list it below, and add props/<name>.test.ts holding
// `testSuite(<name>)` (props/suite.ts). Nothing else changes: the command, --json, replay and the
// error for unknown names all read this list.
import type { Suite } from "./property.ts";
import { delivery } from "./properties/delivery.ts";
import { drive } from "./properties/drive.ts";
import { elevators } from "./properties/elevators.ts";
import { foxyvegas } from "./properties/foxyvegas.ts";
import { fvmControl } from "./properties/fvm-control.ts";
import { fvmFluid } from "./properties/fvm-fluid.ts";
import { inputs } from "./properties/inputs.ts";
import { outsourcing } from "./properties/outsourcing.ts";
import { storage } from "./properties/storage.ts";

export const SUITES: readonly Suite[] = [delivery, foxyvegas, fvmControl, fvmFluid, inputs, storage, elevators, drive, outsourcing];
