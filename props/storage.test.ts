// The "storage" suite (FoxyIdle's storage world: every page and request accounted for, the idletime invariant, noop's FIFO order), defined once in host/verify/properties/storage.ts
// and run the same way by `foxsim verify storage`.
import { testSuite } from "./suite.ts";
import { storage } from "../host/verify/properties/storage.ts";

testSuite(storage);
