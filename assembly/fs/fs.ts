// An ext3-like file system's on-disk layout: where a file's data, its indirect blocks, its inode
// and its directory's entries lie, as a freshly made ext3 of Linux 2.6.16 would place them when
// files are written one after another (tar x, cp -r). No contents, only positions.
//
// What follows ext3 (fs/ext3/ialloc.c, balloc.c, inode.c; the Orlov allocator as in index id
// 1460653837): 4 KiB blocks, block groups of 32768 blocks (128 MiB), each starting with its block
// bitmap, inode bitmap and inode table (128-byte inodes), superblock + descriptor copies in groups
// 0, 1 and powers of 3, 5, 7 (sparse_super); directories placed by find_group_orlov (top-level
// directories spread to the emptiest group starting from a random one, others near the parent),
// files by find_group_other (the directory's group, else a quadratic hash), blocks by goal:
// the previous logical block + 1, or for a file's first block its group's start + the "colour"
// (pid % 16) × blocks-per-group / 16 (ext3_find_near); an indirect block takes the goal just before
// the data it maps (ext3_alloc_branch); the bitmap is searched forward from the goal, then the other
// groups from their starts (ext3_new_block). Directories are linear (no dir_index): entries of
// 8 + name length bytes rounded to 4, appended in creation order, a new block when the last is full.
//
// Simplifications (named): no reserved GDT blocks (resize_inode) and no journal inode's blocks;
// no block reservation windows (one writer at a time gives the same contiguity); Orlov's per-group
// "debt" (2.6.16) is left out, as later kernels did; nothing is ever deleted.
import { SplitMix64 } from "./splitmix";

export const BLOCK_BYTES: i64 = 4096; // mke2fs's default block size for a file system this big
export const BLOCKS_PER_GROUP: i64 = 32768; // 8 × block size: one bitmap block's bits (EXT3_BLOCKS_PER_GROUP)
export const INODE_BYTES: i64 = 128; // EXT3_GOOD_OLD_INODE_SIZE, mke2fs 1.3x's default
export const INODES_PER_GROUP: i64 = 16384; // mke2fs inode_ratio 8192 bytes per inode: 128 MiB / 8 KiB
export const INODE_TABLE_BLOCKS: i64 = (INODES_PER_GROUP * INODE_BYTES) / BLOCK_BYTES; // 512
export const ROOT_INO: i32 = 2; // EXT3_ROOT_INO
export const FIRST_INO: i32 = 11; // EXT3_GOOD_OLD_FIRST_INO: inodes 1–10 are reserved
export const DIRECT_BLOCKS: i64 = 12; // EXT3_NDIR_BLOCKS
export const ADDR_PER_BLOCK: i64 = 1024; // 4096-byte block of 32-bit block numbers
const GROUP_DESC_BYTES: i64 = 32; // sizeof(struct ext3_group_desc)
const DOT_ENTRY: i32 = 0x7fffffff; // "." or "..": in a block, not in readdir's list

export class Fs {
  blocks: i64;
  groups: i32;
  rng: SplitMix64; // Orlov's random starting group (get_random_bytes in 2.6.16)
  pid: i32 = 1; // the writing process: its pid picks the colour of a file's first block
  bitmap: StaticArray<u32>; // one bit per block
  freeBlocks: StaticArray<i64>;
  freeInodes: StaticArray<i64>;
  usedDirs: StaticArray<i32>;
  nextInode: StaticArray<i64>; // the lowest free inode index in each group (nothing is freed)
  inodeTable: StaticArray<i64>; // each group's inode table's first block
  dirsTotal: i32 = 0;
  // directories (id 0 = the root)
  dIno: Array<i32> = new Array<i32>();
  dParent: Array<i32> = new Array<i32>();
  dBlocks: Array<Array<i64>> = new Array<Array<i64>>();
  dLastFill: Array<i64> = new Array<i64>(); // bytes used in the last directory block
  dEntries: Array<Array<i32>> = new Array<Array<i32>>(); // readdir order: file id, or −1 − dir id
  // files
  fIno: Array<i32> = new Array<i32>();
  fDir: Array<i32> = new Array<i32>();
  fBytes: Array<i64> = new Array<i64>();
  fExtFirst: Array<i32> = new Array<i32>(); // data extents: [first, first + count) of the ext* arrays
  fExtCount: Array<i32> = new Array<i32>();
  fInd: Array<i64> = new Array<i64>(); // the single indirect block (or −1)
  fDind: Array<i64> = new Array<i64>(); // the double indirect block (or −1)
  fIndFirst: Array<i32> = new Array<i32>(); // its indirect blocks: indList[first …]
  extLogical: Array<i64> = new Array<i64>();
  extPhysical: Array<i64> = new Array<i64>();
  extLength: Array<i64> = new Array<i64>();
  indList: Array<i64> = new Array<i64>();

  constructor(totalBytes: i64, seed: u64 = 0) {
    const blocks = totalBytes / BLOCK_BYTES;
    const groups = <i32>((blocks + BLOCKS_PER_GROUP - 1) / BLOCKS_PER_GROUP);
    assert(groups >= 1 && blocks - <i64>(groups - 1) * BLOCKS_PER_GROUP > 2 + INODE_TABLE_BLOCKS + 64, "fs: too small");
    this.blocks = blocks;
    this.groups = groups;
    this.rng = new SplitMix64(seed);
    this.bitmap = new StaticArray<u32>(<i32>((blocks + 31) / 32));
    this.freeBlocks = new StaticArray<i64>(groups);
    this.freeInodes = new StaticArray<i64>(groups);
    this.usedDirs = new StaticArray<i32>(groups);
    this.nextInode = new StaticArray<i64>(groups);
    this.inodeTable = new StaticArray<i64>(groups);
    const gdtBlocks = (<i64>groups * GROUP_DESC_BYTES + BLOCK_BYTES - 1) / BLOCK_BYTES;
    for (let g = 0; g < groups; g++) {
      const start = <i64>g * BLOCKS_PER_GROUP;
      const size = min(BLOCKS_PER_GROUP, blocks - start);
      this.freeBlocks[g] = size;
      this.freeInodes[g] = INODES_PER_GROUP;
      let meta = 2 + INODE_TABLE_BLOCKS; // block bitmap, inode bitmap, inode table
      let first = start;
      if (hasSuperblock(g)) {
        meta += 1 + gdtBlocks;
        first += 1 + gdtBlocks;
      }
      this.inodeTable[g] = first + 2;
      for (let b = start; b < start + meta; b++) this.take(b);
    }
    // inodes 1–10 reserved; the root directory is inode 2 in group 0
    this.nextInode[0] = <i64>(FIRST_INO - 1);
    this.freeInodes[0] -= <i64>(FIRST_INO - 1);
    this.usedDirs[0]++;
    this.dirsTotal++;
    this.newDir(ROOT_INO, -1, 0);
  }

  // --- block and inode allocation ---
  private take(b: i64): void {
    this.bitmap[<i32>(b >> 5)] |= (<u32>1) << <u32>(b & 31);
    this.freeBlocks[<i32>(b / BLOCKS_PER_GROUP)]--;
  }
  // ext3_new_block: the goal if free, else forward in the goal's group, else the next groups with
  // free blocks, each from its start.
  allocBlock(goal: i64): i64 {
    const g0 = <i32>(clampGoal(goal, this.blocks) / BLOCKS_PER_GROUP);
    for (let i = 0; i < this.groups; i++) {
      const g = (g0 + i) % this.groups;
      if (this.freeBlocks[g] == 0) continue;
      const from = i == 0 ? clampGoal(goal, this.blocks) : <i64>g * BLOCKS_PER_GROUP;
      const b = this.freeFrom(from, min(<i64>(g + 1) * BLOCKS_PER_GROUP, this.blocks));
      if (b >= 0) {
        this.take(b);
        return b;
      }
    }
    assert(false, "fs: no free block");
    return -1;
  }
  private freeFrom(from: i64, to: i64): i64 {
    let b = from;
    while (b < to) {
      const w = this.bitmap[<i32>(b >> 5)] | (((<u32>1) << <u32>(b & 31)) - 1); // bits below b count as used
      if (w != 0xffffffff) {
        const hit = (b & ~31) + <i64>ctz(~w);
        return hit < to ? hit : -1;
      }
      b = (b & ~31) + 32;
    }
    return -1;
  }
  private allocInode(group: i32, dir: bool): i32 {
    let g = group;
    for (let i = 0; i < this.groups; i++) {
      if (this.freeInodes[g] > 0) break;
      g = (g + 1) % this.groups;
    }
    assert(this.freeInodes[g] > 0, "fs: no free inode");
    const ino = <i32>(<i64>g * INODES_PER_GROUP + this.nextInode[g] + 1);
    this.nextInode[g]++;
    this.freeInodes[g]--;
    if (dir) {
      this.usedDirs[g]++;
      this.dirsTotal++;
    }
    return ino;
  }
  groupOfInode(ino: i32): i32 {
    return <i32>((<i64>ino - 1) / INODES_PER_GROUP);
  }
  private totalFree(): i64 {
    let s: i64 = 0;
    for (let g = 0; g < this.groups; g++) s += this.freeBlocks[g];
    return s;
  }
  private totalFreeInodes(): i64 {
    let s: i64 = 0;
    for (let g = 0; g < this.groups; g++) s += this.freeInodes[g];
    return s;
  }
  // find_group_orlov (ialloc.c)
  groupForDir(parent: i32): i32 {
    const n = this.groups;
    const avefreei = this.totalFreeInodes() / n;
    const avefreeb = this.totalFree() / n;
    let parentGroup = this.groupOfInode(this.dIno[parent]);
    if (parent == 0) {
      let bestNdir = <i32>INODES_PER_GROUP;
      let best = -1;
      parentGroup = <i32>(this.rng.next() % <u64>n);
      for (let i = 0; i < n; i++) {
        const g = (parentGroup + i) % n;
        if (this.freeInodes[g] == 0 || this.usedDirs[g] >= bestNdir) continue;
        if (this.freeInodes[g] < avefreei || this.freeBlocks[g] < avefreeb) continue;
        best = g;
        bestNdir = this.usedDirs[g];
      }
      if (best >= 0) return best;
    } else {
      const maxDirs = this.dirsTotal / n + <i32>(INODES_PER_GROUP / 16);
      const minInodes = avefreei - INODES_PER_GROUP / 4;
      const minBlocks = avefreeb - BLOCKS_PER_GROUP / 4;
      for (let i = 0; i < n; i++) {
        const g = (parentGroup + i) % n;
        if (this.freeInodes[g] == 0 || this.usedDirs[g] >= maxDirs) continue;
        if (this.freeInodes[g] < minInodes || this.freeBlocks[g] < minBlocks) continue;
        return g;
      }
    }
    for (let i = 0; i < n; i++) {
      const g = (parentGroup + i) % n;
      if (this.freeInodes[g] > 0 && this.freeInodes[g] >= avefreei) return g;
    }
    return parentGroup;
  }
  // find_group_other (ialloc.c)
  groupForFile(dir: i32): i32 {
    const n = this.groups;
    const dirIno = this.dIno[dir];
    const parentGroup = this.groupOfInode(dirIno);
    if (this.freeInodes[parentGroup] > 0 && this.freeBlocks[parentGroup] > 0) return parentGroup;
    let g = <i32>((<i64>parentGroup + <i64>dirIno) % n);
    for (let i = 1; i < n; i <<= 1) {
      g += i;
      if (g >= n) g -= n;
      if (this.freeInodes[g] > 0 && this.freeBlocks[g] > 0) return g;
    }
    g = parentGroup;
    for (let i = 0; i < n; i++) {
      if (++g >= n) g = 0;
      if (this.freeInodes[g] > 0) return g;
    }
    return parentGroup;
  }
  // ext3_find_near for an inode's first block: its group's start plus the writer's colour.
  firstGoal(ino: i32): i64 {
    return <i64>this.groupOfInode(ino) * BLOCKS_PER_GROUP + <i64>(this.pid % 16) * (BLOCKS_PER_GROUP / 16);
  }

  // --- directories ---
  mkdir(parent: i32, nameLen: i32): i32 {
    return this.newDir(this.allocInode(this.groupForDir(parent), true), parent, nameLen);
  }
  private newDir(ino: i32, parent: i32, nameLen: i32): i32 {
    const id = this.dIno.length;
    this.dIno.push(ino);
    this.dParent.push(parent);
    this.dBlocks.push(new Array<i64>());
    this.dLastFill.push(0);
    this.dEntries.push(new Array<i32>());
    // ext3_mkdir: the new directory's first block with "." and ".." (12 bytes each), then its entry in the parent
    this.addEntry(id, 1, DOT_ENTRY);
    this.addEntry(id, 2, DOT_ENTRY);
    if (parent >= 0) this.addEntry(parent, nameLen, -1 - id);
    return id;
  }
  // Appends a directory entry (ext3_add_entry on a linear directory).
  addEntry(dir: i32, nameLen: i32, entry: i32): void {
    const recLen = (8 + <i64>nameLen + 3) & ~3;
    const blocks = this.dBlocks[dir];
    if (blocks.length == 0 || this.dLastFill[dir] + recLen > BLOCK_BYTES) {
      const ino = this.dIno[dir];
      const goal = blocks.length == 0 ? this.firstGoal(ino) : blocks[blocks.length - 1] + 1;
      blocks.push(this.allocBlock(goal));
      this.dLastFill[dir] = 0;
    }
    this.dLastFill[dir] += recLen;
    if (entry != DOT_ENTRY) this.dEntries[dir].push(entry);
  }

  // --- files: every block written in order, as a sequential writer does ---
  newFile(dir: i32, bytes: i64, nameLen: i32): i32 {
    const id = this.fIno.length;
    const ino = this.allocInode(this.groupForFile(dir), false);
    this.fIno.push(ino);
    this.fDir.push(dir);
    this.fBytes.push(bytes);
    this.fExtFirst.push(this.extLogical.length);
    this.fExtCount.push(0);
    this.fInd.push(-1);
    this.fDind.push(-1);
    this.fIndFirst.push(this.indList.length);
    this.addEntry(dir, nameLen, id);
    const n = (bytes + BLOCK_BYTES - 1) / BLOCK_BYTES;
    assert(n <= DIRECT_BLOCKS + ADDR_PER_BLOCK + ADDR_PER_BLOCK * ADDR_PER_BLOCK, "fs: file needs a triple indirect block");
    let goal = this.firstGoal(ino);
    for (let i: i64 = 0; i < n; i++) {
      // ext3_alloc_branch: the missing indirect blocks first, at the goal, then the data block
      if (i == DIRECT_BLOCKS) {
        this.fInd[id] = this.allocBlock(goal);
        goal = this.fInd[id] + 1;
      } else if (i == DIRECT_BLOCKS + ADDR_PER_BLOCK) {
        this.fDind[id] = this.allocBlock(goal);
        goal = this.fDind[id] + 1;
      }
      if (i >= DIRECT_BLOCKS + ADDR_PER_BLOCK && (i - DIRECT_BLOCKS - ADDR_PER_BLOCK) % ADDR_PER_BLOCK == 0) {
        const ind = this.allocBlock(goal);
        this.indList.push(ind);
        goal = ind + 1;
      }
      const b = this.allocBlock(goal);
      this.addExtent(id, i, b);
      goal = b + 1;
    }
    return id;
  }
  private addExtent(file: i32, logical: i64, physical: i64): void {
    const k = this.fExtCount[file];
    if (k > 0) {
      const last = this.fExtFirst[file] + k - 1;
      if (this.extPhysical[last] + this.extLength[last] == physical && this.extLogical[last] + this.extLength[last] == logical) {
        this.extLength[last]++;
        return;
      }
    }
    this.extLogical.push(logical);
    this.extPhysical.push(physical);
    this.extLength.push(1);
    this.fExtCount[file] = k + 1;
  }
  // The block holding the file's index-th data block, −1 past its end.
  dataBlock(file: i32, index: i64): i64 {
    const first = this.fExtFirst[file];
    let lo = first;
    let hi = first + this.fExtCount[file] - 1;
    if (index < 0 || hi < lo) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.extLogical[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    const off = index - this.extLogical[lo];
    return off < this.extLength[lo] ? this.extPhysical[lo] + off : -1;
  }
}

// sparse_super: copies of the superblock and descriptors in groups 0, 1 and powers of 3, 5 and 7.
export function hasSuperblock(g: i32): bool {
  if (g <= 1) return true;
  return isPowerOf(g, 3) || isPowerOf(g, 5) || isPowerOf(g, 7);
}
function isPowerOf(g: i32, base: i32): bool {
  let x = g;
  while (x % base == 0) x /= base;
  return x == 1;
}
function clampGoal(goal: i64, blocks: i64): i64 {
  return goal < 0 || goal >= blocks ? 0 : goal;
}

// --- the contract other modules code against ---
export function fsCreateFile(fs: Fs, dir: i32, bytes: i64, nameLen: i32 = 12): i32 {
  return fs.newFile(dir, bytes, nameLen);
}
export function fsMkdir(fs: Fs, parent: i32, nameLen: i32 = 8): i32 {
  return fs.mkdir(parent, nameLen);
}
// The fs block holding the file's index-th 4 KiB data block, −1 past its end.
export function fsFileBlock(fs: Fs, file: i32, index: i64): i64 {
  return fs.dataBlock(file, index);
}
// How many indirect blocks a read of that data block must have read first: 0 (direct), 1 (the
// single indirect block) or 2 (the double indirect block, then one of its indirect blocks).
export function fsIndirectCount(fs: Fs, file: i32, index: i64): i32 {
  if (index < DIRECT_BLOCKS || fs.dataBlock(file, index) < 0) return 0;
  return index < DIRECT_BLOCKS + ADDR_PER_BLOCK ? 1 : 2;
}
// The level-th of those blocks, in the order a lookup reads them (ext3_get_branch), −1 if none.
export function fsIndirectBlock(fs: Fs, file: i32, index: i64, level: i32): i64 {
  const n = fsIndirectCount(fs, file, index);
  if (level < 0 || level >= n) return -1;
  if (n == 1) return fs.fInd[file];
  if (level == 0) return fs.fDind[file];
  return fs.indList[fs.fIndFirst[file] + <i32>((index - DIRECT_BLOCKS - ADDR_PER_BLOCK) / ADDR_PER_BLOCK)];
}
// The inode-table block holding this inode.
export function fsInodeBlock(fs: Fs, inode: i32): i64 {
  const g = fs.groupOfInode(inode);
  const index = (<i64>inode - 1) % INODES_PER_GROUP;
  return fs.inodeTable[g] + (index * INODE_BYTES) / BLOCK_BYTES;
}
export function fsDirBlockCount(fs: Fs, dir: i32): i32 {
  return fs.dBlocks[dir].length;
}
export function fsDirBlock(fs: Fs, dir: i32, i: i32): i64 {
  return fs.dBlocks[dir][i];
}
export function fsDirInode(fs: Fs, dir: i32): i32 {
  return fs.dIno[dir];
}
export function fsFileInode(fs: Fs, file: i32): i32 {
  return fs.fIno[file];
}
export function fsFileBytes(fs: Fs, file: i32): i64 {
  return fs.fBytes[file];
}
export function fsFileDir(fs: Fs, file: i32): i32 {
  return fs.fDir[file];
}
export function fsDirParent(fs: Fs, dir: i32): i32 {
  return fs.dParent[dir];
}
export function fsFileCount(fs: Fs): i32 {
  return fs.fIno.length;
}
export function fsDirCount(fs: Fs): i32 {
  return fs.dIno.length;
}
// readdir order (".", ".." left out): entry i of a directory is a file or a subdirectory.
export function fsEntryCount(fs: Fs, dir: i32): i32 {
  return fs.dEntries[dir].length;
}
export function fsEntryIsDir(fs: Fs, dir: i32, i: i32): bool {
  return fs.dEntries[dir][i] < 0;
}
// the entry's file id, or its directory id when fsEntryIsDir
export function fsEntryId(fs: Fs, dir: i32, i: i32): i32 {
  const e = fs.dEntries[dir][i];
  return e < 0 ? -1 - e : e;
}
export function fsGroupOfBlock(block: i64): i32 {
  return <i32>(block / BLOCKS_PER_GROUP);
}
