/* The congested example (examples/congested.json) run natively: dist/core.wasm translated to C by
 * wasm2c (wabt 1.0.32, Debian bookworm's; its names are Z_<module>Z_<export>) and driven through the
 * flat ABI of docs/ABI.md, with no JavaScript anywhere. The calls are the ones host/simulate.ts makes
 * for that scenario; the transfer size is the one argument (the example's 400 MB by default).
 * Prints the run's integer results as one JSON line, the same values `foxsim run --json` reports.
 * Build and run: make -C examples/embed-c && examples/embed-c/build/congested 2000000 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "core.h"

enum { STAT_BYTES_DELIVERED = 0, STAT_COMPLETION_NS = 1, STAT_SEGS_SENT = 2, STAT_RETRANSMITS = 3 }; /* flowStat ids */
enum { RUN_DONE = 0, RUN_MORE = 1 };

int main(int argc, char **argv) {
  uint64_t bytes = argc > 1 ? strtoull(argv[1], NULL, 10) : 400000000u;
  if (bytes == 0) {
    fprintf(stderr, "usage: %s [bytes > 0]\n", argv[0]);
    return 2;
  }
  wasm_rt_init();
  Z_core_init_module();
  Z_core_instance_t core;
  Z_core_instantiate(&core);

  /* init(flows, packet and event capacities, seed 1, run to completion, no trace) */
  Z_coreZ_init(&core, 1, 200000, 400000, 1, 0, 0, 0);
  /* path.lineRateMbps 1000 = 125 000 000 B/s; the hosts' queues 1 514 000 B (the schema's hostQueueBytes) */
  const uint64_t line = 125000000u, hostQueue = 1514000u;
  uint32_t senderNic = Z_coreZ_addLink(&core, line, 0, hostQueue, 0.0, 0, 0, 0);
  /* forward: 10 ms, token bucket 2000 KB/s with a 10 000 B burst, a 6000 B queue */
  uint32_t router = Z_coreZ_addLink(&core, line, 10000000u, 6000u, 0.0, 2000000u, 10000u, 0);
  Z_coreZ_connect(&core, senderNic, router);
  uint32_t receiverNic = Z_coreZ_addLink(&core, line, 0, hostQueue, 0.0, 0, 0, 0);
  uint32_t reverse = Z_coreZ_addLink(&core, line, 0, hostQueue, 0.0, 0, 0, 0); /* reverse.delayMs 0 */
  Z_coreZ_connect(&core, receiverNic, reverse);
  uint32_t sender = Z_coreZ_addHost(&core, senderNic), receiver = Z_coreZ_addHost(&core, receiverNic);
  /* module parameters, set for every run as host/simulate.ts does: HyStart on, 2.6.16's HZ 100 and tcp_abc 1 */
  Z_coreZ_cubicSetHystart(&core, 1);
  Z_coreZ_cc2616SetHz(&core, 100);
  Z_coreZ_cc2616SetAbc(&core, 1);
  /* flow 0: newreno (id 0), MSS 1448, from the sender to the receiver, rcvbuf 6 291 456 B, initial cwnd 10 */
  if (Z_coreZ_addFlow(&core, 0, 0, 1448, bytes, 0, sender, receiver, 6291456u, 10) != 0 ||
      Z_coreZ_flowTcp(&core, 0, 1, 1, 0) != 0 /* SACK on, kernel linux-6.12, its HZ */ || Z_coreZ_start(&core) != 0) {
    fprintf(stderr, "congested: the core refused the setup\n");
    return 1;
  }
  uint32_t rc;
  while ((rc = Z_coreZ_run(&core, 10000000u)) == RUN_MORE) {}
  if (rc != RUN_DONE) {
    fprintf(stderr, "congested: run returned %d\n", (int32_t)rc);
    return 1;
  }
  printf("{\"bytesDelivered\":%.0f,\"completionTimeNs\":%.0f,\"dataPacketsSent\":%.0f,\"retransmits\":%.0f,\"events\":%" PRIu64 ",\"deliveryHash\":\"0x%" PRIx64 "\"}\n",
         Z_coreZ_flowStat(&core, 0, STAT_BYTES_DELIVERED), Z_coreZ_flowStat(&core, 0, STAT_COMPLETION_NS), Z_coreZ_flowStat(&core, 0, STAT_SEGS_SENT),
         Z_coreZ_flowStat(&core, 0, STAT_RETRANSMITS), Z_coreZ_eventsExecuted(&core), Z_coreZ_flowDeliveryHash(&core, 0));
  Z_core_free(&core);
  wasm_rt_free();
  return 0;
}
