'use strict';
// Pays the card charges bench/prepare-charges.js prepared ("snap_token
// card_token" lines) through the page API, each once, on 32 keep-alive
// connections to 127.0.0.1:PORT. Prints `paid N in S s (R/s), not 200: M`.
// Usage: node bench/notify-pay.js PORT FILE
const fs = require('node:fs');
const http = require('node:http');

const [port, file] = process.argv.slice(2);
if (!port || !file) {
  console.error('usage: node bench/notify-pay.js PORT FILE');
  process.exit(2);
}
const pairs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '));
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function pay([snap, card]) {
  const body = `{"payment_type":"credit_card","credit_card":{"token_id":"${card}"}}`;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, agent, method: 'POST', path: `/snap/v1/transactions/${snap}/pay`,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  const t0 = process.hrtime.bigint();
  let next = 0;
  let bad = 0;
  async function worker() {
    while (next < pairs.length) {
      const status = await pay(pairs[next++]);
      if (status !== 200) bad += 1;
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`paid ${pairs.length} in ${s.toFixed(2)} s (${Math.round(pairs.length / s)}/s), not 200: ${bad}`);
  agent.destroy();
  if (bad) process.exit(1);
})().catch((err) => { console.error(err.message); process.exit(1); });
