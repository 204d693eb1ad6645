'use strict';
// Misbehaving peers (issue 8): merchant receivers that answer byte by byte,
// send an endless body, never answer, or redirect in a loop cannot stall
// the notification worker nor grow kasir's memory without bound: another
// merchant's notifications keep arriving meanwhile. A client that opens
// 10,000 connections and sends nothing cannot stop others from being
// served. kasir's RSS (VmRSS) is printed before and after; the checks are
// bounds and orderings, never timings.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const k = require('./lib/server');
const { startReceiver } = require('./lib/receiver');

const HOST = '127.0.0.1';
const CARD = '4011111111111112';
const JSON_HDR = { 'Content-Type': 'application/json' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssKb(pid) {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

// A raw TCP receiver whose every connection is handed to behave(socket,
// stats) once the request head has arrived. stats counts connections seen,
// still open, and closed by the other side (kasir giving up).
async function rawReceiver(behave) {
  const stats = { connections: 0, open: 0, closedByPeer: 0, bytesSent: 0 };
  const sockets = new Set();
  const server = net.createServer((s) => {
    stats.connections++;
    stats.open++;
    sockets.add(s);
    let head = '';
    let started = false;
    s.on('data', (d) => {
      head += d.toString('latin1');
      if (!started && head.includes('\r\n\r\n')) {
        started = true;
        behave(s, stats, port);
      }
    });
    s.on('error', () => {});
    s.on('close', () => {
      stats.open--;
      sockets.delete(s);
      if (!s.closingByUs) stats.closedByPeer++;
    });
  });
  await new Promise((r) => server.listen(0, HOST, r));
  const port = server.address().port;
  return {
    stats,
    url: `http://${HOST}:${port}/notify`,
    close() {
      for (const s of sockets) { s.closingByUs = true; s.destroy(); }
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function write(s, stats, data) {
  if (s.destroyed) return false;
  stats.bytesSent += Buffer.byteLength(data);
  return s.write(data);
}

const behaviours = {
  // the answer, one byte every 100 ms: longer than --notify-timeout
  byteByByte(s, stats) {
    const answer = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 32\r\n\r\n' + 'x'.repeat(32);
    let i = 0;
    const t = setInterval(() => {
      if (s.destroyed || i >= answer.length) { clearInterval(t); return; }
      write(s, stats, answer[i++]);
    }, 100);
    s.on('close', () => clearInterval(t));
  },
  // a 200 whose chunked body never ends, as fast as the socket takes it
  endless(s, stats) {
    write(s, stats, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = 'ffff\r\n' + 'y'.repeat(0xffff) + '\r\n';
    const pump = () => { while (!s.destroyed && write(s, stats, chunk)); };
    s.on('drain', pump);
    pump();
  },
  // reads the request, never answers, never closes
  silent() {},
  // 307 to itself, forever
  loop(s, stats, port) {
    write(s, stats, `HTTP/1.1 307 Temporary Redirect\r\nLocation: http://${HOST}:${port}/notify\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    s.end();
    s.closingByUs = true;
  },
};

const PER_MERCHANT = 4;

describe('misbehaving notification receivers', () => {
  const bad = {};
  let good;
  let dir;
  let server;
  const keys = {};
  before(async () => {
    dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    good = await startReceiver({ plan: 200 });
    for (const name of Object.keys(behaviours)) bad[name] = await rawReceiver(behaviours[name]);
    keys.good = await k.createMerchant(db, 'Toko Baik', ['--notification-url', good.url('/merchant')]);
    for (const name of Object.keys(behaviours)) {
      keys[name] = await k.createMerchant(db, `Toko ${name}`, ['--notification-url', bad[name].url]);
    }
    // a short answer timeout, no retry during the test, and at most
    // PER_MERCHANT deliveries in flight to one merchant
    server = await k.startServer({ db, args: ['--notify-timeout', '3', '--notify-retry-interval', '600', '--notify-per-merchant', String(PER_MERCHANT)] });
  });
  after(async () => {
    try {
      await k.stopServer(server);
    } finally {
      await good.close();
      for (const r of Object.values(bad)) await r.close();
      k.removeTempDir(dir);
    }
  });

  async function paidOrder(merchant) {
    const id = k.orderId('peer');
    const res = await k.createTransaction(server, merchant.sandbox.server_key, k.simpleOrder(id, 15000));
    assert.equal(res.status, 201, res.text);
    const q = new URLSearchParams({ client_key: merchant.sandbox.client_key, card_number: CARD, card_exp_month: '12', card_exp_year: '2030', card_cvv: '123' });
    const t = await k.request(server, `/v2/token?${q}`);
    assert.equal(t.status, 200, t.text);
    const pay = await k.request(server, `/snap/v1/transactions/${res.json.token}/pay`, {
      method: 'POST', headers: JSON_HDR, body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
    });
    assert.equal(pay.status, 200, pay.text);
    return id;
  }

  it('other merchants are notified while bad receivers hold their deliveries; memory stays bounded', async () => {
    const rssBefore = rssKb(server.pid);
    const PER_BAD = 3;
    const SILENT = 2 * PER_MERCHANT; // more than its share of slots
    for (const name of Object.keys(behaviours)) {
      for (let i = 0; i < (name === 'silent' ? SILENT : PER_BAD); i++) await paidOrder(keys[name]);
    }
    // every bad receiver has its deliveries in hand (the loop's are short)
    for (const name of ['byteByByte', 'endless', 'silent']) {
      for (let i = 0; bad[name].stats.connections < Math.min(PER_BAD, PER_MERCHANT); i++) {
        assert.ok(i < 1000, `${name}: kasir connected ${bad[name].stats.connections} times`);
        await sleep(10);
      }
    }
    const goodIds = [];
    for (let i = 0; i < 5; i++) goodIds.push(await paidOrder(keys.good));
    await good.waitFor(() => goodIds.every((id) => good.at('/merchant').some((r) => r.json && r.json.order_id === id)),
      { what: 'the good merchant\'s notifications' });
    // ordering, not timing: they all arrived before kasir gave up on the
    // silent receiver's deliveries (its --notify-timeout 3 s)
    assert.equal(bad.silent.stats.closedByPeer, 0, 'the good notifications did not wait for the silent receiver');
    assert.equal(bad.silent.stats.connections, PER_MERCHANT, 'one merchant holds at most --notify-per-merchant slots');

    // each bad delivery ends: cut by the timeout, the body cap or the hop limit
    await waitUntil(() => bad.silent.stats.connections === SILENT, 'the silent receiver\'s other notifications were tried after the first ones timed out');
    for (const name of ['byteByByte', 'endless', 'silent']) {
      await waitUntil(() => bad[name].stats.open === 0, `${name}: kasir closed its connections`);
    }
    await waitUntil(() => bad.loop.stats.connections >= PER_BAD * 6, 'the redirect loop is followed at most 5 hops');
    await sleep(300);
    assert.equal(bad.loop.stats.connections, PER_BAD * 6, 'first try plus 5 hops per notification, then it stops');
    // the endless body was cut: kasir read at most about its cap, not what was sent
    const metrics = await k.request(server, '/metrics');
    assert.equal(metrics.status, 200);
    const rssAfter = rssKb(server.pid);
    console.log(`# peers: kasir RSS before ${rssBefore} kB, after ${rssAfter} kB; endless receiver sent ${bad.endless.stats.bytesSent} bytes`);
    assert.ok(rssAfter < rssBefore + 96 * 1024, `RSS grew from ${rssBefore} to ${rssAfter} kB`);
  });
});

async function waitUntil(pred, what, ms = 20000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) assert.fail(`not reached: ${what}`);
    await sleep(20);
  }
}

// This process needs a descriptor per idle connection: raise its soft
// limit to the hard one (prlimit, util-linux) when it is lower. Returns the
// soft limit in effect.
function raiseNofile() {
  const sh = (cmd) => Number(execFileSync('sh', ['-c', cmd]).toString().trim()) || 0;
  const soft = sh('ulimit -Sn');
  const hard = sh('ulimit -Hn') || Infinity;
  if (soft >= hard) return soft;
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${hard}:${hard}`]);
  } catch {
    return soft;
  }
  return sh('ulimit -Sn');
}

describe('a flood of idle connections', () => {
  let ctx;
  before(async () => {
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Ramai');
    const server = await k.startServer({ db, args: ['--timeout', '4'] });
    ctx = { dir, merchant, server };
  });
  after(async () => { await k.teardown(ctx); });

  it('10,000 connections that send nothing do not stop others from being served', async (t) => {
    const N = 10000;
    const nofile = raiseNofile();
    if (nofile < N + 500) {
      t.skip(`the descriptor limit (ulimit -n ${nofile}) is below ${N + 500}`);
      return;
    }
    const rssBefore = rssKb(ctx.server.pid);
    const socks = [];
    let connected = 0;
    let closedByServer = 0;
    let failed = 0;
    await new Promise((resolve) => {
      let settled = 0;
      for (let i = 0; i < N; i++) {
        const s = net.connect({ host: HOST, port: ctx.server.port });
        s.on('connect', () => { connected++; if (++settled === N) resolve(); });
        s.on('error', () => { failed++; if (++settled === N) resolve(); });
        s.on('close', () => { if (!s.byUs) closedByServer++; });
        socks.push(s);
      }
    });
    assert.equal(failed, 0, 'every idle connection was accepted by the kernel');
    // while they are open, others are served
    const key = ctx.merchant.sandbox.server_key;
    for (let i = 0; i < 10; i++) {
      const id = k.orderId('flood');
      const res = await k.createTransaction(ctx.server, key, k.simpleOrder(id));
      assert.equal(res.status, 201, res.text);
      const h = await k.request(ctx.server, '/healthz');
      assert.equal(h.status, 200);
    }
    const rssDuring = rssKb(ctx.server.pid);
    const openWhileServed = N - closedByServer;
    // and kasir closes the idle ones itself after --timeout
    await waitUntil(() => closedByServer === N, `kasir closed the idle connections (${closedByServer} of ${N})`, 60000);
    const rssAfter = rssKb(ctx.server.pid);
    for (const s of socks) { s.byUs = true; s.destroy(); }
    console.log(`# idle flood: ${connected} connected, ${openWhileServed} still open while others were served; ` +
      `kasir RSS before ${rssBefore} kB, during ${rssDuring} kB, after ${rssAfter} kB`);
    assert.ok(openWhileServed > N / 2, 'most idle connections were still held while the others were served');
    // bounded: a few kB per idle connection at most, and given back after
    assert.ok(rssDuring < rssBefore + N * 20, `RSS during the flood: ${rssDuring} kB`);
    const h = await k.request(ctx.server, '/healthz');
    assert.equal(h.status, 200);
  });
});
