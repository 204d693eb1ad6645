'use strict';
// HTTP notifications (SPEC §6.2, issue 4) seen from the merchant's side: a
// receiver on a loopback port (lib/receiver.js) records what kasir POSTs and
// answers what each test wants. Card payments through the page API produce
// the status changes.
//
// Ordering is the test's clock: kasir sends a transaction's notifications in
// status order, a later one only once the earlier one was delivered or given
// up. So a test that wants to know that kasir stopped trying a notification
// makes a second change on the same transaction (cancel, approve) and waits
// for that one: when it arrives, every attempt of the first is in the
// receiver's record. No test sleeps to see that something did not happen.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const k = require('./lib/server');
const { CARD, signature, shop: makeShop } = require('./lib/shop');
const shop = (server, merchant) => makeShop(server, merchant, { prefix: 'ntf' });
const { startReceiver, closedPort } = require('./lib/receiver');

const NOTIFY_MESSAGE = 'midtrans payment notification';

function assertSigned(body, serverKey, what = '') {
  assert.match(body.signature_key, /^[0-9a-f]{128}$/, `${what} signature_key`);
  assert.equal(body.signature_key, signature(body, serverKey),
    `${what} signature_key = sha512(order_id + status_code + gross_amount + server key)`);
}

// The path of an override URL, unique per call.
let pathSeq = 0;
function uniquePath(label) {
  pathSeq += 1;
  return `/${label}-${pathSeq}`;
}

// What the receiver got for one order: [transaction_status/fraud_status].
function statuses(reqs) {
  return reqs.map((r) => r.json.transaction_status + (r.json.fraud_status ? '/' + r.json.fraud_status : ''));
}

// sqlite3 (the command) reads the attempts table of the outbox (schema 4):
// the only witness of attempts that never reach a receiver.
function haveSqlite3() {
  if (k.PG_SERVER) return true; // psql reads it then
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
function sqlite(dir, sql) {
  return k.dbRows(k.dbUrl(dir), sql);
}

describe('HTTP notifications', () => {
  let rec;
  let ctx;
  let s;
  before(async () => {
    rec = await startReceiver({ plan: 200 });
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Notif', ['--notification-url', rec.url('/merchant')]);
    // retries at once and 1 s to answer: attempts counted in seconds
    const server = await k.startServer({ db, args: ['--notify-retry-interval', '0', '--notify-timeout', '1'] });
    ctx = { dir, db, merchant, server };
    s = shop(server, merchant);
  });
  after(async () => {
    await k.teardown(ctx);
    await rec.close();
  });

  // Requests at the merchant's URL about one order.
  const merchantGot = (orderId) => rec.at('/merchant').filter((r) => r.json && r.json.order_id === orderId);

  it('a card capture is POSTed as JSON with the Midtrans headers, the status body and a valid signature', async () => {
    const p = await s.paid(CARD.accept);
    assert.equal(p.res.status, 200, p.res.text);
    await rec.waitFor(() => merchantGot(p.orderId).length >= 1, { what: 'the capture notification' });
    const [n] = merchantGot(p.orderId);
    assert.equal(n.method, 'POST');
    assert.match(n.headers['content-type'], /^application\/json(;|$)/);
    assert.equal(n.headers.accept, 'application/json');
    assert.equal(n.headers['user-agent'], 'Veritrans');
    const b = n.json;
    assert.ok(b, `a JSON body: ${n.text}`);
    assert.equal(b.status_message, NOTIFY_MESSAGE);
    assert.equal(b.status_code, '200');
    assert.equal(b.transaction_status, 'capture');
    assert.equal(b.fraud_status, 'accept');
    assert.equal(b.transaction_id, p.txid);
    assert.equal(b.order_id, p.orderId);
    assert.equal(b.gross_amount, '20000.00');
    assert.equal(b.currency, 'IDR');
    assert.equal(b.payment_type, 'credit_card');
    assert.equal(b.merchant_id, ctx.merchant.id);
    assert.match(b.transaction_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(b.transaction_time, p.res.json.transaction_time);
    // the card fields of SPEC §6.2 / CLIENTS.md §2.4
    assert.equal(b.masked_card, '401111-1112');
    for (const f of ['bank', 'card_type', 'approval_code', 'eci', 'channel_response_code', 'channel_response_message']) {
      assert.equal(typeof b[f], 'string', `${f} in ${n.text}`);
      assert.equal(b[f], p.res.json[f], `${f} as in the charge's answer`);
    }
    assertSigned(b, s.serverKey);
    // the status API's body, but for status_message
    const st = await s.status(p.orderId);
    assert.equal(st.status, 200, st.text);
    assert.deepEqual(Object.assign({}, b, { status_message: st.json.status_message }), st.json);
    assert.equal(merchantGot(p.orderId).length, 1, 'answered 200: sent once');
  });

  it('a denied card payment is announced with status_code 202 and its own signature', async () => {
    for (const [number, fraud] of [[CARD.bankDeny, 'accept'], [CARD.fdsDeny, 'deny']]) {
      const p = await s.paid(number);
      assert.equal(p.res.status, 202, p.res.text);
      await rec.waitFor(() => merchantGot(p.orderId).length >= 1, { what: `the deny notification of ${number}` });
      const b = merchantGot(p.orderId)[0].json;
      assert.equal(b.transaction_status, 'deny');
      assert.equal(b.fraud_status, fraud);
      assert.equal(b.status_code, '202');
      assert.equal(b.masked_card, `${number.slice(0, 6)}-${number.slice(-4)}`);
      assertSigned(b, s.serverKey, number);
    }
  });

  it('a transaction\'s notifications arrive in status order, the next one only after the first is delivered', async () => {
    // challenge then approve: the challenge is refused twice before it is
    // taken; the approval, made at once, must wait for it
    const p1 = uniquePath('order-approve');
    rec.setPathPlan(p1, [503, 503, 200]);
    const a = await s.paid(CARD.challenge, { headers: { 'X-Override-Notification': rec.url(p1) } });
    assert.equal(a.res.json.fraud_status, 'challenge');
    await s.actionOk(a.txid, 'approve');
    // challenge then deny
    const p2 = uniquePath('order-deny');
    rec.setPathPlan(p2, [500, 200]);
    const d = await s.paid(CARD.challenge, { headers: { 'X-Override-Notification': rec.url(p2) } });
    await s.actionOk(d.orderId, 'deny');
    // 3-D Secure: pending, then the capture after the OTP
    const p3 = uniquePath('order-3ds');
    rec.setPathPlan(p3, [404, 200]);
    const t = await s.paid(CARD.secure, { extra: { credit_card: { secure: true } }, headers: { 'X-Override-Notification': rec.url(p3) } });
    assert.equal(t.res.json.transaction_status, 'pending');
    const otp = await s.otp(t.txid);
    assert.equal(otp.status, 200, otp.text);
    // capture then cancel
    const p4 = uniquePath('order-cancel');
    const c = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(p4) } });
    await s.actionOk(c.txid, 'cancel');

    await rec.waitCount(p1, 4);
    await rec.waitCount(p2, 3);
    await rec.waitCount(p3, 3);
    await rec.waitCount(p4, 2);
    assert.deepEqual(statuses(rec.at(p1)), ['capture/challenge', 'capture/challenge', 'capture/challenge', 'capture/accept']);
    assert.deepEqual(rec.at(p1).map((r) => r.json.status_code), ['201', '201', '201', '200']);
    assert.deepEqual(statuses(rec.at(p2)), ['capture/challenge', 'capture/challenge', 'deny/deny']);
    assert.deepEqual(rec.at(p2).map((r) => r.json.status_code), ['201', '201', '202']);
    assert.deepEqual(rec.at(p3).map((r) => r.json.transaction_status), ['pending', 'pending', 'capture']);
    assert.deepEqual(rec.at(p3).map((r) => r.json.status_code), ['201', '201', '200']);
    assert.deepEqual(statuses(rec.at(p4)), ['capture/accept', 'cancel/accept']);
    assert.deepEqual(rec.at(p4).map((r) => r.json.status_code), ['200', '202']);
    for (const p of [p1, p2, p3, p4]) {
      const reqs = rec.at(p);
      for (let i = 1; i < reqs.length; i++) assert.ok(reqs[i].time >= reqs[i - 1].time);
      for (const r of reqs) assertSigned(r.json, s.serverKey, `${p} ${r.json.transaction_status}`);
    }
  });

  it('the number of attempts follows the answer: 2xx 1, 500 2, 503 5, 400/404 3, 301-303 1, others 6', async () => {
    // [label, answer to the capture notification, attempts expected]
    const cases = [
      ['200', 200, 1],
      ['201', 201, 1],
      ['204', { status: 204 }, 1],
      ['500', 500, 2],
      ['503', 503, 5],
      ['400', 400, 3],
      ['404', 404, 3],
      ['301', 'redirect301:' + rec.url('/moved-301'), 1],
      ['302', 'redirect302:' + rec.url('/moved-302'), 1],
      ['303', 'redirect303:' + rec.url('/moved-303'), 1],
      ['401', 401, 6],
      ['429', 429, 6],
      ['502', 502, 6],
      ['timeout', 'hang', 6], // --notify-timeout 1
    ];
    await Promise.all(cases.map(async ([label, answer, want]) => {
      const p = uniquePath(`count-${label}`);
      // the capture gets the answer under test; the cancel that follows, 200
      rec.setPathPlan(p, (req) => (req.json && req.json.transaction_status === 'capture' ? answer : 200));
      const pay = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(p) } });
      await s.actionOk(pay.txid, 'cancel');
      await rec.waitFor(() => rec.at(p).some((r) => r.json.transaction_status === 'cancel'),
        { timeoutMs: 20000, what: `the cancel notification after ${label}` });
      const captures = rec.at(p).filter((r) => r.json.transaction_status === 'capture');
      assert.equal(captures.length, want, `${label}: attempts of the capture notification`);
      assert.ok(captures.every((r) => r.text === captures[0].text), `${label}: every attempt sends the same body`);
      assert.equal(rec.at(p).filter((r) => r.json.transaction_status === 'cancel').length, 1, `${label}: the cancel once`);
    }));
    for (const moved of ['/moved-301', '/moved-302', '/moved-303']) {
      assert.equal(rec.at(moved).length, 0, `${moved}: 301, 302 and 303 are not followed`);
    }
  });

  // A merchant that reads the request and drops the connection without an
  // answer: a connection error, so 6 attempts. libcurl itself re-sends a
  // request whose reused connection died before any answer (up to 5 times),
  // so a notifier that reuses connections makes the merchant see more POSTs
  // than it counts attempts.
  it('a connection dropped without an answer: 6 attempts, and the merchant sees 6 POSTs', async () => {
    // pooled connections: other notifications to the same receiver at once
    const p = uniquePath('count-reset');
    rec.setPathPlan(p, (req) => (req.json && req.json.transaction_status === 'capture' ? 'reset' : 200));
    const others = [1, 2, 3, 4, 5, 6].map(() => s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(uniquePath('busy')) } }));
    const pay = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(p) } });
    await Promise.all(others);
    await s.actionOk(pay.txid, 'cancel');
    await rec.waitFor(() => rec.at(p).some((r) => r.json.transaction_status === 'cancel'),
      { timeoutMs: 20000, what: 'the cancel notification after the dropped connections' });
    if (haveSqlite3()) {
      const rows = sqlite(ctx.dir, `SELECT a.error FROM outbox o JOIN attempts a ON a.outbox_id = o.id
        WHERE o.transaction_id = '${pay.txid}' AND o.body LIKE '%"transaction_status":"capture"%'`);
      assert.equal(rows.length, 6, `attempts recorded: ${JSON.stringify(rows)}`);
    }
    const captures = rec.at(p).filter((r) => r.json.transaction_status === 'capture');
    assert.equal(captures.length, 6, 'POSTs the merchant received for the capture');
  });

  it('307 and 308 are followed with the same POST and body, at most 5 hops', async () => {
    const cases = [];
    for (const code of [307, 308]) {
      const from = uniquePath(`r${code}`);
      const to = uniquePath(`r${code}-final`);
      rec.setPathPlan(from, `redirect${code}:${rec.url(to)}`);
      rec.setPathPlan(to, 200);
      cases.push({ from, to });
    }
    // a chain of 5 hops is still followed
    const chain = [1, 2, 3, 4, 5, 6].map(() => uniquePath('hop'));
    chain.forEach((p, i) => rec.setPathPlan(p, i < 5 ? `redirect${i % 2 ? 308 : 307}:${rec.url(chain[i + 1])}` : 200));
    cases.push({ from: chain[0], to: chain[5] });

    await Promise.all(cases.map(async ({ from, to }) => {
      const pay = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(from) } });
      await rec.waitCount(to, 1);
      const [first] = rec.at(from);
      const [last] = rec.at(to);
      assert.equal(last.method, 'POST', `${to}: still a POST`);
      assert.equal(last.text, first.text, `${to}: the same body`);
      assert.equal(last.headers['content-type'], first.headers['content-type']);
      assert.equal(last.headers['user-agent'], 'Veritrans');
      assert.equal(last.json.order_id, pay.orderId);
      // a second change as the barrier: the capture was sent exactly once
      await s.actionOk(pay.txid, 'cancel');
      await rec.waitCount(to, 2);
      assert.equal(rec.at(from).length, 2, `${from}: one request per notification`);
      assert.deepEqual(statuses(rec.at(to)), ['capture/accept', 'cancel/accept']);
    }));

    // a loop: 5 hops, then the attempt has failed; the next attempt starts
    // over at the URL kasir was given
    const loop = uniquePath('loop');
    rec.setPathPlan(loop, (req) => (req.json.transaction_status === 'capture' ? `redirect307:${rec.url(loop)}` : 200));
    const pay = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(loop) } });
    await s.actionOk(pay.txid, 'cancel');
    await rec.waitFor(() => rec.at(loop).some((r) => r.json.transaction_status === 'cancel'),
      { timeoutMs: 20000, what: 'the cancel after a redirect loop' });
    const n = rec.at(loop).filter((r) => r.json.transaction_status === 'capture').length;
    assert.ok(n >= 6 && n % 6 === 0 && n <= 36, `a redirect loop: 1 + 5 hops per attempt, got ${n} requests`);
  });

  it('a refused connection is tried 6 times, each attempt recorded', async (t) => {
    const port = await closedPort();
    const refused = `http://127.0.0.1:${port}/refused`;
    const witness = uniquePath('refused-witness');
    const pay = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': `${refused},${rec.url(witness)}` } });
    await s.actionOk(pay.txid, 'cancel');
    // the cancel reaches the witness only once the refused capture is given up
    await rec.waitCount(witness, 2, { timeoutMs: 20000 });
    assert.deepEqual(statuses(rec.at(witness)), ['capture/accept', 'cancel/accept']);
    if (!haveSqlite3()) {
      t.skip('the sqlite3 command is not installed: the refused attempts cannot be counted');
      return;
    }
    const rows = sqlite(ctx.dir, `SELECT o.state, o.attempts, a.target, a.http_status, a.error, a.latency_ms, a.at FROM outbox o
      JOIN attempts a ON a.outbox_id = o.id WHERE o.transaction_id = '${pay.txid}' AND o.target = '${refused}'
      AND o.body LIKE '%"transaction_status":"capture"%' ORDER BY a.id`);
    assert.equal(rows.length, 6, `attempts of the refused capture notification: ${JSON.stringify(rows)}`);
    for (const r of rows) {
      assert.equal(r.state, 'failed');
      assert.equal(r.target, refused);
      assert.ok(!r.http_status, 'no HTTP status without an answer');
      assert.ok(r.error && r.error.length > 0, 'the error is recorded');
    }
  });

  it('307 followed: the attempt is recorded at the final URL', async (t) => {
    if (!haveSqlite3()) {
      t.skip('the sqlite3 command is not installed');
      return;
    }
    const from = uniquePath('rec307');
    const to = uniquePath('rec307-final');
    rec.setPathPlan(from, `redirect307:${rec.url(to)}`);
    const pay = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(from) } });
    await s.actionOk(pay.txid, 'cancel');
    await rec.waitCount(to, 2);
    // the outcome is written after the answer: poll the table briefly
    let rows = [];
    for (let i = 0; i < 100; i++) {
      rows = sqlite(ctx.dir, `SELECT o.state, a.target, a.http_status FROM outbox o JOIN attempts a ON a.outbox_id = o.id
        WHERE o.transaction_id = '${pay.txid}' ORDER BY a.id`);
      if (rows.length >= 2 && rows.every((r) => r.state === 'done')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(rows, [
      { state: 'done', target: rec.url(to), http_status: 200 },
      { state: 'done', target: rec.url(to), http_status: 200 },
    ]);
  });

  it('X-Override-Notification replaces the merchant URL; X-Append-Notification adds to it; override wins', async () => {
    const [o1, o2, o3, a1, a2, b1, b2] = ['ov', 'ov', 'ov', 'ap', 'ap', 'both-ov', 'both-ap'].map(uniquePath);
    const ov = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': `${rec.url(o1)}, ${rec.url(o2)},${rec.url(o3)}` } });
    const ap = await s.paid(CARD.accept, { headers: { 'X-Append-Notification': `${rec.url(a1)},${rec.url(a2)}` } });
    const both = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url(b1), 'X-Append-Notification': rec.url(b2) } });
    for (const p of [ov, ap, both]) await s.actionOk(p.txid, 'cancel');
    // the cancels arrive after every capture of their transaction is done
    for (const p of [o1, o2, o3, a1, a2, b1]) {
      await rec.waitCount(p, 2);
      assert.deepEqual(statuses(rec.at(p)), ['capture/accept', 'cancel/accept'], p);
    }
    await rec.waitFor(() => merchantGot(ap.orderId).length >= 2, { what: 'the appended transaction at the merchant URL' });
    assert.deepEqual(statuses(merchantGot(ap.orderId)), ['capture/accept', 'cancel/accept']);
    assert.equal(merchantGot(ov.orderId).length, 0, 'override: nothing at the merchant URL');
    assert.equal(merchantGot(both.orderId).length, 0, 'both headers: only the override');
    assert.equal(rec.at(b2).length, 0, 'both headers: the append URL is not used');
    assert.equal(rec.at(o1)[0].text, rec.at(o2)[0].text, 'every URL gets the same body');
  });

  it('a notification URL set while the server runs is used for the next change', async () => {
    const r = await k.runKasir(['merchant', 'set', '--db', ctx.db, '--id', ctx.merchant.id, '--notification-url', rec.url('/changed')]);
    assert.equal(r.code, 0, r.stderr);
    const p = await s.paid(CARD.accept);
    await rec.waitFor(() => rec.at('/changed').some((q) => q.json.order_id === p.orderId), { what: 'the notification at the new URL' });
    assert.equal(merchantGot(p.orderId).length, 0);
    const back = await k.runKasir(['merchant', 'set', '--db', ctx.db, '--id', ctx.merchant.id, '--notification-url', rec.url('/merchant')]);
    assert.equal(back.code, 0, back.stderr);
  });
});

describe('notifications survive kill -9', () => {
  let rec;
  let dir;
  let db;
  let merchant;
  let server;
  let phase = 1;
  const hangOrders = new Set();

  before(async () => {
    // phase 1: 503 (or no answer at all for hangOrders); phase 2: 200
    rec = await startReceiver({
      plan: (req) => {
        if (phase === 2) return 200;
        return hangOrders.has(req.json && req.json.order_id) ? 'hang' : 503;
      },
    });
    dir = k.makeTempDir();
    db = k.dbUrl(dir);
    merchant = await k.createMerchant(db, 'Toko Crash', ['--notification-url', rec.url('/crash')]);
  });
  after(async () => {
    if (server && !server.exit) await k.killServer(server);
    await rec.close();
    k.removeTempDir(dir);
  });

  it('deliveries pending at a kill -9 are all delivered once after the restart, in order', async () => {
    // a retry an hour away: nothing is sent again before the kill
    server = await k.startServer({ db, args: ['--notify-retry-interval', '3600'] });
    let s = shop(server, merchant);
    const captured = [];
    for (let i = 0; i < 3; i++) captured.push(await s.paid(CARD.accept));
    const canceled = await s.paid(CARD.challenge);
    await s.actionOk(canceled.txid, 'cancel'); // waits behind the challenge's notification
    const hanging = await s.token();
    hangOrders.add(hanging.orderId);
    const hangPay = await s.pay(hanging.token, CARD.accept); // in flight at the kill
    assert.equal(hangPay.status, 200);
    const all = [...captured.map((p) => p.orderId), canceled.orderId, hanging.orderId];
    await rec.waitFor((rs) => all.every((id) => rs.some((r) => r.json.order_id === id)), { what: 'a first attempt of each' });
    assert.equal(rec.hangingCount(), 1);
    const seenBefore = rec.requests.length;
    assert.equal(seenBefore, all.length, 'one attempt each before the kill');
    await k.killServer(server);

    // the merchant is back; kasir restarts on the same database, and its
    // clock is moved past the hour the 503s were told to wait
    phase = 2;
    server = await k.startServer({ db, args: ['--notify-retry-interval', '0', '--test-clock'] });
    s = shop(server, merchant);
    const clock = await k.clock(server, merchant.sandbox.server_key, 3601);
    assert.equal(clock.status, 200, clock.text);
    const delivered = (id) => rec.requests.filter((r) => r.json.order_id === id && r.answer === 200);
    await rec.waitFor(() => all.every((id) => delivered(id).length >= (id === canceled.orderId ? 2 : 1)),
      { timeoutMs: 15000, what: 'every notification delivered after the restart' });
    for (const id of all) {
      const want = id === canceled.orderId ? ['capture/challenge', 'cancel/challenge'] : ['capture/accept'];
      assert.deepEqual(statuses(delivered(id)), want, `${id}: delivered once each, in order`);
    }
    // challenge first, then the cancel
    const c = rec.requests.filter((r) => r.json.order_id === canceled.orderId);
    assert.deepEqual(statuses(c), ['capture/challenge', 'capture/challenge', 'cancel/challenge']);

    // a graceful restart sends nothing again; a new payment is the barrier
    await k.stopServer(server);
    server = await k.startServer({ db, args: ['--notify-retry-interval', '0', '--test-clock'] });
    s = shop(server, merchant);
    await k.clock(server, merchant.sandbox.server_key, 7200);
    const after = await s.paid(CARD.accept);
    await rec.waitFor((rs) => rs.some((r) => r.json.order_id === after.orderId), { what: 'the barrier payment' });
    for (const id of all) {
      const want = id === canceled.orderId ? 2 : 1;
      assert.equal(delivered(id).length, want, `${id}: no delivery after a 2xx`);
    }
    await k.stopServer(server);
  });

  it('a merchant that was down during the crash gets every notification once it is back', async () => {
    const port = rec.port;
    await rec.close(); // refused from now on
    phase = 1;
    server = await k.startServer({ db, args: ['--notify-retry-interval', '3600'] });
    let s = shop(server, merchant);
    const pays = [];
    for (let i = 0; i < 3; i++) pays.push(await s.paid(CARD.accept));
    // the kill may come before or after the first (refused) attempt is
    // recorded: either way the rows are pending
    await k.killServer(server);

    rec = await startReceiver({ plan: 200, port });
    server = await k.startServer({ db, args: ['--notify-retry-interval', '0', '--test-clock'] });
    s = shop(server, merchant);
    await k.clock(server, merchant.sandbox.server_key, 3601);
    await rec.waitFor((rs) => pays.every((p) => rs.some((r) => r.json.order_id === p.orderId)), { timeoutMs: 15000, what: 'the notifications after the outage' });
    // barrier: one more payment, then count
    const more = await s.paid(CARD.accept);
    await rec.waitFor((rs) => rs.some((r) => r.json.order_id === more.orderId));
    for (const p of pays) {
      assert.equal(rec.requests.filter((r) => r.json.order_id === p.orderId).length, 1, `${p.orderId}: delivered once`);
    }
    await k.stopServer(server);
  });
});

describe('a graceful stop with deliveries in flight', () => {
  let rec;
  let dir;
  let db;
  let merchant;
  let server;
  before(async () => {
    rec = await startReceiver({ plans: { '/held': 'hold' } });
    dir = k.makeTempDir();
    db = k.dbUrl(dir);
    merchant = await k.createMerchant(db, 'Toko Tutup', ['--notification-url', rec.url('/held')]);
  });
  after(async () => {
    if (server && !server.exit) await k.killServer(server);
    await rec.close();
    k.removeTempDir(dir);
  });

  // Resolves once the server logged that it took the signal.
  function signalTaken(srv) {
    return new Promise((resolve) => {
      const seen = () => /signal \d+: stopping/.test(srv.stderr);
      if (seen()) { resolve(); return; }
      const on = () => { if (seen()) { srv.child.stderr.off('data', on); resolve(); } };
      srv.child.stderr.on('data', on);
    });
  }

  it('SIGTERM with 60 deliveries unanswered: each is answered 200, recorded, and never sent again', async () => {
    const N = 60;
    // a long answer timeout: the held deliveries wait for the test, not a clock
    server = await k.startServer({ db, args: ['--notify-retry-interval', '0', '--notify-timeout', '120'] });
    let s = shop(server, merchant);
    const ids = [];
    for (let i = 0; i < N; i++) ids.push((await s.paid(CARD.accept)).orderId);
    await rec.waitCount('/held', N, { timeoutMs: 60000 });
    assert.equal(rec.heldCount(), N, 'every delivery is in flight, unanswered');

    // the stop begins with N answers outstanding; they come once kasir
    // took the signal, so each lands after it stopped claiming
    const taken = signalTaken(server);
    server.child.kill('SIGTERM');
    await taken;
    assert.equal(rec.release(200), N);
    const exit = await server.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, `exit after SIGTERM; stderr:\n${server.stderr.slice(-2000)}`);

    // before any restart the database already says: delivered, once
    const rows = k.dbRows(db, "SELECT o.id, o.state, o.attempts, (SELECT count(*) FROM attempts a WHERE a.outbox_id = o.id) AS tries FROM outbox o WHERE o.target LIKE '%/held'");
    assert.equal(rows.length, N);
    for (const r of rows) {
      assert.equal(r.state, 'done', `outbox ${r.id}`);
      assert.equal(Number(r.attempts), 1, `outbox ${r.id}: attempts`);
      assert.equal(Number(r.tries), 1, `outbox ${r.id}: rows in attempts`);
    }
    if (k.PG_SERVER) {
      const leased = k.dbRows(db, "SELECT id FROM outbox WHERE lease_until IS NOT NULL AND target LIKE '%/held'");
      assert.deepEqual(leased, [], 'no lease outlives the stop');
    }

    // restarted on the same database: a new payment is the barrier, and
    // nothing of before is sent again
    rec.setPathPlan('/held', 200);
    server = await k.startServer({ db, args: ['--notify-retry-interval', '0'] });
    s = shop(server, merchant);
    const barrier = await s.paid(CARD.accept);
    await rec.waitFor((rs) => rs.some((r) => r.json && r.json.order_id === barrier.orderId), { what: 'the barrier payment' });
    await k.stopServer(server);
    for (const id of ids) {
      const got = rec.at('/held').filter((r) => r.json && r.json.order_id === id);
      assert.equal(got.length, 1, `${id}: sent once`);
      assert.equal(got[0].answer, 200, `${id}: answered 200`);
    }
    const tries = k.dbRows(db, 'SELECT count(*) AS n FROM attempts');
    assert.equal(Number(tries[0].n), N + 1, 'one attempt each, and the barrier\'s');
  });
});

describe('the midtrans schedule (--notify-schedule midtrans)', () => {
  let rec;
  let ctx;
  let s;
  let offsetMs = 0; // how far the test moved kasir's clock
  before(async () => {
    rec = await startReceiver({ plans: { '/m503': 503, '/barrier': 200 } });
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Jadwal', ['--notification-url', rec.url('/m503')]);
    const server = await k.startServer({ db, args: ['--test-clock', '--notify-schedule', 'midtrans'] });
    ctx = { dir, db, merchant, server };
    s = shop(server, merchant);
  });
  after(async () => {
    await k.teardown(ctx);
    await rec.close();
  });

  // Moves the sandbox's clock forward by whole seconds; resolves its time now.
  async function advance(seconds) {
    const n = Math.max(0, Math.ceil(seconds));
    const res = await k.clock(ctx.server, ctx.merchant.sandbox.server_key, n);
    assert.equal(res.status, 200, res.text);
    offsetMs = res.json.offset_seconds * 1000;
    return res.json.now_ms;
  }

  // The attempts kasir recorded for a transaction's first notification,
  // once there are n of them (the store is the witness of the spacing).
  async function recorded(txid, n) {
    const sql = 'SELECT o.state, o.attempts, o.next_at, a.at, a.latency_ms, a.http_status FROM outbox o' +
      ` JOIN attempts a ON a.outbox_id = o.id WHERE o.id = (SELECT min(id) FROM outbox WHERE transaction_id = '${txid}')` +
      ' ORDER BY a.id';
    for (let i = 0; ; i++) {
      const rows = k.dbRows(ctx.db, sql).map((r) => Object.fromEntries(Object.entries(r).map(([key, v]) => [key, key === 'state' ? v : Number(v)])));
      if (rows.length >= n && rows[0].attempts >= n) return rows;
      assert.ok(i < 3000, `attempt ${n} of ${txid} recorded; have ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // A payment notified at /barrier: once it arrives, the notifier has
  // claimed everything that was due before it.
  async function barrier() {
    const b = await s.paid(CARD.accept, { headers: { 'X-Override-Notification': rec.url('/barrier') } });
    await rec.waitFor(() => rec.at('/barrier').some((r) => r.json && r.json.order_id === b.orderId), { what: 'the barrier notification' });
  }

  it("503 is retried four times, each only inside its window of the midtrans schedule's spacing, counted on the test clock", async () => {
    // TODAY.md T8.4 steps, as chosen in core/retry.h: retry n in [lo, hi] s
    const WINDOWS = [[0, 120], [120, 600], [600, 1800], [1800, 5400]];
    const MARGIN_MS = 60000; // "just under the lower bound": a minute before it
    const p = await s.paid(CARD.accept);
    const tries = () => rec.at('/m503').filter((r) => r.json && r.json.order_id === p.orderId && r.json.transaction_status === 'capture');
    await rec.waitFor(() => tries().length >= 1, { what: 'the first attempt' });
    for (let n = 1; n <= WINDOWS.length; n++) {
      const [lo, hi] = WINDOWS[n - 1];
      const rows = await recorded(p.txid, n);
      const last = rows[n - 1];
      assert.equal(last.http_status, 503);
      assert.equal(rows[0].state, 'pending', `after attempt ${n}`);
      // the delay kasir chose: from the attempt's end to the next one
      const ended = last.at + last.latency_ms;
      const delay = rows[0].next_at - ended;
      assert.ok(delay >= lo * 1000 - 1000 && delay <= hi * 1000 + 1000,
        `retry ${n} is due ${delay} ms after attempt ${n}: outside ${lo}..${hi} s`);
      if (lo > 0) {
        // a minute short of the window: the retry is not due, and the
        // barrier proves the notifier looked after the clock moved
        const now = await advance((last.at + lo * 1000 - MARGIN_MS - (Date.now() + offsetMs)) / 1000);
        await barrier();
        const after = await advance(0);
        assert.ok(now < ended + lo * 1000);
        if (after < ended + lo * 1000) {
          assert.equal(tries().length, n, `retry ${n} not sent before ${lo} s`);
        } else {
          console.log(`# retry ${n}: more than a minute passed during the barrier; its absence was not checked`);
        }
      }
      // to the window's end: the retry goes, exactly one (the next window
      // opens 2 minutes or more later, checked on the next round)
      await advance((ended + hi * 1000 + 1000 - (Date.now() + offsetMs)) / 1000);
      await rec.waitFor(() => tries().length >= n + 1, { what: `retry ${n}` });
    }
    // the fifth attempt is the last for 503: failed, and nothing follows
    const rows = await recorded(p.txid, 5);
    assert.equal(rows[0].state, 'failed');
    assert.equal(rows.length, 5);
    await advance(12600 + 60);
    await barrier();
    assert.equal(tries().length, 5, '503: 1 + 4 attempts');
  });
});

describe('a merchant that never answers holds up no one else', () => {
  let rec;
  let ctx;
  before(async () => {
    rec = await startReceiver({ plan: 200 });
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Macet', ['--notification-url', rec.url('/other')]);
    // answers are awaited for a minute: the hanging deliveries stay in flight
    const server = await k.startServer({ db, args: ['--notify-retry-interval', '0', '--notify-timeout', '60'] });
    ctx = { dir, db, merchant, server };
  });
  after(async () => {
    await rec.close(); // ends the hanging answers first
    await k.teardown(ctx);
  });

  it('300 deliveries hanging at one URL: all in flight, and another URL still gets its notification at once', async () => {
    const s = shop(ctx.server, ctx.merchant);
    const stuck = rec.url('/stuck');
    rec.setPathPlan('/stuck', 'hang');
    const HANGING = 300;
    let next = 0;
    const worker = async () => {
      while (next < HANGING) {
        next += 1;
        await s.paid(CARD.accept, { headers: { 'X-Override-Notification': stuck } });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await rec.waitCount('/stuck', 256, { timeoutMs: 10000 });
    const p = await s.paid(CARD.accept);
    await rec.waitFor(() => rec.at('/other').some((r) => r.json.order_id === p.orderId),
      { timeoutMs: 5000, what: 'the notification to the merchant that answers' });
    // kasir keeps up to 1000 deliveries in flight (serve.c max_in_flight)
    await rec.waitCount('/stuck', HANGING, { timeoutMs: 5000 });
    assert.equal(rec.hangingCount(), HANGING);
  });
});
