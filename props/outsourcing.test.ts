// The "outsourcing" suite (inter-VM paths: bytes conserved, throughput within links and CPUs, latency above fixed costs), defined once in host/verify/properties/outsourcing.ts
// and run the same way by `foxsim verify outsourcing`.
import { testSuite } from "./suite.ts";
import { outsourcing } from "../host/verify/properties/outsourcing.ts";

testSuite(outsourcing);
