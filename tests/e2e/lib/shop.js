// A merchant's backend and customer in one, for the e2e suites: snap tokens,
// card payments through the page API, the status API, the merchant actions
// and the sandbox clock.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const k = require('./server');

// The sandbox acquirer's test cards (SPEC §7.1).
const CARD = {
  accept: '4011111111111112', // capture, fraud accept
  challenge: '4111111111111111', // capture, fraud challenge
  fdsDeny: '4211111111111110', // deny by fraud detection
  bankDeny: '4311111111111119', // deny by the bank
  secure: '4811111111111114', // 3-D Secure when the token asks for it
};
const JSON_HDR = { 'Content-Type': 'application/json' };

// signature_key = sha512(order_id + status_code + gross_amount + server key)
function signature(b, serverKey) {
  return crypto.createHash('sha512').update(b.order_id + b.status_code + b.gross_amount + serverKey).digest('hex');
}

function shop(server, merchant, { prefix = 'shop' } = {}) {
  const serverKey = merchant.sandbox.server_key;
  const clientKey = merchant.sandbox.client_key;
  const auth = (key = serverKey) => ({ Authorization: k.basicAuth(key) });
  const s = {
    serverKey,
    clientKey,
    async token({ amount = 20000, extra = {}, headers = {}, id = k.orderId(prefix) } = {}) {
      const res = await k.createTransaction(server, serverKey, Object.assign(k.simpleOrder(id, amount), extra), headers);
      assert.equal(res.status, 201, res.text);
      return { token: res.json.token, orderId: id };
    },
    async pay(token, number) {
      const q = new URLSearchParams({ client_key: clientKey, card_number: number, card_exp_month: '12', card_exp_year: '2030', card_cvv: '123' });
      const t = await k.request(server, `/v2/token?${q}`);
      assert.equal(t.status, 200, t.text);
      return k.request(server, `/snap/v1/transactions/${token}/pay`, {
        method: 'POST', headers: JSON_HDR,
        body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
      });
    },
    // A token paid by card: {orderId, token, res, json, txid}.
    async paid(number, opts = {}) {
      const { token, orderId } = await s.token(opts);
      const res = await s.pay(token, number);
      assert.ok([200, 201, 202].includes(res.status), `${number}: ${res.status} ${res.text}`);
      return { orderId, token, res, json: res.json, txid: res.json.transaction_id };
    },
    // payments in the states the tests need
    pending() { return s.paid(CARD.secure, { extra: { credit_card: { secure: true } } }); },
    capture() { return s.paid(CARD.accept); },
    challenge() { return s.paid(CARD.challenge); },
    authorize(amount = 20000) { return s.paid(CARD.accept, { amount, extra: { credit_card: { type: 'authorize' } } }); },
    denied() { return s.paid(CARD.bankDeny); },
    status(id, { key, query = '', body } = {}) {
      return k.request(server, `/v2/${id}/status${query}`, { headers: auth(key), body });
    },
    action(id, verb, body = '', key) {
      return k.request(server, `/v2/${id}/${verb}`, { method: 'POST', headers: Object.assign(auth(key), JSON_HDR), body });
    },
    // An action that must be accepted.
    async actionOk(id, verb) {
      const res = await s.action(id, verb);
      assert.equal(res.status, 200, `${verb}: ${res.text}`);
      return res;
    },
    captureTx(body) {
      return k.request(server, '/v2/capture', { method: 'POST', headers: Object.assign(auth(), JSON_HDR), body: JSON.stringify(body) });
    },
    refund(id, body) {
      return k.request(server, `/v2/${id}/refund`, { method: 'POST', headers: Object.assign(auth(), JSON_HDR), body: body === undefined ? '' : JSON.stringify(body) });
    },
    // The issuer's 3-D Secure step of a pending card payment.
    otp(txid, otp = '112233') {
      return k.request(server, `/snap/v1/3ds/${txid}`, { method: 'POST', headers: JSON_HDR, body: JSON.stringify({ otp }) });
    },
    // Polls the status API until pred(json) holds (timed transitions run on
    // the server's scheduler a moment after the clock moved).
    async waitStatus(id, pred, { timeoutMs = k.HANG_MS, what = 'the status' } = {}) {
      const end = Date.now() + timeoutMs;
      let last;
      for (;;) {
        last = await s.status(id);
        if (last.status === 200 && pred(last.json)) return last.json;
        if (Date.now() > end) assert.fail(`${what} of ${id} not reached within ${timeoutMs} ms; last: ${last.status} ${last.text}`);
        await new Promise((r) => setTimeout(r, 30));
      }
    },
    async clock(seconds) {
      const res = await k.clock(server, serverKey, seconds);
      assert.equal(res.status, 200, res.text);
      return res.json.now_ms;
    },
  };
  return s;
}

module.exports = { CARD, JSON_HDR, signature, shop };
