'use strict';
// POST /snap/v1/transactions end to end (SPEC §2): auth, validation answers,
// the success shape, duplicates, idempotency, notification headers,
// concurrency, shutdown and durability across kill -9.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const net = require('node:net');
const k = require('./lib/server');

const PUBLIC_URL = 'https://pay.example.test';
const TX_PATH = '/snap/v1/transactions';

// Asserts a 400 whose error_messages contain every expected message.
function assertRejected(res, expected) {
  assert.equal(res.status, 400, `expected 400, got ${res.status}: ${res.text}`);
  assert.ok(res.json && Array.isArray(res.json.error_messages), `no error_messages in ${res.text}`);
  for (const msg of expected) {
    assert.ok(res.json.error_messages.includes(msg), `missing "${msg}" in ${res.text}`);
  }
  assert.equal(res.json.status_code, undefined, 'Snap errors carry no status_code');
}

function assertCreated(res, publicUrl = PUBLIC_URL) {
  assert.equal(res.status, 201, `expected 201, got ${res.status}: ${res.text}`);
  assert.deepEqual(Object.keys(res.json).sort(), ['redirect_url', 'token']);
  assert.match(res.json.token, k.UUID_V7_RE);
  assert.equal(res.json.redirect_url, `${publicUrl}/snap/v2/vtweb/${res.json.token}`);
}

// Milliseconds since the epoch in the first 48 bits of a UUID v7.
function uuidTime(token) {
  return parseInt(token.replace(/-/g, '').slice(0, 12), 16);
}

// A JSON text whose deepest point is `depth` levels, counting the top
// object as level 1, with a valid order around it.
function nestedBody(id, depth) {
  const inner = '['.repeat(depth - 1) + ']'.repeat(depth - 1);
  return `{"transaction_details":{"order_id":"${id}","gross_amount":10000},"pad":${inner}}`;
}

// POST with Transfer-Encoding: chunked (no Content-Length), 1000-byte chunks.
function postChunked(server, key, text) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: server.port, path: TX_PATH, method: 'POST', agent: false,
      headers: { Authorization: k.basicAuth(key), 'Content-Type': 'application/json', Connection: 'close' },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => { body += d; }).on('end', () => {
        let json;
        try { json = JSON.parse(body); } catch { json = undefined; }
        resolve({ status: res.statusCode, text: body, json });
      });
    });
    req.on('error', reject);
    for (let i = 0; i < text.length; i += 1000) req.write(text.slice(i, i + 1000));
    req.end();
  });
}

// Writes bytes on a raw connection and waits until the server closes it or
// 2 s pass; whatever it answers is fine, as long as it stays up.
function rawExchange(server, bytes) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: server.port }, () => s.end(bytes));
    const timer = setTimeout(() => s.destroy(), 2000);
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => { clearTimeout(timer); resolve(); });
  });
}

describe('snap transactions', () => {
  let ctx;
  let other; // a second merchant on the same server
  let sbKey;
  let prodKey;

  before(async () => {
    ctx = await k.setup({ publicUrl: PUBLIC_URL });
    sbKey = ctx.merchant.sandbox.server_key;
    prodKey = ctx.merchant.production.server_key;
    other = await k.createMerchant(ctx.db, 'Toko Lain');
  });
  after(() => k.teardown(ctx));

  describe('auth', () => {
    it('refuses a request without Authorization', async () => {
      const res = await k.createTransaction(ctx.server, null, k.simpleOrder());
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { error_messages: [k.DENIED] });
    });

    it('refuses a wrong key, a changed key and the client key', async () => {
      const changed = sbKey.slice(0, -1) + (sbKey.endsWith('a') ? 'b' : 'a');
      for (const key of ['VT-server-nope', changed, sbKey + 'x', ctx.merchant.sandbox.client_key, '']) {
        const res = await k.createTransaction(ctx.server, key, k.simpleOrder());
        assert.equal(res.status, 401, `key ${JSON.stringify(key)}: ${res.text}`);
        assert.deepEqual(res.json, { error_messages: [k.DENIED] });
      }
    });

    it('refuses malformed Authorization headers', async () => {
      const b64 = (s) => Buffer.from(s).toString('base64');
      const headers = [
        'Basic',
        'Basic ',
        'Basic !!!not-base64!!!',
        `Bearer ${sbKey}`,
        sbKey,
        `Basic ${b64(':' + sbKey)}`,
        `Basic ${b64('nobody:' + sbKey)}`,
      ];
      for (const auth of headers) {
        const res = await k.createTransaction(ctx.server, null, k.simpleOrder(), { Authorization: auth });
        assert.equal(res.status, 401, `Authorization: ${auth}: ${res.text}`);
        assert.deepEqual(res.json, { error_messages: [k.DENIED] });
      }
    });

    it('accepts the sandbox and the production server key', async () => {
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder()));
      assertCreated(await k.createTransaction(ctx.server, prodKey, k.simpleOrder()));
    });

    it('takes the key of another merchant as that merchant (own order_id space)', async () => {
      const id = k.orderId('shared');
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id)));
      assertCreated(await k.createTransaction(ctx.server, other.sandbox.server_key, k.simpleOrder(id)));
      assertRejected(await k.createTransaction(ctx.server, other.sandbox.server_key, k.simpleOrder(id)), [k.DUPLICATE]);
    });
  });

  describe('validation answers', () => {
    const cases = [
      ['missing order_id', { transaction_details: { gross_amount: 10000 } },
        ['transaction_details.order_id is required']],
      ['missing gross_amount', { transaction_details: { order_id: 'v-1' } },
        ['transaction_details.gross_amount is required']],
      ['missing transaction_details', { item_details: [] },
        ['transaction_details.order_id is required', 'transaction_details.gross_amount is required']],
      ['gross_amount below the minimum', { transaction_details: { order_id: 'v-2', gross_amount: 9999 } },
        ['transaction_details.gross_amount must be at least 10000']],
      ['several rules at once', { transaction_details: { gross_amount: 500 } },
        ['transaction_details.order_id is required', 'transaction_details.gross_amount must be at least 10000']],
      ['item_details not summing to gross_amount', {
        transaction_details: { order_id: 'v-3', gross_amount: 20000 },
        item_details: [{ id: 'A', price: 10000, quantity: 1, name: 'Bear' }, { id: 'B', price: 5000, quantity: 1, name: 'Hat' }],
      }, ['transaction_details.gross_amount is not equal to the sum of item_details']],
      ['missing order_id and a wrong sum', {
        transaction_details: { gross_amount: 10000 },
        item_details: [{ price: 3000, quantity: 3, name: 'Pen' }],
      }, ['transaction_details.order_id is required', 'transaction_details.gross_amount is not equal to the sum of item_details']],
    ];
    for (const [name, body, expected] of cases) {
      it(`400 for ${name}`, async () => {
        assertRejected(await k.createTransaction(ctx.server, sbKey, body), expected);
      });
    }

    it('400 with the required-field messages for null and {}', async () => {
      const required = ['transaction_details.order_id is required', 'transaction_details.gross_amount is required'];
      assertRejected(await k.createTransaction(ctx.server, sbKey, 'null'), required);
      assertRejected(await k.createTransaction(ctx.server, sbKey, '{}'), required);
    });

    it('400 "There was a problem in the JSON you submitted" for text that is not JSON', async () => {
      for (const raw of ['{"transaction_details":', 'order_id=1&gross_amount=10000', '{"a":1}{"b":2}']) {
        assertRejected(await k.createTransaction(ctx.server, sbKey, raw), ['There was a problem in the JSON you submitted']);
      }
    });

    it('400 for an empty body', async () => {
      const res = await k.createTransaction(ctx.server, sbKey, '');
      assertRejected(res, []);
      assert.ok(res.json.error_messages.length > 0);
    });

    it('400 for JSON that is not an object', async () => {
      for (const raw of ['[]', '[{"transaction_details":{"order_id":"arr-1","gross_amount":10000}}]', '"text"', '42', 'true']) {
        const res = await k.createTransaction(ctx.server, sbKey, raw);
        assertRejected(res, []);
        assert.ok(res.json.error_messages.length > 0, `no message for ${raw}`);
      }
    });

    it('413 for a body of 16384+1 bytes, a body of exactly 16384 is read', async () => {
      const body = (size, id) => {
        const head = `{"transaction_details":{"order_id":"${id}","gross_amount":10000},"pad":"`;
        return head + 'x'.repeat(size - head.length - 2) + '"}';
      };
      const big = body(16385, k.orderId('big'));
      assert.equal(Buffer.byteLength(big), 16385);
      const res = await k.createTransaction(ctx.server, sbKey, big);
      assert.equal(res.status, 413, res.text);

      const limit = body(16384, k.orderId('limit'));
      assert.equal(Buffer.byteLength(limit), 16384);
      assertCreated(await k.createTransaction(ctx.server, sbKey, limit));
    });

    it('reads chunked bodies, with the same 16 KB limit', async () => {
      const ok = await postChunked(ctx.server, sbKey, JSON.stringify(k.fullOrder()));
      assertCreated(ok);
      const big = await postChunked(ctx.server, sbKey, JSON.stringify({ ...k.simpleOrder(), pad: 'x'.repeat(17000) }));
      assert.equal(big.status, 413, big.text);
    });

    it('400 for JSON nested deeper than 32 levels, 32 levels are fine', async () => {
      assertCreated(await k.createTransaction(ctx.server, sbKey, nestedBody(k.orderId('deep'), 32)));
      for (const depth of [33, 5000]) {
        const res = await k.createTransaction(ctx.server, sbKey, nestedBody(k.orderId('deep'), depth));
        assertRejected(res, []);
      }
      // an unterminated bomb of brackets just under the size limit
      assertRejected(await k.createTransaction(ctx.server, sbKey, '['.repeat(16000)), []);
      assert.equal((await k.request(ctx.server, '/healthz')).status, 200);
    });

    it('ignores unknown fields', async () => {
      const body = { ...k.simpleOrder(), payment_type: 'vtweb', something_new: { a: [1, 2, { b: null }] } };
      assertCreated(await k.createTransaction(ctx.server, sbKey, body));
    });
  });

  describe('success', () => {
    it('201 with a lowercase UUID v7 token and the redirect_url', async () => {
      const t0 = Date.now();
      const res = await k.createTransaction(ctx.server, sbKey, k.simpleOrder());
      assertCreated(res);
      assert.match(res.headers['content-type'], /^application\/json/);
      const ms = uuidTime(res.json.token);
      assert.ok(Math.abs(ms - t0) < 60000, `token time ${ms} is far from now ${t0}`);
    });

    it('gives distinct, time-ordered tokens', async () => {
      const first = await k.createTransaction(ctx.server, sbKey, k.simpleOrder());
      await new Promise((r) => setTimeout(r, 5));
      const second = await k.createTransaction(ctx.server, sbKey, k.simpleOrder());
      assertCreated(first);
      assertCreated(second);
      assert.notEqual(first.json.token, second.json.token);
      assert.ok(uuidTime(second.json.token) >= uuidTime(first.json.token));
    });

    it('takes the full request of the original document', async () => {
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.fullOrder()));
    });

    it('takes item_details that sum to gross_amount, discount lines included', async () => {
      const body = {
        transaction_details: { order_id: k.orderId('items'), gross_amount: 25000 },
        item_details: [
          { id: 'A', price: 10000, quantity: 3, name: 'Bear' },
          { id: 'D', price: -5000, quantity: 1, name: 'Discount' },
        ],
      };
      assertCreated(await k.createTransaction(ctx.server, sbKey, body));
    });
  });

  describe('duplicates', () => {
    it('400 "has already been taken" for a reused order_id', async () => {
      const id = k.orderId('dup');
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id)));
      const res = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id, 20000));
      assertRejected(res, [k.DUPLICATE]);
    });

    it('the same order_id once in sandbox and once in production', async () => {
      const id = k.orderId('env');
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id)));
      assertCreated(await k.createTransaction(ctx.server, prodKey, k.simpleOrder(id)));
      assertRejected(await k.createTransaction(ctx.server, prodKey, k.simpleOrder(id)), [k.DUPLICATE]);
    });

    it('40 concurrent creates of one order_id: exactly one 201', async () => {
      const id = k.orderId('race');
      const all = await Promise.all(Array.from({ length: 40 },
        () => k.createTransaction(ctx.server, sbKey, k.simpleOrder(id))));
      const created = all.filter((r) => r.status === 201);
      const dup = all.filter((r) => r.status === 400 && r.json.error_messages.includes(k.DUPLICATE));
      assert.equal(created.length, 1, `201s: ${created.length}; statuses ${all.map((r) => r.status).join(',')}`);
      assert.equal(dup.length, 39, `others: ${all.filter((r) => r.status !== 201).map((r) => r.text).join(' | ')}`);
      assertCreated(created[0]);
    });
  });

  describe('Idempotency-Key', () => {
    it('the same key returns the first answer and creates nothing more', async () => {
      const key = 'idem-' + k.orderId();
      const id = k.orderId('idem');
      const first = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id), { 'Idempotency-Key': key });
      assertCreated(first);
      const again = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id), { 'Idempotency-Key': key });
      assert.equal(again.status, 201);
      assert.equal(again.text, first.text);
      // only one order stored: a new key with that order_id is a duplicate
      const third = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id), { 'Idempotency-Key': key + '-new' });
      assertRejected(third, [k.DUPLICATE]);
    });

    it('the same key with a different body still returns the first answer', async () => {
      const key = 'idem-body-' + k.orderId();
      const first = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(), { 'Idempotency-Key': key });
      assertCreated(first);
      const otherId = k.orderId('idem-other');
      const again = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(otherId, 50000), { 'Idempotency-Key': key });
      assert.equal(again.status, 201);
      assert.equal(again.text, first.text);
      // the second body was not processed: its order_id is still free
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder(otherId)));
    });

    it('a failed first attempt is not remembered', async () => {
      const key = 'idem-fail-' + k.orderId();
      const bad = await k.createTransaction(ctx.server, sbKey, { transaction_details: { gross_amount: 10000 } }, { 'Idempotency-Key': key });
      assertRejected(bad, ['transaction_details.order_id is required']);
      const good = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(), { 'Idempotency-Key': key });
      assertCreated(good);
    });

    it('a key of 46 characters is honoured, one of 47 is ignored', async () => {
      const key46 = ('k46-' + k.orderId() + '-').padEnd(46, 'x');
      assert.equal(key46.length, 46);
      const id46 = k.orderId('k46');
      const a = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id46), { 'Idempotency-Key': key46 });
      const b = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id46), { 'Idempotency-Key': key46 });
      assertCreated(a);
      assert.equal(b.status, 201);
      assert.equal(b.text, a.text);

      const key47 = ('k47-' + k.orderId() + '-').padEnd(47, 'x');
      assert.equal(key47.length, 47);
      const id47 = k.orderId('k47');
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id47), { 'Idempotency-Key': key47 }));
      const replay = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id47), { 'Idempotency-Key': key47 });
      assertRejected(replay, [k.DUPLICATE]);
    });
    it('concurrent requests with one key: one order, the others get its answer or 202', async () => {
      const key = 'idem-conc-' + k.orderId();
      const id = k.orderId('idem-conc');
      const all = await Promise.all(Array.from({ length: 20 },
        () => k.createTransaction(ctx.server, sbKey, k.simpleOrder(id), { 'Idempotency-Key': key })));
      const created = all.filter((r) => r.status === 201);
      const other = all.filter((r) => r.status !== 201 && r.status !== 202);
      assert.deepEqual(other.map((r) => `${r.status} ${r.text}`), [], 'only 201 or 202 answers');
      assert.ok(created.length >= 1, 'at least one 201');
      assert.equal(new Set(created.map((r) => r.text)).size, 1, 'every 201 is the same answer');
      assertCreated(created[0]);
      // after the dust settles the key still gives that answer
      const later = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(id), { 'Idempotency-Key': key });
      assert.equal(later.text, created[0].text);
    });

    it('a key belongs to one merchant environment', async () => {
      const key = 'idem-scope-' + k.orderId();
      const mine = await k.createTransaction(ctx.server, sbKey, k.simpleOrder(), { 'Idempotency-Key': key });
      const prod = await k.createTransaction(ctx.server, prodKey, k.simpleOrder(), { 'Idempotency-Key': key });
      const theirs = await k.createTransaction(ctx.server, other.sandbox.server_key, k.simpleOrder(), { 'Idempotency-Key': key });
      for (const r of [mine, prod, theirs]) assertCreated(r);
      assert.equal(new Set([mine.json.token, prod.json.token, theirs.json.token]).size, 3,
        'another merchant or environment must never get this answer');
    });
  });

  describe('notification headers', () => {
    it('accepts X-Override-Notification and X-Append-Notification', async () => {
      const urls = 'https://shop.example.test/notify-1,https://shop.example.test/notify-2';
      for (const headers of [
        { 'X-Override-Notification': urls },
        { 'X-Append-Notification': 'https://shop.example.test/notify-3' },
        { 'X-Override-Notification': urls, 'X-Append-Notification': 'https://shop.example.test/notify-4' },
      ]) {
        assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder(), headers));
      }
    });
  });

  describe('robustness', () => {
    it('400 for text that is not UTF-8 and for a NUL in order_id', async () => {
      const bad = Buffer.concat([Buffer.from('{"transaction_details":{"order_id":"'), Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('","gross_amount":10000}}')]);
      assertRejected(await k.createTransaction(ctx.server, sbKey, bad), []);
      assertRejected(await k.createTransaction(ctx.server, sbKey, '{"transaction_details":{"order_id":"a\\u0000b","gross_amount":10000}}'), []);
    });

    it('survives garbage on the socket', async () => {
      const garbage = [
        Buffer.from([0x00, 0x01, 0x02, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]),
        Buffer.from('GET\r\n\r\n'),
        Buffer.from('POST /snap/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'),
        Buffer.from('POST /snap/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n'),
        Buffer.from('POST /snap/v1/transactions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzzzz\r\n'),
        Buffer.from(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100000)}\r\n\r\n`),
        crypto.randomBytes(4096),
      ];
      for (const bytes of garbage) await rawExchange(ctx.server, bytes);
      const res = await k.request(ctx.server, '/healthz');
      assert.equal(res.status, 200);
      assertCreated(await k.createTransaction(ctx.server, sbKey, k.simpleOrder()));
    });
  });

  describe('other routes', () => {
    it('GET /healthz answers {"status":"ok"}', async () => {
      const res = await k.request(ctx.server, '/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { status: 'ok' });
    });
  });
});

describe('shutdown', () => {
  let ctx;
  before(async () => { ctx = await k.setup(); });
  after(() => k.teardown(ctx));

  it('redirect_url defaults to the listening address', async () => {
    const res = await k.createTransaction(ctx.server, ctx.merchant.sandbox.server_key, k.simpleOrder());
    assertCreated(res, ctx.server.baseUrl);
  });

  it('SIGTERM finishes the request in flight and exits 0', async () => {
    const key = ctx.merchant.sandbox.server_key;
    const id = k.orderId('inflight');
    const body = Buffer.from(JSON.stringify(k.simpleOrder(id)));
    const half = Math.floor(body.length / 2);

    // a request whose body is half sent when the signal comes
    const answer = new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port: ctx.server.port, path: TX_PATH, method: 'POST', agent: false,
        headers: {
          Authorization: k.basicAuth(key), 'Content-Type': 'application/json',
          'Content-Length': body.length, Connection: 'close',
        },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => { text += d; }).on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, half));
      // the server must have the connection before it is told to stop
      req.on('socket', (s) => s.on('connect', () => setTimeout(() => {
        ctx.server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(half)), 200);
      }, 100)));
    });

    const res = await answer;
    assert.equal(res.status, 201, res.text);
    const exit = await k.stopServer(ctx.server); // already signalled: waits for the exit
    assert.deepEqual(exit, { code: 0, signal: null }, ctx.server.stderr);

    // and the order it answered is stored
    ctx.server = await k.startServer({ db: ctx.db });
    assertRejected(await k.createTransaction(ctx.server, key, k.simpleOrder(id)), [k.DUPLICATE]);
    const again = await k.stopServer(ctx.server, 'SIGINT');
    assert.deepEqual(again, { code: 0, signal: null }, ctx.server.stderr);
  });
});

describe('durability', () => {
  let ctx;
  before(async () => { ctx = await k.setup(); });
  after(() => k.teardown(ctx));

  it('every 201 survives kill -9 during a stream of creates', async (t) => {
    const key = ctx.merchant.sandbox.server_key;
    const acked = [];
    let killed = false;

    // 20 clients, each sending creates back to back until the server dies
    const client = async (n) => {
      for (let i = 0; ; i++) {
        const id = `kill-${n}-${i}`;
        let res;
        try {
          res = await k.createTransaction(ctx.server, key, k.simpleOrder(id));
        } catch (err) {
          if (killed) return; // refused or reset: the server is gone
          throw err;
        }
        if (res.status === 201) acked.push(id);
        else if (!killed) throw new Error(`unexpected ${res.status}: ${res.text}`);
        if (killed) return;
      }
    };
    const clients = Array.from({ length: 20 }, (_, n) => client(n));
    // kill once 20 creates were acknowledged, however long a loaded machine
    // takes for them (a fixed 1.5 s was a speed test)
    const until = Date.now() + k.HANG_MS;
    while (acked.length < 20) {
      assert.ok(Date.now() < until, `only ${acked.length} creates acknowledged in ${k.HANG_MS} ms (a hang)`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const beforeKill = acked.length;
    killed = true;
    await k.killServer(ctx.server);
    const results = await Promise.allSettled(clients);
    const errors = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
    assert.deepEqual(errors, [], 'clients failed before the kill');
    assert.equal(ctx.server.exit.signal, 'SIGKILL');
    assert.ok(beforeKill >= 20, `only ${beforeKill} creates acknowledged before the kill`);

    ctx.server = await k.startServer({ db: ctx.db });
    const missing = [];
    const ids = acked.slice();
    const check = async () => {
      for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
        const res = await k.createTransaction(ctx.server, key, k.simpleOrder(id));
        if (!(res.status === 400 && res.json.error_messages.includes(k.DUPLICATE))) missing.push(`${id}: ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, check));
    t.diagnostic(`${acked.length} creates acknowledged before kill -9, all checked after the restart`);
    assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged orders lost`);

    // the restarted server works normally
    assertCreated(await k.createTransaction(ctx.server, key, k.simpleOrder()), ctx.server.baseUrl);
  });
});
