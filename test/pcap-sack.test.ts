// The SACK option in --pcap captures, read back by Wireshark's dissector (tshark): every ACK's
// blocks are the ones the core's receiver put on it, in its order (a D-SACK first); the SYNs that
// open each flow carry SACK-permitted exactly when the scenario has SACK, and the window scale,
// from which tshark computes the same window the core advertised; the header lengths tshark
// reads hold the options; every checksum tshark can verify is good. Without tshark (Debian:
// apt-get install tshark) the tests are skipped, and the skip says so in the test report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runScenario } from "./helpers.ts";
import { CAPTURE_COLUMNS, POINT_PEER, POINT_WIRE } from "../host/pcap.ts";

const tsharkMissing = spawnSync("tshark", ["--version"]).status !== 0 && "tshark is not installed (apt-get install tshark): the captures are not checked against Wireshark's dissector";
const W = CAPTURE_COLUMNS.length;
const col = (n: (typeof CAPTURE_COLUMNS)[number]) => CAPTURE_COLUMNS.indexOf(n);
const KIND_ACK = 2n;

const example = JSON.parse(readFileSync("examples/congested.json", "utf8"));
const BYTES = 3_000_000;
// ACKs lost on the way back and data lost on the way out: retransmission timeouts resend segments
// the receiver holds, and it reports them as D-SACKs
const LOSSY = { "path.forward.lossRate": 0.05, "path.reverse.lossRate": 0.5, "flows.0.bytes": 1_000_000 };

function capture(sets: Record<string, unknown>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "foxsim-sack-")), "cap");
  const args = Object.entries({ "flows.0.bytes": BYTES, ...sets }).flatMap(([k, v]) => ["--set", `${k}=${v}`]);
  const r = spawnSync(process.execPath, ["dist/foxsim.cjs", "run", "examples/congested.json", ...args, "--pcap", dir], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return join(dir, "wire.pcap");
}

// tshark's fields per frame, absolute sequence numbers, checksums verified.
function tshark(file: string, filter: string, fields: string[]): string[][] {
  const args = ["-r", file, "-n", "-o", "tcp.relative_sequence_numbers:FALSE", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-Y", filter, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"];
  const r = spawnSync("tshark", [...args, ...fields.flatMap((f) => ["-e", f])], { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t"));
}

interface Ack {
  blocks: string; // 32-bit edges "start-end,…" in the order sent
  dsack: boolean; // the first block lies below the cumulative ACK (RFC 2883)
  wnd: bigint;
}

// The same run through the library: the ACKs the core captured at `point`, in order.
async function coreAcks(sets: Record<string, number>, point: number): Promise<Ack[]> {
  const scenario = structuredClone(example);
  for (const [path, v] of Object.entries({ "flows.0.bytes": BYTES, ...sets })) {
    const keys = path.split(".");
    let o = scenario;
    for (const k of keys.slice(0, -1)) o = o[k];
    o[keys.at(-1)!] = v;
  }
  const acks: Ack[] = [];
  await runScenario(scenario, {
    onCapture: (v) => {
      for (let r = 0; r < v.length / W; r++) {
        const at = (c: (typeof CAPTURE_COLUMNS)[number]) => v[r * W + col(c)]!;
        if (at("kind") !== KIND_ACK || Number(at("point")) !== point) continue;
        const edges = Array.from({ length: 2 * Number(at("sackBlocks")) }, (_, i) => v[r * W + col("sack0Start") + i]!);
        const blocks = edges.map((e, i) => (i % 2 ? `${BigInt.asUintN(32, e)}` : `${i ? "," : ""}${BigInt.asUintN(32, e)}-`)).join("");
        acks.push({ blocks, dsack: edges.length > 0 && edges[0]! < at("ack"), wnd: at("wndBytes") });
      }
    },
  });
  return acks;
}

const ACK_FIELDS = ["tcp.options.sack_le", "tcp.options.sack_re", "tcp.hdr_len", "tcp.options.sack.dsack_le", "tcp.window_size"];
function readAcks(file: string): { blocks: string; hdrLen: number; dsack: boolean; wnd: bigint }[] {
  return tshark(file, "tcp.srcport == 9 && tcp.flags.syn == 0", ACK_FIELDS).map(([le, re, hdr, dsack, wnd]) => {
    const l = le ? le.split(",") : [];
    const r = re ? re.split(",") : [];
    assert.equal(l.length, r.length);
    return { blocks: l.map((s, i) => `${s}-${r[i]}`).join(","), hdrLen: Number(hdr), dsack: dsack !== "", wnd: BigInt(wnd!) };
  });
}

test("tshark reads on every ACK the SACK blocks and the window the core's receiver sent", { skip: tsharkMissing }, async () => {
  const read = readAcks(capture({}));
  const sent = await coreAcks({}, POINT_PEER); // leaving the receiver; the reverse path loses none here
  assert.equal(read.length, sent.length, "one ACK on the wire per ACK the receiver sent");
  assert.deepEqual(read.map((a) => a.blocks), sent.map((a) => a.blocks));
  const withBlocks = sent.filter((a) => a.blocks !== "").length;
  assert.ok(withBlocks > 100, `${withBlocks} ACKs carry SACK blocks`);
  assert.ok(sent.some((a) => a.blocks.split(",").length === 3), "some ACK carries the most blocks beside timestamps, 3");
  // the header length tshark reads: 32 (timestamps) + 4 + 8 per block
  for (const [i, a] of read.entries()) assert.equal(a.hdrLen, 32 + (a.blocks ? 4 + 8 * a.blocks.split(",").length : 0), `ACK ${i}`);
  // the window tshark computes from the field and the SYN's shift (7) is the core's, to 128 bytes
  assert.deepEqual(read.map((a) => a.wnd), sent.map((a) => (a.wnd >> 7n) << 7n));
});

test("tshark finds the D-SACKs where the core's receiver sent them", { skip: tsharkMissing }, async () => {
  const read = readAcks(capture(LOSSY));
  const sent = await coreAcks(LOSSY, POINT_WIRE); // the ACKs that survived the reverse path
  assert.deepEqual(read.map((a) => a.blocks), sent.map((a) => a.blocks));
  assert.deepEqual(read.map((a) => a.dsack), sent.map((a) => a.dsack));
  const dsacks = sent.filter((a) => a.dsack).length;
  assert.ok(dsacks >= 3, `${dsacks} D-SACKs`);
});

test("each flow opens with a SYN and SYN-ACK carrying MSS, SACK-permitted iff tcp.sack, timestamps and the window scale", { skip: tsharkMissing }, () => {
  for (const sack of [true, false]) {
    const file = capture({ "tcp.sack": sack });
    const syns = tshark(file, "tcp.flags.syn == 1", ["tcp.flags.ack", "tcp.options.mss_val", "tcp.option_kind", "tcp.options.wscale.shift", "tcp.hdr_len"]);
    assert.equal(syns.length, 2);
    for (const [i, [ack, mss, kinds, shift, hdr]] of syns.entries()) {
      assert.equal(ack, i === 0 ? "0" : "1", "SYN, then SYN-ACK");
      assert.equal(mss, "1460", "tcp.mss 1448 + the 12-byte timestamps option");
      assert.equal(kinds!.split(",").includes("4"), sack, `SACK-permitted (kind 4) ${sack ? "present" : "absent"}`);
      assert.ok(kinds!.split(",").includes("8"), "timestamps");
      assert.equal(shift, "7", "6 MB receive buffer: shift 7");
      assert.equal(hdr, "40");
    }
    if (!sack) assert.equal(tshark(file, "tcp.options.sack", ["frame.number"]).length, 0, "no SACK option without SACK");
  }
});

test("tshark finds every IP checksum and every TCP checksum it can verify good, and no malformed frame", { skip: tsharkMissing }, () => {
  const file = capture(LOSSY);
  // data frames store no payload, so tshark cannot verify their TCP checksum (test/pcap.test.ts does,
  // over zero bytes); every ACK and SYN it can, and every IP header
  const rows = tshark(file, "tcp", ["tcp.len", "tcp.checksum.status", "ip.checksum.status", "_ws.malformed"]);
  let verified = 0;
  for (const [len, tcpStatus, ipStatus, malformed] of rows) {
    assert.equal(ipStatus, "1", "IP checksum good");
    assert.equal(malformed, "");
    if (len === "0") {
      assert.equal(tcpStatus, "1", "TCP checksum good on every ACK and SYN");
      verified++;
    }
  }
  assert.ok(verified > 200, `${verified} ACKs and SYNs verified`);
});
