'use strict';
// The portal's JSON API (docs/portal.md) over HTTP: the CLI's log-ins, the
// Snap preferences taking effect on new tokens, the list's filters, paging
// and refusals, the dashboard's counts, and actions the state refuses.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const k = require('./lib/server');

const PASSWORD = 'correct horse battery staple';
const EXP = { card_exp_month: '12', card_exp_year: '2030', card_cvv: '123' };

describe('merchant admin portal API', () => {
  let ctx;
  let sess;
  async function call(method, urlPath, body) {
    return k.request(ctx.server, '/map/api' + urlPath, { method,
      headers: { 'Content-Type': 'application/json', Cookie: sess.cookie, 'X-CSRF-Token': sess.csrf },
      body: body === undefined ? undefined : JSON.stringify(body) });
  }
  async function pay(number, amount = 12000) {
    const body = k.simpleOrder(k.orderId('api'), amount);
    const res = await k.createTransaction(ctx.server, ctx.merchant.sandbox.server_key, body);
    assert.equal(res.status, 201, res.text);
    const q = new URLSearchParams(Object.assign({ client_key: ctx.merchant.sandbox.client_key, card_number: number }, EXP));
    const t = await k.request(ctx.server, `/v2/token?${q}`);
    const c = await k.request(ctx.server, `/snap/v1/transactions/${res.json.token}/pay`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id },
        customer_details: { email: 'budi@example.com', phone: '081234567890' } }) });
    return { orderId: body.transaction_details.order_id, charge: c.json };
  }

  before(async () => {
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko API', ['--email', 'api@toko.example', '--password', 'first password 123']);
    ctx = { dir, db, merchant };
    ctx.server = await k.startServer({ db });
  });
  after(() => k.teardown(ctx));

  it('kasir merchant create takes the password from standard input and checks it', async () => {
    const ok = await k.runKasir(['merchant', 'create', '--db', ctx.db, '--name', 'Toko Stdin', '--email', 'stdin@toko.example', '--json'],
      { input: PASSWORD + '\n' });
    assert.equal(ok.code, 0, ok.stderr);
    const short = await k.runKasir(['merchant', 'create', '--db', ctx.db, '--name', 'Toko Short', '--email', 'short@toko.example'],
      { input: 'short\n' });
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 12/);
    const taken = await k.runKasir(['merchant', 'create', '--db', ctx.db, '--name', 'Toko Again', '--email', 'stdin@toko.example',
      '--password', PASSWORD]);
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /already exists/);
    const bad = await k.runKasir(['merchant', 'create', '--db', ctx.db, '--name', 'Toko Bad', '--email', 'not-an-email', '--password', PASSWORD]);
    assert.equal(bad.code, 2);
    const r = await k.request(ctx.server, '/map/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'stdin@toko.example', password: PASSWORD }) });
    assert.equal(r.status, 200);
  });

  it('kasir merchant login replaces the password (read from standard input)', async () => {
    const empty = await k.runKasir(['merchant', 'login', '--db', ctx.db, '--id', ctx.merchant.id, '--email', 'api@toko.example']);
    assert.equal(empty.code, 2, 'no password on stdin');
    const r = await k.request(ctx.server, '/map/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'api@toko.example', password: PASSWORD }) });
    assert.equal(r.status, 401, 'not the password yet');
    const set = await k.runKasir(['merchant', 'login', '--db', ctx.db, '--id', ctx.merchant.id, '--email', 'api@toko.example'],
      { input: PASSWORD + '\n' });
    assert.equal(set.code, 0, set.stderr);
    const ok = await k.request(ctx.server, '/map/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'api@toko.example', password: PASSWORD }) });
    assert.equal(ok.status, 200);
    sess = { cookie: ok.headers['set-cookie'][0].split(';')[0], csrf: ok.json.csrf };
    assert.equal(ok.json.merchant.id, ctx.merchant.id);
  });

  it('applies the Snap preferences to new tokens', async () => {
    let r = await call('POST', '/sandbox/settings/snap', { active_channels: ['credit_card', 'bca_va'], language: 'en', secure_3ds: true, recurring: false });
    assert.equal(r.status, 200, r.text);
    r = await call('POST', '/sandbox/settings/snap', { active_channels: ['credit_card', 'bitcoin'], language: 'fr', secure_3ds: 'yes', recurring: 1 });
    assert.equal(r.status, 422);
    assert.deepEqual(Object.keys(r.json.errors).sort(), ['active_channels', 'language', 'recurring', 'secure_3ds']);
    const s = await call('GET', '/sandbox/settings');
    assert.deepEqual(s.json.snap, { active_channels: ['credit_card', 'bca_va'], language: 'en', secure_3ds: true, recurring: false });

    const res = await k.createTransaction(ctx.server, ctx.merchant.sandbox.server_key, k.simpleOrder());
    assert.equal(res.status, 201);
    const info = await k.request(ctx.server, `/snap/v1/transactions/${res.json.token}?client_key=${ctx.merchant.sandbox.client_key}`);
    assert.deepEqual(info.json.enabled_payments, ['credit_card', 'bca_va']);
    assert.equal(info.json.credit_card.secure, true);
    assert.equal(info.json.language, 'en', "the page's default language is the merchant's");
    const narrowed = await k.createTransaction(ctx.server, ctx.merchant.sandbox.server_key,
      Object.assign(k.simpleOrder(), { enabled_payments: ['bca_va', 'echannel'] }));
    const info2 = await k.request(ctx.server, `/snap/v1/transactions/${narrowed.json.token}?client_key=${ctx.merchant.sandbox.client_key}`);
    assert.deepEqual(info2.json.enabled_payments, ['bca_va']);
    const none = await k.createTransaction(ctx.server, ctx.merchant.sandbox.server_key,
      Object.assign(k.simpleOrder(), { enabled_payments: ['echannel'] }));
    assert.equal(none.status, 400);
    assert.match(none.json.error_messages[0], /none of the requested payment channels is active/);
    // production cannot turn 3-D Secure off
    r = await call('POST', '/production/settings/snap', { active_channels: ['credit_card'], language: 'id', secure_3ds: false, recurring: false });
    assert.equal(r.status, 422);
    assert.match(r.json.errors.secure_3ds, /3-D Secure/);
    // back to every channel, 3-D Secure as the request asks
    r = await call('POST', '/sandbox/settings/snap', { active_channels: (await call('GET', '/sandbox/settings')).json.channels, language: 'id', secure_3ds: false, recurring: false });
    assert.equal(r.status, 200);
    const back = await k.createTransaction(ctx.server, ctx.merchant.sandbox.server_key, k.simpleOrder());
    const info3 = await k.request(ctx.server, `/snap/v1/transactions/${back.json.token}?client_key=${ctx.merchant.sandbox.client_key}`);
    assert.equal(info3.json.language, 'id');
  });

  it('lists with filters and keyset pages, and refuses bad filters', async () => {
    const paid = [];
    for (let i = 0; i < 5; i++) paid.push(await pay('4011111111111112'));
    const denied = await pay('4311111111111119'); // denied by the bank
    let r = await call('GET', '/sandbox/transactions?limit=2');
    assert.equal(r.status, 200);
    assert.equal(r.json.transactions.length, 2);
    const seen = r.json.transactions.map((t) => t.order_id);
    assert.equal(seen[0], denied.orderId, 'newest first');
    while (r.json.next) {
      r = await call('GET', `/sandbox/transactions?limit=2&cursor=${r.json.next}`);
      seen.push(...r.json.transactions.map((t) => t.order_id));
    }
    assert.equal(new Set(seen).size, seen.length, 'no row twice');
    for (const p of paid) assert.ok(seen.includes(p.orderId));
    r = await call('GET', '/sandbox/transactions?status=deny');
    assert.deepEqual(r.json.transactions.map((t) => t.order_id), [denied.orderId]);
    r = await call('GET', '/sandbox/transactions?method=credit_card&status=capture');
    assert.equal(r.json.transactions.length, 5);
    r = await call('GET', `/sandbox/transactions?order_id=${paid[2].orderId}`);
    assert.deepEqual(r.json.transactions.map((t) => t.order_id), [paid[2].orderId]);
    r = await call('GET', '/sandbox/transactions?from=2000-01-01&to=2000-01-31');
    assert.deepEqual(r.json.transactions, []);
    r = await call('GET', '/sandbox/transactions?status=paid&method=cash&from=2026-02-30&cursor=x&limit=1000');
    assert.equal(r.status, 422);
    assert.deepEqual(Object.keys(r.json.errors).sort(), ['cursor', 'from', 'limit', 'method', 'status']);
  });

  it('counts the dashboard per day and method', async () => {
    const day = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
    const r = await call('GET', `/sandbox/dashboard?from=${day}&to=${day}`);
    assert.equal(r.status, 200);
    const cc = r.json.rows.find((x) => x.payment_type === 'credit_card');
    assert.equal(cc.count, 6);
    assert.equal(cc.succeeded, 5);
    assert.equal(cc.volume, 5 * 12000);
    assert.equal((await call('GET', '/sandbox/dashboard?from=2026-01-01&to=2027-06-01')).status, 422);
    assert.equal((await call('GET', '/sandbox/dashboard?from=x&to=y')).status, 422);
  });

  it('refuses an action the state does not allow, and unknown actions', async () => {
    const p = await pay('4011111111111112');
    const list = await call('GET', `/sandbox/transactions?order_id=${p.orderId}`);
    const id = list.json.transactions[0].transaction_id;
    let r = await call('POST', `/sandbox/transactions/${id}/approve`, {});
    assert.equal(r.status, 409);
    r = await call('POST', `/sandbox/transactions/${id}/settle`, {});
    assert.equal(r.status, 404);
    r = await call('POST', `/sandbox/transactions/${id}/resend`, {});
    assert.equal(r.status, 409, 'no notification URL or email set');
    r = await call('POST', `/sandbox/transactions/${id}/cancel`, {});
    assert.equal(r.status, 200);
    assert.equal(r.json.transaction_status, 'cancel');
    const d = await call('GET', `/sandbox/transactions/${id}`);
    assert.equal(d.json.history[d.json.history.length - 1].to, 'cancel');
    assert.equal(d.json.history[d.json.history.length - 1].cause, 'canceled by merchant');
    assert.deepEqual(d.json.actions, []);
  });
});
