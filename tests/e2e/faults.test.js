'use strict';
// Fault injection in the store (issue 8, docs/faults.md): with
// --fault-injection, POST /sandbox/v1/faults makes the Nth matching store
// call fail with an I/O error (500) or disk full (503 + Retry-After). For
// every API surface: the faulted request answers a clean error, nothing of
// it was written (the status API, the notification receiver and a second
// identical request show it), and the next request succeeds. A real
// SQLITE_FULL (the database capped at its size) answers 503 and recovers
// when the cap is lifted.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const k = require('./lib/server');
const { startReceiver } = require('./lib/receiver');

const CARD = { accept: '4011111111111112', challenge: '4111111111111111', secure: '4811111111111114' };
const JSON_HDR = { 'Content-Type': 'application/json' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function fixture() {
  const rec = await startReceiver({ plan: 200 });
  const dir = k.makeTempDir();
  const db = k.dbUrl(dir);
  const merchant = await k.createMerchant(db, 'Toko Gangguan', ['--notification-url', rec.url('/merchant')]);
  const server = await k.startServer({
    db, args: ['--fault-injection', '--test-clock', '--demo', '--notify-retry-interval', '0'],
  });
  const serverKey = merchant.sandbox.server_key;
  const clientKey = merchant.sandbox.client_key;
  const auth = { Authorization: k.basicAuth(serverKey) };
  const f = {
    rec, dir, db, merchant, server, serverKey,
    async fault(plan) {
      const res = await k.request(server, '/sandbox/v1/faults', { method: 'POST', headers: JSON_HDR, body: JSON.stringify(plan) });
      assert.equal(res.status, 200, res.text);
      return res.json;
    },
    // Switches injection off; resolves how many calls the plan failed.
    async off() {
      return (await f.fault({ fail_call: 1, count: 0 })).injected;
    },
    async token(id = k.orderId('flt'), extra = {}) {
      const res = await k.createTransaction(server, serverKey, Object.assign(k.simpleOrder(id, 20000), extra));
      assert.equal(res.status, 201, res.text);
      return { token: res.json.token, orderId: id };
    },
    cardToken(number) {
      const q = new URLSearchParams({ client_key: clientKey, card_number: number, card_exp_month: '12', card_exp_year: '2030', card_cvv: '123' });
      return k.request(server, `/v2/token?${q}`);
    },
    async charge(token, number) {
      const t = await f.cardToken(number);
      assert.equal(t.status, 200, t.text);
      return k.request(server, `/snap/v1/transactions/${token}/pay`, {
        method: 'POST', headers: JSON_HDR,
        body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
      });
    },
    async paid(number, extra = {}) {
      const { token, orderId } = await f.token(undefined, extra);
      const res = await f.charge(token, number);
      assert.ok([200, 201].includes(res.status), res.text);
      return { token, orderId, txid: res.json.transaction_id, json: res.json };
    },
    status(id) { return k.request(server, `/v2/${id}/status`, { headers: auth }); },
    async statusOf(id) {
      const res = await f.status(id);
      assert.equal(res.status, 200, res.text);
      return res.json.transaction_status;
    },
    action(id, verb, body = '') {
      return k.request(server, `/v2/${id}/${verb}`, { method: 'POST', headers: Object.assign({}, auth, JSON_HDR), body });
    },
    capture(body) {
      return k.request(server, '/v2/capture', { method: 'POST', headers: Object.assign({}, auth, JSON_HDR), body: JSON.stringify(body) });
    },
    notes(orderId) {
      return rec.at('/merchant').filter((r) => r.json && r.json.order_id === orderId).map((r) => r.json.transaction_status);
    },
    async waitNotes(orderId, count) {
      await rec.waitFor(() => f.notes(orderId).length >= count, { what: `${count} notification(s) of ${orderId}` });
      return f.notes(orderId);
    },
  };
  return f;
}

async function release(f) {
  if (!f) return;
  try {
    await k.stopServer(f.server);
  } finally {
    await f.rec.close();
    k.removeTempDir(f.dir);
  }
}

// A clean error: the status the kind of fault asks for, a JSON body, and a
// Retry-After on the 503.
function assertCleanError(res, error) {
  if (error === 'full') {
    assert.equal(res.status, 503, res.text);
    assert.match(String(res.headers['retry-after']), /^\d+$/, 'a 503 says when to retry');
  } else {
    assert.equal(res.status, 500, res.text);
  }
  assert.ok(res.json, `a JSON error body: ${res.text}`);
}

describe('fault injection: off by default', () => {
  it('POST /sandbox/v1/faults is 404 without --fault-injection', async () => {
    const ctx = await k.setup();
    try {
      const res = await k.request(ctx.server, '/sandbox/v1/faults', { method: 'POST', headers: JSON_HDR, body: '{"fail_call":1}' });
      assert.equal(res.status, 404, res.text);
      const get = await k.request(ctx.server, '/sandbox/v1/faults');
      assert.equal(get.status, 404, get.text);
    } finally {
      await k.teardown(ctx);
    }
  });
});

describe('fault injection over every API surface', () => {
  let f;
  before(async () => { f = await fixture(); });
  after(async () => { await release(f); });

  it('a bad plan is a 400 naming every wrong field, and changes nothing', async () => {
    const res = await k.request(f.server, '/sandbox/v1/faults', {
      method: 'POST', headers: JSON_HDR, body: JSON.stringify({ fail_call: 0, count: -1, error: 'smoke', calls: 'teleport' }),
    });
    assert.equal(res.status, 400, res.text);
    const text = res.json.error_messages.join(' | ');
    for (const field of ['fail_call', 'count', 'error', 'calls']) assert.match(text, new RegExp(field));
    await f.token(); // no plan was set: a create still works
  });

  it('fails exactly the Nth matching call: the 2nd of three creates', async () => {
    await f.fault({ fail_call: 2, count: 1, error: 'io', calls: 'order_create' });
    const ids = [k.orderId('nth'), k.orderId('nth'), k.orderId('nth')];
    const answers = [];
    for (const id of ids) answers.push(await k.createTransaction(f.server, f.serverKey, k.simpleOrder(id)));
    assert.deepEqual(answers.map((r) => r.status), [201, 500, 201]);
    assert.equal(await f.off(), 1);
    // the failed one was not stored: the same order_id is still free
    const again = await k.createTransaction(f.server, f.serverKey, k.simpleOrder(ids[1]));
    assert.equal(again.status, 201, again.text);
  });

  for (const error of ['io', 'full']) {
    it(`token create (${error}): clean error, order_id still free, next request OK`, async () => {
      const id = k.orderId('create');
      await f.fault({ fail_call: 1, count: 1, error, calls: 'order_create' });
      assertCleanError(await k.createTransaction(f.server, f.serverKey, k.simpleOrder(id)), error);
      assert.equal(await f.off(), 1);
      const again = await k.createTransaction(f.server, f.serverKey, k.simpleOrder(id));
      assert.equal(again.status, 201, `the identical request succeeds: ${again.text}`);
    });
  }

  it('token create with the key lookup failing: 500, not a 401', async () => {
    const id = k.orderId('auth');
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'env_by_key_hash' });
    assertCleanError(await k.createTransaction(f.server, f.serverKey, k.simpleOrder(id)), 'io');
    assert.equal(await f.off(), 1);
    assert.equal((await k.createTransaction(f.server, f.serverKey, k.simpleOrder(id))).status, 201);
  });

  it('page info: a failed read is a 500, the next one 200', async () => {
    const { token } = await f.token();
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'order_by_token' });
    assertCleanError(await k.request(f.server, `/snap/v1/transactions/${token}`), 'io');
    assert.equal(await f.off(), 1);
    assert.equal((await k.request(f.server, `/snap/v1/transactions/${token}`)).status, 200);
  });

  it('card token: a failed client-key lookup is a clean error, the next one 200', async () => {
    await f.fault({ fail_call: 1, count: 1, error: 'full', calls: 'env_by_client_key' });
    assertCleanError(await f.cardToken(CARD.accept), 'full');
    assert.equal(await f.off(), 1);
    assert.equal((await f.cardToken(CARD.accept)).status, 200);
  });

  for (const error of ['io', 'full']) {
    it(`card charge (${error}): no payment, no notification; the token is still payable`, async () => {
      const { token, orderId } = await f.token();
      const t = await f.cardToken(CARD.accept);
      await f.fault({ fail_call: 1, count: 1, error, calls: 'payment_create' });
      const res = await k.request(f.server, `/snap/v1/transactions/${token}/pay`, {
        method: 'POST', headers: JSON_HDR,
        body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
      });
      assertCleanError(res, error);
      assert.equal(await f.off(), 1);
      assert.equal((await f.status(orderId)).status, 404, 'no payment was stored');
      const info = await k.request(f.server, `/snap/v1/transactions/${token}`);
      assert.equal(info.status, 200, `still payable: ${info.text}`);
      const ok = await f.charge(token, CARD.accept);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(await f.statusOf(orderId), 'capture');
      // the receiver is a barrier: one capture notification, none before it
      assert.deepEqual(await f.waitNotes(orderId, 1), ['capture']);
    });
  }

  // The card waits for its OTP in memory only (api/vault.c) and is taken
  // by the submit, so a submit whose write failed cannot be repeated: the
  // payment stays pending (until it expires or the merchant acts).
  it('3DS submit: the change fails, the payment stays pending, the card is not kept', async () => {
    const p = await f.paid(CARD.secure, { credit_card: { secure: true } });
    assert.equal(p.json.transaction_status, 'pending');
    await f.waitNotes(p.orderId, 1);
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'payment_change' });
    assertCleanError(await k.request(f.server, `/snap/v1/3ds/${p.txid}`, { method: 'POST', headers: JSON_HDR, body: '{"otp":"112233"}' }), 'io');
    assert.equal(await f.off(), 1);
    assert.equal(await f.statusOf(p.txid), 'pending');
    const again = await k.request(f.server, `/snap/v1/3ds/${p.txid}`, { method: 'POST', headers: JSON_HDR, body: '{"otp":"112233"}' });
    assert.equal(again.status, 410, again.text);
    assert.equal(await f.statusOf(p.txid), 'pending');
    // the next request on this surface succeeds: another payment's 3DS
    const q = await f.paid(CARD.secure, { credit_card: { secure: true } });
    const ok = await k.request(f.server, `/snap/v1/3ds/${q.txid}`, { method: 'POST', headers: JSON_HDR, body: '{"otp":"112233"}' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(await f.statusOf(q.txid), 'capture');
    assert.deepEqual(f.notes(p.orderId), ['pending'], 'no notification for the change that failed');
  });

  it('VA charge (full) and the JSON bank simulator (io): nothing half-written, retries succeed', async () => {
    const { token, orderId } = await f.token();
    const body = JSON.stringify({ payment_type: 'bank_transfer', bank_transfer: { bank: 'permata' } });
    const charge = () => k.request(f.server, `/snap/v1/transactions/${token}/pay`, { method: 'POST', headers: JSON_HDR, body });
    await f.fault({ fail_call: 1, count: 1, error: 'full', calls: 'payment_create' });
    assertCleanError(await charge(), 'full');
    assert.equal(await f.off(), 1);
    assert.equal((await f.status(orderId)).status, 404, 'no payment, so no VA number, was stored');
    const va = await charge();
    assert.equal(va.status, 201, va.text);
    const number = va.json.permata_va_number;
    const pay = () => k.request(f.server, '/sim/permata_va/pay', { method: 'POST', headers: JSON_HDR, body: JSON.stringify({ number }) });
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'payment_change' });
    assertCleanError(await pay(), 'io');
    assert.equal(await f.off(), 1);
    assert.equal(await f.statusOf(orderId), 'pending');
    const ok = await pay();
    assert.equal(ok.status, 200, ok.text);
    assert.equal(await f.statusOf(orderId), 'settlement');
    assert.deepEqual(await f.waitNotes(orderId, 2), ['pending', 'settlement']);
  });

  it('status: a failed read is a 500 in the Core API shape, the next one 200', async () => {
    const p = await f.paid(CARD.accept);
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'payment_latest' });
    const res = await f.status(p.orderId);
    assertCleanError(res, 'io');
    assert.equal(res.json.status_code, '500');
    assert.equal(await f.off(), 1);
    assert.equal(await f.statusOf(p.orderId), 'capture');
  });

  // Each merchant action: made, after a faulted try, from the state it needs.
  const actions = [
    { verb: 'approve', make: () => f.paid(CARD.challenge), from: 'capture', to: 'capture', error: 'io' },
    { verb: 'deny', make: () => f.paid(CARD.challenge), from: 'capture', to: 'deny', error: 'full' },
    { verb: 'cancel', make: () => f.paid(CARD.accept), from: 'capture', to: 'cancel', error: 'io' },
    { verb: 'expire', make: () => f.paid(CARD.secure, { credit_card: { secure: true } }), from: 'pending', to: 'expire', error: 'full' },
    { verb: 'capture', make: () => f.paid(CARD.accept, { credit_card: { type: 'authorize' } }), from: 'authorize', to: 'capture', error: 'io' },
  ];
  for (const a of actions) {
    it(`${a.verb} (${a.error}): clean error, status and notifications unchanged, the retry succeeds`, async () => {
      const p = await a.make();
      assert.equal(await f.statusOf(p.txid), a.from);
      const before = (await f.waitNotes(p.orderId, 1)).length;
      const act = () => (a.verb === 'capture'
        ? f.capture({ transaction_id: p.txid, gross_amount: 20000 })
        : f.action(p.txid, a.verb));
      await f.fault({ fail_call: 1, count: 1, error: a.error, calls: 'payment_change' });
      const res = await act();
      assertCleanError(res, a.error);
      assert.equal(res.json.status_code, a.error === 'full' ? '503' : '500');
      assert.equal(await f.off(), 1);
      assert.equal(await f.statusOf(p.txid), a.from, 'nothing changed');
      const ok = await act();
      assert.equal(ok.status, 200, ok.text);
      const st = (await f.status(p.txid)).json;
      assert.equal(st.transaction_status, a.to);
      if (a.verb === 'approve') assert.equal(st.fraud_status, 'accept');
      // one notification for the change that was stored, none for the fault
      const notes = await f.waitNotes(p.orderId, before + 1);
      await sleep(100);
      assert.equal(f.notes(p.orderId).length, before + 1, `notifications: ${notes}`);
    });
  }

  it('sandbox demo checkout: 503 with Retry-After on disk full, then 201', async () => {
    await f.fault({ fail_call: 1, count: 1, error: 'full', calls: 'order_create' });
    assertCleanError(await k.request(f.server, '/demo/checkout', { method: 'POST', body: '' }), 'full');
    assert.equal(await f.off(), 1);
    const ok = await k.request(f.server, '/demo/checkout', { method: 'POST', body: '' });
    assert.equal(ok.status, 201, ok.text);
  });

  it('notification outbox: a delivery whose result cannot be written is sent again, then done', async () => {
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'outbox_result' });
    const p = await f.paid(CARD.accept);
    // the first delivery's result was lost, so the row stayed pending and
    // the notification left again (at least once, never lost)
    assert.deepEqual(await f.waitNotes(p.orderId, 2), ['capture', 'capture']);
    assert.equal(await f.off(), 1);
    for (let i = 0; ; i++) {
      const m = await k.request(f.server, '/metrics');
      if (/^kasir_outbox_pending 0$/m.test(m.text)) break;
      assert.ok(i < 200, 'the outbox drains once results can be written');
      await sleep(25);
    }
  });

  it('a timed transition whose write fails is applied on the scheduler\'s next pass', async () => {
    const p = await f.paid(CARD.accept);
    await f.waitNotes(p.orderId, 1);
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'payment_change' });
    await k.clock(f.server, f.serverKey, 172800);
    // the first settlement write fails; the next pass (a second later, not
    // after a lease on PostgreSQL) settles it
    for (let i = 0; (await f.statusOf(p.txid)) !== 'settlement'; i++) {
      assert.ok(i < 200, 'settled on a later pass');
      await sleep(25);
    }
    assert.equal(await f.off(), 1, 'the first try failed');
    assert.deepEqual(await f.waitNotes(p.orderId, 2), ['capture', 'settlement']);
  });

  it('refund (io) after settlement: nothing refunded, the retry refunds', async () => {
    const p = await f.paid(CARD.accept);
    await f.waitNotes(p.orderId, 1);
    await k.clock(f.server, f.serverKey, 172800);
    for (let i = 0; (await f.statusOf(p.txid)) !== 'settlement'; i++) {
      assert.ok(i < 200, 'settled by the scheduler');
      await sleep(25);
    }
    await f.waitNotes(p.orderId, 2);
    const body = JSON.stringify({ refund_key: 'rk-fault', amount: 5000, reason: 'fault test' });
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'payment_change' });
    assertCleanError(await f.action(p.txid, 'refund', body), 'io');
    assert.equal(await f.off(), 1);
    const st = (await f.status(p.txid)).json;
    assert.equal(st.transaction_status, 'settlement');
    assert.equal(st.refund_amount, undefined);
    const ok = await f.action(p.txid, 'refund', body);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.transaction_status, 'partial_refund');
    assert.equal((await f.status(p.txid)).json.refund_amount, '5000.00');
    assert.deepEqual(await f.waitNotes(p.orderId, 3), ['capture', 'settlement', 'partial_refund']);
  });

  it('portal: a failed log-in write, settings save and list read are clean errors that change nothing', async () => {
    const password = 'portal fault password 1';
    const set = await k.runKasir(['merchant', 'login', '--db', f.db, '--id', f.merchant.id, '--email', 'fault@toko.example'],
      { input: password + '\n' });
    assert.equal(set.code, 0, set.stderr);
    const login = () => k.request(f.server, '/map/api/login', { method: 'POST', headers: JSON_HDR,
      body: JSON.stringify({ email: 'fault@toko.example', password }) });
    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'login' });
    const failed = await login();
    assertCleanError(failed, 'io');
    assert.equal(failed.headers['set-cookie'], undefined, 'no session without its row');
    assert.equal(await f.off(), 1);
    const ok = await login();
    assert.equal(ok.status, 200, ok.text);
    const sess = { Cookie: ok.headers['set-cookie'][0].split(';')[0], 'X-CSRF-Token': ok.json.csrf };
    const call = (method, path, body) => k.request(f.server, '/map/api' + path, { method,
      headers: Object.assign({}, JSON_HDR, sess), body: body === undefined ? undefined : JSON.stringify(body) });

    const before = (await call('GET', '/sandbox/settings')).json;
    const general = { name: 'Toko Sesudah', url: 'https://toko.example' };
    await f.fault({ fail_call: 1, count: 1, error: 'full', calls: 'account' });
    let r = await call('POST', '/sandbox/settings/general', general);
    assertCleanError(r, 'full');
    assert.equal(await f.off(), 1);
    assert.deepEqual((await call('GET', '/sandbox/settings')).json, before, 'nothing saved');
    r = await call('POST', '/sandbox/settings/general', general);
    assert.equal(r.status, 200, r.text);

    await f.fault({ fail_call: 1, count: 1, error: 'io', calls: 'txn_list' });
    r = await call('GET', '/sandbox/transactions');
    assertCleanError(r, 'io');
    assert.equal(await f.off(), 1);
    r = await call('GET', '/sandbox/transactions');
    assert.equal(r.status, 200, r.text);
  });

  // SQLite: the database is capped at its size (PRAGMA max_page_count), so
  // it fills up for real. PostgreSQL has no per-database cap to set: its
  // server answers new orders as it does when it cannot extend a file on a
  // full disk, SQLSTATE 53100 disk_full.
  const diskFull = {
    async on() {
      if (!k.PG_SERVER) return f.fault({ disk_full: true });
      k.dbExec(f.db, "CREATE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';"
        + ' END $$; CREATE TRIGGER test_disk_full BEFORE INSERT ON orders'
        + ' FOR EACH ROW EXECUTE FUNCTION test_disk_full()');
    },
    async off() {
      if (!k.PG_SERVER) return f.fault({ disk_full: false });
      k.dbExec(f.db, 'DROP TRIGGER test_disk_full ON orders; DROP FUNCTION test_disk_full()');
    },
  };

  it('disk full: 503 with Retry-After, reads still work; recovers when space returns', async () => {
    const paid = await f.paid(CARD.accept);
    await diskFull.on();
    let failed;
    const stored = [];
    for (let i = 0; i < 2000 && !failed; i++) {
      const id = k.orderId('full');
      const res = await k.createTransaction(f.server, f.serverKey, k.fullOrder(id));
      if (res.status === 201) stored.push(id);
      else failed = { id, res };
    }
    assert.ok(failed, 'the database filled up');
    assertCleanError(failed.res, 'full');
    assert.equal(await f.statusOf(paid.txid), 'capture', 'reads go on while the disk is full');
    await diskFull.off();
    const again = await k.createTransaction(f.server, f.serverKey, k.fullOrder(failed.id));
    assert.equal(again.status, 201, `the order that hit the full disk was not stored: ${again.text}`);
    const last = stored.length ? stored[stored.length - 1] : paid.orderId;
    const dup = await k.createTransaction(f.server, f.serverKey, k.fullOrder(last));
    assert.equal(dup.status, 400, 'the ones acknowledged before are stored');
  });
});
