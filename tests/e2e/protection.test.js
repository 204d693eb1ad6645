'use strict';
// Slow and idle clients cannot hold the server: per-connection timeouts and
// the connection limit (issue 2, "Protection").

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const k = require('./lib/server');

// The server runs with --timeout 1. An upper bound tells that timeout from
// the default one (kasir serve --timeout 15) it replaces, not from a quick
// machine: a loaded one may close a second or two late, never 15 s late
// unless the flag was ignored.
const DEFAULT_TIMEOUT_MS = 15000;

// Opens a raw connection, sends text, and resolves with the socket and a
// promise that settles when the server closes it.
function rawConnect(port, text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      if (text) sock.write(text);
      const closed = new Promise((res) => sock.on('close', () => res(Date.now())));
      resolve({ sock, closed });
    });
    sock.on('error', () => {}); // a reset from the server is an answer too
    sock.once('error', reject);
  });
}

describe('slow clients', () => {
  let ctx;
  before(async () => {
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Lambat');
    const server = await k.startServer({ db, args: ['--timeout', '1', '--max-connections', '32'] });
    ctx = { dir, db, merchant, server };
  });
  after(() => k.teardown(ctx));

  it('a client that stops mid-request is cut off after the timeout', async () => {
    const start = Date.now();
    const { closed } = await rawConnect(ctx.server.port,
      'POST /snap/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"trans');
    // meanwhile everybody else is served
    const res = await k.createTransaction(ctx.server, ctx.merchant.sandbox.server_key, k.simpleOrder());
    assert.equal(res.status, 201);
    const at = await closed;
    assert.ok(at - start >= 900, `closed after ${at - start} ms, before the 1 s timeout`);
    assert.ok(at - start < DEFAULT_TIMEOUT_MS, `closed only after ${at - start} ms, as late as the default timeout`);
  });

  it('a client that sends half a header line is cut off too', async () => {
    const start = Date.now();
    const { closed } = await rawConnect(ctx.server.port, 'GET /healthz HTTP/1.1\r\nHo');
    const at = await closed;
    assert.ok(at - start < DEFAULT_TIMEOUT_MS, `closed only after ${at - start} ms, as late as the default timeout`);
  });

  it('idle sockets over the connection limit delay others only until the timeout', async () => {
    // 40 silent sockets against --max-connections 32: the first 32 are
    // accepted and time out after 1 s; the rest wait in the backlog
    const idle = [];
    for (let i = 0; i < 40; i++) idle.push(await rawConnect(ctx.server.port, ''));
    const start = Date.now();
    const res = await k.request(ctx.server, '/healthz');
    assert.equal(res.status, 200);
    assert.ok(Date.now() - start < DEFAULT_TIMEOUT_MS, `served only after ${Date.now() - start} ms, as late as the default timeout`);
    // and every silent socket was closed by the server, none left hanging
    const all = await Promise.race([
      Promise.all(idle.map((c) => c.closed)),
      new Promise((res2) => setTimeout(() => res2(null), k.HANG_MS)),
    ]);
    assert.notEqual(all, null, 'some idle sockets were never closed by the server');
  });
});
