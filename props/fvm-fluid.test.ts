// The "fvm-fluid" suite (FVM fluid AIMD convergence and fairness), defined once in host/verify/properties/fvm-fluid.ts
// and run the same way by `foxsim verify fvm-fluid`.
import { testSuite } from "./suite.ts";
import { fvmFluid } from "../host/verify/properties/fvm-fluid.ts";

testSuite(fvmFluid);
