'use strict';
// The payment page API (docs/payment-page-api.md) driven over HTTP as a
// mobile app or a test script would: tokenization, charges, 3-D Secure,
// paying twice, expiry by the test clock, hostile input.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const k = require('./lib/server');

const EXP = { card_exp_month: '12', card_exp_year: '2030', card_cvv: '123' };

describe('payment page API', () => {
  let ctx;
  let clientKey;
  let serverKey;
  before(async () => {
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Bayar');
    const server = await k.startServer({ db, args: ['--test-clock', '--demo'] });
    ctx = { dir, db, merchant, server };
    clientKey = merchant.sandbox.client_key;
    serverKey = merchant.sandbox.server_key;
  });
  after(() => k.teardown(ctx));

  async function newToken(extra = {}) {
    const body = Object.assign(k.simpleOrder(k.orderId('pay'), 20000), extra);
    const res = await k.createTransaction(ctx.server, serverKey, body);
    assert.equal(res.status, 201, res.text);
    return { token: res.json.token, orderId: body.transaction_details.order_id };
  }

  async function cardToken(number, over = {}, key = clientKey) {
    const q = new URLSearchParams(Object.assign({ client_key: key, card_number: number }, EXP, over));
    return k.request(ctx.server, `/v2/token?${q}`);
  }

  async function pay(token, number, cc = {}) {
    const t = await cardToken(number);
    assert.equal(t.status, 200, t.text);
    const body = { payment_type: 'credit_card', credit_card: Object.assign({ token_id: t.json.token_id }, cc) };
    return k.request(ctx.server, `/snap/v1/transactions/${token}/pay`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
  }

  it('shows the order to its own merchant only', async () => {
    const { token, orderId } = await newToken({
      item_details: [{ id: 'a', name: 'Bear', price: 10000, quantity: 2 }],
      customer_details: { first_name: 'Budi', email: 'budi@example.com' },
    });
    const ok = await k.request(ctx.server, `/snap/v1/transactions/${token}?client_key=${clientKey}`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.transaction_details.order_id, orderId);
    assert.equal(ok.json.transaction_details.gross_amount, '20000.00');
    assert.equal(ok.json.merchant.name, 'Toko Bayar');
    assert.deepEqual(ok.json.item_details, [{ id: 'a', name: 'Bear', price: '10000.00', quantity: 2 }]);
    assert.equal(ok.json.customer_details.first_name, 'Budi');
    assert.ok(ok.json.enabled_payments.includes('credit_card'));
    const wrong = await k.request(ctx.server, `/snap/v1/transactions/${token}?client_key=VT-client-nope`);
    assert.equal(wrong.status, 401);
    const other = await k.request(ctx.server, `/snap/v1/transactions/${token}?client_key=${ctx.merchant.production.client_key}`);
    assert.equal(other.status, 401, 'the production client key is another environment');
    const none = await k.request(ctx.server, `/snap/v1/transactions/00000000-0000-7000-8000-000000000000?client_key=${clientKey}`);
    assert.equal(none.status, 404);
    assert.equal(none.json.status_code, '404');
  });

  it('tokenization checks the card and the client key', async () => {
    const bad = await cardToken('4811111111111115', { card_exp_month: '13', card_cvv: '12' });
    assert.equal(bad.status, 400);
    const msgs = bad.json.validation_messages.join(' | ');
    for (const field of ['card_number', 'card_exp_month', 'card_cvv']) assert.match(msgs, new RegExp(field), msgs);
    const key = await cardToken('4811111111111114', {}, 'VT-client-unknown');
    assert.equal(key.status, 401);
    const ok = await cardToken('4811111111111114');
    assert.equal(ok.status, 200);
    assert.match(ok.json.token_id, /^481111-1114-[0-9a-f-]{36}$/);
  });

  it('accepts, challenges and denies by the test-card table', async () => {
    const cases = [
      ['4011111111111112', 200, 'capture', 'accept'],
      ['4111111111111111', 201, 'capture', 'challenge'],
      ['4211111111111110', 202, 'deny', 'deny'],
      ['4311111111111119', 202, 'deny', 'accept'],
      ['5481161111111081', 200, 'capture', 'accept'],
    ];
    for (const [number, status, txStatus, fraud] of cases) {
      const { token, orderId } = await newToken();
      const res = await pay(token, number);
      assert.equal(res.status, status, `${number}: ${res.text}`);
      assert.equal(res.json.status_code, String(status));
      assert.equal(res.json.transaction_status, txStatus, number);
      assert.equal(res.json.fraud_status, fraud, number);
      assert.equal(res.json.order_id, orderId);
      assert.equal(res.json.payment_type, 'credit_card');
      assert.equal(res.json.gross_amount, '20000.00');
      assert.equal(res.json.masked_card, `${number.slice(0, 6)}-${number.slice(-4)}`);
      assert.match(res.json.transaction_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    }
  });

  it('pays a token once; a denied attempt may be followed by another card', async () => {
    const { token } = await newToken();
    const denied = await pay(token, '4311111111111119');
    assert.equal(denied.status, 202);
    const ok = await pay(token, '4011111111111112');
    assert.equal(ok.status, 200, ok.text);
    const again = await pay(token, '4011111111111112');
    assert.equal(again.status, 406);
    assert.equal(again.json.status_message, 'transaction has been processed');
    const info = await k.request(ctx.server, `/snap/v1/transactions/${token}?client_key=${clientKey}`);
    assert.equal(info.status, 406);
  });

  it('a card token is single-use', async () => {
    const { token } = await newToken();
    const t = await cardToken('4311111111111119');
    const body = JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } });
    const opts = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body };
    const first = await k.request(ctx.server, `/snap/v1/transactions/${token}/pay`, opts);
    assert.equal(first.status, 202);
    const second = await k.request(ctx.server, `/snap/v1/transactions/${token}/pay`, opts);
    assert.equal(second.status, 411);
  });

  it('3-D Secure: the right OTP captures, a wrong one denies', async () => {
    for (const [otp, status, txStatus] of [['112233', 200, 'capture'], ['000000', 202, 'deny']]) {
      const { token } = await newToken({ credit_card: { secure: true } });
      const res = await pay(token, '4811111111111114');
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.transaction_status, 'pending');
      assert.ok(res.json.redirect_url.endsWith(`/snap/v1/3ds/${res.json.transaction_id}`));
      const page = await k.request(ctx.server, `/snap/v1/3ds/${res.json.transaction_id}`);
      assert.equal(page.status, 200);
      const info = await k.request(ctx.server, `/snap/v1/3ds/${res.json.transaction_id}/info`);
      assert.equal(info.json.masked_card, '481111-1114');
      const done = await k.request(ctx.server, `/snap/v1/3ds/${res.json.transaction_id}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ otp }),
      });
      assert.equal(done.status, status, done.text);
      assert.equal(done.json.transaction_status, txStatus);
      if (status === 200) assert.equal(done.json.eci, '05');
      const twice = await k.request(ctx.server, `/snap/v1/3ds/${res.json.transaction_id}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ otp }),
      });
      assert.equal(twice.status, 406);
    }
  });

  it('a method the token does not allow is refused', async () => {
    const { token } = await newToken({ enabled_payments: ['bca_va'] });
    const res = await pay(token, '4011111111111112');
    assert.equal(res.status, 402);
  });

  it('expiry is enforced by the (test) clock', async () => {
    const { token } = await newToken({ expiry: { unit: 'minute', duration: 1 } });
    const t = await cardToken('4011111111111112');
    const clock = await k.clock(ctx.server, ctx.merchant.sandbox.server_key, 61);
    assert.equal(clock.status, 200, clock.text);
    const info = await k.request(ctx.server, `/snap/v1/transactions/${token}?client_key=${clientKey}`);
    // 407 in the body; HTTP 410, since browsers hide an HTTP 407 from pages
    assert.equal(info.status, 410);
    assert.equal(info.json.status_code, '407');
    assert.equal(info.json.status_message, 'transaction has expired');
    const res = await k.request(ctx.server, `/snap/v1/transactions/${token}/pay`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
    });
    assert.equal(res.status, 410);
    assert.equal(res.json.status_code, '407');
  });

  it('hostile text comes back as data, and pages carry a strict CSP', async () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { token } = await newToken({
      item_details: [{ id: '"><svg>', name: evil.slice(0, 50), price: 20000, quantity: 1 }],
      customer_details: { first_name: evil },
    });
    const info = await k.request(ctx.server, `/snap/v1/transactions/${token}?client_key=${clientKey}`);
    assert.equal(info.json.customer_details.first_name, evil);
    assert.match(info.headers['content-type'], /^application\/json/);
    const page = await k.request(ctx.server, `/snap/v2/vtweb/${token}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('alert'), 'no merchant data is written into the page');
    const csp = page.headers['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
  });

  it('junk bodies and unknown ids are clean errors', async () => {
    const { token } = await newToken();
    for (const body of ['', 'null', '[]', '{"payment_type":"credit_card"}', '{"payment_type":"nope"}', '{']) {
      const res = await k.request(ctx.server, `/snap/v1/transactions/${token}/pay`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
      });
      assert.ok([400, 411].includes(res.status), `${body}: ${res.status} ${res.text}`);
    }
    const res = await k.request(ctx.server, '/snap/v1/3ds/not-a-payment', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"otp":"112233"}',
    });
    assert.equal(res.status, 404);
  });

  it('saved cards: two clicks ask for the CVV again', async () => {
    const user = k.orderId('user');
    const first = await newToken({ credit_card: { save_card: true }, user_id: user });
    const res = await pay(first.token, '4011111111111112', { save_card: true });
    assert.equal(res.status, 200, res.text);
    assert.match(res.json.saved_token_id, /^401111-1112-[0-9a-f-]{36}$/);
    assert.match(res.json.saved_token_id_expired_at, /^2031-01-01 07:00:00$/);
    const next = await newToken({ credit_card: { save_card: true }, user_id: user });
    const info = await k.request(ctx.server, `/snap/v1/transactions/${next.token}?client_key=${clientKey}`);
    assert.deepEqual(info.json.credit_card.saved_tokens.map((c) => [c.token, c.masked_card, c.type]),
      [[res.json.saved_token_id, '401111-1112', 'two_click']]);
    const noCvv = await k.request(ctx.server, `/v2/token?client_key=${clientKey}&saved_token_id=${res.json.saved_token_id}`);
    assert.equal(noCvv.status, 400, 'two clicks need the CVV');
    const t = await k.request(ctx.server, `/v2/token?client_key=${clientKey}&saved_token_id=${res.json.saved_token_id}&card_cvv=123`);
    assert.equal(t.status, 200, t.text);
    const again = await k.request(ctx.server, `/snap/v1/transactions/${next.token}/pay`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.masked_card, '401111-1112');
    // another merchant's client key cannot use it
    const other = await k.request(ctx.server, `/v2/token?client_key=${ctx.merchant.production.client_key}&saved_token_id=${res.json.saved_token_id}&card_cvv=123`);
    assert.equal(other.status, 411);
  });

  it('saved cards: one click after a 3-D Secure payment when recurring is on', async () => {
    const r = await k.runKasir(['merchant', 'set', '--db', ctx.db, '--id', ctx.merchant.id, '--recurring', 'true']);
    assert.equal(r.code, 0, r.stderr);
    const user = k.orderId('user');
    const first = await newToken({ credit_card: { secure: true, save_card: true }, user_id: user });
    const res = await pay(first.token, '4811111111111114', { save_card: true });
    assert.equal(res.status, 201, res.text);
    const done = await k.request(ctx.server, `/snap/v1/3ds/${res.json.transaction_id}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"otp":"112233"}',
    });
    assert.equal(done.status, 200, done.text);
    assert.ok(done.json.saved_token_id);
    const next = await newToken({ credit_card: { secure: true, save_card: true }, user_id: user });
    const info = await k.request(ctx.server, `/snap/v1/transactions/${next.token}?client_key=${clientKey}`);
    assert.equal(info.json.credit_card.saved_tokens[0].type, 'one_click');
    const t = await k.request(ctx.server, `/v2/token?client_key=${clientKey}&saved_token_id=${done.json.saved_token_id}`);
    assert.equal(t.status, 200, t.text);
    const again = await k.request(ctx.server, `/snap/v1/transactions/${next.token}/pay`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
    });
    assert.equal(again.status, 200, 'one click: no CVV and no 3-D Secure step: ' + again.text);
    const off = await k.runKasir(['merchant', 'set', '--db', ctx.db, '--id', ctx.merchant.id, '--recurring', 'false']);
    assert.equal(off.code, 0, off.stderr);
  });

  it('the card key file is private and no card number reaches the database', async () => {
    const fs = require('node:fs');
    const path = require('node:path');
    const st = fs.statSync(path.join(ctx.dir, 'kasir-card.key'));
    assert.equal(st.size, 32);
    assert.equal(st.mode & 0o077, 0);
    // the database files (SQLite), or all the database holds (PostgreSQL:
    // its shared card tokens too)
    const bytes = k.dbDump(ctx.db);
    assert.ok(bytes.length > 0);
    for (const pan of ['4011111111111112', '4811111111111114', '4311111111111119']) {
      assert.ok(!bytes.includes(pan), `${pan} found in the database`);
    }
  });

  it('the demo shop checkout creates a token for the demo merchant', async () => {
    const res = await k.request(ctx.server, '/demo/checkout', { method: 'POST', body: '' });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.token, k.UUID_V7_RE);
    const info = await k.request(ctx.server, `/snap/v1/transactions/${res.json.token}?client_key=${res.json.client_key}`);
    assert.equal(info.status, 200);
    assert.equal(info.json.merchant.name, 'Demo Shop');
  });
});

describe('sandbox routes need their flags', () => {
  let ctx;
  before(async () => { ctx = await k.setup(); });
  after(() => k.teardown(ctx));

  it('no test clock and no demo shop without --test-clock and --demo', async () => {
    const clock = await k.clock(ctx.server, ctx.merchant.sandbox.server_key, 1);
    assert.equal(clock.status, 404);
    const demo = await k.request(ctx.server, '/demo/checkout', { method: 'POST', body: '' });
    assert.equal(demo.status, 404);
    const page = await k.request(ctx.server, '/demo');
    assert.equal(page.status, 404);
  });
});
