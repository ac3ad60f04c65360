// pcap output, read back independently: valid format (nanosecond pcap, Ethernet), valid IPv4 and
// TCP checksums in every frame (SACK options included; test/pcap-sack.test.ts reads them with tshark), and FoxyVegas's rewritten windows visible in vnic.pcap — never
// larger than the same ACK's window on the wire.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Frame {
  tsNs: bigint;
  caplen: number;
  origlen: number;
  bytes: Buffer;
}

function readPcap(file: string): { snaplen: number; linktype: number; frames: Frame[] } {
  const b = readFileSync(file);
  assert.equal(b.readUInt32LE(0), 0xa1b23c4d, "nanosecond pcap magic");
  assert.equal(b.readUInt16LE(4), 2);
  assert.equal(b.readUInt16LE(6), 4);
  const frames: Frame[] = [];
  let o = 24;
  while (o < b.length) {
    const caplen = b.readUInt32LE(o + 8);
    frames.push({ tsNs: BigInt(b.readUInt32LE(o)) * 1_000_000_000n + BigInt(b.readUInt32LE(o + 4)), caplen, origlen: b.readUInt32LE(o + 12), bytes: b.subarray(o + 16, o + 16 + caplen) });
    o += 16 + caplen;
  }
  assert.equal(o, b.length, "records end exactly at the end of the file");
  return { snaplen: b.readUInt32LE(16), linktype: b.readUInt32LE(20), frames };
}

function sum16(b: Buffer, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i += 2) s += b.readUInt16BE(i);
  return s;
}
const fold = (s: number) => {
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
};

// The TCP header's length from its data offset: 32 with timestamps, up to 60 with SACK blocks.
const tcpHeaderLen = (f: Frame) => (f.bytes[46]! >> 4) * 4;

// TCP checksum over pseudo-header + header + payload, the payload (not captured) being zeros.
function tcpOk(f: Frame): boolean {
  const b = f.bytes;
  const ipTotal = b.readUInt16BE(16);
  const tcpLen = ipTotal - 20;
  const s = sum16(b, 26, 34) + 6 + tcpLen + sum16(b, 34, 34 + tcpHeaderLen(f));
  return fold(s) === 0xffff;
}
const ipOk = (f: Frame) => fold(sum16(f.bytes, 14, 34)) === 0xffff;

const tmp = mkdtempSync(join(tmpdir(), "foxsim-pcap-"));
const dir = join(tmp, "cap");
const run = spawnSync(process.execPath, ["dist/foxsim.cjs", "run", "examples/foxyvegas-bic.json", "--set", "flows.0.bytes=3000000", "--json", "--pcap", dir], { encoding: "utf8" });

test("--pcap writes wire.pcap and vnic.pcap for a guest sender", () => {
  assert.equal(run.status, 0, run.stderr);
  const wire = readPcap(join(dir, "wire.pcap"));
  const vnic = readPcap(join(dir, "vnic.pcap"));
  assert.equal(wire.linktype, 1);
  assert.equal(vnic.linktype, 1);
  const result = JSON.parse(run.stdout);
  const dataOnWire = wire.frames.filter((f) => f.bytes[47] === 0x18).length;
  assert.equal(dataOnWire, result.links.find((l: { name: string }) => l.name === "sender-nic").arrivals, "every data segment that reached the NIC is in wire.pcap");
  for (const f of [...wire.frames, ...vnic.frames]) {
    assert.equal(f.caplen, 14 + 20 + tcpHeaderLen(f), "headers only");
    assert.ok(f.caplen <= wire.snaplen);
    assert.equal(f.origlen, f.bytes.readUInt16BE(16) + 14, "original length = IP total length + Ethernet header");
  }
});

test("every frame has valid IPv4 and TCP checksums (the VMM's rewrite keeps them valid)", () => {
  for (const file of ["wire.pcap", "vnic.pcap"]) {
    const { frames } = readPcap(join(dir, file));
    const badIp = frames.filter((f) => !ipOk(f)).length;
    const badTcp = frames.filter((f) => !tcpOk(f)).length;
    assert.equal(badIp, 0, `${file}: ${badIp} bad IP checksums`);
    assert.equal(badTcp, 0, `${file}: ${badTcp} bad TCP checksums of ${frames.length}`);
  }
});

test("the rewritten windows are in vnic.pcap, never above the wire's window for the same ACK", () => {
  const acks = (file: string) => readPcap(join(dir, file)).frames.filter((f) => f.bytes[47] === 0x10).map((f) => ({ ack: f.bytes.readUInt32BE(42), win: f.bytes.readUInt16BE(48), tsval: f.bytes.readUInt32BE(58) }));
  const wire = acks("wire.pcap");
  const vnic = acks("vnic.pcap");
  assert.ok(vnic.length > 100 && vnic.length <= wire.length);
  // ACKs reach the guest in order, so walk both lists together, matching (ack, tsval)
  let w = 0;
  let smaller = 0;
  for (const v of vnic) {
    while (w < wire.length && (wire[w]!.ack !== v.ack || wire[w]!.tsval !== v.tsval)) w++;
    assert.ok(w < wire.length, `ACK ${v.ack} in vnic.pcap has no counterpart on the wire`);
    assert.ok(v.win <= wire[w]!.win, `ACK ${v.ack}: guest saw window ${v.win} > wire's ${wire[w]!.win}`);
    if (v.win < wire[w]!.win) smaller++;
    w++;
  }
  assert.ok(smaller > vnic.length / 2, `FoxyVegas rewrote ${smaller} of ${vnic.length} ACKs`);
});
