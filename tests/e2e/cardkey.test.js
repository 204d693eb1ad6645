'use strict';
// The card-sealing key file (issue 20): kasir refuses one that group or
// others can read, naming the file, its mode and the fix; on PostgreSQL it
// needs --card-key-file rather than a default in the working directory; a
// key file inside a git work tree is warned about; a key file it makes is
// the owner's only (0600).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const k = require('./lib/server');

const WARNING = /card key file .* is inside the git work tree/;

// A 32-byte key file with the given mode.
function keyFile(dir, name, mode) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, crypto.randomBytes(32), { mode: 0o600 });
  fs.chmodSync(file, mode);
  return file;
}

describe('the card key file', () => {
  let dir;
  let db;
  before(async () => {
    dir = k.makeTempDir();
    db = k.dbUrl(dir);
    await k.createMerchant(db, 'Toko Kunci'); // the schema, so only the key is in question
  });
  after(() => k.removeTempDir(dir));

  const serve = (...args) => k.runKasir(['serve', '--listen', '127.0.0.1:0', '--db', db, ...args]);

  for (const [who, mode] of [['group', 0o640], ['others', 0o604]]) {
    it(`refuses a key file that ${who} can read: exit 2, the file, its mode and chmod 600 named`, async () => {
      const file = keyFile(dir, `${who}.key`, mode);
      const r = await serve('--card-key-file', file);
      assert.equal(r.timedOut, false, `still running; stderr: ${r.stderr}`);
      assert.equal(r.code, 2, `exit ${r.code}, stderr: ${r.stderr}`);
      assert.ok(!r.stdout.includes('listening'), r.stdout);
      const line = r.stderr.trimEnd();
      assert.ok(line.includes('--card-key-file'), line);
      assert.ok(line.includes(file), `the file is not named: ${line}`);
      assert.ok(line.includes(`0${mode.toString(8)}`), `the mode is not named: ${line}`);
      assert.ok(line.includes(`chmod 600 ${file}`), `the fix is not named: ${line}`);
      // and the fix works
      fs.chmodSync(file, 0o600);
      const s = await k.startServer({ db, args: ['--card-key-file', file] });
      await k.stopServer(s);
    });
  }

  it('makes a missing key file with mode 0600', async () => {
    const file = path.join(dir, 'new.key');
    const s = await k.startServer({ db, args: ['--card-key-file', file] });
    try {
      const st = fs.statSync(file);
      assert.equal(st.size, 32);
      assert.equal(st.mode & 0o777, 0o600, `mode ${(st.mode & 0o777).toString(8)}`);
      assert.doesNotMatch(s.stderr, WARNING, 'a temp dir is no git work tree');
    } finally {
      await k.stopServer(s);
    }
  });

  it('warns, and starts, when the key file sits inside a git work tree', async () => {
    const repo = path.join(dir, 'checkout');
    fs.mkdirSync(path.join(repo, 'deep', 'er'), { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'));
    const file = path.join(repo, 'deep', 'er', 'kasir-card.key');
    const s = await k.startServer({ db, args: ['--card-key-file', file] });
    try {
      assert.match(s.stderr, WARNING);
      const line = s.stderr.split('\n').find((l) => WARNING.test(l));
      assert.ok(line.includes(file) && line.includes(fs.realpathSync(repo)), line);
      assert.equal((await k.request(s, '/healthz')).status, 200);
    } finally {
      await k.stopServer(s);
    }
    // a linked work tree's .git is a file: warned about too
    const linked = path.join(dir, 'linked');
    fs.mkdirSync(linked);
    fs.writeFileSync(path.join(linked, '.git'), 'gitdir: /nowhere\n');
    const s2 = await k.startServer({ db, args: ['--card-key-file', path.join(linked, 'card.key')] });
    try {
      assert.match(s2.stderr, WARNING);
    } finally {
      await k.stopServer(s2);
    }
  });

  it('on PostgreSQL, refuses to start without --card-key-file, naming the flag', { skip: !k.PG_SERVER && 'KASIR_TEST_PG_URL is not set' }, async () => {
    const r = await serve();
    assert.equal(r.code, 2, `exit ${r.code}, stderr: ${r.stderr}`);
    const line = r.stderr.trimEnd();
    assert.equal(line.split('\n').length, 1, line);
    assert.match(line, /--card-key-file is required with a PostgreSQL --db/);
    assert.ok(line.includes('KASIR_CARD_KEY_FILE'), line);
    assert.deepEqual(fs.readdirSync(require('node:os').tmpdir()).filter((f) => f === 'kasir-card.key'), [],
      'no key file made in the working directory');
  });
});
