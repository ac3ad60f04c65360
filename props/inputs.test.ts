// The "inputs" suite (mutated scenario documents and --set strings), defined once in host/verify/properties/inputs.ts
// and run the same way by `foxsim verify inputs`.
import { testSuite } from "./suite.ts";
import { inputs } from "../host/verify/properties/inputs.ts";

testSuite(inputs);
