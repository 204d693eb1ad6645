'use strict';
// A tiny SMTP sink for the end-to-end tests (RFC 5321, the part a mail
// client needs): it listens on 127.0.0.1:0, greets with 220, answers EHLO,
// HELO, MAIL FROM, RCPT TO, DATA (until CRLF.CRLF, dot-unstuffed), RSET,
// NOOP and QUIT, and records every message it accepts. No AUTH, no TLS.
//
// A test may make it refuse: `sink.failNext(n, {stage, code})` answers the
// next n transactions with `code` (default 451, a temporary failure) at
// `stage` ('MAIL', 'RCPT' or 'DATA', the answer to the end of the data;
// default 'DATA'). Refused transactions are counted in `sink.refused`.

const net = require('node:net');
const { HANG_MS } = require('./server');

const HOST = '127.0.0.1';

// "Name <a@b>" or "<a@b>" or "a@b" -> "a@b"
function address(arg) {
  const m = /<([^>]*)>/.exec(arg);
  return (m ? m[1] : arg.trim().split(/\s+/)[0]).trim();
}

// Splits a message into lower-cased headers (unfolded) and body.
function parseMessage(data) {
  const sep = data.search(/\r?\n\r?\n/);
  const head = sep < 0 ? data : data.slice(0, sep);
  const body = sep < 0 ? '' : data.slice(sep).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

async function startSmtpSink() {
  const messages = [];
  const sessions = []; // every command line received, per connection
  const waiters = new Set();
  const sockets = new Set();
  const failures = []; // pending {stage, code}
  let refused = 0;

  function notify() {
    for (const w of [...waiters]) {
      let ok = false;
      try { ok = w.pred(messages); } catch { ok = false; }
      if (ok) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(messages);
      }
    }
  }

  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    const log = [];
    sessions.push(log);
    let buf = '';
    let inData = false;
    let data = [];
    let tx = null; // {from, to[], fail}
    const reply = (text) => { if (!sock.destroyed) sock.write(text + '\r\n'); };

    function newTx(from) {
      tx = { from, to: [], fail: failures.length ? failures.shift() : null };
      if (tx.fail) refused += 1;
    }

    function endData() {
      inData = false;
      const text = data.join('\r\n');
      data = [];
      if (tx && tx.fail && tx.fail.stage === 'DATA') {
        reply(`${tx.fail.code} 4.3.0 try again later`);
      } else {
        const { headers, body } = parseMessage(text);
        messages.push({ time: Date.now(), from: tx ? tx.from : '', to: tx ? tx.to.slice() : [], data: text, headers, body });
        reply('250 2.0.0 queued');
        notify();
      }
      tx = null;
    }

    function command(line) {
      log.push(line);
      const verb = line.split(/[ :]/)[0].toUpperCase();
      const arg = line.slice(verb.length).replace(/^[ :]+/, '');
      switch (verb) {
        case 'EHLO':
          reply('250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760');
          return;
        case 'HELO':
          reply('250 sink.test');
          return;
        case 'MAIL': {
          newTx(address(arg.replace(/^FROM:?/i, '')));
          if (tx.fail && tx.fail.stage === 'MAIL') { reply(`${tx.fail.code} 4.3.0 try again later`); tx = null; return; }
          reply('250 2.1.0 ok');
          return;
        }
        case 'RCPT':
          if (!tx) { reply('503 5.5.1 MAIL first'); return; }
          if (tx.fail && tx.fail.stage === 'RCPT') { reply(`${tx.fail.code} 4.3.0 try again later`); return; }
          tx.to.push(address(arg.replace(/^TO:?/i, '')));
          reply('250 2.1.5 ok');
          return;
        case 'DATA':
          if (!tx || !tx.to.length) { reply('503 5.5.1 RCPT first'); return; }
          inData = true;
          reply('354 end data with <CR><LF>.<CR><LF>');
          return;
        case 'RSET':
          tx = null;
          reply('250 2.0.0 ok');
          return;
        case 'NOOP':
          reply('250 2.0.0 ok');
          return;
        case 'QUIT':
          reply('221 2.0.0 bye');
          sock.end();
          return;
        default:
          reply('502 5.5.2 command not implemented');
      }
    }

    sock.setEncoding('utf8');
    sock.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        if (inData) {
          if (line === '.') endData();
          else data.push(line.startsWith('.') ? line.slice(1) : line);
        } else {
          command(line);
        }
      }
    });
    reply('220 sink.test ESMTP test sink');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const port = server.address().port;

  return {
    port,
    url: `smtp://${HOST}:${port}`,
    messages,
    sessions,
    get refused() { return refused; },
    failNext(n, { stage = 'DATA', code = 451 } = {}) {
      for (let i = 0; i < n; i++) failures.push({ stage, code });
    },
    waitFor(pred, { timeoutMs = HANG_MS, what = 'a condition' } = {}) {
      return new Promise((resolve, reject) => {
        let ok = false;
        try { ok = pred(messages); } catch { ok = false; }
        if (ok) { resolve(messages); return; }
        const w = { pred, resolve, reject };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`smtp sink: ${what} not reached within ${timeoutMs} ms; ${messages.length} messages:\n` +
            messages.map((m) => `  ${m.from} -> ${m.to.join(',')}: ${m.headers.subject || ''}`).join('\n')));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close() {
      for (const w of waiters) { clearTimeout(w.timer); w.reject(new Error('smtp sink closed')); }
      waiters.clear();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

module.exports = { startSmtpSink, parseMessage };
