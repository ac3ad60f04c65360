// The ids of the statistics the ABI reads by number (vmmStat, machineStat, foxyVegasStat, fvmStat,
// fvmVmStat), one enum each: the switch that answers a statistic and the name table
// (abi/names.ts) both use these members, so an id and its name cannot drift apart inside the core,
// and host/abi-names.ts's declarations are checked against the names at load. Append only.

// vmmStat: over every VM of the run.
export enum VmmStat {
  heldInVmm, // packets inside the VMM (in a virtual NIC's rings or the backend's queue)
  guestTxDrops, // guest segments dropped at a full transmit ring (netfront ring + txqueuelen)
  guestRxDrops, // received packets dropped at a full receive ring
  COUNT,
}

// machineStat: a host with a VMM (its backend CPU), a VM (its virtual NIC).
export enum MachineStat {
  backendBusyNs,
  backendServed,
  vnicHeld,
  vnicTxDrops,
  vnicRxDrops,
  COUNT,
}

// foxyVegasStat: FoxyVegas's state of one connection (vmm/foxyvegas.ts).
export enum FoxyVegasStat {
  windowSegments,
  rewrittenAcks,
  rttSamples,
  edgeViolations,
  COUNT,
}

// fvmStat: the Friendly-VM host run (fvm/host.ts).
export enum FvmStat {
  events,
  nowNs,
  cpuBusyNs,
  diskFaults,
  evictions,
  diskBusyNs,
  zeroFills,
  vmSwitches,
  maxActiveOverLimit,
  rateStepsAboveMpl1,
  residentChunks,
  COUNT,
}

// fvmVmStat: one VM of the Friendly-VM host run.
export enum FvmVmStat {
  doneInWindow,
  ticksInWindow,
  vctSumNsInWindow,
  limit,
  rateHz,
  active,
  suspended,
  controlSteps,
  decreases,
  sleptNs,
  vctEwmaNs,
  lastR,
  COUNT,
}

// deviceStat: one virtual device (vmm/device.ts).
export enum DeviceStat {
  held, // requests inside the VMM, either way
  refusedOut, // posts refused at a full guest-side ring
  refusedIn, // hand-overs refused on the way in (full)
  takenByGuest, // requests the guest's vCPU took
  vm, // the VM it belongs to
  COUNT,
}
