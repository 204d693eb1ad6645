'use strict';
// A merchant's notification receiver for bench/notify.sh: as fast as node
// allows (keep-alive, no body parsing beyond the order_id), on 127.0.0.1.
// Prints `port N` once listening.
//
// Notifications are any POST outside /_ctl/. What it answers depends on the
// mode: 200, 503, or hang (never answers; the request is held open).
// Control (from the bench script, with curl):
//   POST /_ctl/mode/200|503|hang   switch mode
//   POST /_ctl/mark                zero the counters and note the time
//   POST /_ctl/release             answer every hanging request 200 now
//   GET  /_ctl/stats               {"mode","total","ok","unavailable",
//       "hanging","unique_ok","duplicate_ok","mark_ms","first_ok_ms",
//       "last_ok_ms","ok_per_s"}: ok_per_s is ok / (last_ok - mark)
// Usage: node bench/notify-receiver.js [MODE]

const http = require('node:http');

let mode = process.argv[2] || '200';
let c;
function zero() {
  c = { total: 0, ok: 0, unavailable: 0, uniqueOk: new Set(), duplicateOk: 0, markMs: Date.now(), firstOkMs: 0, lastOkMs: 0 };
}
zero();
const hanging = new Set();
const ORDER_RE = /"order_id":"([^"]*)"/;

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/_ctl/')) {
    req.resume();
    req.on('end', () => {
      const m = /^\/_ctl\/mode\/(200|503|hang)$/.exec(req.url);
      if (req.method === 'POST' && m) {
        mode = m[1];
      } else if (req.method === 'POST' && req.url === '/_ctl/mark') {
        zero();
      } else if (req.method === 'POST' && req.url === '/_ctl/release') {
        for (const h of hanging) {
          h.writeHead(200, { 'Content-Length': 2 });
          h.end('ok');
        }
        hanging.clear();
      } else if (req.url !== '/_ctl/stats') {
        res.writeHead(404);
        res.end();
        return;
      }
      const span = c.lastOkMs - c.markMs;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({
        mode, total: c.total, ok: c.ok, unavailable: c.unavailable, hanging: hanging.size,
        unique_ok: c.uniqueOk.size, duplicate_ok: c.duplicateOk, mark_ms: c.markMs,
        first_ok_ms: c.firstOkMs, last_ok_ms: c.lastOkMs,
        ok_per_s: span > 0 ? Math.round(c.ok / (span / 1000)) : 0,
      }) + '\n');
    });
    return;
  }
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    c.total += 1;
    if (mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (mode === '503') {
      c.unavailable += 1;
      res.writeHead(503, { 'Content-Length': 0 });
      res.end();
      return;
    }
    const now = Date.now();
    c.ok += 1;
    if (!c.firstOkMs) c.firstOkMs = now;
    c.lastOkMs = now;
    const m = ORDER_RE.exec(Buffer.concat(chunks).toString('latin1'));
    const key = m ? m[1] : '';
    if (c.uniqueOk.has(key)) c.duplicateOk += 1; else c.uniqueOk.add(key);
    res.writeHead(200, { 'Content-Length': 2 });
    res.end('ok');
  });
});
server.keepAliveTimeout = 60000;
server.headersTimeout = 0;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => {
  console.log(`port ${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
