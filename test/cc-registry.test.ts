// The id the ABI takes must name the same module on both sides: every registry slot reports its
// name (tcp_congestion_ops.name, "@kernel" for an era variant) and host/congestion.ts must list it
// at the same index; congestionControlId must resolve each (name, kernel) to a module of that name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CC_REGISTRY, CONGESTION_CONTROLS, congestionControlId } from "../host/congestion.ts";
import { KERNELS } from "../host/kernels.ts";
import { newCore } from "./helpers.ts";

test("every core module id carries the name host/congestion.ts gives that id", async () => {
  const core = await newCore();
  assert.equal(core.congestionControlCount, CC_REGISTRY.length);
  const names = Array.from({ length: core.congestionControlCount }, (_, id) => core.congestionControlName(id));
  assert.deepEqual(names, [...CC_REGISTRY]);
  assert.throws(() => core.congestionControlName(CC_REGISTRY.length), /congestion-control id/);
});

test("congestionControlId resolves each algorithm and kernel to that algorithm's module", async () => {
  const core = await newCore();
  for (const kernel of KERNELS) {
    for (const name of CONGESTION_CONTROLS) {
      const got = core.congestionControlName(congestionControlId(name, kernel));
      assert.ok(got === name || got === `${name}@${kernel}`, `${name} on ${kernel} → ${got}`);
    }
  }
  // today's kernel never picks an era variant; 2.6.16 does wherever the core has one
  assert.equal(core.congestionControlName(congestionControlId("cubic")), "cubic");
  assert.equal(core.congestionControlName(congestionControlId("cubic", "linux-2.6.16")), "cubic@linux-2.6.16");
  assert.equal(core.congestionControlName(congestionControlId("htcp", "linux-2.6.16")), "htcp@linux-2.6.16");
  assert.equal(core.congestionControlName(congestionControlId("htcp")), "htcp");
});

test("the 2.6.16 parameters refuse values 2.6.16 did not offer", async () => {
  const core = await newCore();
  assert.throws(() => core.set2616Hz(300), /HZ 300: Linux 2.6.16 offered 100, 250 or 1000/);
  assert.throws(() => core.set2616Abc(3), /tcp_abc 3: allowed 0, 1 or 2/);
  core.set2616Hz(250);
  core.set2616Abc(0);
});
