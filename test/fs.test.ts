// The ext3-like layout (assembly/fs/fs.ts) and the 2.6.16-like tree (assembly/fs/linux-tree.ts):
// the tree's totals against the cited figures, the allocator's placement against ext3's rules
// worked by hand, and determinism.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newCore } from "./helpers.ts";

interface FsBench {
  fsTestNew(mib: number, seed: number): void;
  fsTestLinuxTree(parent: number, seed: number): number;
  fsTestMkdir(parent: number): number;
  fsTestCreateFile(dir: number, bytes: number): number;
  fsTestFileBlock(file: number, index: number): number;
  fsTestIndirect(file: number, index: number, level: number): number;
  fsTestInodeBlock(inode: number): number;
  fsTestDirBlock(dir: number, i: number): number;
  fsTestCount(what: number): number;
  fsTestFile(file: number, field: number): number;
  fsTestDir(dir: number, field: number): number;
  fsTestEntry(dir: number, i: number): number;
}
async function bench(): Promise<FsBench> {
  return (await newCore()).exports as unknown as FsBench;
}
const BPG = 32768; // blocks per group
const group = (block: number) => Math.floor(block / BPG);
const inodeGroup = (ino: number) => Math.floor((ino - 1) / 16384);

test("layout of a fresh file system by hand: group metadata, first blocks, indirect blocks, inode table", async () => {
  const f = await bench();
  f.fsTestNew(1024, 1); // 8 groups: superblock copies in 0, 1, 3, 5, 7; one descriptor block
  // root: inode 2, its block after group 0's metadata (sb 1 + gdt 1 + 2 bitmaps + 512 inode table = 516)
  // at the colour of pid 1: 1 × 32768/16 = 2048 (ext3_find_near)
  assert.equal(f.fsTestDir(0, 0), 2);
  assert.equal(f.fsTestDirBlock(0, 0), 2048);
  assert.equal(f.fsTestInodeBlock(2), 2 + 2); // inode table of group 0 starts at block 4; inode 2 is in its first block
  assert.equal(f.fsTestInodeBlock(33), 4 + 1); // 32 inodes of 128 B per block
  // a file in the root: the first free inode (11) in the directory's group, blocks from the colour on
  const a = f.fsTestCreateFile(0, 12 * 4096 + 1);
  assert.equal(f.fsTestFile(a, 0), 11);
  const blocks = Array.from({ length: 13 }, (_, i) => f.fsTestFileBlock(a, i));
  // 2048 is the root's directory block: data 0–11 at 2049–2060, the indirect block at 2061, block 12 at 2062
  assert.deepEqual(blocks, [...Array.from({ length: 12 }, (_, i) => 2049 + i), 2062]);
  assert.equal(f.fsTestFileBlock(a, 13), -1, "past EOF");
  assert.equal(f.fsTestIndirect(a, 11, -1), 0);
  assert.equal(f.fsTestIndirect(a, 12, -1), 1);
  assert.equal(f.fsTestIndirect(a, 12, 0), 2061);
  // a file needing the double indirect block: 12 + 1024 + 1 blocks
  const b = f.fsTestCreateFile(0, (12 + 1024 + 1) * 4096);
  const b0 = f.fsTestFileBlock(b, 0);
  assert.equal(b0, 2063);
  assert.equal(f.fsTestIndirect(b, 12, 0), b0 + 12); // IND after the 12 direct blocks
  assert.equal(f.fsTestIndirect(b, 1036, -1), 2);
  const dind = f.fsTestIndirect(b, 1036, 0);
  assert.equal(dind, b0 + 12 + 1 + 1024); // DIND after the last block IND maps
  assert.equal(f.fsTestIndirect(b, 1036, 1), dind + 1); // then its first IND, then the data
  assert.equal(f.fsTestFileBlock(b, 1036), dind + 2);
  // a second group's worth of data spills into the next group with free blocks, from its start
  const big = f.fsTestCreateFile(0, 40000 * 4096);
  const last = f.fsTestFileBlock(big, 39999);
  assert.equal(group(last), 1);
  // group 1 starts with sb + gdt + bitmaps + inode table (516 blocks): the first data there is at 32768 + 516
  let firstInG1 = -1;
  for (let i = 0; i < 40000 && firstInG1 < 0; i++) if (group(f.fsTestFileBlock(big, i)) === 1) firstInG1 = f.fsTestFileBlock(big, i);
  assert.equal(firstInG1, BPG + 516);
});

test("Orlov: top-level directories spread over groups, subdirectories stay with their parent", async () => {
  const f = await bench();
  f.fsTestNew(2048, 3); // 16 groups
  const tops = Array.from({ length: 8 }, () => f.fsTestMkdir(0));
  const groups = new Set(tops.map((d) => inodeGroup(f.fsTestDir(d, 0))));
  // each top-level directory goes to a group with the fewest directories: 8 directories, 8 groups
  assert.equal(groups.size, 8);
  const sub = f.fsTestMkdir(tops[3]!);
  assert.equal(inodeGroup(f.fsTestDir(sub, 0)), inodeGroup(f.fsTestDir(tops[3]!, 0)));
  const file = f.fsTestCreateFile(sub, 10_000);
  assert.equal(inodeGroup(f.fsTestFile(file, 0)), inodeGroup(f.fsTestDir(sub, 0)));
  assert.equal(group(f.fsTestFileBlock(file, 0)), inodeGroup(f.fsTestDir(sub, 0)));
});

function treeStats(f: FsBench, root: number) {
  const sizes: number[] = [];
  let dirs = 0;
  let maxDepth = 0;
  let contiguous = 0;
  let inDirGroup = 0;
  let blocks = 0;
  let hash = 0;
  const walk = (d: number, depth: number) => {
    dirs++;
    maxDepth = Math.max(maxDepth, depth);
    for (let i = 0; i < f.fsTestDir(d, 2); i++) {
      const e = f.fsTestEntry(d, i);
      if (e < 0) {
        walk(-1 - e, depth + 1);
        continue;
      }
      const bytes = f.fsTestFile(e, 2);
      sizes.push(bytes);
      const n = Math.ceil(bytes / 4096);
      const first = f.fsTestFileBlock(e, 0);
      const last = f.fsTestFileBlock(e, n - 1);
      const meta = n > 12 ? 1 : 0; // one indirect block inside the run (no file here needs double indirect)
      if (last - first === n - 1 + meta) contiguous++;
      if (group(first) === inodeGroup(f.fsTestDir(d, 0))) inDirGroup++;
      blocks += n;
      hash = (Math.imul(hash, 31) + first + n) | 0;
    }
  };
  walk(root, 0);
  sizes.sort((a, b) => a - b);
  return { sizes, dirs, maxDepth, contiguous, inDirGroup, blocks, hash };
}

test("the 2.6.16-like tree: file count, directory count, depth, total and size distribution as cited", async () => {
  const f = await bench();
  f.fsTestNew(4096, 1);
  const root = f.fsTestLinuxTree(0, 42);
  const s = treeStats(f, root);
  assert.equal(s.sizes.length, 19_251); // Linux 2.6.16's file count (LF report)
  assert.equal(s.dirs, 1200); // estimated: 16 files per directory
  assert.ok(s.maxDepth <= 6 && s.maxDepth >= 4, `depth ${s.maxDepth}`);
  assert.equal(s.sizes.reduce((a, b) => a + b, 0), 260_000_000); // seed 001 §5.3: about 260 MB
  // log-normal, σ = 1.3, mean 13.5 KB ⇒ median 13 506 · e^(−σ²/2) = 5.81 KB; P(size ≤ 4096) = Φ(−0.268) ≈ 0.39
  const median = s.sizes[Math.floor(s.sizes.length / 2)]!;
  assert.ok(Math.abs(median / 5810 - 1) < 0.1, `median ${median}`);
  const small = s.sizes.filter((x) => x <= 4096).length / s.sizes.length;
  assert.ok(Math.abs(small - 0.394) < 0.03, `one-block files ${small}`);
  // the top-level directories: 17, drivers the largest
  const top: number[] = [];
  for (let i = 0; i < f.fsTestDir(root, 2); i++) if (f.fsTestEntry(root, i) < 0) top.push(-1 - f.fsTestEntry(root, i));
  assert.equal(top.length, 17);
  // a file's blocks contiguous and in its directory's group (a fresh, mostly empty file system)
  assert.ok(s.contiguous / s.sizes.length > 0.97, `contiguous ${s.contiguous}`);
  assert.ok(s.inDirGroup / s.sizes.length > 0.9, `in the directory's group ${s.inDirGroup}`);
});

test("same seed → the same layout; another seed → another", async () => {
  const f = await bench();
  const layout = (seed: number) => {
    f.fsTestNew(4096, 1);
    return treeStats(f, f.fsTestLinuxTree(0, seed)).hash;
  };
  const a = layout(7);
  assert.equal(layout(7), a);
  assert.notEqual(layout(8), a);
});

test("a 1 GiB file: every block once, in order, broken only by its indirect blocks and group metadata", async () => {
  const f = await bench();
  f.fsTestNew(4096, 1);
  const dir = f.fsTestMkdir(0);
  const file = f.fsTestCreateFile(dir, 2 ** 30);
  const n = 2 ** 18;
  let gaps = 0;
  let prev = f.fsTestFileBlock(file, 0);
  for (let i = 1; i < n; i++) {
    const b = f.fsTestFileBlock(file, i);
    assert.ok(b > prev, `block ${i}`);
    if (b !== prev + 1) gaps++;
    prev = b;
  }
  assert.equal(f.fsTestFileBlock(file, n), -1);
  // IND at 12, DIND + IND at 1036, then an IND every 1024 blocks: 1 + 1 + ⌈(2^18 − 1036) / 1024⌉ = 257 breaks;
  // crossing into groups 2–8 (each 2 + 512 metadata blocks; 3, 5, 7 also superblock + descriptors): 8 more
  const ind = 1 + Math.ceil((n - 1036) / 1024);
  assert.equal(gaps, ind + 8);
  assert.equal(f.fsTestIndirect(file, n - 1, -1), 2);
  const lastInd = f.fsTestIndirect(file, n - 1, 1);
  assert.ok(lastInd < f.fsTestFileBlock(file, n - 1) && lastInd > f.fsTestFileBlock(file, n - 1025));
});
