// The "elevators" suite (every I/O scheduler serves each bio exactly once; deadline's latency bound), defined once in host/verify/properties/elevators.ts
// and run the same way by `foxsim verify elevators`.
import { testSuite } from "./suite.ts";
import { elevators } from "../host/verify/properties/elevators.ts";

testSuite(elevators);
