'use strict';
// The crash soak (issue 8; `make soak`, not part of `make test`): mixed
// traffic against a real kasir (creates, card payments through the page
// API, VA charges and their payment through the JSON bank simulators,
// status calls, notifications to a local receiver) while kasir is killed
// with SIGKILL at random moments and restarted on the same database.
// Afterwards it checks the invariants on the database and the receiver:
// - every acknowledged create and payment is stored (with the acknowledged
//   status in its history);
// - no VA number belongs to two live orders;
// - every status change produced its notification: the receiver got
//   exactly the outbox rows, in status order per transaction (a delivery
//   whose result was lost in a kill arrives again; repeats are counted);
// - no notification was sent for a change that was not stored.
// It prints the counts and the number of kills, and exits 1 on any
// violation.
//
// Environment: SOAK_SECONDS (default 600), SOAK_WORKERS (8), KASIR_BIN
// (build/kasir), SOAK_KILL_MIN_MS / SOAK_KILL_MAX_MS (uptime between kills:
// 500 / 5000). Traffic stays on 127.0.0.1.

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

// ---- kasir, killed and restarted ----

const kasir = { child: null, port: 0, up: false, kills: 0, startupKills: 0, starts: 0, stderr: '' };

function startKasir(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--listen', `${HOST}:0`, '--db', db, '--log-level', 'error',
      '--notify-retry-interval', '1', '--notify-timeout', '5'], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`kasir did not start; stderr: ${kasir.stderr.slice(-2000)}`)), 30000);
    child.stderr.setEncoding('utf8').on('data', (d) => { kasir.stderr = (kasir.stderr + d).slice(-20000); });
    child.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      const m = /kasir: listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(buf);
      if (m && !kasir.up) {
        clearTimeout(timer);
        kasir.port = Number(m[1]);
        kasir.up = true;
        resolve(true);
      }
    });
    child.on('exit', (code, signal) => {
      const wasUp = kasir.up;
      kasir.up = false;
      if (!wasUp && signal === 'SIGKILL') { // killed while starting
        clearTimeout(timer);
        resolve(false);
      } else if (signal !== 'SIGKILL' && signal !== 'SIGTERM') {
        clearTimeout(timer);
        reject(new Error(`kasir exited on its own (code ${code}, signal ${signal}); stderr: ${kasir.stderr.slice(-2000)}`));
      }
    });
    kasir.child = child;
    kasir.starts++;
  });
}

function killKasir(sig = 'SIGKILL') {
  const child = kasir.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    kasir.up = false;
    child.kill(sig);
  });
}

// ---- HTTP ----

function request(method, urlPath, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    if (!kasir.up) { reject(new Error('down')); return; }
    const payload = body === undefined ? undefined : Buffer.from(body);
    const h = Object.assign({ Connection: 'close' }, headers);
    if (payload) h['Content-Length'] = payload.length;
    const req = http.request({ host: HOST, port: kasir.port, path: urlPath, method, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
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
  orders: new Map(),   // orderId -> {m}
  payments: new Map(), // txid -> {orderId, m, status, kind}
};
const unpaid = [];     // orderIds with no payment attempt yet
const vaPending = [];  // {txid, channel, number}
const withPayment = []; // orderIds whose payment was acknowledged
const stats = {};
const violations = [];
function count(op, outcome) {
  const key = `${op} ${outcome}`;
  stats[key] = (stats[key] || 0) + 1;
}

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
    if (res.json.transaction_id !== txid) violations.push(`VA ${p.channel} ${p.number} paid ${res.json.transaction_id}, issued to ${txid}`);
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
    violations.push(`status of ${orderId}: ${res.status} ${res.text.slice(0, 200)}`);
    return;
  }
  const p = acked.payments.get(res.json.transaction_id);
  if (!p) { violations.push(`status of ${orderId} shows an unknown transaction ${res.json.transaction_id}`); return; }
  const ok = p.status === res.json.transaction_status ||
    (p.status === 'pending' && res.json.transaction_status === 'settlement'); // paid, answer lost or in flight
  if (!ok) violations.push(`status of ${orderId}: ${res.json.transaction_status}, acknowledged ${p.status}`);
}

const OPS = [
  [25, opCreate], [20, opCard], [20, opVaCharge], [15, opVaPay], [20, opStatus],
];
const OP_NAMES = new Map([[opCreate, 'create'], [opCard, 'card-pay'], [opVaCharge, 'va-charge'], [opVaPay, 'va-pay'], [opStatus, 'status']]);
const WEIGHT = OPS.reduce((s, [w]) => s + w, 0);

async function worker(merchants, until) {
  while (Date.now() < until) {
    let r = Math.random() * WEIGHT;
    const op = OPS.find(([w]) => (r -= w) < 0)[1];
    try {
      await op(merchants);
    } catch (err) {
      count(OP_NAMES.get(op), 'no answer');
      await sleep(20);
    }
  }
}

// Kills at random moments of uptime; one restart in ten is also killed
// while starting (opening the database, recovering its WAL).
async function killer(db, until) {
  while (Date.now() < until) {
    await sleep(KILL_MIN + Math.random() * (KILL_MAX - KILL_MIN));
    if (Date.now() >= until) break;
    await killKasir('SIGKILL');
    kasir.kills++;
    for (;;) {
      const starting = startKasir(db);
      if (Math.random() < 0.1) {
        await sleep(Math.random() * 40);
        if (!kasir.up) {
          await killKasir('SIGKILL');
          kasir.kills++;
          kasir.startupKills++;
        }
      }
      if (await starting) break;
    }
  }
}

// ---- checks ----

function sql(file, query) {
  const out = execFileSync('sqlite3', ['-json', file, query], { maxBuffer: 512 * 1024 * 1024 }).toString();
  return out.trim() ? JSON.parse(out) : [];
}

function collapse(seq) {
  const out = [];
  for (const s of seq) if (out[out.length - 1] !== s) out.push(s);
  return out;
}

async function drain() {
  for (let i = 0; i < 600; i++) {
    try {
      const m = await request('GET', '/metrics');
      const d = /^kasir_outbox_pending (\d+)$/m.exec(m.text);
      if (d && Number(d[1]) === 0) return true;
    } catch { /* restarting */ }
    await sleep(100);
  }
  return false;
}

function check(file) {
  const counts = {};
  // 1. every acknowledged create is stored
  const orders = new Set(sql(file, 'SELECT order_id FROM orders').map((r) => r.order_id));
  let missing = 0;
  for (const id of acked.orders.keys()) if (!orders.has(id)) { missing++; violations.push(`acknowledged order ${id} is not stored`); }
  counts.acknowledgedCreates = acked.orders.size;
  counts.createsMissing = missing;

  // 2. every acknowledged payment is stored with its acknowledged status
  const history = new Map();
  for (const r of sql(file, 'SELECT p.transaction_id AS t, h.to_status AS s FROM status_history h JOIN payments p ON p.id = h.payment_id ORDER BY h.id')) {
    if (!history.has(r.t)) history.set(r.t, []);
    history.get(r.t).push(r.s);
  }
  let paysMissing = 0;
  let acks = 0;
  for (const [txid, p] of acked.payments) {
    const h = history.get(txid) || [];
    const need = p.kind === 'va' ? ['pending'].concat(p.status === 'settlement' ? ['settlement'] : []) : ['capture'];
    acks += need.length;
    for (const s of need) {
      if (!h.includes(s)) { paysMissing++; violations.push(`acknowledged ${s} of ${txid} is not stored (history ${h})`); }
    }
  }
  counts.acknowledgedPayments = acked.payments.size;
  counts.acknowledgedStatusChanges = acks;
  counts.vaPaidAcknowledged = [...acked.payments.values()].filter((p) => p.kind === 'va' && p.status === 'settlement').length;
  counts.paymentsMissing = paysMissing;

  // 3. no VA number belongs to two live orders
  const shared = sql(file, "SELECT n.channel, n.number, count(DISTINCT p.order_ref) AS orders FROM payment_numbers n JOIN payments p ON p.id = n.payment_id WHERE p.status = 'pending' GROUP BY n.channel, n.number HAVING orders > 1");
  for (const r of shared) violations.push(`VA ${r.channel} ${r.number} belongs to ${r.orders} live orders`);
  const liveTwice = sql(file, 'SELECT channel, number, count(*) AS c FROM payment_numbers WHERE live = 1 GROUP BY channel, number HAVING c > 1');
  for (const r of liveTwice) violations.push(`VA ${r.channel} ${r.number} is live ${r.c} times`);
  counts.vaNumbers = sql(file, 'SELECT count(*) AS c FROM payment_numbers')[0].c;
  counts.vaNumbersShared = shared.length + liveTwice.length;

  // 4. every status change has its notification row
  const noRow = sql(file, "SELECT count(*) AS c FROM status_history h LEFT JOIN outbox o ON o.history_id = h.id AND o.kind = 'http' WHERE o.id IS NULL")[0].c;
  if (noRow) violations.push(`${noRow} status changes have no notification row`);
  const twice = sql(file, "SELECT count(*) AS c FROM (SELECT history_id FROM outbox WHERE kind = 'http' GROUP BY history_id HAVING count(*) > 1)")[0].c;
  if (twice) violations.push(`${twice} status changes have more than one notification row`);
  counts.statusChanges = sql(file, 'SELECT count(*) AS c FROM status_history')[0].c;
  counts.changesWithoutNotification = noRow;

  // 5. the receiver got exactly the outbox rows, in order per transaction;
  // 6. and nothing that was not stored
  const rows = sql(file, "SELECT transaction_id AS t, json_extract(body, '$.transaction_status') AS s, state FROM outbox WHERE kind = 'http' ORDER BY transaction_id, history_id");
  const expected = new Map();
  let notDone = 0;
  for (const r of rows) {
    if (!expected.has(r.t)) expected.set(r.t, []);
    expected.get(r.t).push(r.s);
    if (r.state !== 'done') notDone++;
  }
  if (notDone) violations.push(`${notDone} outbox rows are not done after the drain`);
  const got = new Map();
  for (const n of received) {
    if (!got.has(n.txid)) got.set(n.txid, []);
    got.get(n.txid).push(n.status);
  }
  let unstored = 0;
  let outOfOrder = 0;
  for (const [txid, seq] of got) {
    const want = expected.get(txid);
    if (!want) { unstored += seq.length; violations.push(`notifications for ${txid} (${seq}) but no such stored change`); continue; }
    const c = collapse(seq);
    if (JSON.stringify(c) !== JSON.stringify(want)) {
      outOfOrder++;
      violations.push(`notifications of ${txid}: got ${seq}, outbox ${want}`);
    }
  }
  let neverSent = 0;
  for (const [txid, want] of expected) if (!got.has(txid)) { neverSent += want.length; violations.push(`outbox rows of ${txid} (${want}) never arrived`); }
  counts.outboxRows = rows.length;
  counts.notificationsReceived = received.length;
  counts.repeatedDeliveries = received.length - [...got.values()].reduce((s, seq) => s + collapse(seq).length, 0);
  counts.notificationsNotStored = unstored;
  counts.transactionsOutOfOrder = outOfOrder;
  counts.rowsNeverDelivered = neverSent;
  return counts;
}

async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`no kasir binary at ${BIN} (make first)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kasir-soak-'));
  const file = path.join(dir, 'kasir.db');
  const db = `sqlite:${file}`;
  const receiver = await startReceiver();
  const rport = receiver.address().port;
  const merchants = [];
  for (let i = 0; i < MERCHANTS; i++) {
    const out = execFileSync(BIN, ['merchant', 'create', '--db', db, '--name', `Soak ${i}`,
      '--notification-url', `http://${HOST}:${rport}/m${i}`, '--json'], { env: childEnv(), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    merchants.push(JSON.parse(out.toString()));
  }
  await startKasir(db);
  console.log(`soak: ${SECONDS} s, ${WORKERS} workers, kills every ${KILL_MIN}-${KILL_MAX} ms of uptime; database ${file}`);
  const started = Date.now();
  const until = started + SECONDS * 1000;
  const progress = setInterval(() => {
    console.log(`soak: ${Math.round((Date.now() - started) / 1000)} s, ${kasir.kills} kills, ${acked.orders.size} creates, ${acked.payments.size} payments, ${received.length} notifications`);
  }, 30000);
  await Promise.all([killer(db, until), ...Array.from({ length: WORKERS }, () => worker(merchants, until))]);
  clearInterval(progress);
  if (!kasir.up) await startKasir(db);
  const drained = await drain();
  if (!drained) violations.push('the outbox did not drain within 60 s');
  await sleep(500); // the last deliveries' answers reach the receiver
  await killKasir('SIGTERM');
  receiver.close();
  const counts = check(file);
  const elapsed = Math.round((Date.now() - started) / 1000);
  console.log(`\nsoak: ${elapsed} s, kasir killed ${kasir.kills} times (kill -9; ${kasir.startupKills} while starting), started ${kasir.starts} times`);
  console.log('requests by outcome:');
  for (const key of Object.keys(stats).sort()) console.log(`  ${key.padEnd(24)} ${stats[key]}`);
  console.log('invariants:');
  for (const [key, v] of Object.entries(counts)) console.log(`  ${key.padEnd(28)} ${v}`);
  if (violations.length) {
    console.log(`\n${violations.length} VIOLATIONS:`);
    for (const v of violations.slice(0, 50)) console.log(`  ${v}`);
    console.log(`database kept in ${dir}`);
    process.exit(1);
  }
  console.log('\nsoak: every invariant holds');
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(async (err) => {
  console.error(`soak: ${err.stack || err}`);
  await killKasir('SIGKILL');
  process.exit(2);
});
