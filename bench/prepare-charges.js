'use strict';
// Prepares card charges for bench/charge.lua: N snap tokens (each a new
// order) and N card tokens (GET /v2/token, card 4011 1111 1111 1112: accepted
// without 3-D Secure), written as "snap_token card_token" lines.
// Usage: node bench/prepare-charges.js PORT SERVER_KEY CLIENT_KEY N OUT
const http = require('node:http');
const fs = require('node:fs');

const [port, serverKey, clientKey, nText, out] = process.argv.slice(2);
const n = Number(nText);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const auth = 'Basic ' + Buffer.from(serverKey + ':').toString('base64');
const run = Date.now().toString(36);

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent,
      headers: body ? { 'Content-Type': 'application/json', Authorization: auth } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => { text += d; }).on('end', () => {
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function one(i) {
  const order = { transaction_details: { order_id: `charge-${run}-${i}`, gross_amount: 10000 } };
  const snap = await call('POST', '/snap/v1/transactions', JSON.stringify(order));
  const q = `client_key=${clientKey}&card_number=4011111111111112&card_exp_month=12&card_exp_year=2030&card_cvv=123`;
  const card = await call('GET', `/v2/token?${q}`);
  return `${snap.token} ${card.token_id}\n`;
}

(async () => {
  const lines = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      lines[i] = await one(i);
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker));
  fs.writeFileSync(out, lines.join(''));
  agent.destroy();
})().catch((err) => { console.error(err.message); process.exit(1); });
