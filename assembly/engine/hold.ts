// The classic "hold" benchmark for event sets (Vaucher & Duval 1975): keep `pending` events
// queued; repeatedly pop the earliest and push one at its time plus a random increment.
// It measures the queue alone, for choosing the heap arity (`npm run bench`).
import { queueInit, queuePush, queuePop, queueTopTime, queueTopData } from "./queue";
import { rngSeed, rngNext, STREAM_WORKLOAD } from "./rng";

export function holdBenchmark(log2Arity: i32, pending: i32, operations: i32, seed: u64): i64 {
  queueInit(pending + 1, log2Arity);
  rngSeed(seed);
  for (let i = 0; i < pending; i++) queuePush(<i64>(rngNext(STREAM_WORKLOAD) & 0xfffff), i);
  let checksum: i64 = 0;
  for (let i = 0; i < operations; i++) {
    const t = queueTopTime();
    checksum += queueTopData() ^ t;
    queuePop();
    queuePush(t + <i64>(rngNext(STREAM_WORKLOAD) & 0xfffff), <i64>i);
  }
  return checksum;
}
