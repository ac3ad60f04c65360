// Every figure of the 2006 drive, with its source (assembly/dev/drive.ts models it).
export class DriveSpec {
  rpm: i32 = 7200; // Deskstar 7K500: 7200 rpm (techreport.com/review/8752); 8.33 ms a revolution
  heads: i32 = 10; // 7K500 500 GB: five platters, ten heads (Hitachi 7K500 spec, models table; recalled, NOT FOUND in the corpora)
  capacitySectors: i64 = 976773168; // 500 GB model's LBA count (7K500 spec; the ATA 500 GB standard count)
  zones: i32 = 30; // 7K500 spec Table 10: zones 0 … 29 (easymanua.ls/hitachi/hds725050kla360/manual?p=31)
  outerMediaBytesPerSec: i64 = 76_300_000; // zone 0 instantaneous disk-buffer rate, 76.3 MB/s (same table)
  innerMediaBytesPerSec: i64 = 36_500_000; // zone 29 instantaneous, 36.5 MB/s (same table)
  // Track skew = the time a head or cylinder switch costs inside a transfer. Derived: the table's
  // sustained rate is instantaneous × D/(B+C+D) with D = 10 revolutions per cylinder; zone 0's
  // 76.3/64.8 and zone 29's 36.5/31.0 both give (B+C)/D = 0.1775, i.e. 0.1775 rev = 1.479 ms per track.
  trackSwitchNs: i64 = 1_479_000;
  singleCylinderSeekNs: i64 = 1_000_000; // Hitachi 7K320 SATA OEM spec Table 7, single track read 1.0 ms (manualowl.com/m/Hitachi/7K320/Manual/334882?page=19); 7K500's own NOT FOUND
  averageSeekNs: i64 = 8_500_000; // 7K500 average read seek 8.5 ms (techreport.com/review/8752 spec table)
  // 7K500's full stroke NOT FOUND: derived from the 7K320 spec's full-stroke/average ratio, 20.0/12 ms × 8.5 ms.
  fullStrokeSeekNs: i64 = 14_167_000;
  // Ruemmler & Wilkes 1994's HP 97560 divides at 383 of 1962 cylinders (recalled; the paper is NOT in the corpora).
  divisionFraction: f64 = 383.0 / 1962.0;
  writeSettleNs: i64 = 1_000_000; // Hitachi 7K1000.C: average seek write 9.5 vs read 8.5 ms (manualshelf.com … 7k1000c page-20)
  // Derived from 7K500 spec Table 12: 4096 random reads in 55.5 s typical = 1.05 T, T = 4096 (A + 8.5 ms
  // + 4.17 ms + 512/47.9 MB/s + 512/300 MB/s) ⇒ command overhead A = 0.226 ms (manual?p=32).
  overheadNs: i64 = 226_000;
  interfaceBytesPerSec: i64 = 150_000_000; // SATA 1.5 Gb/s through ata_piix (Xen 3.0.2 dom0 config CONFIG_SCSI_ATA_PIIX; anchors §1.0)
  // Cache: 16 MB buffer (techreport.com/review/8752) cut into segments as DiskSim's ibm18es (7 segments,
  // read-ahead up to a full segment; anchors §1.b). Segment = 16 MiB / 8 (one eighth kept for writes) = 2 MiB.
  cacheSegments: i32 = 7;
  segmentSectors: i32 = 4096;
  readAheadSectors: i32 = 4096; // DiskSim ibm18es: maximum read-ahead = a segment
}

// Angle units: one revolution is 60e9 units and the spindle turns rpm units per nanosecond, so
// positions and rotations are exact integers; durations round up to whole nanoseconds once.
export const REV_UNITS: i64 = 60_000_000_000;

export function ceilDiv(a: i64, b: i64): i64 {
  return (a + b - 1) / b;
}
