'use strict';
// Opens N keep-alive connections to 127.0.0.1:PORT, sends one
// `GET /healthz` on each, reads the answer and leaves the connection open
// and idle. Prints `open N` once all answered, then holds them until it is
// killed (SIGTERM), printing `closed by server: N` if the server drops any. Usage: node bench/idle.js PORT [N]

const net = require('node:net');

const port = Number(process.argv[2]);
const want = Number(process.argv[3] || 1000);
if (!port) {
  console.error('usage: node bench/idle.js PORT [N]');
  process.exit(2);
}

let answered = 0;
let closed = 0;
let failed = 0;
const sockets = [];

function open(i) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    let done = false;
    let buf = '';
    const finish = (ok) => {
      if (done) return;
      done = true;
      if (ok) answered++; else failed++;
      resolve();
    };
    s.setEncoding('latin1');
    s.on('connect', () => {
      s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\nX-Idle: ${i}\r\n\r\n`);
    });
    s.on('data', (d) => {
      buf += d;
      if (/\r\n\r\n[\s\S]*\{"status":"ok"\}/.test(buf)) finish(true);
    });
    s.on('error', () => finish(false));
    s.on('close', () => {
      if (done) closed++;
      finish(false);
    });
    sockets.push(s);
  });
}

(async () => {
  // open in batches so the listen backlog is never the limit
  for (let i = 0; i < want; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(want, i + 100); j++) batch.push(open(j));
    await Promise.all(batch);
  }
  console.log(`open ${answered - closed}${failed ? ` (failed ${failed})` : ''}`);
  // hold the connections until killed
  let reported = 0;
  setInterval(() => {
    if (closed !== reported) console.log(`closed by server: ${(reported = closed)}`);
  }, 500);
  process.on('SIGTERM', () => process.exit(0));
})();
