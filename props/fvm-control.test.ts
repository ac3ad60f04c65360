// The "fvm-control" suite (the FVM monitor, controller and thread limit), defined once in host/verify/properties/fvm-control.ts
// and run the same way by `foxsim verify fvm-control`.
import { testSuite } from "./suite.ts";
import { fvmControl } from "../host/verify/properties/fvm-control.ts";

testSuite(fvmControl);
