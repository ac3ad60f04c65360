// The sweep's pure parts, in process: spec parsing, expansion order, seeds, sampling, keys, shards,
// reading a results file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpec, rangeValues, SweepError } from "../host/sweep/spec.ts";
import { expand, resolve, replicationSeed } from "../host/sweep/expand.ts";
import { samplePoints } from "../host/sweep/sample.ts";
import { canonicalJson, hashOf } from "../host/sweep/canonical.ts";
import { parseShard, shardFromEnv, inShard } from "../host/sweep/shard.ts";
import { readResults } from "../host/sweep/rows.ts";
import { toCsv } from "../host/sweep/csv.ts";
import { BASE, tmp } from "./sweep-helpers.ts";

test("ranges include their end when a step lands on it, without float noise", () => {
  assert.deepEqual(rangeValues({ from: 5, to: 20, step: 5 }), [5, 10, 15, 20]);
  assert.deepEqual(rangeValues({ from: 5, to: 19, step: 5 }), [5, 10, 15]);
  assert.deepEqual(rangeValues({ from: 0, to: 0.3, step: 0.1 }), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(rangeValues({ from: 2, to: 2, step: 1 }), [2]);
});

test("expansion: grid axes as nested loops (last innermost), then zip groups, then replications", () => {
  const spec = parseSpec({ scenario: BASE, axes: { "flows.0.cc": ["newreno", "cubic"], "path.forward.delayMs": [1, 2] }, zip: [{ "flows.0.bytes": [1000, 2000], "flows.0.startMs": [0, 5] }], replications: 2, seed: 9 }, "spec.json");
  const points = expand(spec);
  assert.equal(points.length, 2 * 2 * 2 * 2);
  assert.deepEqual(points.slice(0, 4).map((p) => [p.values["flows.0.cc"], p.values["path.forward.delayMs"], p.values["flows.0.bytes"], p.values["flows.0.startMs"], p.replication]), [
    ["newreno", 1, 1000, 0, 0],
    ["newreno", 1, 1000, 0, 1],
    ["newreno", 1, 2000, 5, 0],
    ["newreno", 1, 2000, 5, 1],
  ]);
  assert.deepEqual(points[15]!.values, { "flows.0.cc": "cubic", "path.forward.delayMs": 2, "flows.0.bytes": 2000, "flows.0.startMs": 5 });
  assert.deepEqual(points.map((p) => p.index), [...points.keys()]);
  // seeds: the documented derivation, the same for a replication wherever it occurs
  const expected = (r: number) => parseInt(createHash("sha256").update(`foxsim-sweep-seed/9/${r}`).digest("hex").slice(0, 13), 16);
  assert.equal(points[0]!.seed, expected(0));
  assert.equal(points[1]!.seed, expected(1));
  assert.equal(points[14]!.seed, points[0]!.seed);
  assert.equal(replicationSeed(9, 1), expected(1));
  assert.ok(expected(1) <= Number.MAX_SAFE_INTEGER);
});

test("a point's key hashes its resolved scenario: defaults filled, key order irrelevant, seed included", () => {
  const a = parseSpec({ scenario: BASE, axes: { "flows.0.cc": ["cubic"] } }, "a.json");
  const withDefault = parseSpec({ scenario: { ...BASE, tcp: { mss: 1448 } }, axes: { "flows.0.cc": ["cubic"] } }, "b.json");
  const reordered = parseSpec({ scenario: { flows: BASE.flows, path: BASE.path, name: BASE.name }, axes: { "flows.0.cc": ["cubic"] } }, "c.json");
  const key = (s: typeof a) => resolve(s, expand(s)[0]!).key;
  assert.equal(key(a), key(withDefault));
  assert.equal(key(a), key(reordered));
  assert.notEqual(key(a), key(parseSpec({ scenario: BASE, axes: { "flows.0.cc": ["cubic"] }, seed: 2 }, "d.json")));
  assert.equal(canonicalJson({ b: 1, a: [true, null, "x"] }), '{"a":[true,null,"x"],"b":1}');
  assert.equal(hashOf({ b: 1, a: 2 }), hashOf({ a: 2, b: 1 }));
});

test("Latin hypercube: every stratum of every axis sampled once; random: in bounds; both fixed by the seed", () => {
  const axes = { x: { min: 10, max: 20, integer: false }, n: { min: 1, max: 8, integer: true }, c: ["a", "b", "c", "d"] };
  const lhs = samplePoints({ method: "lhs", count: 8, seed: 5, axes });
  assert.equal(lhs.length, 8);
  assert.deepEqual(lhs.map((p) => Math.floor(((p.x as number) - 10) / (10 / 8))).sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(lhs.map((p) => p.n).sort(), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(lhs.map((p) => p.c).sort(), ["a", "a", "b", "b", "c", "c", "d", "d"]);
  assert.deepEqual(samplePoints({ method: "lhs", count: 8, seed: 5, axes }), lhs);
  assert.notDeepEqual(samplePoints({ method: "lhs", count: 8, seed: 6, axes }), lhs);
  const rnd = samplePoints({ method: "random", count: 200, seed: 1, axes });
  assert.ok(rnd.every((p) => (p.x as number) >= 10 && (p.x as number) < 20 && Number.isInteger(p.n) && (p.n as number) >= 1 && (p.n as number) <= 8));
  assert.equal(new Set(rnd.map((p) => p.n)).size, 8, "every integer reachable");
});

test("shards: i/N round robin; from Slurm (minus the array's minimum) or an Indexed Job (with --shard-count)", () => {
  assert.deepEqual(parseShard("2/5"), { index: 2, count: 5 });
  assert.throws(() => parseShard("5/5"), SweepError);
  assert.throws(() => parseShard("1-4"), /expected i\/N/);
  const s = { index: 1, count: 3 };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].filter((i) => inShard(i, s)), [1, 4, 7]);
  assert.deepEqual(shardFromEnv({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" }, undefined), { index: 3, count: 4 });
  assert.deepEqual(shardFromEnv({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1" }, undefined), { index: 2, count: 4 });
  assert.throws(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: "7", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1" }, undefined), /contiguous array/);
  assert.deepEqual(shardFromEnv({ JOB_COMPLETION_INDEX: "2" }, 4), { index: 2, count: 4 });
  assert.throws(() => shardFromEnv({ JOB_COMPLETION_INDEX: "2" }, undefined), /--shard-count/);
  assert.equal(shardFromEnv({}, undefined), null);
});

test("reading results: a torn last line (with or without its newline) is dropped, damage earlier is an error", () => {
  const header = JSON.stringify({ format: "foxsim-sweep/1", specHash: "h", runs: 2, shard: null, foxsim: {}, spec: {} });
  const row = (i: number) => JSON.stringify({ key: `k${i}`, index: i });
  const file = join(tmp, "read.jsonl");
  const cases: [string, number, boolean][] = [
    [`${header}\n${row(0)}\n${row(1)}\n`, 2, false],
    [`${header}\n${row(0)}\n${row(1).slice(0, 9)}`, 1, true],
    [`${header}\n${row(0)}\n${row(1).slice(0, 9)}\n`, 1, true],
    [`${header}\n${row(0)}\n${row(1)}`, 1, true],
  ];
  for (const [text, rows, truncated] of cases) {
    writeFileSync(file, text);
    const r = readResults(file);
    assert.equal(r.rows.length, rows, text);
    assert.equal(r.truncatedLine, truncated);
    assert.equal(r.goodBytes, Buffer.byteLength(`${header}\n${row(0)}\n${rows === 2 ? row(1) + "\n" : ""}`));
  }
  writeFileSync(file, `${header}\n{oops\n${row(1)}\n`);
  assert.throws(() => readResults(file), /line 2 is not JSON; the file is damaged/);
});

test("CSV quotes text with commas, quotes and newlines (RFC 4180)", () => {
  const header = { format: "foxsim-sweep/1", specHash: "h", runs: 1, shard: null, foxsim: { version: "v", commit: "c" }, spec: { kind: "network" } } as never;
  const row = { key: "k", index: 0, values: { "a.b": 'x,"y"' }, replication: 0, seed: 1, status: "failed", error: "two\nlines", foxsim: { version: "v", commit: "c" }, wallS: 0 } as never;
  const csv = toCsv(header, [row]).split("\n");
  assert.match(csv[1]!, /^0,0,1,"x,""y""",failed,,,,,,,,,"two$/);
});
