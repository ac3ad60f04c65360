// Where the guest's files lie on its virtual disk: each file one extent of consecutive 4 KiB blocks
// (a fresh ext3 file system allocates a lone large file nearly contiguously). Named
// simplifications: ext3's indirect blocks (one per 4 MiB of file) and block-group metadata are not
// placed between the data blocks, and are not read.
import { PAGE_SECTORS } from "../block/request";

export const MAX_FILES: i32 = 16;

const fStart = new StaticArray<i64>(MAX_FILES); // first sector
const fPages = new StaticArray<i64>(MAX_FILES);
let files: i32 = 0;
let nextFree: i64 = 0;

// `firstSector`: where the file system's data area begins on the virtual disk
export function filesReset(firstSector: i64): void {
  files = 0;
  nextFree = firstSector;
}

// A file of `pages` pages, laid out after the previous one; its id, or -1 past MAX_FILES.
export function fileCreate(pages: i64): i32 {
  if (files >= MAX_FILES) return -1;
  const f = files++;
  unchecked((fStart[f] = nextFree));
  unchecked((fPages[f] = pages));
  nextFree += pages * <i64>PAGE_SECTORS;
  return f;
}

@inline export function filePages(f: i32): i64 {
  return unchecked(fPages[f]);
}
// the sector where page `index` of file f lies (bmap)
@inline export function fileSector(f: i32, index: i64): i64 {
  return unchecked(fStart[f]) + index * <i64>PAGE_SECTORS;
}
// sectors the files take up to the end of the last one
export function filesEndSector(): i64 {
  return nextFree;
}
