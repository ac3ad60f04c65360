// Preloaded by `npm test` for the property tests (node --import ./props/checked-core.ts): every
// loadNodeCore in them runs the checked build, whose assertions turn a broken invariant into a
// CoreError naming it.
import { useCheckedCore } from "../host/core-build.ts";

useCheckedCore();
