// Standard pcap files (nanosecond-resolution variant, magic 0xa1b23c4d; Wireshark and tshark read
// it) of capture records from the core. Each packet is Ethernet + IPv4 + TCP exactly as the core's
// header fields say (window field as scaled, checksum as carried), with the options Linux puts on
// an established connection's segments (tcp_options_write; 2.6.16's tcp_build_and_update_options
// lays them out the same): NOP NOP timestamps, then on an ACK with SACK blocks NOP NOP SACK and
// the blocks the receiver sent, a D-SACK first. The payload, all zero bytes in this model, is not
// stored: each frame's captured length is its headers (66 bytes, 78–94 with 1–3 SACK blocks), the
// original length kept, as `tcpdump -s` with a snaplen of the headers would write.
//
// The model opens no connection (its flows start established), so a capture would show no SYN and
// a reader could not know the window scale or that SACK was permitted. Each file therefore starts
// every flow with the SYN and SYN-ACK that would have opened it, at the time of the flow's first
// captured packet: MSS, SACK-permitted (when the scenario has tcp.sack), timestamps and window
// scale, laid out as Linux's tcp_syn_build_options / tcp_options_write do. They are written by
// the host, not simulated: nothing in the run's results counts them.
import { AtomicFile } from "./output.ts";
import { CAPTURE_COLUMNS } from "./abi-names.ts";

export { CAPTURE_COLUMNS }; // declared beside the ABI's other name tables, checked against the core at load
export const POINT_WIRE = 0;
export const POINT_VNIC = 1;
export const POINT_PEER = 2; // the receiving host's NIC (assembly/net/capture.ts CAP_PEER)
const KIND_DATA = 1;
const ETH_IP = 14 + 20;
const MAX_HEADERS = ETH_IP + 60; // the largest TCP header: the file's snaplen
const SENDER_IP = 0x0a000001; // 10.0.0.1, as assembly/net/tcp-header.ts
const RECEIVER_IP = 0x0a000101; // 10.0.1.1
const DISCARD_PORT = 9;
const SENDER_MAC = [0x02, 0, 0, 0, 0, 0x01];
const RECEIVER_MAC = [0x02, 0, 0, 0, 0, 0x02];
const TCPOPT_NOP = 1;
const TCPOPT_MSS = 2;
const TCPOPT_WINDOW = 3;
const TCPOPT_SACK_PERM = 4;
const TCPOPT_SACK = 5;
const TCPOPT_TIMESTAMP = 8;
const TCPOLEN_TSTAMP_ALIGNED = 12; // what the MSS option counts beside the payload (include/net/tcp.h)
const FLAG_SYN = 0x02;
const FLAG_PSH = 0x08;
const FLAG_ACK = 0x10;
const ISN = 0xffffffff; // both ends: the model's sequence numbers start at byte 0 = ISN + 1
const SYN_WINDOW = 65535; // a SYN's window field is never scaled (RFC 7323 §2.2); the largest one

// What the connection negotiated, for the SYNs: the scenario's tcp.mss (payload per segment beside
// the timestamps option), tcp.sack and the receive window's scale (both hosts alike).
export interface Handshake {
  mss: number;
  sack: boolean;
  wscale: number;
}

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
  sack: bigint[]; // the SACK option's block edges, start and end per block, in the order sent
}

export function recordAt(view: BigInt64Array, row: number): CaptureRecord {
  const b = row * CAPTURE_COLUMNS.length;
  const n = (i: number) => Number(view[b + i]!);
  const blocks = n(11);
  return {
    timeNs: view[b]!, point: n(1), flow: n(2), kind: n(3), seq: view[b + 4]!, ack: view[b + 5]!, wndBytes: view[b + 6]!, len: n(7),
    tsVal: view[b + 8]!, tsEcr: view[b + 9]!, csum: n(10), sack: Array.from(view.subarray(b + 12, b + 12 + 2 * blocks)),
  };
}

const u32 = (v: bigint) => Number(v & 0xffffffffn);
const be32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const tsMs = (ns: bigint) => u32(ns / 1_000_000n); // Linux's 1 kHz TS clock, as assembly/net/tcp-header.ts

function onesSum(b: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  return s;
}
function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

// The frame's bytes up to the end of the TCP header. `tcpCsum` null: computed here over the
// pseudo-header and header (the payload is zeros and adds nothing but its length).
function frame(fromSender: boolean, flow: number, seq: number, ack: number, flags: number, window: number, options: number[], payloadLen: number, ipId: number, tcpCsum: number | null): Uint8Array {
  const tcpLen = 20 + options.length;
  const buf = new Uint8Array(ETH_IP + tcpLen);
  const dv = new DataView(buf.buffer);
  buf.set(fromSender ? RECEIVER_MAC : SENDER_MAC, 0);
  buf.set(fromSender ? SENDER_MAC : RECEIVER_MAC, 6);
  dv.setUint16(12, 0x0800);
  // IPv4
  dv.setUint8(14, 0x45);
  dv.setUint16(16, 20 + tcpLen + payloadLen);
  dv.setUint16(18, ipId & 0xffff);
  dv.setUint16(20, 0x4000); // don't fragment
  dv.setUint8(22, 64);
  dv.setUint8(23, 6);
  dv.setUint32(26, fromSender ? SENDER_IP : RECEIVER_IP);
  dv.setUint32(30, fromSender ? RECEIVER_IP : SENDER_IP);
  dv.setUint16(24, ~fold(onesSum(buf, 14, 34)) & 0xffff);
  // TCP
  const port = 32768 + flow;
  dv.setUint16(34, fromSender ? port : DISCARD_PORT);
  dv.setUint16(36, fromSender ? DISCARD_PORT : port);
  dv.setUint32(38, seq);
  dv.setUint32(42, ack);
  dv.setUint8(46, (tcpLen / 4) << 4);
  dv.setUint8(47, flags);
  dv.setUint16(48, window);
  dv.setUint16(52, 0);
  buf.set(options, ETH_IP + 20);
  const pseudo = onesSum(buf, 26, 34) + 6 + tcpLen + payloadLen;
  dv.setUint16(50, tcpCsum ?? ~fold(pseudo + onesSum(buf, ETH_IP, buf.length)) & 0xffff);
  return buf;
}

// One captured segment's frame (headers only); `wscale` turns the window into the 16-bit field.
export function frameBytes(r: CaptureRecord, wscale: number, ipId: number): Uint8Array {
  const data = r.kind === KIND_DATA;
  const options = [TCPOPT_NOP, TCPOPT_NOP, TCPOPT_TIMESTAMP, 10, ...be32(tsMs(r.tsVal)), ...be32(tsMs(r.tsEcr))];
  if (r.sack.length > 0) options.push(TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK, 2 + 4 * r.sack.length, ...r.sack.flatMap((e) => be32(u32(e))));
  const window = Number(r.wndBytes >> BigInt(wscale));
  return frame(data, r.flow, data ? u32(r.seq) : 0, u32(r.ack), data ? FLAG_PSH | FLAG_ACK : FLAG_ACK, window, options, r.len, ipId, r.csum);
}

// The SYN (sender) and SYN-ACK (receiver) of flow `flow` at `timeNs`: MSS; SACK-permitted and
// timestamps sharing a word when SACK is on (NOP NOP timestamps otherwise); NOP and window scale.
export function handshakeFrames(flow: number, timeNs: bigint, hs: Handshake, ipId: number): [Uint8Array, Uint8Array] {
  const ts = tsMs(timeNs);
  const options = (tsEcr: number) => [
    TCPOPT_MSS, 4, ...[(hs.mss + TCPOLEN_TSTAMP_ALIGNED) >> 8, (hs.mss + TCPOLEN_TSTAMP_ALIGNED) & 0xff],
    ...(hs.sack ? [TCPOPT_SACK_PERM, 2] : [TCPOPT_NOP, TCPOPT_NOP]), TCPOPT_TIMESTAMP, 10, ...be32(ts), ...be32(tsEcr),
    TCPOPT_NOP, TCPOPT_WINDOW, 3, hs.wscale,
  ];
  const syn = frame(true, flow, ISN, 0, FLAG_SYN, SYN_WINDOW, options(0), 0, ipId, null);
  const synAck = frame(false, flow, ISN, 0, FLAG_SYN | FLAG_ACK, SYN_WINDOW, options(ts), 0, ipId + 1, null);
  return [syn, synAck];
}

// Written under a temporary name and renamed into place by close(): a run that fails leaves no
// header-only or partial capture (discard() drops it).
export class PcapWriter {
  readonly #out: AtomicFile;
  #pending: Uint8Array[] = [];
  #ipId = 0;
  readonly #opened = new Set<number>();
  constructor(readonly file: string, readonly handshake: Handshake, option = "--pcap") {
    this.#out = new AtomicFile(file, option);
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b23c4d, 0); // nanosecond timestamps
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(MAX_HEADERS, 16); // snaplen
    h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    this.#pending.push(h);
  }
  write(r: CaptureRecord): void {
    if (!this.#opened.has(r.flow)) {
      this.#opened.add(r.flow);
      for (const f of handshakeFrames(r.flow, r.timeNs, this.handshake, this.#ipId)) this.#frame(r.timeNs, f, 0);
      this.#ipId += 2;
    }
    this.#frame(r.timeNs, frameBytes(r, this.handshake.wscale, this.#ipId++), r.len);
  }
  #frame(timeNs: bigint, bytes: Uint8Array, payloadLen: number): void {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Number(timeNs / 1_000_000_000n), 0);
    rec.writeUInt32LE(Number(timeNs % 1_000_000_000n), 4);
    rec.writeUInt32LE(bytes.length, 8);
    rec.writeUInt32LE(bytes.length + payloadLen, 12);
    this.#pending.push(rec, bytes);
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
