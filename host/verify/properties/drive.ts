// The 2006 drive (assembly/dev/drive.ts): for any sequence of reads and writes, each command takes a
// positive time that its breakdown accounts for, bounded by the worst case the datasheet figures
// allow; a read served from the buffer costs exactly the overhead and the interface; and the same
// sequence gives the same times (determinism).
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadNodeCore } from "../../node.ts";
import { property, type Suite } from "../property.ts";

interface DriveBench {
  driveTestReset(): void;
  driveTestServe(startNs: number, sector: number, sectors: number, write: number): number;
  driveTestLast(field: number): number;
  driveTestInfo(field: number): number;
}
const MS = 1e6;
const OVERHEAD_NS = 226_000;
const ifaceNs = (sectors: number) => Math.ceil((sectors * 512 * 1e9) / 150e6);
// overhead + full stroke + write settle + a revolution + per track (≤ 594 sectors on the inner zone) a revolution and a switch
const worstNs = (sectors: number) => OVERHEAD_NS + 14.167 * MS + 1 * MS + (60e9 / 7200) * (2 + Math.ceil(sectors / 594)) + 1.479 * MS * Math.ceil(sectors / 594);

const command = fc.record({
  near: fc.boolean(), // close to the previous command (sequential-ish) or anywhere on the disk
  offset: fc.integer({ min: 0, max: 976_773_168 - 1024 }),
  step: fc.integer({ min: -64, max: 512 }),
  sectors: fc.integer({ min: 1, max: 1024 }),
  write: fc.boolean(),
  gapNs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 * MS })),
});

type Command = { near: boolean; offset: number; step: number; sectors: number; write: boolean; gapNs: number };

function play(d: DriveBench, cmds: Command[]) {
  d.driveTestReset();
  const cap = d.driveTestInfo(1);
  let t = 0;
  let last = 0;
  const out: number[] = [];
  for (const c of cmds) {
    const sector = c.near ? Math.min(cap - c.sectors, Math.max(0, last + c.step)) : Math.min(c.offset, cap - c.sectors);
    const dur = d.driveTestServe(t, sector, c.sectors, c.write ? 1 : 0);
    const parts = [0, 1, 2, 3].map((f) => d.driveTestLast(f));
    const hit = d.driveTestLast(4) === 1;
    assert.ok(dur > 0 && Number.isInteger(dur), `duration ${dur}`);
    assert.equal(dur, parts.reduce((a, b) => a + b, 0), "the breakdown adds up");
    assert.ok(parts.every((p) => p >= 0), `parts ${parts}`);
    assert.ok(dur <= worstNs(c.sectors), `${dur} ns for ${c.sectors} sectors`);
    assert.ok(dur >= OVERHEAD_NS + ifaceNs(c.sectors), "never faster than the interface");
    if (hit) assert.equal(dur, OVERHEAD_NS + ifaceNs(c.sectors), "a buffer hit costs overhead + interface");
    if (hit) assert.ok(!c.write, "writes never hit");
    out.push(dur);
    last = sector + c.sectors;
    t += dur + c.gapNs;
  }
  return out;
}

export const drive: Suite = {
  name: "drive",
  summary: "the 2006 SATA drive: every command's time positive, accounted for, within the datasheet's worst case, deterministic",
  properties: [
    property({
      name: "commands",
      summary: "any command sequence: positive, accounted, bounded, deterministic",
      runs: 150,
      arbitrary: fc.array(command, { minLength: 1, maxLength: 60 }),
      document: (commands) => ({ commands }),
      async check(cmds) {
        const d = (await loadNodeCore()).exports as unknown as DriveBench;
        assert.deepEqual(play(d, cmds), play(d, cmds));
      },
    }),
  ],
};
