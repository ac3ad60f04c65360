// The "foxyvegas" suite (the VMM boundary under FoxyVegas), defined once in host/verify/properties/foxyvegas.ts
// and run the same way by `foxsim verify foxyvegas`.
import { testSuite } from "./suite.ts";
import { foxyvegas } from "../host/verify/properties/foxyvegas.ts";

testSuite(foxyvegas);
