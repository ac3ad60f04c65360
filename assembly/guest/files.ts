// Where the guest's files lie on its virtual disk. Two kinds, as page-cache file ids:
//  - extents (ids 0 … MAX_FILES-1): a file of consecutive 4 KiB blocks (a fresh file system gives a
//    lone large file nearly this; named simplification: no indirect blocks or group metadata
//    between its blocks, none read) — the 1 GB files of Figures 7–8;
//  - the files of an ext3-like file system (fs/fs.ts: the Linux trees of Table 3), id FS_FILE0 + its
//    fs file id, whose blocks fs.ts places, and the file system's block device itself (DEVICE_FILE:
//    page i = block i), through which directory blocks, inode-table blocks and indirect blocks are
//    read (the buffer cache of 2.6.16 lives in the block device's page cache).
// The file system, when there is one, takes the start of the virtual disk; extents follow it.
import { PAGE_SECTORS } from "../block/request";
import { Fs, fsFileBlock, fsFileBytes } from "../fs/fs";

export const MAX_FILES: i32 = 16;
export const DEVICE_FILE: i32 = 1 << 19;
export const FS_FILE0: i32 = 1 << 20;

const fStart = new StaticArray<i64>(MAX_FILES); // first sector
const fPages = new StaticArray<i64>(MAX_FILES);
let files: i32 = 0;
let nextFree: i64 = 0;
let fs: Fs | null = null;

export function filesReset(fileSystem: Fs | null): void {
  files = 0;
  fs = fileSystem;
  nextFree = fileSystem ? fileSystem.blocks * <i64>PAGE_SECTORS : 0;
}

export function filesFs(): Fs | null {
  return fs;
}

// An extent file of `pages` pages after the previous one; its id, or -1 past MAX_FILES.
export function fileCreate(pages: i64): i32 {
  if (files >= MAX_FILES) return -1;
  const f = files++;
  unchecked((fStart[f] = nextFree));
  unchecked((fPages[f] = pages));
  nextFree += pages * <i64>PAGE_SECTORS;
  return f;
}

export function filePages(f: i32): i64 {
  if (f >= FS_FILE0) return (fsFileBytes(fs!, f - FS_FILE0) + 4095) / 4096;
  if (f == DEVICE_FILE) return fs!.blocks;
  return unchecked(fPages[f]);
}
// the sector where page `index` of file f lies (bmap)
export function fileSector(f: i32, index: i64): i64 {
  if (f >= FS_FILE0) return fsFileBlock(fs!, f - FS_FILE0, index) * <i64>PAGE_SECTORS;
  if (f == DEVICE_FILE) return index * <i64>PAGE_SECTORS;
  return unchecked(fStart[f]) + index * <i64>PAGE_SECTORS;
}
