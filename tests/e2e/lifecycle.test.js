'use strict';
// The transaction lifecycle (SPEC §6.1, §8; issue 4): the status API, the
// merchant actions and their 412 in every state that forbids them, capture
// of a pre-authorization, refunds, the timed transitions driven by the test
// clock (expiry, settlement, the challenge auto-cancel) and email
// notifications received by a local SMTP sink.
//
// Every change is also checked at the merchant's notification receiver;
// the receiver and the SMTP sink double as barriers: a transaction's
// notifications (and mails) leave in status order, so when a later one has
// arrived, the earlier ones are final.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const k = require('./lib/server');
const { CARD, JSON_HDR, signature, shop } = require('./lib/shop');
const { startReceiver } = require('./lib/receiver');
const { startSmtpSink } = require('./lib/smtp');

const REFUSED = { status_code: '412', status_message: 'Merchant cannot modify the status of the transaction' };
const NOT_FOUND = { status_code: '404', status_message: "Transaction doesn't exist." };
const UNAUTHORIZED = { status_code: '401', status_message: 'Transaction cannot be authorized with the current client/server key.' };

// "2026-11-27 01:55:28" (Asia/Jakarta, UTC+7) -> ms UTC
function jakartaMs(text) {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text);
  assert.ok(m, `a Jakarta time: ${text}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 7, +m[5], +m[6]);
}
function jakartaText(ms) {
  const d = new Date(ms + 7 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
// The settlement time of a capture made at `ms`: the next day (Jakarta) at
// 16:00 Jakarta (SPEC §8: D+1 16:00 Asia/Jakarta).
function settlementMs(ms) {
  const d = new Date(ms + 7 * 3600 * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 16 - 7, 0, 0);
}

// A receiver at the merchant's notification URL plus helpers on it.
function notifications(rec) {
  return {
    of: (orderId) => rec.at('/merchant').filter((r) => r.json && r.json.order_id === orderId).map((r) => r.json),
    // Resolves the notifications of orderId once one has transaction_status.
    async wait(orderId, status, count = 1) {
      await rec.waitFor(() => this.of(orderId).filter((b) => b.transaction_status === status).length >= count,
        { what: `${count} ${status} notification(s) of ${orderId}` });
      return this.of(orderId);
    },
  };
}

async function fixture(serverArgs = []) {
  const rec = await startReceiver({ plan: 200 });
  const dir = k.makeTempDir();
  const db = k.dbUrl(dir);
  const merchant = await k.createMerchant(db, 'Toko Siklus', ['--notification-url', rec.url('/merchant')]);
  const server = await k.startServer({ db, args: ['--notify-retry-interval', '0', ...serverArgs] });
  return { rec, dir, db, merchant, server, s: shop(server, merchant, { prefix: 'lc' }), n: notifications(rec) };
}
async function release(f) {
  if (!f) return;
  await k.teardown(f);
  await f.rec.close();
}

describe('status API', () => {
  let f;
  before(async () => { f = await fixture(); });
  after(() => release(f));

  it('finds a payment by order_id and by transaction_id, percent-decoded, with a valid signature', async () => {
    const p = await f.s.capture();
    const byOrder = await f.s.status(p.orderId);
    assert.equal(byOrder.status, 200, byOrder.text);
    const b = byOrder.json;
    assert.equal(b.status_code, '200');
    assert.equal(b.status_message, 'Success, transaction is found');
    assert.equal(b.transaction_id, p.txid);
    assert.equal(b.order_id, p.orderId);
    assert.equal(b.transaction_status, 'capture');
    assert.equal(b.fraud_status, 'accept');
    assert.equal(b.gross_amount, '20000.00');
    assert.equal(b.currency, 'IDR');
    assert.equal(b.payment_type, 'credit_card');
    assert.equal(b.merchant_id, f.merchant.id);
    assert.equal(b.transaction_time, p.json.transaction_time);
    assert.equal(b.masked_card, '401111-1112');
    assert.equal(b.signature_key, signature(b, f.s.serverKey));
    const byTx = await f.s.status(p.txid);
    assert.deepEqual(byTx.json, b);
    // every byte percent-encoded, as a client escaping everything would
    const encoded = [...p.orderId].map((c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')).join('');
    const dec = await f.s.status(encoded);
    assert.equal(dec.status, 200, dec.text);
    assert.deepEqual(dec.json, b);
    const lower = await f.s.status(p.txid.replace(/-/g, '%2d'));
    assert.deepEqual(lower.json, b);
    // unknown query parameters (Python's notification() puts headers there)
    // are ignored, and a GET with a body {} (Node's client) is fine
    const q = await f.s.status(p.orderId, { query: '?X-Append-Notification=https%3A%2F%2Fshop.test%2Fn&x=1', body: '{}' });
    assert.equal(q.status, 200, q.text);
    assert.deepEqual(q.json, b);
  });

  it('an order\'s newest attempt answers for the order; each attempt for its transaction_id', async () => {
    const { token, orderId } = await f.s.token();
    const denied = await f.s.pay(token, CARD.bankDeny);
    assert.equal(denied.status, 202, denied.text);
    const ok = await f.s.pay(token, CARD.accept);
    assert.equal(ok.status, 200, ok.text);
    const byOrder = await f.s.status(orderId);
    assert.equal(byOrder.json.transaction_id, ok.json.transaction_id);
    assert.equal(byOrder.json.transaction_status, 'capture');
    const first = await f.s.status(denied.json.transaction_id);
    assert.equal(first.status, 200);
    assert.equal(first.json.transaction_status, 'deny');
    assert.equal(first.json.status_code, '202');
    assert.equal(first.json.signature_key, signature(first.json, f.s.serverKey));
  });

  it('404 "Transaction doesn\'t exist." for unknown ids, orders with no payment, and other merchants\' keys', async () => {
    const none = await f.s.status('no-such-order');
    assert.equal(none.status, 404, none.text);
    assert.deepEqual({ status_code: none.json.status_code, status_message: none.json.status_message }, NOT_FOUND);
    const uuid = await f.s.status('01a21935-5fe6-74be-b5e6-663d0b5ce426');
    assert.equal(uuid.status, 404);
    const { orderId } = await f.s.token();
    const unpaid = await f.s.status(orderId);
    assert.equal(unpaid.status, 404, 'a token with no payment yet');
    assert.equal(unpaid.json.status_message, NOT_FOUND.status_message);
    const p = await f.s.capture();
    const prod = await f.s.status(p.orderId, { key: f.merchant.production.server_key });
    assert.equal(prod.status, 404, 'the production key sees only production');
    const other = await k.createMerchant(f.db, 'Toko Lain');
    const o = await f.s.status(p.txid, { key: other.sandbox.server_key });
    assert.equal(o.status, 404, 'another merchant\'s key');
    for (const verb of ['approve', 'deny', 'cancel', 'expire']) {
      const a = await f.s.action('no-such-order', verb);
      assert.equal(a.status, 404, `${verb}: ${a.text}`);
      assert.equal(a.json.status_code, '404');
      const x = await f.s.action(p.txid, verb, '', other.sandbox.server_key);
      assert.equal(x.status, 404, `${verb} with another merchant's key`);
    }
    const r = await f.s.refund('no-such-order', { refund_key: 'x', amount: 1000 });
    assert.equal(r.status, 404);
    const c = await f.s.captureTx({ transaction_id: 'no-such-tx', gross_amount: 1000 });
    assert.equal(c.status, 404);
    // nothing changed on the payment
    const st = await f.s.status(p.txid);
    assert.equal(st.json.transaction_status, 'capture');
  });

  it('401 for a wrong, missing or client key, on the status API and the actions', async () => {
    const p = await f.s.capture();
    const cases = [
      { Authorization: k.basicAuth('SB-VT-server-wrongwrongwrongwrong') },
      { Authorization: k.basicAuth(f.merchant.sandbox.client_key) },
      { Authorization: 'Bearer x' },
      {},
    ];
    for (const headers of cases) {
      const st = await k.request(f.server, `/v2/${p.orderId}/status`, { headers });
      assert.equal(st.status, 401, `${JSON.stringify(headers)}: ${st.text}`);
      assert.deepEqual(st.json, UNAUTHORIZED);
      const a = await k.request(f.server, `/v2/${p.orderId}/cancel`, { method: 'POST', headers, body: '' });
      assert.equal(a.status, 401);
      assert.deepEqual(a.json, UNAUTHORIZED);
    }
    const st = await f.s.status(p.txid);
    assert.equal(st.json.transaction_status, 'capture', 'not canceled');
  });
});

describe('merchant actions', () => {
  let f;
  before(async () => { f = await fixture(); });
  after(() => release(f));

  // The answer of a successful action: HTTP 200, the payment as it is now.
  function assertAnswer(res, p, { code, message, status, fraud }) {
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status_code, code);
    assert.equal(res.json.status_message, message);
    assert.equal(res.json.transaction_id, p.txid);
    assert.equal(res.json.order_id, p.orderId);
    assert.equal(res.json.transaction_status, status);
    if (fraud) assert.equal(res.json.fraud_status, fraud);
    assert.equal(res.json.payment_type, 'credit_card');
  }
  function assertRefused(res, what) {
    assert.equal(res.status, 412, `${what}: ${res.status} ${res.text}`);
    assert.deepEqual(res.json, REFUSED, what);
  }
  // The status API and the notification agree with the change.
  async function assertNow(p, status, code, fraud) {
    const st = await f.s.status(p.orderId);
    assert.equal(st.json.transaction_status, status);
    assert.equal(st.json.status_code, code);
    if (fraud) assert.equal(st.json.fraud_status, fraud);
    // the notification of this change: the newest one of the order
    await f.rec.waitFor(() => f.n.of(p.orderId).some((b) => b.transaction_status === status && b.status_code === code &&
      (!fraud || b.fraud_status === fraud)), { what: `the ${status} notification of ${p.orderId}` });
    const ns = f.n.of(p.orderId);
    const last = ns[ns.length - 1];
    assert.equal(last.transaction_status, status);
    assert.equal(last.status_code, code);
    assert.equal(last.signature_key, signature(last, f.s.serverKey));
  }

  it('approve a challenge: 200 "Success, transaction is approved", then capture/accept', async () => {
    const p = await f.s.challenge();
    assert.equal(p.json.status_code, '201');
    const res = await f.s.action(p.txid, 'approve', 'null');
    assertAnswer(res, p, { code: '200', message: 'Success, transaction is approved', status: 'capture', fraud: 'accept' });
    await assertNow(p, 'capture', '200', 'accept');
    assert.deepEqual(f.n.of(p.orderId).map((b) => `${b.status_code} ${b.transaction_status}/${b.fraud_status}`),
      ['201 capture/challenge', '200 capture/accept']);
    assertRefused(await f.s.action(p.txid, 'approve'), 'approve twice');
    assertRefused(await f.s.action(p.txid, 'deny'), 'deny after approve');
  });

  it('deny a challenge: 200 "Success, transaction is denied", then deny/deny (202), final', async () => {
    const p = await f.s.challenge();
    const res = await f.s.action(p.orderId, 'deny', '{}');
    assertAnswer(res, p, { code: '200', message: 'Success, transaction is denied', status: 'deny', fraud: 'deny' });
    await assertNow(p, 'deny', '202', 'deny');
    for (const verb of ['approve', 'deny', 'cancel', 'expire']) assertRefused(await f.s.action(p.txid, verb), `${verb} after deny`);
  });

  it('cancel before settlement (capture, challenge, authorize, pending): 200 "Success, transaction is canceled", then cancel (202)', async () => {
    for (const make of ['capture', 'challenge', 'authorize', 'pending']) {
      const p = await f.s[make]();
      const res = await f.s.action(p.txid, 'cancel', make === 'pending' ? '' : '{}');
      assertAnswer(res, p, { code: '200', message: 'Success, transaction is canceled', status: 'cancel' });
      await assertNow(p, 'cancel', '202');
      for (const verb of ['approve', 'deny', 'cancel', 'expire']) assertRefused(await f.s.action(p.txid, verb), `${verb} after cancel of ${make}`);
      assertRefused(await f.s.captureTx({ transaction_id: p.txid, gross_amount: 20000 }), `capture after cancel of ${make}`);
    }
  });

  it('expire a pending payment: HTTP 200 with status_code "407" "Success, transaction has expired"', async () => {
    const p = await f.s.pending();
    assert.equal(p.json.transaction_status, 'pending');
    const res = await f.s.action(p.txid, 'expire', 'null');
    assertAnswer(res, p, { code: '407', message: 'Success, transaction has expired', status: 'expire' });
    await assertNow(p, 'expire', '407');
    const st = await f.s.status(p.txid);
    assert.equal(st.status, 200, 'an expired payment is found (HTTP 200, status_code 407)');
    for (const verb of ['approve', 'deny', 'cancel', 'expire']) assertRefused(await f.s.action(p.txid, verb), `${verb} after expire`);
    // the customer can no longer finish the 3-D Secure step
    const otp = await f.s.otp(p.txid);
    assert.notEqual(otp.status, 200, otp.text);
    assert.equal((await f.s.status(p.txid)).json.transaction_status, 'expire');
  });

  it('every action the state forbids answers HTTP 412 and changes nothing', async () => {
    // state -> the actions that state refuses (SPEC §6.1, CLIENTS.md §2.5)
    const table = {
      pending: ['approve', 'deny', 'capture', 'refund'],
      capture: ['approve', 'deny', 'expire', 'capture', 'refund'],
      challenge: ['expire', 'capture', 'refund'],
      authorize: ['approve', 'deny', 'expire', 'refund'],
      denied: ['approve', 'deny', 'cancel', 'expire', 'capture', 'refund'],
    };
    const bodies = ['', '{}', 'null'];
    let i = 0;
    for (const [make, verbs] of Object.entries(table)) {
      const p = await f.s[make]();
      const before = (await f.s.status(p.txid)).json;
      for (const verb of verbs) {
        let res;
        if (verb === 'capture') res = await f.s.captureTx({ transaction_id: p.txid, gross_amount: 20000 });
        else if (verb === 'refund') res = await f.s.refund(p.txid, { refund_key: `rk-${make}`, amount: 1000, reason: 'test' });
        else res = await f.s.action(p.txid, verb, bodies[i++ % bodies.length]);
        assertRefused(res, `${verb} on ${make}`);
      }
      assert.deepEqual((await f.s.status(p.txid)).json, before, `${make}: unchanged`);
    }
  });

  it('an action body that is not an object, {} , null or empty is a 400', async () => {
    const p = await f.s.capture();
    for (const body of ['[]', '"x"', '{', '1']) {
      const res = await f.s.action(p.txid, 'cancel', body);
      assert.equal(res.status, 400, `${body}: ${res.text}`);
      assert.equal(res.json.status_code, '400');
    }
    assert.equal((await f.s.status(p.txid)).json.transaction_status, 'capture');
  });

  it('capture of a pre-authorization, full: authorize -> capture with the whole amount', async () => {
    const p = await f.s.authorize();
    assert.equal(p.json.transaction_status, 'authorize');
    assert.equal(p.json.status_code, '200');
    await f.n.wait(p.orderId, 'authorize');
    const res = await f.s.captureTx({ transaction_id: p.txid, gross_amount: 20000 });
    assertAnswer(res, p, { code: '200', message: 'Success, Credit Card capture transaction is successful', status: 'capture', fraud: 'accept' });
    assert.equal(res.json.gross_amount, '20000.00');
    await assertNow(p, 'capture', '200', 'accept');
    assertRefused(await f.s.captureTx({ transaction_id: p.txid, gross_amount: 20000 }), 'capture twice');
    // without gross_amount: the whole authorized amount
    const q = await f.s.authorize(30000);
    const whole = await f.s.captureTx({ transaction_id: q.txid });
    assert.equal(whole.status, 200, whole.text);
    assert.equal(whole.json.gross_amount, '30000.00');
  });

  it('capture of a pre-authorization, partial: the captured amount is the new gross_amount, signed', async () => {
    const p = await f.s.authorize(50000);
    assertRefused(await f.s.captureTx({ transaction_id: p.txid, gross_amount: 50001 }), 'more than authorized');
    const res = await f.s.captureTx({ transaction_id: p.txid, gross_amount: '35000' });
    assertAnswer(res, p, { code: '200', message: 'Success, Credit Card capture transaction is successful', status: 'capture' });
    assert.equal(res.json.gross_amount, '35000.00');
    const st = await f.s.status(p.txid);
    assert.equal(st.json.gross_amount, '35000.00');
    assert.equal(st.json.signature_key, signature(st.json, f.s.serverKey));
    const ns = await f.n.wait(p.orderId, 'capture');
    assert.deepEqual(ns.map((b) => `${b.transaction_status} ${b.gross_amount}`), ['authorize 50000.00', 'capture 35000.00']);
    assert.equal(ns[1].signature_key, signature(ns[1], f.s.serverKey));
  });

  it('capture answers 400 without transaction_id or with a bad amount', async () => {
    const p = await f.s.authorize();
    for (const body of [{}, { gross_amount: 1000 }, { transaction_id: p.txid, gross_amount: -5 }, { transaction_id: p.txid, gross_amount: 'abc' }, { transaction_id: p.txid, gross_amount: 100.5 }]) {
      const res = await f.s.captureTx(body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.json.status_code, '400');
    }
    assert.equal((await f.s.status(p.txid)).json.transaction_status, 'authorize');
  });

  it('a challenged pre-authorization is approved, then captured', async () => {
    const p = await f.s.paid(CARD.challenge, { extra: { credit_card: { type: 'authorize' } } });
    assert.equal(p.json.transaction_status, 'authorize');
    assert.equal(p.json.fraud_status, 'challenge');
    assertRefused(await f.s.captureTx({ transaction_id: p.txid, gross_amount: 20000 }), 'capture before the challenge is decided');
    const ap = await f.s.action(p.txid, 'approve');
    assertAnswer(ap, p, { code: '200', message: 'Success, transaction is approved', status: 'authorize', fraud: 'accept' });
    const cap = await f.s.captureTx({ transaction_id: p.txid, gross_amount: 20000 });
    assert.equal(cap.status, 200, cap.text);
    assert.equal(cap.json.transaction_status, 'capture');
  });
});

describe('timed transitions (test clock)', () => {
  let f;
  before(async () => { f = await fixture(['--test-clock']); });
  after(() => release(f));

  it('a pending payment expires at its order\'s expiry, not before, and is announced', async () => {
    const p5 = await f.s.paid(CARD.secure, { extra: { credit_card: { secure: true }, expiry: { unit: 'minute', duration: 5 } } });
    const p10 = await f.s.paid(CARD.secure, { extra: { credit_card: { secure: true }, expiry: { unit: 'minutes', duration: 10 } } });
    assert.equal(p5.json.transaction_status, 'pending');
    await f.s.clock(301);
    const e = await f.s.waitStatus(p5.txid, (b) => b.transaction_status === 'expire', { what: 'expire at the 5-minute expiry' });
    assert.equal(e.status_code, '407');
    // p5 expired: the scheduler has run past now; p10 is not due yet
    assert.equal((await f.s.status(p10.txid)).json.transaction_status, 'pending', 'not before its expiry');
    const ns = await f.n.wait(p5.orderId, 'expire');
    assert.deepEqual(ns.map((b) => `${b.status_code} ${b.transaction_status}`), ['201 pending', '407 expire']);
    assert.equal(ns[1].signature_key, signature(ns[1], f.s.serverKey));
    await f.s.clock(300);
    await f.s.waitStatus(p10.txid, (b) => b.transaction_status === 'expire', { what: 'expire at the 10-minute expiry' });
    // the token is expired too (its HTTP status is the payment page API's business)
    const t = await f.s.pay(p10.token, CARD.accept);
    assert.equal(t.json.status_code, '407', t.text);
    assert.equal(t.json.status_message, 'transaction has expired');
  });

  it('a 3-D Secure payment left pending expires at the token\'s expiry', async () => {
    const p = await f.s.paid(CARD.secure, { extra: { credit_card: { secure: true }, expiry: { unit: 'hour', duration: 1 } } });
    await f.s.clock(3601);
    await f.s.waitStatus(p.txid, (b) => b.transaction_status === 'expire');
    await f.n.wait(p.orderId, 'expire');
  });

  // captures settled by time, for the refund tests
  let settled;
  let settledFull;
  let settledAt;
  it('captures settle and undecided challenges are cancelled at D+1 16:00 Asia/Jakarta', async () => {
    const cap = await f.s.capture();
    const capFull = await f.s.capture();
    const ch = await f.s.challenge();
    const auth = await f.s.authorize();
    const pend = await f.s.pending(); // cancelled below: nothing is due for it
    await f.s.action(pend.txid, 'cancel');
    const captured = jakartaMs(cap.json.transaction_time);
    const settleAt = settlementMs(captured);
    // a pending payment that expires shortly before the settlement time:
    // once it expired, the scheduler has seen that time, and the captures
    // must still be waiting
    const minutes = Math.floor((settleAt - captured) / 60000) - 1;
    const sentinel = await f.s.paid(CARD.secure, {
      extra: { credit_card: { secure: true }, expiry: { start_time: `${cap.json.transaction_time} +0700`, unit: 'minute', duration: minutes } },
    });
    const now = await f.s.clock(0);
    assert.ok(settleAt - now > 60000, 'the settlement time is ahead');
    await f.s.clock(Math.floor((settleAt - now) / 1000) - 1); // one second before
    await f.s.waitStatus(sentinel.txid, (b) => b.transaction_status === 'expire', { what: 'the sentinel\'s expiry' });
    assert.equal((await f.s.status(cap.txid)).json.transaction_status, 'capture', 'not settled before D+1 16:00');
    const c = (await f.s.status(ch.txid)).json;
    assert.equal(`${c.transaction_status}/${c.fraud_status}`, 'capture/challenge', 'not cancelled before D+1 16:00');

    await f.s.clock(2);
    const st = await f.s.waitStatus(cap.txid, (b) => b.transaction_status === 'settlement', { what: 'settlement' });
    await f.s.waitStatus(capFull.txid, (b) => b.transaction_status === 'settlement');
    settled = cap;
    settledFull = capFull;
    assert.equal(st.status_code, '200');
    assert.equal(st.fraud_status, 'accept');
    assert.equal(st.signature_key, signature(st, f.s.serverKey));
    const cc = await f.s.waitStatus(ch.txid, (b) => b.transaction_status === 'cancel', { what: 'the challenge auto-cancel' });
    assert.equal(cc.status_code, '202');
    assert.equal(cc.fraud_status, 'challenge');
    // a pre-authorization is not settled by time; a cancelled one stays so
    assert.equal((await f.s.status(auth.txid)).json.transaction_status, 'authorize');
    assert.equal((await f.s.status(pend.txid)).json.transaction_status, 'cancel');

    const ns = await f.n.wait(cap.orderId, 'settlement');
    assert.deepEqual(ns.map((b) => `${b.status_code} ${b.transaction_status}`), ['200 capture', '200 settlement']);
    assert.equal(ns[1].signature_key, signature(ns[1], f.s.serverKey));
    const nc = await f.n.wait(ch.orderId, 'cancel');
    assert.deepEqual(nc.map((b) => `${b.status_code} ${b.transaction_status}`), ['201 capture', '202 cancel']);
    assert.equal(nc[1].signature_key, signature(nc[1], f.s.serverKey));
    // no action changes a settlement but refund
    for (const verb of ['approve', 'deny', 'cancel', 'expire']) {
      const r = await f.s.action(cap.txid, verb);
      assert.equal(r.status, 412, `${verb} after settlement: ${r.text}`);
    }
    settledAt = settleAt;
  });

  it('a settled payment carries settlement_time, in the status body and its notification', async () => {
    // CLIENTS.md §2.3 and §2.4: when it settled, Asia/Jakarta
    assert.ok(settled, 'the settlement test ran');
    const st = (await f.s.status(settledFull.txid)).json;
    assert.match(st.settlement_time || '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, `settlement_time in ${JSON.stringify(st)}`);
    assert.ok(Math.abs(jakartaMs(st.settlement_time) - settledAt) <= 5000, `settlement_time ${st.settlement_time} ~ ${jakartaText(settledAt)}`);
    const ns = await f.n.wait(settledFull.orderId, 'settlement');
    assert.equal(ns.find((b) => b.transaction_status === 'settlement').settlement_time, st.settlement_time);
  });

  it('refunds after settlement: partial, a repeated refund_key is not refunded twice, then the rest', async () => {
    assert.ok(settled, 'the settlement test ran');
    const p = settled;
    const part = await f.s.refund(p.txid, { refund_key: 'rk-1', amount: 5000, reason: 'one broken' });
    assert.equal(part.status, 200, part.text);
    assert.equal(part.json.status_code, '200');
    assert.equal(part.json.transaction_status, 'partial_refund');
    assert.equal(part.json.refund_amount, '5000.00');
    const again = await f.s.refund(p.txid, { refund_key: 'rk-1', amount: 5000, reason: 'one broken' });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.transaction_status, 'partial_refund');
    let st = (await f.s.status(p.txid)).json;
    assert.equal(st.transaction_status, 'partial_refund');
    assert.equal(st.refund_amount, '5000.00', 'the repeated refund_key refunded nothing');
    assert.equal(st.status_code, '200');
    assert.equal(st.gross_amount, '20000.00');
    // more than what is left
    const over = await f.s.refund(p.txid, { refund_key: 'rk-over', amount: 15001 });
    assert.equal(over.status, 412, over.text);
    assert.deepEqual(over.json, REFUSED);
    // the rest, by amount
    const rest = await f.s.refund(p.txid, { refund_key: 'rk-2', amount: 15000, reason: 'all' });
    assert.equal(rest.status, 200, rest.text);
    assert.equal(rest.json.transaction_status, 'refund');
    st = (await f.s.status(p.txid)).json;
    assert.equal(st.transaction_status, 'refund');
    assert.equal(st.refund_amount, '20000.00');
    assert.equal(st.signature_key, signature(st, f.s.serverKey));
    if (st.refunds) {
      assert.deepEqual(st.refunds.map((r) => r.refund_key), ['rk-1', 'rk-2']);
    }
    const final = await f.s.refund(p.txid, { refund_key: 'rk-3', amount: 1 });
    assert.equal(final.status, 412, 'refund is final');
    for (const verb of ['approve', 'deny', 'cancel', 'expire']) assert.equal((await f.s.action(p.txid, verb)).status, 412);
    // one notification per change, none for the repeated key, in order
    const ns = await f.n.wait(p.orderId, 'refund');
    assert.deepEqual(ns.map((b) => `${b.status_code} ${b.transaction_status}`),
      ['200 capture', '200 settlement', '200 partial_refund', '200 refund']);
    for (const b of ns) assert.equal(b.signature_key, signature(b, f.s.serverKey));
    assert.equal(ns[2].refund_amount, '5000.00');
  });

  it('a full refund without an amount refunds the whole payment', async () => {
    assert.ok(settledFull, 'the settlement test ran');
    const res = await f.s.refund(settledFull.orderId, { refund_key: 'full-1', reason: 'gone' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.transaction_status, 'refund');
    assert.equal(res.json.refund_amount, '20000.00');
    const twice = await f.s.refund(settledFull.orderId, { refund_key: 'full-1', reason: 'gone' });
    assert.equal(twice.status, 200, 'the same refund_key answers the refund again');
    assert.equal(twice.json.refund_amount, '20000.00');
    const ns = await f.n.wait(settledFull.orderId, 'refund');
    assert.equal(ns.filter((b) => b.transaction_status === 'refund').length, 1);
  });
});

describe('email notifications', () => {
  let f;
  let sink;
  const SANDBOX_TO = ['finance@toko.test', 'owner@toko.test'];
  before(async () => {
    sink = await startSmtpSink();
    f = await fixture(['--smtp-url', sink.url, '--smtp-from', 'kasir@example.com']);
    let r = await k.runKasir(['merchant', 'set', '--db', f.db, '--id', f.merchant.id, '--env', 'sandbox', '--email', SANDBOX_TO.join(',')]);
    assert.equal(r.code, 0, r.stderr);
    r = await k.runKasir(['merchant', 'set', '--db', f.db, '--id', f.merchant.id, '--env', 'production', '--email', 'prod@toko.test']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await release(f);
    if (sink) await sink.close();
  });
  const mailsOf = (orderId) => sink.messages.filter((m) => m.body.includes(orderId));

  it('one plain-text mail per status change, to the environment\'s addresses, naming order, amount, method and status', async () => {
    const p = await f.s.challenge();
    await f.s.action(p.txid, 'approve');
    await f.s.action(p.txid, 'cancel');
    await sink.waitFor(() => mailsOf(p.orderId).length >= 3, { what: `3 mails about ${p.orderId}` });
    // the last one arrived: the earlier ones are final (status order)
    const mails = mailsOf(p.orderId);
    assert.equal(mails.length, 3, 'one mail per change');
    const want = [/capture/, /capture/, /cancel/];
    mails.forEach((m, i) => {
      assert.equal(m.from, 'kasir@example.com');
      assert.deepEqual(m.to.slice().sort(), SANDBOX_TO.slice().sort());
      assert.ok(!m.to.includes('prod@toko.test'), 'not the production addresses');
      assert.match(m.headers['content-type'] || 'text/plain', /^text\/plain/i);
      assert.match(m.headers.from || '', /kasir@example\.com/);
      assert.ok(m.headers.subject, 'a subject');
      assert.ok(m.body.includes(p.orderId), 'the order id');
      assert.match(m.body, /20[.,]?000/, 'the amount');
      assert.match(m.body, /credit[ _]?card/i, 'the method');
      assert.match(m.body, want[i], `the status of change ${i + 1}`);
    });
    assert.match(mails[1].body, /accept/, 'the approval');
    // and the HTTP notifications went out as well
    await f.n.wait(p.orderId, 'cancel');
  });

  it('a mail the server refuses is sent again, and arrives once', async () => {
    sink.failNext(2, { stage: 'DATA', code: 451 });
    const refusedBefore = sink.refused;
    const p = await f.s.capture();
    await sink.waitFor(() => mailsOf(p.orderId).length >= 1, { what: `the mail about ${p.orderId} after two refusals` });
    assert.equal(sink.refused - refusedBefore, 2);
    // a second change as the barrier: no copy of the first mail follows it
    await f.s.action(p.txid, 'cancel');
    await sink.waitFor(() => mailsOf(p.orderId).length >= 2);
    const mails = mailsOf(p.orderId);
    assert.equal(mails.length, 2);
    assert.match(mails[0].body, /capture/);
    assert.match(mails[1].body, /cancel/);
  });
});
