'use strict';
// A merchant's notification receiver for the end-to-end tests: an HTTP
// server on 127.0.0.1:0 that records every request (time, client port,
// method, path, headers, raw body, parsed JSON) and answers each one as the
// test plans.
//
// A plan says what to answer, per path (or for every path). It is one of:
// - an answer, used for every request;
// - an array of answers, one per attempt at that path; the last one repeats;
// - a function (req, n) => answer, where req is the record of this request
//   and n its 1-based number among the requests to that path.
// An answer is one of:
// - a status code (200, 503, ...), answered with a small JSON body;
// - 'hang': never answered (the socket is kept open until close());
// - 'hold': kept unanswered until the test calls release(answer);
// - 'reset': the connection is destroyed without an answer;
// - 'redirect301:URL' ... 'redirect308:URL': that status with Location: URL;
// - {status, headers, body, delayMs}: anything else.
//
// startReceiver({plan, plans, port}): plan for every path, plans per path
// ({'/a': [503, 200]}), and port to listen on (0, a free one, by default;
// a test that takes the receiver down and up again passes the old one).
// Nothing is ever sent to another host: the receiver only listens.

const http = require('node:http');
const { HANG_MS } = require('./server');

const HOST = '127.0.0.1';

function parseJson(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

async function startReceiver({ plan = 200, plans = {}, port: listenPort = 0 } = {}) {
  const requests = [];
  const perPath = new Map(); // path -> count of requests so far
  const waiters = new Set(); // {pred, resolve, reject, timer}
  const sockets = new Set();
  const hanging = new Set();
  const held = new Map(); // res -> its request's record, until release()
  let defaultPlan = plan;
  const pathPlans = new Map(Object.entries(plans));

  function answerFor(rec) {
    const p = pathPlans.has(rec.path) ? pathPlans.get(rec.path) : defaultPlan;
    if (typeof p === 'function') return p(rec, rec.n);
    if (Array.isArray(p)) return p.length ? p[Math.min(rec.n, p.length) - 1] : 200;
    return p;
  }

  function notify() {
    for (const w of [...waiters]) {
      let ok = false;
      try { ok = w.pred(requests); } catch (err) { ok = false; }
      if (ok) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(requests);
      }
    }
  }

  function send(res, answer, rec) {
    if (answer === 'hold') {
      held.set(res, rec);
      return;
    }
    if (typeof answer === 'number') {
      res.writeHead(answer, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ answer }));
      return;
    }
    if (typeof answer === 'string') {
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      if (answer === 'reset') {
        res.socket.destroy();
        return;
      }
      const m = /^redirect(\d{3}):(.*)$/.exec(answer);
      if (m) {
        res.writeHead(Number(m[1]), { Location: m[2], 'Content-Type': 'text/plain' });
        res.end('moved');
        return;
      }
      throw new Error(`receiver: unknown answer ${answer}`);
    }
    if (answer && typeof answer === 'object') {
      const go = () => {
        res.writeHead(answer.status || 200, answer.headers || {});
        res.end(answer.body === undefined ? '' : answer.body);
      };
      if (answer.delayMs) setTimeout(go, answer.delayMs); else go();
      return;
    }
    res.writeHead(200);
    res.end();
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url, `http://${HOST}`);
      const n = (perPath.get(url.pathname) || 0) + 1;
      perPath.set(url.pathname, n);
      const rec = {
        time: Date.now(),
        port: req.socket.remotePort,
        method: req.method,
        path: url.pathname,
        url: req.url,
        headers: req.headers,
        text,
        json: parseJson(text),
        n,
      };
      requests.push(rec);
      let answer;
      try {
        answer = answerFor(rec);
      } catch (err) {
        answer = 500;
      }
      rec.answer = answer;
      send(res, answer, rec);
      notify();
    });
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, HOST, resolve);
  });
  const port = server.address().port;

  const receiver = {
    port,
    requests,
    base: `http://${HOST}:${port}`,
    url(p = '/notify') { return `http://${HOST}:${port}${p}`; },
    setPlan(p) { defaultPlan = p; },
    setPathPlan(path, p) { pathPlans.set(path, p); },
    // Requests to one path (all when path is undefined).
    at(path) { return requests.filter((r) => path === undefined || r.path === path); },
    // JSON bodies received at a path.
    bodies(path) { return this.at(path).map((r) => r.json); },
    hangingCount() { return hanging.size; },
    heldCount() { return held.size; },
    // Answers every held request with answer (recorded as its answer).
    release(answer = 200) {
      const all = [...held];
      held.clear();
      for (const [res, rec] of all) {
        rec.answer = answer;
        send(res, answer, rec);
      }
      return all.length;
    },
    // Resolves once pred(requests) holds; rejects after timeoutMs (a hang
    // detector, lib/server.js HANG_MS).
    waitFor(pred, { timeoutMs = HANG_MS, what = 'a condition' } = {}) {
      return new Promise((resolve, reject) => {
        let ok = false;
        try { ok = pred(requests); } catch { ok = false; }
        if (ok) { resolve(requests); return; }
        const w = { pred, resolve, reject };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          const seen = requests.map((r) => `${r.method} ${r.path} ${r.json ? r.json.transaction_status : ''} -> ${typeof r.answer === 'object' ? JSON.stringify(r.answer) : r.answer}`);
          reject(new Error(`receiver: ${what} not reached within ${timeoutMs} ms; ${requests.length} requests:\n  ${seen.slice(-40).join('\n  ')}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    // Resolves once `count` requests reached path.
    waitCount(path, count, opts = {}) {
      return this.waitFor((rs) => rs.filter((r) => r.path === path).length >= count,
        Object.assign({ what: `${count} requests at ${path}` }, opts));
    },
    // Ends hanging answers and every connection, then stops listening.
    close() {
      for (const w of waiters) { clearTimeout(w.timer); w.reject(new Error('receiver closed')); }
      waiters.clear();
      for (const res of [...hanging, ...held.keys()]) { try { res.socket.destroy(); } catch { /* gone */ } }
      hanging.clear();
      held.clear();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

// A loopback port nobody listens on (it was free a moment ago): connecting
// to it is refused.
function closedPort() {
  return new Promise((resolve, reject) => {
    const s = require('node:net').createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

module.exports = { startReceiver, closedPort };
