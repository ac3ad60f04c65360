// Per-flow TCP state, struct-of-arrays, sized once per run. Sender and receiver of flow f both
// live here (index f); the congestion-control modules read and write only the sender fields,
// as Linux's read struct tcp_sock.
export const CA_OPEN: i32 = 0; // Linux enum tcp_ca_state
export const CA_DISORDER: i32 = 1;
export const CA_CWR: i32 = 2;
export const CA_RECOVERY: i32 = 3;
export const CA_LOSS: i32 = 4;

export const CA_EVENT_TX_START: i32 = 0; // Linux enum tcp_ca_event
export const CA_EVENT_CWND_RESTART: i32 = 1;
export const CA_EVENT_COMPLETE_CWR: i32 = 2;
export const CA_EVENT_LOSS: i32 = 3;
// tcp_ca_ack_event_flags (include/net/tcp.h): the ACK missed TCP's fast path (header prediction),
// e.g. a duplicate ACK or one that changed the window. CA_ACK_WIN_UPDATE and CA_ACK_ECE are not
// reported: no module here reads them and there is no ECN.
export const CA_ACK_SLOWPATH: u32 = 1;

// Scoreboard tags of a sent segment (include/net/tcp.h TCPCB_SACKED_ACKED, TCPCB_SACKED_RETRANS, TCPCB_LOST).
export const TAG_SACKED: u8 = 1;
export const TAG_RETRANS: u8 = 2; // retransmitted and not since acked or found lost again
export const TAG_LOST: u8 = 4;

export const INFINITE_SSTHRESH: u32 = 0x7fffffff; // TCP_INFINITE_SSTHRESH, include/net/tcp.h
// Private congestion-control state per flow, like ICSK_CA_PRIV_SIZE (13 u64 in Linux 6.x);
// 24 slots of 8 bytes leave room for the largest module (H-TCP, CUBIC with HyStart).
export const CA_PRIV_BYTES: i32 = 192;

export let flowCount: i32 = 0;

// configuration
export let fCc = new StaticArray<i32>(0);
export let fMss = new StaticArray<i32>(0);
export let fTotal = new StaticArray<i64>(0); // bytes to send; 0 = unlimited
export let fStartAt = new StaticArray<i64>(0);
export let fRcvBuf = new StaticArray<i64>(0);
export let fWscale = new StaticArray<i32>(0);
export let fSack = new StaticArray<bool>(0); // SACK negotiated (both ends alike)
export let fKernel = new StaticArray<i32>(0); // kernel profile id (profile/profile.ts)
export let fJiffyNs = new StaticArray<i64>(0); // one tick of the TCP timer clock, 1e9 / HZ

// sender (names follow struct tcp_sock)
export let sndUna = new StaticArray<i64>(0);
export let sndNxt = new StaticArray<i64>(0);
export let sndMax = new StaticArray<i64>(0); // highest byte sent + 1 (RFC 6582 "recover" uses it)
export let sndWnd = new StaticArray<i64>(0); // peer's advertised window, bytes
export let sndCwnd = new StaticArray<u32>(0); // segments
export let sndCwndCnt = new StaticArray<u32>(0);
export let sndCwndClamp = new StaticArray<u32>(0);
export let sndSsthresh = new StaticArray<u32>(0);
export let priorCwnd = new StaticArray<u32>(0);
export let priorSsthresh = new StaticArray<u32>(0);
export let caState = new StaticArray<i32>(0);
export let dupAcks = new StaticArray<i32>(0);
export let recoverSeq = new StaticArray<i64>(0);
export let partialSeen = new StaticArray<bool>(0);
export let srttNs = new StaticArray<i64>(0); // 0 until the first sample
export let rttvarNs = new StaticArray<i64>(0);
export let rtoNs = new StaticArray<i64>(0); // before backoff
export let backoff = new StaticArray<i32>(0);
export let minRttNs = new StaticArray<i64>(0); // lowest RTT sample seen (tcp_min_rtt)
export let isCwndLimited = new StaticArray<bool>(0);
export let maxPacketsOut = new StaticArray<u32>(0);
export let cwndUsageSeq = new StaticArray<i64>(0);
export let lsndTime = new StaticArray<u32>(0); // tcp_jiffies32 of the last data segment sent
export let doneAt = new StaticArray<i64>(0); // time the last byte was acked; -1 while running
// sender counters
export let segsSent = new StaticArray<i64>(0);
export let segsRetrans = new StaticArray<i64>(0);
export let rtoCount = new StaticArray<i64>(0);
export let fastRecoveries = new StaticArray<i64>(0);
export let cwndSum = new StaticArray<f64>(0); // Σ cwnd over ACKs, for the mean cwnd
export let cwndSamples = new StaticArray<i64>(0);
export let windowViolations = new StaticArray<i64>(0); // new data sent beyond min(cwnd, rwnd); must stay 0
export let minCwnd = new StaticArray<u32>(0); // lowest cwnd after any ACK or loss response
export let minSsthresh = new StaticArray<u32>(0); // lowest ssthresh a module returned
// SACK scoreboard counters (struct tcp_sock): segments SACKed, marked lost, retransmitted and
// still outstanding; highest SACKed byte + 1 (FACK's forward-most data); the next segment the
// retransmit walk looks at (retransmit_skb_hint)
export let sackedOut = new StaticArray<u32>(0);
export let lostOut = new StaticArray<u32>(0);
export let retransOut = new StaticArray<u32>(0);
export let highSacked = new StaticArray<i64>(0);
export let retransHint = new StaticArray<i64>(0);
export let reordering = new StaticArray<u32>(0); // tp->reordering, segments
// PRR (RFC 6937) and rate-halving state, undo state (tcp_sock undo_marker, undo_retrans, retrans_stamp)
export let prrDelivered = new StaticArray<u32>(0);
export let prrOut = new StaticArray<u32>(0);
export let undoMarker = new StaticArray<i64>(0); // snd_una at the start of the episode; -1 none
export let undoRetrans = new StaticArray<i32>(0);
export let retransStamp = new StaticArray<i64>(0); // send time of the first retransmission; 0 none
export let frto = new StaticArray<bool>(0); // tp->frto: F-RTO (RFC 5682) watches this RTO episode
// tail loss probe (RFC 8985 §7): the RTO timer is armed as the probe timer (ICSK_TIME_LOSS_PROBE);
// snd_nxt when the probe went (tlp_high_seq, 0 none) and whether it was a retransmission
export let probePending = new StaticArray<bool>(0);
export let tlpHighSeq = new StaticArray<i64>(0);
export let tlpRetrans = new StaticArray<bool>(0);
// TCP small queues: bytes of the flow's data in its host's NIC queue or on its transmitter
// (sk_wmem_alloc), and whether the check held the flow back (TSQ_THROTTLED)
export let tsqBytes = new StaticArray<i64>(0);
export let tsqThrottled = new StaticArray<bool>(0);
export let tsqOn = new StaticArray<bool>(0); // the flow's profile has TSQ and it runs on a physical host
// RACK (RFC 8985): send time and end of the most recently sent segment known delivered, its RTT
export let rackXmitAt = new StaticArray<i64>(0);
export let rackEndSeq = new StaticArray<i64>(0);
export let rackRttNs = new StaticArray<i64>(0);
export let rackReord = new StaticArray<bool>(0); // reordering seen (a D-SACK or a SACK below the highest)
// checks the property tests read
export let sackLies = new StaticArray<i64>(0); // SACK blocks naming data the receiver does not hold
export let lostButSacked = new StaticArray<i64>(0); // retransmissions of data the sender knew delivered
export let dsacksSeen = new StaticArray<i64>(0);
export let undos = new StaticArray<i64>(0);
export let recoveryOverruns = new StaticArray<i64>(0); // sends in recovery beyond the profile's bound; counted by the checked build only (always 0 in release)
export let lossProbes = new StaticArray<i64>(0); // tail loss probes sent (LINUX_MIB_TCPLOSSPROBES)
export let localDrops = new StaticArray<i64>(0); // segments the sender's own queue refused (NET_XMIT_DROP)

// receiver
export let rcvNxt = new StaticArray<i64>(0);
export let rcvRightEdge = new StaticArray<i64>(0); // rcv_nxt + advertised window; never moves left
export let oooBytes = new StaticArray<i64>(0);
export let rcvUnacked = new StaticArray<i64>(0); // bytes received since the last ACK sent
export let quickAcks = new StaticArray<i32>(0);
export let tsRecent = new StaticArray<i64>(0);
export let delivered = new StaticArray<i64>(0);
export let deliveryHash = new StaticArray<i64>(0);
export let dupSegs = new StaticArray<i64>(0);
export let acksSent = new StaticArray<i64>(0);
// the receiver's SACK list as Linux keeps it (tp->selective_acks, TCP_NUM_SACKS = 4, most recent
// first) and a pending D-SACK block (tp->duplicate_sack)
export const RCV_SACKS: i32 = 4;
export let rcvSackStart = new StaticArray<i64>(0);
export let rcvSackEnd = new StaticArray<i64>(0);
export let rcvSackNum = new StaticArray<i32>(0);
export let rcvDsackStart = new StaticArray<i64>(0);
export let rcvDsackEnd = new StaticArray<i64>(0); // 0: none pending

// Per-segment rings indexed by (seq / mss) & mask: the sender's send time and retransmit mark
// (for RTT samples under Karn's rule), the receiver's out-of-order segment lengths.
export let ringMask = new StaticArray<i32>(0);
export let ringBase = new StaticArray<i32>(0);
export let segSentAt = new StaticArray<i64>(0);
export let segRetrans = new StaticArray<u8>(0);
export let segTag = new StaticArray<u8>(0); // scoreboard tags, TAG_* (TCPCB_SACKED_ACKED and kin)
export let oooLen = new StaticArray<i32>(0);

let caPriv = new StaticArray<u64>(0);

function i64s(n: i32): StaticArray<i64> {
  return new StaticArray<i64>(n);
}
function u32s(n: i32): StaticArray<u32> {
  return new StaticArray<u32>(n);
}

export function flowsInit(n: i32): void {
  flowCount = n;
  fCc = new StaticArray<i32>(n);
  fMss = new StaticArray<i32>(n);
  fTotal = i64s(n);
  fStartAt = i64s(n);
  fRcvBuf = i64s(n);
  fWscale = new StaticArray<i32>(n);
  fSack = new StaticArray<bool>(n);
  fKernel = new StaticArray<i32>(n);
  fJiffyNs = i64s(n);
  sndUna = i64s(n);
  sndNxt = i64s(n);
  sndMax = i64s(n);
  sndWnd = i64s(n);
  sndCwnd = u32s(n);
  sndCwndCnt = u32s(n);
  sndCwndClamp = u32s(n);
  sndSsthresh = u32s(n);
  priorCwnd = u32s(n);
  priorSsthresh = u32s(n);
  caState = new StaticArray<i32>(n);
  dupAcks = new StaticArray<i32>(n);
  recoverSeq = i64s(n);
  partialSeen = new StaticArray<bool>(n);
  srttNs = i64s(n);
  rttvarNs = i64s(n);
  rtoNs = i64s(n);
  backoff = new StaticArray<i32>(n);
  minRttNs = i64s(n);
  isCwndLimited = new StaticArray<bool>(n);
  maxPacketsOut = u32s(n);
  cwndUsageSeq = i64s(n);
  lsndTime = u32s(n);
  doneAt = i64s(n);
  segsSent = i64s(n);
  segsRetrans = i64s(n);
  rtoCount = i64s(n);
  fastRecoveries = i64s(n);
  cwndSum = new StaticArray<f64>(n);
  cwndSamples = i64s(n);
  windowViolations = i64s(n);
  minCwnd = u32s(n);
  minSsthresh = u32s(n);
  sackedOut = u32s(n);
  lostOut = u32s(n);
  retransOut = u32s(n);
  highSacked = i64s(n);
  retransHint = i64s(n);
  reordering = u32s(n);
  prrDelivered = u32s(n);
  prrOut = u32s(n);
  undoMarker = i64s(n);
  undoRetrans = new StaticArray<i32>(n);
  retransStamp = i64s(n);
  frto = new StaticArray<bool>(n);
  probePending = new StaticArray<bool>(n);
  tlpHighSeq = i64s(n);
  tlpRetrans = new StaticArray<bool>(n);
  tsqBytes = i64s(n);
  tsqThrottled = new StaticArray<bool>(n);
  tsqOn = new StaticArray<bool>(n);
  rackXmitAt = i64s(n);
  rackEndSeq = i64s(n);
  rackRttNs = i64s(n);
  rackReord = new StaticArray<bool>(n);
  sackLies = i64s(n);
  lostButSacked = i64s(n);
  dsacksSeen = i64s(n);
  undos = i64s(n);
  recoveryOverruns = i64s(n);
  lossProbes = i64s(n);
  localDrops = i64s(n);
  rcvNxt = i64s(n);
  rcvRightEdge = i64s(n);
  oooBytes = i64s(n);
  rcvUnacked = i64s(n);
  quickAcks = new StaticArray<i32>(n);
  tsRecent = i64s(n);
  delivered = i64s(n);
  deliveryHash = i64s(n);
  dupSegs = i64s(n);
  acksSent = i64s(n);
  rcvSackStart = i64s(n * RCV_SACKS);
  rcvSackEnd = i64s(n * RCV_SACKS);
  rcvSackNum = new StaticArray<i32>(n);
  rcvDsackStart = i64s(n);
  rcvDsackEnd = i64s(n);
  ringMask = new StaticArray<i32>(n);
  ringBase = new StaticArray<i32>(n);
  caPriv = new StaticArray<u64>(n * (CA_PRIV_BYTES >> 3));
}

// Rings are sized after all flows are configured: one allocation for every flow.
export function ringsInit(total: i32): void {
  segSentAt = i64s(total);
  segRetrans = new StaticArray<u8>(total);
  segTag = new StaticArray<u8>(total);
  oooLen = new StaticArray<i32>(total);
}

@inline export function ringSlot(f: i32, seq: i64): i32 {
  return unchecked(ringBase[f]) + (<i32>(seq / <i64>unchecked(fMss[f])) & unchecked(ringMask[f]));
}

// Base address of flow f's private congestion-control block (inet_csk_ca).
@inline export function caPtr(f: i32): usize {
  return changetype<usize>(caPriv) + <usize>(f * CA_PRIV_BYTES);
}

// Segments sent and not cumulatively acked (tp->packets_out).
@inline export function packetsOut(f: i32): u32 {
  const mss = <i64>unchecked(fMss[f]);
  return <u32>((unchecked(sndNxt[f]) - unchecked(sndUna[f]) + mss - 1) / mss);
}

// Segments in flight (tcp_packets_in_flight): packets_out - (sacked_out + lost_out) + retrans_out.
// Without SACK the three counters stay 0 and this is packets_out.
@inline export function inFlightSegs(f: i32): u32 {
  return packetsOut(f) - (unchecked(sackedOut[f]) + unchecked(lostOut[f])) + unchecked(retransOut[f]);
}
