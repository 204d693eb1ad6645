'use strict';
// The crash soak (issues 8 and 20; `make soak`, not part of `make test`):
// mixed traffic against real kasir nodes (creates, card payments through
// the page API, VA charges and their payment through the JSON bank
// simulators, status calls, notifications to a local receiver) while a node
// is killed with SIGKILL at random moments and restarted on the same
// database. On SQLite (SOAK_DB=sqlite, the default) that is the one node;
// on PostgreSQL (SOAK_DB=pg) SOAK_NODES nodes (2) share a throw-away server
// (scripts/pg-dev.sh) and one --card-key-file, each request goes to a node
// picked at random among those up (a card token made on one node is paid on
// another), and the last node is the one killed while the others serve.
// Afterwards it checks the invariants on the database and the receiver and
// prints each one with how many items it checked and how many failed:
// - every acknowledged create and payment is stored (with the acknowledged
//   status in its history);
// - no VA number belongs to two live orders, and a VA payment by number
//   pays the transaction the number was issued to;
// - a status call shows the acknowledged status;
// - every status change produced its notification: the receiver got
//   exactly the outbox rows, in status order per transaction (a delivery
//   whose result was lost in a kill arrives again; repeats are counted);
// - no notification was sent for a change that was not stored;
// - no node exited but by the soak's kill.
// It prints the kills and exits 1 on any violation (keeping the database).
//
// Environment: SOAK_SECONDS (default 600), SOAK_WORKERS (8), KASIR_BIN
// (build/kasir), SOAK_DB (sqlite or pg), SOAK_NODES (pg only: 2),
// SOAK_PG_URL (pg: an existing server to make a fresh database on, instead
// of starting one), SOAK_KILL_MIN_MS / SOAK_KILL_MAX_MS (uptime between
// kills: 500 / 5000). Traffic stays on 127.0.0.1.

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.resolve(REPO, process.env.KASIR_BIN || 'build/kasir');
const SECONDS = Number(process.env.SOAK_SECONDS || 600);
const WORKERS = Number(process.env.SOAK_WORKERS || 8);
const KILL_MIN = Number(process.env.SOAK_KILL_MIN_MS || 500);
const KILL_MAX = Number(process.env.SOAK_KILL_MAX_MS || 5000);
const DB_KIND = process.env.SOAK_DB || 'sqlite';
const NODES = DB_KIND === 'pg' ? Number(process.env.SOAK_NODES || 2) : 1;
const HOST = '127.0.0.1';
const MERCHANTS = 3;
const BANKS = ['bca', 'bni', 'permata'];
const CARD = '4011111111111112';
const CUSTOM_VA = ['12345', '23456', '34567'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const tag = crypto.randomBytes(3).toString('hex');

function childEnv() {
  const env = {};
  for (const [key, v] of Object.entries(process.env)) if (!key.startsWith('KASIR_')) env[key] = v;
  return env;
}

// ---- invariants: each counts what it checked and what failed ----

const invariants = new Map(); // name -> {checked, failed, notes}
function invariant(name) {
  if (!invariants.has(name)) invariants.set(name, { checked: 0, failed: 0, notes: [] });
  return invariants.get(name);
}
// One item of an invariant checked; a failure keeps its note (the first 20).
function holds(name, ok, note) {
  const inv = invariant(name);
  inv.checked++;
  if (!ok) {
    inv.failed++;
    if (inv.notes.length < 20) inv.notes.push(typeof note === 'function' ? note() : note);
  }
}

const INV = {
  creates: 'every acknowledged create is stored',
  payments: 'every acknowledged payment change is in its history',
  statusCalls: 'a status call shows the acknowledged status',
  vaPaysIssued: 'a VA payment by number pays the transaction it was issued to',
  vaShared: 'no VA number belongs to two live orders, nor is live twice',
  outboxRow: 'every status change has exactly one notification row',
  drained: 'the outbox drains: every notification row done',
  delivered: 'the receiver got the outbox rows, in status order per transaction',
  unstored: 'no notification arrived for a change that is not stored',
  exits: 'no node exited but by the soak\'s kill',
};
// registered in this order, so each is reported even with nothing checked
for (const name of Object.values(INV)) invariant(name);

// ---- the database, SQLite or PostgreSQL, for the checks ----

// The SQL must run on both engines (no json_extract, no alias in HAVING).
function makeDb(url) {
  if (url.startsWith('sqlite:')) {
    const file = url.slice(7);
    return {
      url,
      rows(query) {
        const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', file, query], { maxBuffer: 512 * 1024 * 1024 }).toString();
        return out.trim() ? JSON.parse(out) : [];
      },
    };
  }
  return {
    url,
    rows(query) {
      const out = execFileSync('psql', ['-qAt', '-v', 'ON_ERROR_STOP=1', url, '-c',
        `SELECT coalesce(json_agg(soak_row), '[]') FROM (${query}) soak_row`], { maxBuffer: 512 * 1024 * 1024 }).toString();
      return out.trim() ? JSON.parse(out) : [];
    },
  };
}

// A throw-away PostgreSQL (scripts/pg-dev.sh), or a fresh database on
// SOAK_PG_URL's server. Resolves {url, keep(dir), release()}.
function pgDatabase() {
  const psql = (url, q) => execFileSync('psql', ['-qAt', '-v', 'ON_ERROR_STOP=1', url, '-c', q], { stdio: ['ignore', 'pipe', 'pipe'] });
  const name = `soak_${tag}`;
  let server = process.env.SOAK_PG_URL;
  let pgdir = null;
  if (!server) {
    const out = execFileSync(path.join(REPO, 'scripts', 'pg-dev.sh'), ['start'], { stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
    [pgdir, server] = out.split(' ');
  }
  psql(server, `CREATE DATABASE ${name}`);
  const url = server.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`);
  return {
    url,
    // on a violation: the data as SQL beside the soak's other files
    keep(dir) {
      const file = path.join(dir, 'kasir.sql');
      fs.writeFileSync(file, execFileSync('pg_dump', [url], { maxBuffer: 1 << 30 }));
      return file;
    },
    release() {
      if (pgdir) execFileSync(path.join(REPO, 'scripts', 'pg-dev.sh'), ['stop', pgdir], { stdio: 'ignore' });
      else psql(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

// ---- the notification receiver ----

const received = []; // {path, txid, status, orderId}
function startReceiver() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let b;
      try { b = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { b = {}; }
      received.push({ path: req.url, txid: b.transaction_id, status: b.transaction_status, orderId: b.order_id });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server)));
}

// ---- kasir nodes, one of them killed and restarted ----

const nodes = Array.from({ length: NODES }, (_, i) => ({
  i, child: null, port: 0, up: false, kills: 0, startupKills: 0, starts: 0, answers: 0, stderr: '', stopping: false,
}));
let serveArgs = [];

function startNode(node) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--listen', `${HOST}:0`, ...serveArgs, '--log-level', 'error',
      '--notify-retry-interval', '1', '--notify-timeout', '5'], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`node ${node.i} did not start; stderr: ${node.stderr.slice(-2000)}`)), 30000);
    child.stderr.setEncoding('utf8').on('data', (d) => { node.stderr = (node.stderr + d).slice(-20000); });
    child.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      const m = /kasir: listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(buf);
      if (m && !node.up && child === node.child) {
        clearTimeout(timer);
        node.port = Number(m[1]);
        node.up = true;
        resolve(true);
      }
    });
    child.on('exit', (code, signal) => {
      const wasUp = node.up && child === node.child;
      if (child === node.child) node.up = false;
      // the end's SIGTERM: kasir stops cleanly, exit status 0
      const killed = signal === 'SIGKILL' || (node.stopping && (signal === 'SIGTERM' || code === 0));
      // a crash, or a start that failed, breaks the soak's promise
      holds(INV.exits, killed, () => `node ${node.i} exited on its own (code ${code}, signal ${signal}); stderr: ${node.stderr.slice(-1000)}`);
      if (!wasUp) {
        clearTimeout(timer);
        if (killed) resolve(false); // killed while starting
        else reject(new Error(`node ${node.i} exited while starting (code ${code}, signal ${signal}); stderr: ${node.stderr.slice(-2000)}`));
      }
    });
    node.child = child;
    node.starts++;
  });
}

function killNode(node, sig = 'SIGKILL') {
  const child = node.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    node.up = false;
    if (sig === 'SIGTERM') node.stopping = true;
    child.kill(sig);
  });
}

// ---- HTTP, to a node that is up ----

function request(method, urlPath, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const up = nodes.filter((n) => n.up);
    if (!up.length) { reject(new Error('down')); return; }
    const node = pick(up);
    const payload = body === undefined ? undefined : Buffer.from(body);
    const h = Object.assign({ Connection: 'close' }, headers);
    if (payload) h['Content-Length'] = payload.length;
    const req = http.request({ host: HOST, port: node.port, path: urlPath, method, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        node.answers++;
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

const JSON_HDR = { 'Content-Type': 'application/json' };
const auth = (m) => ({ Authorization: 'Basic ' + Buffer.from(m.sandbox.server_key + ':').toString('base64') });

// ---- what was acknowledged ----

const acked = {
  orders: new Map(),   // orderId -> {m, token}
  payments: new Map(), // txid -> {orderId, m, status, kind}
};
const unpaid = [];     // orderIds with no payment attempt yet
const vaPending = [];  // txids of VA payments not yet paid
const withPayment = []; // orderIds whose payment was acknowledged
const stats = {};
function count(op, outcome) {
  const key = `${op} ${outcome}`;
  stats[key] = (stats[key] || 0) + 1;
}

// ---- the Snap surface: creates, card and VA payments, status ----

async function opCreate(merchants) {
  const m = pick(merchants);
  const orderId = `soak-${tag}-${crypto.randomBytes(6).toString('hex')}`;
  const req = { transaction_details: { order_id: orderId, gross_amount: 10000 + Math.floor(Math.random() * 90000) } };
  if (Math.random() < 0.3) {
    // a few custom VA numbers asked again and again: while one is live,
    // kasir must hand the next order another number
    Object.assign(req, {
      bca_va: { va_number: pick(CUSTOM_VA) }, bni_va: { va_number: pick(CUSTOM_VA) }, permata_va: { va_number: pick(CUSTOM_VA) },
    });
  }
  const body = JSON.stringify(req);
  const res = await request('POST', '/snap/v1/transactions', { headers: Object.assign({ Accept: 'application/json' }, JSON_HDR, auth(m)), body });
  count('create', res.status);
  if (res.status === 201) {
    acked.orders.set(orderId, { m, token: res.json.token });
    unpaid.push(orderId);
  }
}

async function opCard() {
  const orderId = unpaid.shift();
  if (!orderId) return;
  const o = acked.orders.get(orderId);
  const q = new URLSearchParams({ client_key: o.m.sandbox.client_key, card_number: CARD, card_exp_month: '12', card_exp_year: '2030', card_cvv: '123' });
  const t = await request('GET', `/v2/token?${q}`);
  if (t.status !== 200) { count('card-token', t.status); unpaid.push(orderId); return; }
  const res = await request('POST', `/snap/v1/transactions/${o.token}/pay`, {
    headers: JSON_HDR, body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
  });
  count('card-pay', res.status);
  if (res.status === 200 && res.json.transaction_status === 'capture') {
    acked.payments.set(res.json.transaction_id, { orderId, m: o.m, status: 'capture', kind: 'card' });
    withPayment.push(orderId);
  }
}

async function opVaCharge() {
  const orderId = unpaid.shift();
  if (!orderId) return;
  const o = acked.orders.get(orderId);
  const bank = pick(BANKS);
  const res = await request('POST', `/snap/v1/transactions/${o.token}/pay`, {
    headers: JSON_HDR, body: JSON.stringify({ payment_type: 'bank_transfer', bank_transfer: { bank } }),
  });
  count('va-charge', res.status);
  if (res.status === 201) {
    const number = bank === 'permata' ? res.json.permata_va_number : res.json.va_numbers[0].va_number;
    const txid = res.json.transaction_id;
    acked.payments.set(txid, { orderId, m: o.m, status: 'pending', kind: 'va', channel: `${bank}_va`, number });
    vaPending.push(txid);
    withPayment.push(orderId);
  }
}

async function opVaPay() {
  const txid = vaPending.shift();
  if (!txid) return;
  const p = acked.payments.get(txid);
  if (p.unknown) {
    // the last try had no answer: it may have paid, and then the number is
    // free and may already belong to another order. A bank would pay that
    // order; the soak asks the status first and pays only a live number.
    let st;
    try {
      st = await request('GET', `/v2/${txid}/status`, { headers: auth(p.m) });
    } catch (err) {
      vaPending.push(txid);
      throw err;
    }
    count('va-pay-check', st.status === 200 ? st.json.transaction_status : st.status);
    if (st.status !== 200) { vaPending.push(txid); return; }
    if (st.json.transaction_status !== 'pending') { p.paidUnacked = true; return; }
    p.unknown = false;
  }
  let res;
  try {
    res = await request('POST', `/sim/${p.channel}/pay`, { headers: JSON_HDR, body: JSON.stringify({ number: p.number }) });
  } catch (err) {
    p.unknown = true; // the outcome is unknown: check, then maybe pay again
    vaPending.push(txid);
    throw err;
  }
  count('va-pay', res.status);
  if (res.status === 200) {
    holds(INV.vaPaysIssued, res.json.transaction_id === txid,
      () => `VA ${p.channel} ${p.number} paid ${res.json.transaction_id}, issued to ${txid}`);
    p.status = 'settlement';
  } else if (res.status === 409) {
    p.paidUnacked = true; // paid by an earlier try whose answer was lost in a kill
  } else {
    vaPending.push(txid);
  }
}

async function opStatus() {
  if (!withPayment.length) return;
  const orderId = pick(withPayment);
  const o = acked.orders.get(orderId);
  const res = await request('GET', `/v2/${orderId}/status`, { headers: auth(o.m) });
  count('status', res.status);
  if (res.status !== 200) {
    holds(INV.statusCalls, false, `status of ${orderId}: ${res.status} ${res.text.slice(0, 200)}`);
    return;
  }
  const p = acked.payments.get(res.json.transaction_id);
  if (!p) { holds(INV.statusCalls, false, `status of ${orderId} shows an unknown transaction ${res.json.transaction_id}`); return; }
  const ok = p.status === res.json.transaction_status ||
    (p.status === 'pending' && res.json.transaction_status === 'settlement'); // paid, answer lost or in flight
  holds(INV.statusCalls, ok, () => `status of ${orderId}: ${res.json.transaction_status}, acknowledged ${p.status}`);
}

// 1. every acknowledged create is stored; 2. every acknowledged payment
// change is in its payment's history; 3. no VA number is shared
function checkSnap(db, counts) {
  const orders = new Set(db.rows('SELECT order_id FROM orders').map((r) => r.order_id));
  for (const id of acked.orders.keys()) holds(INV.creates, orders.has(id), `acknowledged order ${id} is not stored`);
  counts.acknowledgedCreates = acked.orders.size;

  const history = new Map();
  for (const r of db.rows('SELECT p.transaction_id AS t, h.to_status AS s FROM status_history h JOIN payments p ON p.id = h.payment_id ORDER BY h.id')) {
    if (!history.has(r.t)) history.set(r.t, []);
    history.get(r.t).push(r.s);
  }
  for (const [txid, p] of acked.payments) {
    const h = history.get(txid) || [];
    const need = p.kind === 'va' ? ['pending'].concat(p.status === 'settlement' ? ['settlement'] : []) : ['capture'];
    for (const s of need) holds(INV.payments, h.includes(s), `acknowledged ${s} of ${txid} is not stored (history ${h})`);
  }
  counts.acknowledgedPayments = acked.payments.size;
  counts.vaPaidAcknowledged = [...acked.payments.values()].filter((p) => p.kind === 'va' && p.status === 'settlement').length;

  const shared = db.rows("SELECT n.channel, n.number, count(DISTINCT p.order_ref) AS orders FROM payment_numbers n JOIN payments p ON p.id = n.payment_id WHERE p.status = 'pending' GROUP BY n.channel, n.number HAVING count(DISTINCT p.order_ref) > 1");
  const liveTwice = db.rows('SELECT channel, number, count(*) AS c FROM payment_numbers WHERE live = 1 GROUP BY channel, number HAVING count(*) > 1');
  const numbers = db.rows('SELECT channel, number FROM payment_numbers GROUP BY channel, number');
  const bad = new Map();
  for (const r of shared) bad.set(`${r.channel} ${r.number}`, `VA ${r.channel} ${r.number} belongs to ${r.orders} live orders`);
  for (const r of liveTwice) bad.set(`${r.channel} ${r.number}`, `VA ${r.channel} ${r.number} is live ${r.c} times`);
  for (const r of numbers) {
    const key = `${r.channel} ${r.number}`;
    holds(INV.vaShared, !bad.has(key), bad.get(key));
  }
  counts.vaNumbers = numbers.length;
}

// The API surfaces the soak drives: each has its operations (weight,
// function) and the end-of-run check of what it acknowledged. The
// notification checks below hold for every surface. The Core API
// (POST /v2/charge and its actions), subscriptions and payouts are not in
// kasir yet (their own issues); each becomes one entry here, its
// operations recording what kasir acknowledged and its check proving it is
// stored (say, no subscription charged twice for one period, no payout
// beyond a balance), with its invariants named in INV above.
const SURFACES = [
  {
    name: 'snap',
    ops: [[25, opCreate, 'create'], [20, opCard, 'card-pay'], [20, opVaCharge, 'va-charge'],
      [15, opVaPay, 'va-pay'], [20, opStatus, 'status']],
    check: checkSnap,
  },
];

const OPS = SURFACES.flatMap((s) => s.ops);
const WEIGHT = OPS.reduce((s, [w]) => s + w, 0);

async function worker(merchants, until) {
  while (Date.now() < until) {
    let r = Math.random() * WEIGHT;
    const [, op, name] = OPS.find(([w]) => (r -= w) < 0);
    try {
      await op(merchants);
    } catch (err) {
      count(name, 'no answer');
      await sleep(20);
    }
  }
}

// Kills the last node at random moments of uptime (the others, if any,
// keep serving); one restart in ten is also killed while starting (opening
// the database, recovering its WAL or applying migrations).
async function killer(until) {
  const node = nodes[nodes.length - 1];
  while (Date.now() < until) {
    await sleep(KILL_MIN + Math.random() * (KILL_MAX - KILL_MIN));
    if (Date.now() >= until) break;
    await killNode(node, 'SIGKILL');
    node.kills++;
    for (;;) {
      const starting = startNode(node);
      if (Math.random() < 0.1) {
        await sleep(Math.random() * 40);
        if (!node.up) {
          await killNode(node, 'SIGKILL');
          node.kills++;
          node.startupKills++;
        }
      }
      if (await starting) break;
    }
  }
}

// ---- the notification checks, for every surface ----

function collapse(seq) {
  const out = [];
  for (const s of seq) if (out[out.length - 1] !== s) out.push(s);
  return out;
}

// until no notification row is pending, 60 s at most
async function drain(db) {
  for (let i = 0; i < 600; i++) {
    if (db.rows("SELECT count(*) AS c FROM outbox WHERE state = 'pending'")[0].c === 0) return true;
    await sleep(100);
  }
  return false;
}

// 4. every status change has exactly one HTTP outbox row; 5. the receiver
// got exactly the outbox rows, in order per transaction, and every row is
// done; 6. nothing arrived that was not stored
function checkNotifications(db, counts) {
  const perChange = db.rows("SELECT h.id, count(o.id) AS c FROM status_history h LEFT JOIN outbox o ON o.history_id = h.id AND o.kind = 'http' GROUP BY h.id");
  for (const r of perChange) holds(INV.outboxRow, r.c === 1, `status change ${r.id} has ${r.c} notification rows`);
  counts.statusChanges = perChange.length;

  const rows = db.rows("SELECT transaction_id AS t, body, state FROM outbox WHERE kind = 'http' ORDER BY history_id");
  const expected = new Map();
  for (const r of rows) {
    if (!expected.has(r.t)) expected.set(r.t, []);
    expected.get(r.t).push(JSON.parse(r.body).transaction_status);
    holds(INV.drained, r.state === 'done', `outbox row of ${r.t} is ${r.state} after the drain`);
  }
  const got = new Map();
  for (const n of received) {
    if (!got.has(n.txid)) got.set(n.txid, []);
    got.get(n.txid).push(n.status);
  }
  for (const [txid, want] of expected) {
    const seq = got.get(txid) || [];
    holds(INV.delivered, JSON.stringify(collapse(seq)) === JSON.stringify(want),
      () => (seq.length ? `notifications of ${txid}: got ${seq}, outbox ${want}` : `outbox rows of ${txid} (${want}) never arrived`));
  }
  for (const [txid, seq] of got) {
    holds(INV.unstored, expected.has(txid), `notifications for ${txid} (${seq}) but no such stored change`);
  }
  counts.outboxRows = rows.length;
  counts.notificationsReceived = received.length;
  counts.repeatedDeliveries = received.length - [...got.values()].reduce((s, seq) => s + collapse(seq).length, 0);
}

// ---- the run ----

function report(elapsed, counts) {
  const victim = nodes[nodes.length - 1];
  const where = DB_KIND === 'pg' ? `PostgreSQL, ${NODES} nodes` : 'SQLite, 1 node';
  console.log(`\nsoak: ${elapsed} s on ${where}; kills: ${victim.kills} (kill -9 of node ${victim.i}, ` +
    `${victim.startupKills} of them while it started)`);
  for (const n of nodes) {
    console.log(`  node ${n.i}: ${n.answers} requests answered, started ${n.starts} times, ` +
      (n === victim ? `killed ${n.kills} times` : 'never killed'));
  }
  console.log('requests by outcome:');
  for (const key of Object.keys(stats).sort()) console.log(`  ${key.padEnd(24)} ${stats[key]}`);
  console.log('counts:');
  for (const [key, v] of Object.entries(counts)) console.log(`  ${key.padEnd(24)} ${v}`);
  console.log('invariants:');
  let failed = 0;
  for (const [name, inv] of invariants) {
    if (inv.failed) failed++;
    console.log(`  ${inv.failed ? 'FAIL' : 'pass'}  ${name.padEnd(68)} ${String(inv.checked).padStart(7)} checked, ${inv.failed} failed`);
  }
  for (const [name, inv] of invariants) {
    if (!inv.failed) continue;
    console.log(`\nFAIL ${name}:`);
    for (const note of inv.notes) console.log(`  ${note}`);
  }
  return failed;
}

async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`no kasir binary at ${BIN} (make first)`);
  if (DB_KIND !== 'sqlite' && DB_KIND !== 'pg') throw new Error(`SOAK_DB is sqlite or pg, not ${DB_KIND}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kasir-soak-'));
  let pg = null;
  let url;
  if (DB_KIND === 'pg') {
    pg = pgDatabase();
    url = pg.url;
    // every node seals saved cards with the same key
    serveArgs = ['--db', url, '--card-key-file', path.join(dir, 'card.key')];
  } else {
    url = `sqlite:${path.join(dir, 'kasir.db')}`;
    serveArgs = ['--db', url];
  }
  const db = makeDb(url);
  const receiver = await startReceiver();
  const rport = receiver.address().port;
  let failed = 1;
  try {
    const merchants = [];
    for (let i = 0; i < MERCHANTS; i++) {
      const out = execFileSync(BIN, ['merchant', 'create', '--db', url, '--name', `Soak ${i}`,
        '--notification-url', `http://${HOST}:${rport}/m${i}`, '--json'], { env: childEnv(), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      merchants.push(JSON.parse(out.toString()));
    }
    for (const n of nodes) await startNode(n);
    console.log(`soak: ${SECONDS} s, ${WORKERS} workers, ${NODES} node(s) on ${DB_KIND === 'pg' ? 'PostgreSQL' : 'SQLite'}, ` +
      `node ${NODES - 1} killed every ${KILL_MIN}-${KILL_MAX} ms of uptime; data in ${dir}`);
    const started = Date.now();
    const until = started + SECONDS * 1000;
    const progress = setInterval(() => {
      console.log(`soak: ${Math.round((Date.now() - started) / 1000)} s, ${nodes[NODES - 1].kills} kills, ${acked.orders.size} creates, ` +
        `${acked.payments.size} payments, ${received.length} notifications`);
    }, 30000);
    await Promise.all([killer(until), ...Array.from({ length: WORKERS }, () => worker(merchants, until))]);
    clearInterval(progress);
    for (const n of nodes) if (!n.up) await startNode(n);
    const drained = await drain(db);
    if (!drained) console.log('soak: the outbox did not drain within 60 s');
    await sleep(500); // the last deliveries' answers reach the receiver
    for (const n of nodes) await killNode(n, 'SIGTERM');
    receiver.close();
    const counts = {};
    for (const s of SURFACES) s.check(db, counts);
    checkNotifications(db, counts);
    failed = report(Math.round((Date.now() - started) / 1000), counts);
  } finally {
    for (const n of nodes) await killNode(n, 'SIGKILL');
    receiver.close();
    if (failed && pg) console.log(`database dumped to ${pg.keep(dir)}`);
    if (pg) pg.release();
  }
  if (failed) {
    console.log(`\nsoak: ${failed} invariant(s) FAILED; data kept in ${dir}`);
    process.exit(1);
  }
  console.log('\nsoak: every invariant holds');
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(async (err) => {
  console.error(`soak: ${err.stack || err}`);
  for (const n of nodes) await killNode(n, 'SIGKILL');
  process.exit(2);
});
