'use strict';
// Helpers for the end-to-end tests: temp dirs, the kasir CLI, a kasir server
// on a free loopback port, and plain HTTP requests to it (one connection per
// request, no keep-alive). Only 127.0.0.1 is ever used.

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const KASIR_BIN = path.resolve(REPO_ROOT, process.env.KASIR_BIN || 'build/kasir');
const HOST = '127.0.0.1';
const LISTENING_RE = /^kasir: listening on http:\/\/127\.0\.0\.1:(\d+)$/;
// How long a helper waits for what should happen (an answer, a start, a
// stop, a notification, a status) before calling it hung: a hang detector,
// not a deadline. A loaded 2-core machine running the sanitizer build is
// many times slower than a quiet one, and no test passes or fails by speed;
// a test that bounds a time derives the bound from a cost it measured
// (portal-security's log-in storm). A minute keeps a hung suite inside
// `make test`'s budget. KASIR_TEST_HANG_MS overrides it.
const HANG_MS = Number(process.env.KASIR_TEST_HANG_MS) || 60000;
const START_TIMEOUT_MS = HANG_MS;
const STOP_TIMEOUT_MS = HANG_MS;

const DENIED = 'Access denied, please check client or server key';
const DUPLICATE = 'transaction_details.order_id has already been taken';
// lowercase 8-4-4-4-12, version 7, RFC 4122 variant
const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The child gets our environment without KASIR_* variables, so that a
// KASIR_DB or KASIR_LISTEN of the caller cannot change what a test means.
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('KASIR_')) env[k] = v;
  }
  return Object.assign(env, extra);
}

function makeTempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kasir-e2e-'));
}

// KASIR_TEST_PG_URL (a PostgreSQL server's URL, e.g. from scripts/pg-dev.sh)
// runs the suites against PostgreSQL: each temp dir then stands for a fresh
// database on that server, dropped with the dir. Unset: SQLite in the dir.
const PG_SERVER = process.env.KASIR_TEST_PG_URL || '';
const pgDatabases = new Map(); // temp dir -> database name

function psql(url, sql) {
  execFileSync('psql', ['-qAt', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
}

// The server URL with another database name.
function pgUrl(dbName) {
  return PG_SERVER.replace(/\/[^/?]*(\?.*)?$/, `/${dbName}$1`);
}

function removeTempDir(dir) {
  if (!dir) return;
  const name = pgDatabases.get(dir);
  if (name) {
    pgDatabases.delete(dir);
    psql(PG_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

// The rows of a query on a test database (SQLite or PostgreSQL), as
// objects: for the tables that only the database can witness.
function dbRows(db, sql) {
  let out;
  if (db.startsWith('sqlite:')) {
    out = execFileSync('sqlite3', ['-json', db.slice(7), sql], { encoding: 'utf8' });
  } else {
    out = execFileSync('psql', ['-qAt', '-v', 'ON_ERROR_STOP=1', db, '-c',
      `SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`], { encoding: 'utf8' });
  }
  return out.trim() ? JSON.parse(out) : [];
}

// Runs a statement that changes a test database (SQLite or PostgreSQL):
// for states the API cannot make. The SQL must be valid on both engines.
function dbExec(db, sql) {
  if (db.startsWith('sqlite:')) {
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', db.slice(7), sql], { stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    psql(db, sql);
  }
}

// The temp dir a PostgreSQL test database stands for, if any.
function pgDirOf(db) {
  for (const [dir, name] of pgDatabases) if (db === pgUrl(name)) return dir;
  return null;
}

// Everything the database holds, as text (pg_dump, or the SQLite files).
function dbDump(db) {
  if (db.startsWith('sqlite:')) {
    const file = db.slice(7);
    const dir = path.dirname(file);
    return fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(file)))
      .map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
  }
  return execFileSync('pg_dump', ['--data-only', db], { encoding: 'latin1', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
}

function dbUrl(dir) {
  if (!PG_SERVER) return 'sqlite:' + path.join(dir, 'kasir.db');
  let name = pgDatabases.get(dir);
  if (!name) {
    name = 'ke_' + crypto.randomBytes(6).toString('hex');
    psql(PG_SERVER, `CREATE DATABASE ${name}`);
    pgDatabases.set(dir, name);
  }
  return pgUrl(name);
}

// A short, unique, valid order_id (letters, digits, - _ ~ .).
let orderSeq = 0;
const runTag = crypto.randomBytes(3).toString('hex');
function orderId(prefix = 'order') {
  orderSeq += 1;
  return `${prefix}-${runTag}-${orderSeq}`;
}

function tail(text, max = 4000) {
  return text.length > max ? '...' + text.slice(-max) : text;
}

// Runs kasir with args to completion. Resolves {code, signal, stdout, stderr};
// a run longer than timeoutMs (a hang detector) is killed and reported as
// timedOut.
// Children run in cwd (default the system temp dir), so that a default
// database path can never land in the repository.
function runKasir(args, { env = {}, timeoutMs = HANG_MS, input, cwd = os.tmpdir() } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(KASIR_BIN, args, { cwd, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(new Error(`cannot run ${KASIR_BIN}: ${err.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.end(input);
  });
}

// `kasir merchant create --json`; resolves the parsed object.
async function createMerchant(db, name, extraArgs = []) {
  const args = ['merchant', 'create', '--db', db, '--name', name, ...extraArgs, '--json'];
  const r = await runKasir(args);
  if (r.code !== 0) {
    throw new Error(`kasir ${args.join(' ')} exited ${r.code} (signal ${r.signal}); stderr:\n${tail(r.stderr)}`);
  }
  try {
    return JSON.parse(r.stdout);
  } catch (err) {
    throw new Error(`merchant create --json printed no JSON: ${JSON.stringify(r.stdout)}`);
  }
}

// Starts `kasir serve --listen 127.0.0.1:0` and resolves once it printed its
// listening line. The returned object knows its port and how to stop it.
// On PostgreSQL, kasir needs --card-key-file: unless args or env name one,
// the node gets kasir-card.key in the test's temp dir, shared by the nodes
// of that database (on SQLite it defaults to beside the database file).
// cardKey: false leaves the flag out.
function startServer({ db, threads, publicUrl, logLevel = 'info', args = [], env = {}, cwd, cardKey = true } = {}) {
  const pgDir = pgDirOf(db || env.KASIR_DB || '');
  if (!cwd) cwd = pgDir || os.tmpdir();
  const argv = ['serve', '--listen', `${HOST}:0`];
  if (db) argv.push('--db', db);
  if (pgDir && cardKey && !args.includes('--card-key-file') && !env.KASIR_CARD_KEY_FILE) {
    argv.push('--card-key-file', path.join(pgDir, 'kasir-card.key'));
  }
  if (threads) argv.push('--threads', String(threads));
  if (publicUrl) argv.push('--public-url', publicUrl);
  if (logLevel) argv.push('--log-level', logLevel);
  argv.push(...args);

  const child = spawn(KASIR_BIN, argv, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const server = {
    child,
    pid: child.pid,
    port: 0,
    baseUrl: '',
    stdout: '',
    stderr: '',
    exit: null, // {code, signal} once exited
  };
  server.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      server.exit = { code, signal };
      resolve(server.exit);
    });
  });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    server.stderr = tail(server.stderr + d, 64 * 1024);
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (msg) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!server.exit) child.kill('SIGKILL');
      child.stdout.destroy(); // a grandchild holding the pipes must not keep us waiting
      child.stderr.destroy();
      reject(new Error(`${msg}\ncommand: ${KASIR_BIN} ${argv.join(' ')}\nstdout:\n${tail(server.stdout)}\nstderr:\n${tail(server.stderr)}`));
    };
    const timer = setTimeout(() => fail(`kasir serve printed no listening line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.on('error', (err) => fail(`cannot run ${KASIR_BIN}: ${err.message}`));
    server.exited.then(({ code, signal }) => fail(`kasir serve exited (code ${code}, signal ${signal}) before listening`));

    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      server.stdout = tail(server.stdout + d, 64 * 1024);
      if (settled) return;
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        const m = LISTENING_RE.exec(line);
        if (m) {
          server.port = Number(m[1]);
          server.baseUrl = `http://${HOST}:${server.port}`;
          settled = true;
          clearTimeout(timer);
          resolve(server);
          return;
        }
      }
    });
  });
}

// SIGTERM (or sig) and wait for the exit; resolves {code, signal}.
async function stopServer(server, sig = 'SIGTERM') {
  if (!server || server.exit) return server && server.exit;
  server.child.kill(sig);
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); });
  const result = await Promise.race([server.exited, timeout]);
  clearTimeout(timer);
  if (!result) {
    server.child.kill('SIGKILL');
    await server.exited;
    throw new Error(`kasir did not exit within ${STOP_TIMEOUT_MS} ms of ${sig}; stderr:\n${tail(server.stderr)}`);
  }
  // A graceful stop exits 0; anything else (a sanitizer's leak or error
  // report among them) fails the test that stopped it.
  if ((sig === 'SIGTERM' || sig === 'SIGINT') && result.code !== 0) {
    throw new Error(`kasir exited ${result.code} (signal ${result.signal}) after ${sig}; stderr:\n${tail(server.stderr)}`);
  }
  return result;
}

// kill -9, then wait until the process is gone.
async function killServer(server) {
  if (!server || server.exit) return server && server.exit;
  server.child.kill('SIGKILL');
  return server.exited;
}

function basicAuth(serverKey) {
  return 'Basic ' + Buffer.from(serverKey + ':').toString('base64');
}

// One HTTP request on a fresh connection. opts: {method, headers, body}
// where body is a string or Buffer sent as is. Resolves
// {status, headers, text, json} (json undefined when the body is not JSON).
// No answer within timeoutMs (HANG_MS: a hang detector) rejects.
function request(server, urlPath, { method = 'GET', headers = {}, body, timeoutMs = HANG_MS } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const hdrs = Object.assign({ Connection: 'close' }, headers);
    if (payload !== undefined) hdrs['Content-Length'] = payload.length;
    const req = http.request({
      host: HOST,
      port: server.port,
      path: urlPath,
      method,
      headers: hdrs,
      agent: false,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json, raw });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer to ${method} ${urlPath} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

// The test clock of the sandbox environment whose server key is given
// (kasir serve --test-clock): POST moves it forward by seconds, GET (seconds
// undefined) reads it. Resolves the response; json.now_ms is the
// environment's time.
function clock(server, serverKey, seconds) {
  const headers = { Authorization: basicAuth(serverKey) };
  if (seconds === undefined) return request(server, '/sandbox/v1/clock', { headers });
  headers['Content-Type'] = 'application/json';
  return request(server, '/sandbox/v1/clock', { method: 'POST', headers, body: JSON.stringify({ advance_seconds: seconds }) });
}

// POST /snap/v1/transactions. body: an object (sent as JSON) or a raw
// string/Buffer. key: a server key, or null for no Authorization header.
function createTransaction(server, key, body, headers = {}) {
  const h = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (key !== null && key !== undefined) h.Authorization = basicAuth(key);
  Object.assign(h, headers);
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return request(server, '/snap/v1/transactions', { method: 'POST', headers: h, body: raw });
}

// The simplest valid request.
function simpleOrder(id = orderId(), grossAmount = 10000) {
  return { transaction_details: { order_id: id, gross_amount: grossAmount } };
}

// The "Request lengkap" of the original document (bench/full-request.json),
// with its order_id replaced.
function fullOrder(id = orderId('full')) {
  const file = path.join(REPO_ROOT, 'bench', 'full-request.json');
  const body = JSON.parse(fs.readFileSync(file, 'utf8'));
  body.transaction_details.order_id = id;
  return body;
}

// A temp dir, a merchant and a running server: the usual fixture.
async function setup({ name = 'Toko Test', publicUrl, threads, merchantArgs = [] } = {}) {
  const dir = makeTempDir();
  try {
    const db = dbUrl(dir);
    const merchant = await createMerchant(db, name, merchantArgs);
    const server = await startServer({ db, publicUrl, threads });
    return { dir, db, merchant, server };
  } catch (err) {
    removeTempDir(dir);
    throw err;
  }
}

async function teardown(ctx) {
  if (!ctx) return;
  try {
    if (ctx.server && !ctx.server.exit) await stopServer(ctx.server);
  } finally {
    removeTempDir(ctx.dir);
  }
}

module.exports = {
  KASIR_BIN,
  HANG_MS,
  REPO_ROOT,
  DENIED,
  DUPLICATE,
  UUID_V7_RE,
  makeTempDir,
  removeTempDir,
  dbUrl,
  dbRows,
  dbExec,
  dbDump,
  PG_SERVER,
  pgUrl,
  psql,
  orderId,
  runKasir,
  createMerchant,
  startServer,
  stopServer,
  killServer,
  basicAuth,
  clock,
  request,
  createTransaction,
  simpleOrder,
  fullOrder,
  setup,
  teardown,
};
