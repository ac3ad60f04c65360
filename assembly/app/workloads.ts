// The applications on the connections (app/socket.ts):
//  - bulk: end A writes an endless stream to end B (iperf-like);
//  - request/response: A sends a request, B answers when it has all of it (after `serverNs` of
//    work), A sends the next when it has the whole answer (netperf TCP_RR-like: one transaction
//    in flight, no think time);
//  - N-tier (a RUBiS-like auction site): a client's request goes to the web tier (c0), which
//    does its work and calls the application tier (c1), which does its work and queries the
//    database tier (c2) `queries` times in turn, each answered after the database's work; the
//    application tier answers the web tier, which answers the client with the page. Each client
//    has its own connection at each tier (a server thread per client: named simplification — no
//    connection pool, no thread-pool limit), in a closed loop with no think time.
// Every connection times its exchanges: from A's request to B's whole answer.
import { now } from "../engine/clock";
import { send, runApp, UNLIMITED, connCallBytes, MAX_CONNS } from "./socket";

const ROLE_NONE: i32 = 0;
const ROLE_BULK: i32 = 1;
const ROLE_RR: i32 = 2;
const ROLE_FRONT: i32 = 3; // client → web
const ROLE_MID: i32 = 4; // web → application
const ROLE_BACK: i32 = 5; // application → database

const JOB_RR: i32 = 0;
const JOB_WEB: i32 = 1;
const JOB_APP: i32 = 2;
const JOB_DB: i32 = 3;

const role = new StaticArray<i32>(MAX_CONNS);
const reqBytes = new StaticArray<i64>(MAX_CONNS);
const respBytes = new StaticArray<i64>(MAX_CONNS);
const serveNs = new StaticArray<i64>(MAX_CONNS);
const nextTier = new StaticArray<i32>(MAX_CONNS);
const prevTier = new StaticArray<i32>(MAX_CONNS);
const queriesLeft = new StaticArray<i32>(MAX_CONNS);
const exchStart = new StaticArray<i64>(MAX_CONNS);
const exchCount = new StaticArray<i64>(MAX_CONNS); // in the measured window
const exchSumNs = new StaticArray<i64>(MAX_CONNS);
let measureFrom: i64 = 0;

// the N-tier application's shape (one per run)
let webNs: i64 = 0;
let appNs: i64 = 0;
let dbNs: i64 = 0;
let queries: i32 = 0;
let ntReq: i64 = 0;
let ntAppReq: i64 = 0;
let ntQuery: i64 = 0;
let ntRow: i64 = 0;
let ntFragment: i64 = 0;
let ntPage: i64 = 0;

export function workloadsReset(warmupNs: i64): void {
  measureFrom = warmupNs;
  for (let c = 0; c < MAX_CONNS; c++) {
    unchecked((role[c] = ROLE_NONE));
    unchecked((exchCount[c] = 0));
    unchecked((exchSumNs[c] = 0));
  }
}

export function bulk(c: i32, writeBytes: i64): bool {
  if (unchecked(role[c]) != ROLE_NONE || writeBytes < 1) return false;
  unchecked((role[c] = ROLE_BULK));
  connCallBytes(c, 0, writeBytes);
  connCallBytes(c, 1, writeBytes);
  return true;
}

export function requestResponse(c: i32, request: i64, response: i64, serverNs: i64): bool {
  if (unchecked(role[c]) != ROLE_NONE || request < 1 || response < 1 || serverNs < 0) return false;
  unchecked((role[c] = ROLE_RR));
  unchecked((reqBytes[c] = request));
  unchecked((respBytes[c] = response));
  unchecked((serveNs[c] = serverNs));
  connCallBytes(c, 0, request);
  connCallBytes(c, 1, response);
  return true;
}

export function ntierShape(web: i64, app: i64, db: i64, q: i32, req: i64, appReq: i64, query: i64, row: i64, fragment: i64, page: i64): bool {
  if (web < 0 || app < 0 || db < 0 || q < 0 || req < 1 || appReq < 1 || query < 1 || row < 1 || fragment < 1 || page < 1) return false;
  webNs = web;
  appNs = app;
  dbNs = db;
  queries = q;
  ntReq = req;
  ntAppReq = appReq;
  ntQuery = query;
  ntRow = row;
  ntFragment = fragment;
  ntPage = page;
  return true;
}

// One client's connections: c0 client → web, c1 web → application, c2 application → database.
export function ntierChain(c0: i32, c1: i32, c2: i32): bool {
  if (unchecked(role[c0]) != ROLE_NONE || unchecked(role[c1]) != ROLE_NONE || unchecked(role[c2]) != ROLE_NONE || c0 == c1 || c1 == c2 || c0 == c2) return false;
  unchecked((role[c0] = ROLE_FRONT));
  unchecked((role[c1] = ROLE_MID));
  unchecked((role[c2] = ROLE_BACK));
  unchecked((nextTier[c0] = c1));
  unchecked((nextTier[c1] = c2));
  unchecked((prevTier[c1] = c0));
  unchecked((prevTier[c2] = c1));
  connCallBytes(c0, 0, ntReq);
  connCallBytes(c0, 1, ntPage);
  connCallBytes(c1, 0, ntAppReq);
  connCallBytes(c1, 1, ntFragment);
  connCallBytes(c2, 0, ntQuery);
  connCallBytes(c2, 1, ntRow);
  return true;
}

// At time 0: every bulk stream and every client starts.
export function workloadsStart(conns: i32): void {
  for (let c = 0; c < conns; c++) {
    const r = unchecked(role[c]);
    if (r == ROLE_BULK) send(c, 0, UNLIMITED);
    else if (r == ROLE_RR) request(c, unchecked(reqBytes[c]));
    else if (r == ROLE_FRONT) request(c, ntReq);
  }
}

function request(c: i32, bytes: i64): void {
  unchecked((exchStart[c] = now()));
  send(c, 0, bytes);
}

function answered(c: i32): void {
  if (now() < measureFrom) return;
  unchecked((exchCount[c] += 1));
  unchecked((exchSumNs[c] += now() - unchecked(exchStart[c])));
}

// socket.ts: direction d of c delivered the awaited message.
export function onMessage(c: i32, d: i32): void {
  const r = unchecked(role[c]);
  if (d == 0) {
    // a request reached end B
    if (r == ROLE_RR) {
      if (unchecked(serveNs[c]) > 0) runApp(c, 1, unchecked(serveNs[c]), JOB_RR);
      else send(c, 1, unchecked(respBytes[c]));
    } else if (r == ROLE_FRONT) runApp(c, 1, webNs, JOB_WEB);
    else if (r == ROLE_MID) runApp(c, 1, appNs, JOB_APP);
    else if (r == ROLE_BACK) runApp(c, 1, dbNs, JOB_DB);
    return;
  }
  // an answer reached end A
  answered(c);
  if (r == ROLE_RR) request(c, unchecked(reqBytes[c]));
  else if (r == ROLE_FRONT) request(c, ntReq);
  else if (r == ROLE_MID) send(unchecked(prevTier[c]), 1, ntPage);
  else if (r == ROLE_BACK) {
    const left = unchecked(queriesLeft[c]) - 1;
    unchecked((queriesLeft[c] = left));
    if (left > 0) request(c, ntQuery);
    else send(unchecked(prevTier[c]), 1, ntFragment);
  }
}

// socket.ts: an application job finished.
export function onAppJob(code: i32, c: i32, d: i32): void {
  if (code == JOB_RR) send(c, 1, unchecked(respBytes[c]));
  else if (code == JOB_WEB) request(unchecked(nextTier[c]), ntAppReq);
  else if (code == JOB_APP) {
    const c2 = unchecked(nextTier[c]);
    if (queries > 0) {
      unchecked((queriesLeft[c2] = queries));
      request(c2, ntQuery);
    } else send(c, 1, ntFragment);
  } else send(c, 1, ntRow); // JOB_DB
}

export function exchanges(c: i32): i64 {
  return unchecked(exchCount[c]);
}
export function exchangeNs(c: i32): i64 {
  return unchecked(exchSumNs[c]);
}
export function isClient(c: i32): bool {
  const r = unchecked(role[c]);
  return r == ROLE_RR || r == ROLE_FRONT;
}
