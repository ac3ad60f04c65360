// Standard pcap files (nanosecond-resolution variant, magic 0xa1b23c4d; Wireshark and tshark read
// it) of capture records from the core. Each packet is Ethernet + IPv4 + TCP with the timestamps
// option, exactly as the core's header fields say (window field as scaled, checksum as carried);
// the payload, all zero bytes in this model, is not stored (snaplen 66, original length kept), as
// `tcpdump -s 66` would write.
import { AtomicFile } from "./output.ts";
import { CAPTURE_COLUMNS } from "./abi-names.ts";

export { CAPTURE_COLUMNS }; // declared beside the ABI's other name tables, checked against the core at load
export const POINT_WIRE = 0;
export const POINT_VNIC = 1;
export const POINT_PEER = 2; // the receiving host's NIC (assembly/net/capture.ts CAP_PEER)
const KIND_DATA = 1;
const HEADERS = 14 + 20 + 32;
const SENDER_IP = 0x0a000001; // 10.0.0.1, as assembly/net/tcp-header.ts
const RECEIVER_IP = 0x0a000101; // 10.0.1.1
const SENDER_MAC = [0x02, 0, 0, 0, 0, 0x01];
const RECEIVER_MAC = [0x02, 0, 0, 0, 0, 0x02];

export interface CaptureRecord {
  timeNs: bigint;
  point: number;
  flow: number;
  kind: number;
  seq: bigint;
  ack: bigint;
  wndBytes: bigint;
  len: number;
  tsVal: bigint;
  tsEcr: bigint;
  csum: number;
}

export function recordAt(view: BigInt64Array, row: number): CaptureRecord {
  const b = row * CAPTURE_COLUMNS.length;
  const n = (i: number) => Number(view[b + i]!);
  return { timeNs: view[b]!, point: n(1), flow: n(2), kind: n(3), seq: view[b + 4]!, ack: view[b + 5]!, wndBytes: view[b + 6]!, len: n(7), tsVal: view[b + 8]!, tsEcr: view[b + 9]!, csum: n(10) };
}

function ipChecksum(h: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < h.length; i += 2) s += (h[i]! << 8) | h[i + 1]!;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

// One frame's bytes (headers only) for a record; `wscale` turns the window into the 16-bit field.
export function frameBytes(r: CaptureRecord, wscale: number, ipId: number): Uint8Array {
  const data = r.kind === KIND_DATA;
  const buf = new Uint8Array(HEADERS);
  const dv = new DataView(buf.buffer);
  buf.set(data ? RECEIVER_MAC : SENDER_MAC, 0);
  buf.set(data ? SENDER_MAC : RECEIVER_MAC, 6);
  dv.setUint16(12, 0x0800);
  // IPv4
  dv.setUint8(14, 0x45);
  dv.setUint16(16, 20 + 32 + r.len);
  dv.setUint16(18, ipId & 0xffff);
  dv.setUint16(20, 0x4000); // don't fragment
  dv.setUint8(22, 64);
  dv.setUint8(23, 6);
  dv.setUint32(26, data ? SENDER_IP : RECEIVER_IP);
  dv.setUint32(30, data ? RECEIVER_IP : SENDER_IP);
  dv.setUint16(24, ipChecksum(buf.subarray(14, 34)));
  // TCP
  const port = 32768 + r.flow;
  dv.setUint16(34, data ? port : 9);
  dv.setUint16(36, data ? 9 : port);
  dv.setUint32(38, data ? Number(r.seq & 0xffffffffn) : 0);
  dv.setUint32(42, Number(r.ack & 0xffffffffn));
  dv.setUint8(46, (32 / 4) << 4);
  dv.setUint8(47, data ? 0x18 : 0x10); // PSH|ACK or ACK
  dv.setUint16(48, Number(r.wndBytes >> BigInt(wscale)));
  dv.setUint16(50, r.csum);
  dv.setUint16(52, 0);
  buf.set([1, 1, 8, 10], 54);
  dv.setUint32(58, Number((r.tsVal / 1_000_000n) & 0xffffffffn));
  dv.setUint32(62, Number((r.tsEcr / 1_000_000n) & 0xffffffffn));
  return buf;
}

// Written under a temporary name and renamed into place by close(): a run that fails leaves no
// header-only or partial capture (discard() drops it).
export class PcapWriter {
  readonly #out: AtomicFile;
  #pending: Uint8Array[] = [];
  #ipId = 0;
  constructor(readonly file: string, option = "--pcap") {
    this.#out = new AtomicFile(file, option);
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b23c4d, 0); // nanosecond timestamps
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(HEADERS, 16); // snaplen
    h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    this.#pending.push(h);
  }
  write(r: CaptureRecord, wscale: number): void {
    const frame = frameBytes(r, wscale, this.#ipId++);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Number(r.timeNs / 1_000_000_000n), 0);
    rec.writeUInt32LE(Number(r.timeNs % 1_000_000_000n), 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length + r.len, 12);
    this.#pending.push(rec, frame);
    if (this.#pending.length >= 8192) this.#flush();
  }
  #flush(): void {
    this.#out.write(Buffer.concat(this.#pending));
    this.#pending = [];
  }
  close(): void {
    this.#flush();
    this.#out.commit();
  }
  discard(): void {
    this.#out.discard();
  }
}
