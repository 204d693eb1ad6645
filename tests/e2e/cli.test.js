'use strict';
// The kasir command line: merchant create, flag errors, --help, and
// merchant create next to a running server.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const k = require('./lib/server');

// Exit 2 and one line on stderr that names the flag.
function assertUsageError(r, flag) {
  assert.equal(r.timedOut, false, `still running after the timeout; stderr: ${r.stderr}`);
  assert.equal(r.code, 2, `exit ${r.code}, stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.ok(lines[0].includes(flag), `stderr does not name ${flag}: ${lines[0]}`);
}

describe('kasir merchant create', () => {
  let dir;
  let db;
  before(() => { dir = k.makeTempDir(); db = k.dbUrl(dir); });
  after(() => k.removeTempDir(dir));

  it('--json prints exactly one JSON object with both environments', async () => {
    const r = await k.runKasir(['merchant', 'create', '--db', db, '--name', 'Toko Satu', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1, `stdout: ${r.stdout}`);
    const m = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(m).sort(), ['id', 'name', 'production', 'sandbox']);
    assert.equal(typeof m.id, 'string');
    assert.ok(m.id.length > 0);
    assert.equal(m.name, 'Toko Satu');
    for (const env of ['sandbox', 'production']) {
      assert.deepEqual(Object.keys(m[env]).sort(), ['client_key', 'server_key'], env);
    }
    assert.ok(m.sandbox.server_key.startsWith('SB-'), m.sandbox.server_key);
    assert.ok(m.sandbox.client_key.startsWith('SB-'), m.sandbox.client_key);
    assert.ok(!m.production.server_key.startsWith('SB-'), m.production.server_key);
    assert.ok(!m.production.client_key.startsWith('SB-'), m.production.client_key);
    // SPEC §2.1: VT-server- + 24 base62, VT-client- + 16, sandbox may add SB-
    assert.match(m.sandbox.server_key, /^SB-VT-server-[0-9A-Za-z]{24}$/);
    assert.match(m.sandbox.client_key, /^SB-VT-client-[0-9A-Za-z]{16}$/);
    assert.match(m.production.server_key, /^VT-server-[0-9A-Za-z]{24}$/);
    assert.match(m.production.client_key, /^VT-client-[0-9A-Za-z]{16}$/);
    const keys = [m.sandbox.server_key, m.sandbox.client_key, m.production.server_key, m.production.client_key];
    assert.equal(new Set(keys).size, 4, 'all four keys differ');
  });

  it('gives every merchant its own id and keys', async () => {
    const a = await k.createMerchant(db, 'Toko A');
    const b = await k.createMerchant(db, 'Toko A');
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.sandbox.server_key, b.sandbox.server_key);
    assert.notEqual(a.production.server_key, b.production.server_key);
  });

  it('keeps --server-key and --client-key as the sandbox keys', async () => {
    const serverKey = 'SB-Mid-server-KeptFromMidtrans0123456';
    const clientKey = 'SB-Mid-client-KeptFromMidtrans';
    const m = await k.createMerchant(db, 'Toko Pindahan', ['--server-key', serverKey, '--client-key', clientKey,
      '--notification-url', 'https://shop.example.test/notify']);
    assert.equal(m.sandbox.server_key, serverKey);
    assert.equal(m.sandbox.client_key, clientKey);
    assert.match(m.production.server_key, /server/);
    assert.notEqual(m.production.server_key, serverKey);

    const server = await k.startServer({ db });
    try {
      const res = await k.createTransaction(server, serverKey, k.simpleOrder());
      assert.equal(res.status, 201, res.text);
      const prod = await k.createTransaction(server, m.production.server_key, k.simpleOrder());
      assert.equal(prod.status, 201, prod.text);
    } finally {
      await k.stopServer(server);
    }
  });

  it('exits 2 naming the flag: unknown flag', async () => {
    assertUsageError(await k.runKasir(['merchant', 'create', '--db', db, '--name', 'X', '--bogus-flag', '--json']), '--bogus-flag');
  });

  it('exits 2 naming the flag: missing --name', async () => {
    assertUsageError(await k.runKasir(['merchant', 'create', '--db', db, '--json']), '--name');
  });

  it('exits 2 naming the flag: --name without its value', async () => {
    assertUsageError(await k.runKasir(['merchant', 'create', '--db', db, '--json', '--name']), '--name');
  });

  it('exits 2 naming the flag: --db with a value that is not sqlite:PATH', async () => {
    assertUsageError(await k.runKasir(['merchant', 'create', '--db', 'mysql://nowhere', '--name', 'X', '--json']), '--db');
  });

  it('prints nothing on stdout for a bad flag', async () => {
    const r = await k.runKasir(['merchant', 'create', '--db', db, '--json', '--bogus-flag']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
  });
});

describe('kasir serve flags', () => {
  let dir;
  let db;
  before(() => { dir = k.makeTempDir(); db = k.dbUrl(dir); });
  after(() => k.removeTempDir(dir));

  const serve = (...args) => k.runKasir(['serve', '--db', db, ...args]);

  it('exits 2 for --threads 0', async () => {
    assertUsageError(await serve('--listen', '127.0.0.1:0', '--threads', '0'), '--threads');
  });

  it('exits 2 for --threads that is not a number', async () => {
    assertUsageError(await serve('--listen', '127.0.0.1:0', '--threads', 'many'), '--threads');
  });

  it('exits 2 for --listen nonsense', async () => {
    assertUsageError(await serve('--listen', 'nonsense'), '--listen');
  });

  it('exits 2 for an unknown --log-level', async () => {
    assertUsageError(await serve('--listen', '127.0.0.1:0', '--log-level', 'loud'), '--log-level');
  });

  it('exits 2 for an unknown flag', async () => {
    assertUsageError(await serve('--listen', '127.0.0.1:0', '--no-such-flag'), '--no-such-flag');
  });

  it('exits 2 for an unknown command', async () => {
    const r = await k.runKasir(['frobnicate']);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes('frobnicate'), r.stderr);
  });
});

describe('--help', () => {
  it('kasir --help exits 0 and names the commands', async () => {
    const r = await k.runKasir(['--help']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    for (const word of ['serve', 'merchant']) assert.ok(out.includes(word), `no "${word}" in:\n${out}`);
  });

  it('kasir serve --help exits 0 and lists its flags', async () => {
    const r = await k.runKasir(['serve', '--help']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    for (const flag of ['--listen', '--db', '--threads', '--public-url', '--log-level']) {
      assert.ok(out.includes(flag), `no ${flag} in:\n${out}`);
    }
  });

  it('kasir merchant create --help exits 0 and lists its flags', async () => {
    const r = await k.runKasir(['merchant', 'create', '--help']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    for (const flag of ['--db', '--name', '--server-key', '--client-key', '--notification-url', '--json']) {
      assert.ok(out.includes(flag), `no ${flag} in:\n${out}`);
    }
  });
});

describe('merchant create next to a running server', () => {
  let ctx;
  before(async () => { ctx = await k.setup(); });
  after(() => k.teardown(ctx));

  it('works on the same database and the new keys work at once', async () => {
    const m = await k.createMerchant(ctx.db, 'Toko Baru');
    const sb = await k.createTransaction(ctx.server, m.sandbox.server_key, k.simpleOrder());
    assert.equal(sb.status, 201, sb.text);
    const prod = await k.createTransaction(ctx.server, m.production.server_key, k.simpleOrder());
    assert.equal(prod.status, 201, prod.text);
  });

  it('works while the server is busy creating transactions', async () => {
    const key = ctx.merchant.sandbox.server_key;
    let busy = true;
    const load = (async () => {
      let n = 0;
      while (busy) {
        const res = await k.createTransaction(ctx.server, key, k.simpleOrder());
        assert.equal(res.status, 201, res.text);
        n++;
      }
      return n;
    })();
    try {
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await k.createMerchant(ctx.db, `Toko Sibuk ${i}`));
      for (const m of made) {
        const res = await k.createTransaction(ctx.server, m.sandbox.server_key, k.simpleOrder());
        assert.equal(res.status, 201, res.text);
      }
    } finally {
      busy = false;
    }
    assert.ok((await load) > 0);
  });
});

describe('environment twins', () => {
  let dir;
  before(() => { dir = k.makeTempDir(); });
  after(() => k.removeTempDir(dir));

  it('KASIR_DB, KASIR_THREADS and KASIR_CARD_KEY_FILE stand in for their flags', async () => {
    const db = k.dbUrl(dir);
    const m = await k.createMerchant(db, 'Toko Env');
    const key = path.join(dir, 'env-card.key');
    const server = await k.startServer({ cwd: dir, env: { KASIR_DB: db, KASIR_THREADS: '3', KASIR_CARD_KEY_FILE: key } });
    try {
      const res = await k.createTransaction(server, m.sandbox.server_key, k.simpleOrder());
      assert.equal(res.status, 201, res.text);
      assert.equal(fs.statSync(key).mode & 0o777, 0o600, 'the key file was made where the variable says');
    } finally {
      await k.stopServer(server);
    }
  });
});
