// Settings of one FVM host run, written by the host with fvmParam(id, value) before fvmStart.
// Ids are the ABI: append only (host/core-fvm.ts lists the same names in the same order).
export const P_TICK_NS: i32 = 0; // virtual clock tick period
export const P_HOST_SLICE_NS: i32 = 1; // host CPU quantum between VMs
export const P_GUEST_SLICE_NS: i32 = 2; // guest quantum between a VM's threads
export const P_SWITCH_NS: i32 = 3; // CPU cost of switching the host CPU to another VM
export const P_FRAMES: i32 = 4; // host memory for the VMs, chunks
export const P_READ_NS: i32 = 5; // host disk: read of one chunk (dev/disk.ts)
export const P_WRITE_NS: i32 = 6; // host disk: write of one chunk
export const P_VM_CHUNKS: i32 = 7; // per VM: chunks touched whenever the VM runs (guest kernel, caches)
export const P_THREAD_CHUNKS: i32 = 8; // per thread: chunks touched whenever the thread runs
export const P_WORK_NS: i32 = 9; // CPU time of one work unit (benchmark iteration, CGI request)
export const P_THINK_NS: i32 = 10; // web: time between a response and the session's next request
export const P_WORKLOAD: i32 = 11; // 0 memory benchmark, 1 web server
export const P_FVM: i32 = 12; // 1: FVM control on, 0: vanilla
export const P_TC_NS: i32 = 13; // control period Tc
export const P_WINDOW: i32 = 14; // w, periods in the VCT_min window
export const P_GAMMA: i32 = 15; // EWMA weight γ
export const P_H: i32 = 16; // slowdown threshold H
export const P_INITIAL_LIMIT: i32 = 17; // initial thread limit
export const P_AI_THREADS: i32 = 18; // additive increase, threads
export const P_AI_RATE_HZ: i32 = 19; // additive increase, rate control
export const P_MD: i32 = 20; // multiplicative decrease constant
export const P_RELEASE_HZ: i32 = 21; // run rate at which rate control lets go
export const P_STOP_NS: i32 = 22; // run length
export const P_WARMUP_NS: i32 = 23; // statistics start here
export const P_SAMPLE_NS: i32 = 24; // time-series period; 0 = none
export const P_LRU_SAMPLES: i32 = 25; // resident chunks sampled per eviction (approximate LRU)
export const P_CHUNK_BYTES: i32 = 26; // bytes in a chunk: the pager's unit and the disk's block
export const P_COUNT: i32 = 27;

export const params = new StaticArray<f64>(P_COUNT);

@inline export function param(id: i32): f64 {
  return unchecked(params[id]);
}
@inline export function paramNs(id: i32): i64 {
  return <i64>Math.round(unchecked(params[id]));
}
