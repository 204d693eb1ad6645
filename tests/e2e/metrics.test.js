'use strict';
// GET /metrics (Prometheus text): the counters move by exactly the traffic
// the test sends.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const k = require('./lib/server');

function parse(text) {
  const m = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    m.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return m;
}

describe('metrics', () => {
  let ctx;
  before(async () => { ctx = await k.setup(); });
  after(() => k.teardown(ctx));

  async function scrape() {
    const res = await k.request(ctx.server, '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/plain; version=0.0.4/);
    return parse(res.text);
  }

  it('counts requests by route and status, commits and connections', async () => {
    const before = await scrape();
    const key = ctx.merchant.sandbox.server_key;
    for (let i = 0; i < 3; i++) {
      const r = await k.createTransaction(ctx.server, key, k.simpleOrder());
      assert.equal(r.status, 201);
    }
    const bad = await k.createTransaction(ctx.server, key, {});
    assert.equal(bad.status, 400);
    const denied = await k.createTransaction(ctx.server, 'nope-nope-nope', k.simpleOrder());
    assert.equal(denied.status, 401);
    // A request is counted when libmicrohttpd reports it complete, which
    // can be a moment after the client has its answer: scrape until the
    // five requests and the earlier scrapes have all been counted.
    const get = (m, name) => m.get(name) || 0;
    const count = 'kasir_http_request_duration_ms_count{route="POST /snap/v1/transactions"}';
    const scrapes = 'kasir_http_requests_total{route="GET /metrics",status="200"}';
    let after;
    let issued = 1; // the scrape before the traffic
    for (const end = Date.now() + k.HANG_MS; ; issued++) {
      after = await scrape();
      if (get(after, count) - get(before, count) >= 5 && get(after, scrapes) - get(before, scrapes) >= issued) break;
      assert.ok(Date.now() < end, `not every request was counted within ${k.HANG_MS} ms (a hang)`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const created = 'kasir_http_requests_total{route="POST /snap/v1/transactions",status="201"}';
    const invalid = 'kasir_http_requests_total{route="POST /snap/v1/transactions",status="400"}';
    const unauth = 'kasir_http_requests_total{route="POST /snap/v1/transactions",status="401"}';
    assert.equal(get(after, created) - get(before, created), 3);
    assert.equal(get(after, invalid) - get(before, invalid), 1);
    assert.equal(get(after, unauth) - get(before, unauth), 1);
    assert.equal(get(after, count) - get(before, count), 5);
    // each 201 was one job in a group commit
    assert.equal(get(after, 'kasir_store_commit_jobs_sum') - get(before, 'kasir_store_commit_jobs_sum'), 3);
    assert.equal(get(after, 'kasir_outbox_pending'), 0);
    assert.ok(get(after, 'kasir_http_connections') >= 1);
    // each earlier scrape was counted once (the last is still running)
    assert.equal(get(after, scrapes) - get(before, scrapes), issued);
  });
});

describe('logs', () => {
  it('--log-format json writes one object per line, and no secret reaches the log', async () => {
    const dir = k.makeTempDir();
    try {
      const db = k.dbUrl(dir);
      const merchant = await k.createMerchant(db, 'Toko Log');
      const server = await k.startServer({ db, logLevel: 'debug', args: ['--log-format', 'json'] });
      const key = merchant.sandbox.server_key;
      const res = await k.createTransaction(server, key, k.simpleOrder());
      assert.equal(res.status, 201);
      await k.createTransaction(server, 'SB-VT-server-wrongwrongwrong', k.simpleOrder());
      const q = `client_key=${merchant.sandbox.client_key}&card_number=4811111111111114&card_exp_month=12&card_exp_year=2030&card_cvv=987`;
      const t = await k.request(server, `/v2/token?${q}`);
      assert.equal(t.status, 200);
      await k.stopServer(server);
      const lines = server.stderr.split('\n').filter((l) => l.trim());
      assert.ok(lines.length > 3, 'debug logging wrote lines');
      for (const line of lines) {
        const o = JSON.parse(line); // throws on a line that is not JSON
        assert.ok(o.time && o.level && 'msg' in o, line);
        for (const secret of [key, 'SB-VT-server-wrongwrongwrong', '4811111111111114', 'card_cvv']) {
          assert.ok(!line.includes(secret), `log line holds a secret: ${line}`);
        }
      }
    } finally {
      k.removeTempDir(dir);
    }
  });
});

describe('rate limit', () => {
  it('--rate-limit answers 429 with Retry-After past the rate, per merchant', async () => {
    const dir = k.makeTempDir();
    try {
      const db = k.dbUrl(dir);
      const a = await k.createMerchant(db, 'Toko A');
      const b = await k.createMerchant(db, 'Toko B');
      const server = await k.startServer({ db, args: ['--rate-limit', '5'] });
      const answers = [];
      for (let i = 0; i < 12; i++) {
        answers.push(await k.createTransaction(server, a.sandbox.server_key, k.simpleOrder()));
      }
      const limited = answers.filter((r) => r.status === 429);
      assert.ok(limited.length >= 5, `only ${limited.length} of 12 limited`);
      assert.ok(answers.filter((r) => r.status === 201).length >= 5);
      assert.match(limited[0].headers['retry-after'], /^[1-9][0-9]*$/);
      assert.ok(limited[0].json.error_messages[0].includes('too many requests'));
      const other = await k.createTransaction(server, b.sandbox.server_key, k.simpleOrder());
      assert.equal(other.status, 201, 'another merchant has its own bucket');
      const status = await k.request(server, '/v2/nope/status', {
        headers: { Authorization: k.basicAuth(a.sandbox.server_key) },
      });
      assert.equal(status.status, 429);
      assert.equal(status.json.status_code, '429');
      await k.stopServer(server);
    } finally {
      k.removeTempDir(dir);
    }
  });
});
