'use strict';
// Prepares bank-transfer charges for bench/va-charge.lua and
// bench/sim-pay.lua: N snap tokens (each a new order) asking for the custom
// BCA VA number BASE + i, written as "snap_token va_number" lines (the
// number as the charge will issue it: 11 digits, zero-padded).
// Usage: node bench/prepare-va.js PORT SERVER_KEY N OUT
const http = require('node:http');
const fs = require('node:fs');

const [port, serverKey, nText, out] = process.argv.slice(2);
const n = Number(nText);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const auth = 'Basic ' + Buffer.from(serverKey + ':').toString('base64');
const run = Date.now().toString(36);
const base = 10000000000 + (Date.now() % 1000) * 1000000; // 11 digits, unique per run

function create(body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/snap/v1/transactions', agent,
      headers: { 'Content-Type': 'application/json', Authorization: auth } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => { text += d; }).on('end', () => {
        if (res.statusCode !== 201) reject(new Error(`create: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  const lines = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      const number = String(base + i).padStart(11, '0');
      const snap = await create(JSON.stringify({
        transaction_details: { order_id: `va-${run}-${i}`, gross_amount: 10000 },
        bca_va: { va_number: number },
      }));
      lines[i] = `${snap.token} ${number}\n`;
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker));
  fs.writeFileSync(out, lines.join(''));
  agent.destroy();
})().catch((err) => { console.error(err.message); process.exit(1); });
