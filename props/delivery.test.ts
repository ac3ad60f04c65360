// The "delivery" suite (exact in-order delivery, conservation and window bounds under arbitrary drops), defined once in host/verify/properties/delivery.ts
// and run the same way by `foxsim verify delivery`.
import { testSuite } from "./suite.ts";
import { delivery } from "../host/verify/properties/delivery.ts";

testSuite(delivery);
