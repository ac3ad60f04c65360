// The file system on a bench (test/fs.test.ts): one Fs, built and queried through f64/i32 numbers.
import {
  Fs, fsCreateFile, fsMkdir, fsFileBlock, fsIndirectCount, fsIndirectBlock, fsInodeBlock, fsDirBlockCount, fsDirBlock,
  fsDirInode, fsFileInode, fsFileBytes, fsFileDir, fsDirParent, fsFileCount, fsDirCount, fsEntryCount, fsEntryIsDir, fsEntryId,
} from "./fs";
import { linuxTree } from "./linux-tree";

let bench = new Fs(1 << 30);

// A fresh file system of `mib` MiB (Orlov's random groups drawn from `seed`).
export function fsTestNew(mib: i32, seed: f64): void {
  __collect(); // the last run's arrays (assembly/sim.ts simInit says why here)
  bench = new Fs(<i64>mib << 20, <u64>seed);
}
export function fsTestLinuxTree(parent: i32, seed: f64): i32 {
  return linuxTree(bench, parent, <u64>seed);
}
export function fsTestMkdir(parent: i32): i32 {
  return fsMkdir(bench, parent);
}
export function fsTestCreateFile(dir: i32, bytes: f64): i32 {
  return fsCreateFile(bench, dir, <i64>bytes);
}
export function fsTestFileBlock(file: i32, index: f64): f64 {
  return <f64>fsFileBlock(bench, file, <i64>index);
}
export function fsTestIndirect(file: i32, index: f64, level: i32): f64 {
  return level < 0 ? <f64>fsIndirectCount(bench, file, <i64>index) : <f64>fsIndirectBlock(bench, file, <i64>index, level);
}
export function fsTestInodeBlock(inode: i32): f64 {
  return <f64>fsInodeBlock(bench, inode);
}
export function fsTestDirBlock(dir: i32, i: i32): f64 {
  return i < 0 ? <f64>fsDirBlockCount(bench, dir) : <f64>fsDirBlock(bench, dir, i);
}
// 0 file count, 1 directory count
export function fsTestCount(what: i32): i32 {
  return what == 0 ? fsFileCount(bench) : fsDirCount(bench);
}
// a file's 0 inode, 1 directory, 2 bytes
export function fsTestFile(file: i32, field: i32): f64 {
  switch (field) {
    case 0: return <f64>fsFileInode(bench, file);
    case 1: return <f64>fsFileDir(bench, file);
    case 2: return <f64>fsFileBytes(bench, file);
  }
  return NaN;
}
// a directory's 0 inode, 1 parent, 2 entries
export function fsTestDir(dir: i32, field: i32): i32 {
  switch (field) {
    case 0: return fsDirInode(bench, dir);
    case 1: return fsDirParent(bench, dir);
    case 2: return fsEntryCount(bench, dir);
  }
  return -1;
}
// entry i in readdir order: a file id ≥ 0, or −1 − a directory id
export function fsTestEntry(dir: i32, i: i32): i32 {
  const id = fsEntryId(bench, dir, i);
  return fsEntryIsDir(bench, dir, i) ? -1 - id : id;
}
