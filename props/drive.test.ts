// The "drive" suite (the 2006 drive: command times positive, accounted, bounded, deterministic), defined once in host/verify/properties/drive.ts
// and run the same way by `foxsim verify drive`.
import { testSuite } from "./suite.ts";
import { drive } from "../host/verify/properties/drive.ts";

testSuite(drive);
