// The receiving end of a bulk flow: cumulative ACKs, an out-of-order queue, delayed ACKs as
// Linux sends them (__tcp_ack_snd_check), and the advertised window from the receive buffer.
// The application reads in-order data at once (a discard server), so the window only shrinks by
// what waits out of order. With SACK on, every ACK carries the SACK option as Linux builds it
// (rcv-sack.ts).
import { now, NS_PER_MS } from "../engine/clock";
import { timerSet, timerCancel, timerPending } from "../engine/timer";
import { packetAlloc, packetFree, pFlow, pKind, pSeq, pLen, pAck, pWnd, pTsVal, pTsEcr, PKT_ACK } from "../net/packet";
import { rcvSackReset, rcvSackNewOfo, rcvSackRemove, rcvDsackSet, rcvSackWrite } from "./rcv-sack";
import { netSend } from "../machine/netif";
import {
  fMss, fRcvBuf, fWscale, rcvNxt, rcvRightEdge, oooBytes, rcvUnacked, quickAcks,
  tsRecent, delivered, deliveryHash, dupSegs, acksSent, oooLen, ringSlot, ringMask, fSack,
} from "./sock";
import { flowTimer, TIMER_DELACK } from "./timers";

const DELACK_NS: i64 = 40 * NS_PER_MS; // TCP_ATO_MIN = HZ/25 (include/net/tcp.h); Linux adapts ato upward, we keep the minimum
const MAX_QUICKACKS: i32 = 16; // TCP_MAX_QUICKACKS (include/net/tcp.h)
const HASH_PRIME: i64 = 0x100000001b3; // FNV-1a 64-bit prime

export function receiverInit(f: i32): void {
  unchecked((rcvNxt[f] = 0));
  unchecked((oooBytes[f] = 0));
  unchecked((rcvUnacked[f] = 0));
  unchecked((quickAcks[f] = MAX_QUICKACKS)); // tcp_incr_quickack at connection start
  unchecked((tsRecent[f] = 0));
  unchecked((delivered[f] = 0));
  unchecked((deliveryHash[f] = 0xcbf29ce484222325)); // FNV-1a offset basis
  unchecked((dupSegs[f] = 0));
  unchecked((acksSent[f] = 0));
  unchecked((rcvRightEdge[f] = alignDown(unchecked(fRcvBuf[f]), unchecked(fWscale[f]))));
  rcvSackReset(f);
}

@inline function alignDown(x: i64, ws: i32): i64 {
  return (x >> ws) << ws;
}
@inline function alignUp(x: i64, ws: i32): i64 {
  return ((x + (<i64>1 << ws) - 1) >> ws) << ws;
}

// Window to advertise: the free buffer, never moving the right edge left (tcp_select_window),
// in units of the window scale.
function selectWindow(f: i32): i64 {
  const ws = unchecked(fWscale[f]);
  const nxt = unchecked(rcvNxt[f]);
  const free = unchecked(fRcvBuf[f]) - unchecked(oooBytes[f]);
  const cur = unchecked(rcvRightEdge[f]) - nxt;
  let w = alignDown(free, ws);
  const keep = alignUp(cur, ws);
  if (w < keep) w = keep;
  unchecked((rcvRightEdge[f] = nxt + w));
  return w;
}

export function sendAck(f: i32): void {
  const p = packetAlloc();
  if (p < 0) return;
  unchecked((pFlow[p] = f));
  unchecked((pKind[p] = PKT_ACK));
  unchecked((pSeq[p] = 0));
  unchecked((pLen[p] = 0));
  unchecked((pAck[p] = rcvNxt[f]));
  unchecked((pWnd[p] = selectWindow(f)));
  unchecked((pTsVal[p] = now()));
  unchecked((pTsEcr[p] = tsRecent[f]));
  rcvSackWrite(f, p);
  unchecked((rcvUnacked[f] = 0));
  if (unchecked(quickAcks[f]) > 0) unchecked((quickAcks[f] -= 1));
  unchecked((acksSent[f] += 1));
  timerCancel(flowTimer(f, TIMER_DELACK));
  netSend(p);
}

function deliver(f: i32, seq: i64, len: i32): void {
  unchecked((rcvNxt[f] = seq + len));
  unchecked((delivered[f] += len));
  unchecked((deliveryHash[f] = (deliveryHash[f] ^ seq) * HASH_PRIME));
}

export function receiverOnData(f: i32, p: i32): void {
  const seq = unchecked(pSeq[p]);
  const len = unchecked(pLen[p]);
  const nxt = unchecked(rcvNxt[f]);
  const mss = <i64>unchecked(fMss[f]);
  let immediate = false;
  if (seq == nxt) {
    unchecked((tsRecent[f] = pTsVal[p])); // RFC 7323: echo the segment that advanced rcv_nxt
    deliver(f, seq, len);
    // pull what waited out of order
    while (true) {
      const n = unchecked(rcvNxt[f]);
      const slot = ringSlot(f, n);
      const l = unchecked(oooLen[slot]);
      if (l == 0) break;
      unchecked((oooLen[slot] = 0));
      unchecked((oooBytes[f] -= l));
      deliver(f, n, l);
    }
    if (unchecked(fSack[f])) rcvSackRemove(f);
    unchecked((rcvUnacked[f] += unchecked(rcvNxt[f]) - nxt));
    immediate = unchecked(rcvUnacked[f]) > mss || unchecked(quickAcks[f]) > 0 || unchecked(oooBytes[f]) > 0;
  } else if (seq > nxt) {
    // out of order: keep it if it fits the ring (it does whenever it is inside our window)
    const span = (seq - nxt) / mss;
    const slot = ringSlot(f, seq);
    if (span > <i64>unchecked(ringMask[f])) {
      unchecked((dupSegs[f] += 1)); // beyond the window: dropped unseen
    } else if (unchecked(oooLen[slot]) == 0) {
      unchecked((oooLen[slot] = len));
      unchecked((oooBytes[f] += len));
      if (unchecked(fSack[f])) rcvSackNewOfo(f, seq, seq + len);
    } else {
      unchecked((dupSegs[f] += 1)); // held already (tcp_data_queue_ofo): report it as a D-SACK
      if (unchecked(fSack[f])) rcvDsackSet(f, seq, seq + len);
    }
    immediate = true; // a hole: send a duplicate ACK at once (tcp_data_queue)
  } else {
    unchecked((dupSegs[f] += 1)); // already delivered: re-ACK at once (tcp_send_dupack) with a D-SACK
    if (unchecked(fSack[f])) rcvDsackSet(f, seq, seq + len);
    immediate = true;
  }
  packetFree(p);
  if (immediate) sendAck(f);
  else if (!timerPending(flowTimer(f, TIMER_DELACK))) timerSet(flowTimer(f, TIMER_DELACK), now() + DELACK_NS);
}

export function receiverDelackTimeout(f: i32): void {
  if (unchecked(rcvUnacked[f]) > 0) sendAck(f);
}
