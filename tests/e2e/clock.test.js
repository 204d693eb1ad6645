'use strict';
// The test clock (POST/GET /sandbox/v1/clock): one per sandbox environment,
// kept in the database, so an environment's time never goes backwards
// across a restart and two suites sharing one kasir do not move each other's
// time; production never moves. Runs on SQLite, and on PostgreSQL with
// KASIR_TEST_PG_URL.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const k = require('./lib/server');
const { CARD, shop } = require('./lib/shop');
const { startReceiver } = require('./lib/receiver');

const DAY = 86400;

// The kasir-recorded attempts of a transaction's notifications.
function attempts(db, txid) {
  return k.dbRows(db, `SELECT a.http_status AS http FROM attempts a JOIN outbox o ON o.id = a.outbox_id
    WHERE o.transaction_id = '${txid}' ORDER BY a.id`);
}

// Waits (polling the database, a cheap read) until kasir has recorded n
// attempts of the transaction: the event the next step depends on.
async function recorded(db, txid, n) {
  for (;;) {
    const rows = attempts(db, txid);
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the test clock', () => {
  let rec, dir, db, a, b, server;
  before(async () => {
    rec = await startReceiver({ plan: 200 });
    dir = k.makeTempDir();
    db = k.dbUrl(dir);
    a = await k.createMerchant(db, 'Toko Jam A', ['--notification-url', rec.url('/a')]);
    b = await k.createMerchant(db, 'Toko Jam B', ['--notification-url', rec.url('/b')]);
    // retries an hour apart: only a moved clock brings one within a test
    server = await k.startServer({ db, args: ['--test-clock', '--notify-retry-interval', '3600'] });
  });
  after(async () => {
    await k.stopServer(server);
    await rec.close();
    k.removeTempDir(dir);
  });

  it('is read and moved with a sandbox server key only; a bad move changes nothing', async () => {
    const none = await k.request(server, '/sandbox/v1/clock');
    assert.equal(none.status, 401, none.text);
    const wrong = await k.clock(server, 'SB-VT-server-nobodysnobodysnobody', 60);
    assert.equal(wrong.status, 401, wrong.text);
    const before = await k.clock(server, b.sandbox.server_key);
    assert.equal(before.status, 200, before.text);
    assert.equal(before.json.environment, 'sandbox');
    assert.equal(before.json.offset_seconds, 0);
    assert.match(before.json.now, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    for (const body of ['{"advance_seconds":-1}', '{"advance_seconds":1.5}', '{"advance_seconds":"60"}', '{}', 'nope']) {
      const bad = await k.request(server, '/sandbox/v1/clock', {
        method: 'POST', headers: { Authorization: k.basicAuth(b.sandbox.server_key), 'Content-Type': 'application/json' }, body,
      });
      assert.equal(bad.status, 400, `${body}: ${bad.text}`);
      assert.match(bad.text, /advance_seconds/);
    }
    const still = await k.clock(server, b.sandbox.server_key);
    assert.equal(still.json.offset_seconds, 0, 'a refused move changes nothing');
  });

  it('production never moves: its key is refused, its time stays real', async () => {
    const moved = await k.clock(server, a.production.server_key, DAY);
    assert.equal(moved.status, 400, moved.text);
    assert.match(moved.json.status_message, /production/);
    const prod = await k.clock(server, a.production.server_key);
    assert.equal(prod.status, 200, prod.text);
    assert.equal(prod.json.environment, 'production');
    assert.equal(prod.json.offset_seconds, 0);
    // real time: within the span of this request
    const t0 = Date.now();
    const again = await k.clock(server, a.production.server_key);
    assert.ok(again.json.now_ms >= t0 - 1000 && again.json.now_ms <= Date.now() + 1000, again.text);
  });

  it('two sandbox environments move independently', async () => {
    const sa = shop(server, a, { prefix: 'clka' });
    const sb = shop(server, b, { prefix: 'clkb' });
    const pa = await sa.paid(CARD.accept);
    const pb = await sb.paid(CARD.accept);
    assert.equal(pa.json.transaction_status, 'capture');
    // D+1 16:00 Asia/Jakarta is less than two days away: A's capture settles
    const moved = await k.clock(server, a.sandbox.server_key, 2 * DAY);
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.offset_seconds, 2 * DAY);
    await sa.waitStatus(pa.orderId, (j) => j.transaction_status === 'settlement', { what: "A's settlement" });
    // the pass that settled A's payment saw B's too: B's time did not move
    const stb = await sb.status(pb.orderId);
    assert.equal(stb.json.transaction_status, 'capture', stb.text);
    assert.equal((await k.clock(server, b.sandbox.server_key)).json.offset_seconds, 0);
    // and A's settlement happened in A's time, two days ahead
    const settled = Date.parse((await sa.status(pa.orderId)).json.settlement_time.replace(' ', 'T') + '+07:00');
    assert.ok(settled > Date.now() + DAY * 1000, `settlement_time in A's moved time: ${settled}`);
  });

  it('survives kill -9 and SIGTERM, and a retry due in moved time fires on time after the restart', async () => {
    const key = b.sandbox.server_key;
    await k.clock(server, key, DAY);
    const movedTo = (await k.clock(server, key)).json;
    assert.equal(movedTo.offset_seconds, DAY);
    // the first notification of this order is answered 503: its retry is due
    // an hour later in B's time, a day ahead of real time
    // (by order id: a late notification of an earlier test's order may
    // reach /b first)
    let first = true;
    rec.setPathPlan('/b', (r) => {
      if (!first || !r.json || !String(r.json.order_id).startsWith('clkr-')) return 200;
      first = false;
      return 503;
    });
    const sb = shop(server, b, { prefix: 'clkr' });
    const p = await sb.paid(CARD.accept);
    await rec.waitFor((rs) => rs.some((r) => r.path === '/b' && r.json.order_id === p.orderId), { what: 'the first attempt' });
    assert.deepEqual((await recorded(db, p.txid, 1)).map((r) => r.http), [503]);

    await k.killServer(server);
    server = await k.startServer({ db, args: ['--test-clock', '--notify-retry-interval', '3600'] });
    const afterKill = (await k.clock(server, key)).json;
    assert.equal(afterKill.offset_seconds, DAY, 'the offset is in the database');
    assert.ok(afterKill.now_ms >= movedTo.now_ms, 'time did not go backwards');

    // not early: a payment of A made now is delivered, the retry is not
    const sa = shop(server, a, { prefix: 'clkbar' });
    const barrier = await sa.paid(CARD.accept);
    await rec.waitFor((rs) => rs.some((r) => r.json && r.json.order_id === barrier.orderId), { what: 'the barrier' });
    const of = () => rec.requests.filter((r) => r.path === '/b' && r.json.order_id === p.orderId);
    assert.equal(of().length, 1, 'the retry waits for its hour of B\'s time');

    // on time: an hour of B's time later it comes, answered 200
    await k.clock(server, key, 3601);
    await rec.waitFor(() => of().length === 2, { what: 'the retry in moved time' });
    assert.deepEqual(of().map((r) => r.answer), [503, 200]);
    assert.deepEqual((await recorded(db, p.txid, 2)).map((r) => r.http), [503, 200]);

    // a graceful restart keeps it too
    const beforeStop = (await k.clock(server, key)).json;
    await k.stopServer(server);
    server = await k.startServer({ db, args: ['--test-clock', '--notify-retry-interval', '3600'] });
    const afterStop = (await k.clock(server, key)).json;
    assert.equal(afterStop.offset_seconds, DAY + 3601);
    assert.ok(afterStop.now_ms >= beforeStop.now_ms, 'time did not go backwards');
    rec.setPathPlan('/b', 200);
  });

  it('without --test-clock the offset still holds, and nothing moves it', async () => {
    await k.stopServer(server);
    server = await k.startServer({ db, args: ['--notify-retry-interval', '3600'] });
    const res = await k.clock(server, b.sandbox.server_key, 60);
    assert.equal(res.status, 404, res.text);
    // B's payments keep being stamped in B's time: a day and an hour ahead
    const sb = shop(server, b, { prefix: 'clkn' });
    const p = await sb.paid(CARD.accept);
    const when = Date.parse(p.json.transaction_time.replace(' ', 'T') + '+07:00');
    assert.ok(when > Date.now() + DAY * 1000, `transaction_time in B's time: ${p.json.transaction_time}`);
  });
});
