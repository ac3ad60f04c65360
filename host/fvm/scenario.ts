// The FVM host scenario: a validated, typed description of one run of the §5 host model. Every
// field has its unit in its name, a range, and a default: the calibrated host model (see the
// comments; calibrated once against the knee of Figure 5 and held fixed) and the FVM settings of
// Table 1. Invalid input gets one line per problem naming the field, the value and what is allowed.
import { z } from "zod";
import { quantity, parseWith } from "../schema.ts";
import { MAX_ARRAY_BYTES, MAX_CORE_BYTES, gib } from "../feasibility.ts";
import { nsFrom, NS_PER_S } from "../units.ts";

const host = z.strictObject({
  memoryMB: quantity({ unit: "host memory left to the VMs, MB (§5.1: 400, §5.2: 512)", min: 0, max: 1e6, minExclusive: true }).default(400),
  // Simplification (named): memory is managed in chunks of pages touched together, not 4 KB pages.
  chunkKB: quantity({ unit: "memory chunk, KB", min: 4, max: 65_536, int: true }).default(256),
  // UML 2.4/2.6 guests run their timer at HZ = 100.
  tickMs: quantity({ unit: "virtual clock tick period, ms", min: 0.1, max: 1000 }).default(10),
  // UML skas guests stop in the host (ptrace) at every guest system call and signal, so the host
  // interleaves VMs far more finely than its 100 ms timeslice: we use 1 ms. (With 10 ms, as long as
  // the tick, a pending tick's delay locks to the slice phase and VCT swings by ×3 under plain CPU
  // sharing, which a real host's irregular interleaving does not do.)
  hostSliceMs: quantity({ unit: "host CPU quantum per VM, ms", min: 0.01, max: 10_000 }).default(1),
  // Linux 2.4 guest scheduler: NICE_TO_TICKS(0) = 6 ticks at HZ = 100 (kernel/sched.c); the guest
  // counts it in ticks received, so it is 60 ms only for a VM that never waits.
  guestSliceMs: quantity({ unit: "guest quantum per thread, ms of ticks", min: 0.1, max: 10_000 }).default(60),
  // A host process switch between two address spaces on a P4 (context switch + TLB refill): our estimate.
  vmSwitchUs: quantity({ unit: "CPU cost of switching the host CPU to another VM, µs", min: 0, max: 1e6 }).default(10),
  // Approximate LRU (assembly/fvm/memory.ts): the least recently used of this many resident chunks
  // drawn at random is evicted. Calibrated once (with vmBaseMB) on Figure 5's vanilla curve.
  lruSamples: quantity({ unit: "chunks sampled per eviction; 1 = random replacement", min: 1, max: 64, int: true }).default(16),
  // 2004 IDE disk: ~12 ms positioning (8.5 ms seek + 4.2 ms half rotation at 7200 rpm) + 256 KB at
  // ~30 MB/s ≈ 20 ms per chunk read; write-back is clustered (one positioning less): 10 ms.
  swapReadMsPerChunk: quantity({ unit: "paging disk: read of one chunk, ms", min: 0, max: 1e5 }).default(20),
  swapWriteMsPerChunk: quantity({ unit: "paging disk: write-back of one chunk, ms", min: 0, max: 1e5 }).default(10),
});

const workload = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("benchmark"),
    threadsPerVm: quantity({ unit: "benchmark threads per VM", min: 1, max: 10_000, int: true }).default(50),
    // Calibrated once: each UML VM's own footprint (guest kernel, benchmark binary, file cache)
    // such that 3 VMs × 50 threads fit in 400 MB and 4 do not (the knee of Figure 5).
    vmBaseMB: quantity({ unit: "memory each VM touches whenever it runs, MB", min: 0, max: 1e6 }).default(48),
    // §5.1: the 1 MB buffer, plus 256 KB of stack, page tables and file pages per thread (our estimate).
    threadMB: quantity({ unit: "memory each thread touches while it runs, MB", min: 0, max: 1e6 }).default(1.25),
    // One iteration (read 1 MB from a file, compute, write 1 MB back) on the 2.4 GHz P4 through UML
    // system calls: our estimate; it sets the throughput scale only.
    workMs: quantity({ unit: "CPU time of one benchmark iteration, ms", min: 0.01, max: 1e6, minExclusive: true }).default(20),
  }),
  z.strictObject({
    kind: z.literal("web"),
    sessionsPerVm: quantity({ unit: "httperf sessions per VM", min: 1, max: 10_000, int: true }).default(60),
    // Apache 2.0 + guest kernel per VM; same order as the benchmark VM (calibrated once with it).
    vmBaseMB: quantity({ unit: "memory each VM touches whenever it runs, MB", min: 0, max: 1e6 }).default(48),
    // §5.2: the CGI reads and writes a 1 MB chunk, plus its process (256 KB, our estimate).
    threadMB: quantity({ unit: "memory each CGI touches while it runs, MB", min: 0, max: 1e6 }).default(1.25),
    // fork + exec of the CGI in UML, touching 1 MB, and a 4 KB reply on the 1.4 GHz P4: our estimate.
    workMs: quantity({ unit: "CPU time of one CGI request, ms", min: 0.01, max: 1e6, minExclusive: true }).default(10),
    // httperf session think time between a reply and the next request: our choice (the paper gives none).
    thinkMs: quantity({ unit: "client think time between requests, ms", min: 0, max: 1e7 }).default(2000),
  }),
], { error: "must be an object with kind \"benchmark\" or \"web\"" });

// Table 1 of the seed: the FVM prototype's baseline settings.
const fvm = z.strictObject({
  enabled: z.boolean({ error: "must be true (FVM) or false (vanilla)" }).default(true),
  controlPeriodS: quantity({ unit: "monitoring/control period Tc, s (Table 1: 5)", min: 0.001, max: 1e5 }).default(5),
  windowS: quantity({ unit: "VCT_min window Tw = w × Tc, s (Table 1: 60)", min: 0.001, max: 1e6 }).default(60),
  gamma: quantity({ unit: "EWMA weight γ, 0 < γ < 1 (Table 1: 0.3)", min: 0, max: 1, minExclusive: true, maxExclusive: true }).default(0.3),
  threshold: quantity({ unit: "VCT slowdown threshold H > 1 (Table 1: 2.5)", min: 1, max: 1e6, minExclusive: true }).default(2.5),
  initialLimit: quantity({ unit: "initial limit on threads (Table 1: 10)", min: 1, max: 1e6, int: true }).default(10),
  aiThreads: quantity({ unit: "additive increase, threads per period (Table 1: 1)", min: 1, max: 1e6, int: true }).default(1),
  aiRateHz: quantity({ unit: "additive increase of 1/Ts, Hz per period (Table 1: 0.1)", min: 0, max: 1e6, minExclusive: true }).default(0.1),
  md: quantity({ unit: "multiplicative decrease constant > 1 (Table 1: 1.5)", min: 1, max: 1e6, minExclusive: true }).default(1.5),
  // Our choice (the paper gives none): rate control lets go once 1/Ts reaches 2 Hz (Ts ≤ 0.5 s, a
  // tenth of Tc); it engages at 2/1.5 Hz.
  releaseHz: quantity({ unit: "1/Ts at which rate control releases, Hz", min: 0, max: 1e6, minExclusive: true }).default(2),
});

const base = z.strictObject({
    name: z.string({ error: "must be a string" }).max(200, { error: "must be at most 200 characters" }).default("fvm"),
    seed: quantity({ unit: "PRNG seed", min: 0, max: Number.MAX_SAFE_INTEGER, int: true }).default(1),
    vms: quantity({ unit: "number of VMs", min: 1, max: 64, int: true }),
    durationS: quantity({ unit: "simulated seconds", min: 0, max: 1e6, minExclusive: true }),
    warmupS: quantity({ unit: "seconds before statistics start", min: 0, max: 1e6 }).default(0),
    sampleS: quantity({ unit: "time-series period, s; 0 = none", min: 0, max: 1e6 }).default(0),
    host: host.default(host.parse({})),
    workload,
    fvm: fvm.default(fvm.parse({})),
});

export const fvmScenarioSchema = base.superRefine((s, ctx) => {
    if (s.warmupS >= s.durationS) ctx.addIssue({ code: "custom", path: ["warmupS"], input: s.warmupS, message: `must be < durationS (${s.durationS})` });
    if (s.fvm.windowS < s.fvm.controlPeriodS)
      ctx.addIssue({ code: "custom", path: ["fvm", "windowS"], input: s.fvm.windowS, message: `must be ≥ controlPeriodS (${s.fvm.controlPeriodS}): the window holds w = windowS / controlPeriodS ≥ 1 periods` });
    const chunkMB = s.host.chunkKB / 1024;
    const need = Math.ceil(s.workload.vmBaseMB / chunkMB) + Math.ceil(s.workload.threadMB / chunkMB) + 1;
    if (s.host.memoryMB > 0 && Math.floor(s.host.memoryMB / chunkMB) < need)
      ctx.addIssue({ code: "custom", path: ["host", "memoryMB"], input: s.host.memoryMB, message: `must hold at least one VM's base and one thread (${(need * chunkMB).toFixed(2)} MB), or nothing can ever run` });
    // zod runs this refinement even when a field already failed its own range: a time beyond the
    // core's clock then throws RangeError here, and that field's own issue says what is allowed.
    try {
      if (s.sampleS > 0 && nsFrom(s.sampleS, NS_PER_S, "sampleS") === 0)
        ctx.addIssue({ code: "custom", path: ["sampleS"], input: s.sampleS, message: "must be 0 (no time series) or at least 0.000000001 (1 ns, the core's clock step)" });
      else {
        const p = footprintProblem(s);
        if (p) ctx.addIssue({ code: "custom", ...p });
      }
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  });

// The memory the host model takes in the core (assembly/fvm/host.ts allocate, memory.ts
// memoryInit): 22 B per memory chunk (u8 + u8 + i32 owner + i64 last use + i32 slot + i32 dense),
// ~44 B per thread, 24 B per event, and the time series, f64 rows of 1 + 5 values per VM. Its
// largest single array must fit one AssemblyScript block, the whole the core's share of wasm32
// (host/feasibility.ts).
function footprintProblem(s: z.output<typeof base>) {
  const threads = s.vms * (s.workload.kind === "web" ? s.workload.sessionsPerVm : s.workload.threadsPerVm);
  const perChunkMB = s.host.chunkKB / 1024;
  const chunks = s.vms * Math.ceil(s.workload.vmBaseMB / perChunkMB) + threads * Math.ceil(s.workload.threadMB / perChunkMB);
  const rows = s.sampleS > 0 ? Math.floor(nsFrom(s.durationS, NS_PER_S, "durationS") / nsFrom(s.sampleS, NS_PER_S, "sampleS")) + 2 : 0;
  const seriesBytes = rows * (1 + 5 * s.vms) * 8;
  const bytes = chunks * 22 + threads * 44 + (4 * s.vms + threads + 16) * 24 + seriesBytes;
  const memory = `${chunks} chunks of host.chunkKB ${s.host.chunkKB} for ${s.vms} VMs × (workload.vmBaseMB ${s.workload.vmBaseMB} + ${threads / s.vms} × workload.threadMB ${s.workload.threadMB})`;
  if (seriesBytes > MAX_ARRAY_BYTES || (seriesBytes > bytes / 2 && bytes > MAX_CORE_BYTES))
    return { path: ["sampleS"], input: s.sampleS, message: `makes a time series of ${rows} rows (durationS ${s.durationS} / sampleS) × ${1 + 5 * s.vms} values = ${gib(seriesBytes)}; at most ${gib(MAX_ARRAY_BYTES)}: raise sampleS` };
  if (chunks * 8 > MAX_ARRAY_BYTES || bytes > MAX_CORE_BYTES)
    return { path: ["host", "chunkKB"], input: s.host.chunkKB, message: `makes ${memory}: ${gib(bytes)} of core memory, at most ${gib(MAX_CORE_BYTES)} (${(MAX_ARRAY_BYTES / 8).toExponential(2)} chunks): raise host.chunkKB or lower the footprints` };
  return undefined;
}

export type FvmScenario = z.output<typeof fvmScenarioSchema>;
export type FvmScenarioInput = z.input<typeof fvmScenarioSchema>;

export function parseFvmScenario(input: unknown): FvmScenario {
  return parseWith(fvmScenarioSchema, input);
}
