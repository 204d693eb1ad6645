'use strict';
// The official midtrans-client (node_modules/midtrans-client 1.4.3) as a
// merchant's backend uses it after the payment: transaction.status,
// approve, deny, cancel, expire, refund, CoreApi.capture and
// transaction.notification() (which calls GET /v2/{transaction_id}/status),
// against a kasir test server. Its base URLs are static properties of
// ApiConfig read at call time (CLIENTS.md §1.5); the Core base has no /v2,
// transaction.js appends '/v2/{id}/...'.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const midtransClient = require('midtrans-client');
const ApiConfig = require('midtrans-client/lib/apiConfig');
const MidtransError = require('midtrans-client/lib/midtransError');
const k = require('./lib/server');
const { startReceiver } = require('./lib/receiver');

const CARD = { accept: '4011111111111112', challenge: '4111111111111111', secure: '4811111111111114' };
const REFUSED = { status_code: '412', status_message: 'Merchant cannot modify the status of the transaction' };
const JSON_HDR = { 'Content-Type': 'application/json' };

function signature(b, serverKey) {
  return crypto.createHash('sha512').update(b.order_id + b.status_code + b.gross_amount + serverKey).digest('hex');
}

// Resolves the MidtransError a promise rejects with.
async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof MidtransError, `not a MidtransError: ${err && err.stack}`);
    return err;
  }
  assert.fail('the call succeeded, an error was expected');
}

describe('midtrans-client Core API calls against kasir', () => {
  let rec;
  let dir;
  let db;
  let merchant;
  let server;
  let core; // CoreApi, sandbox
  let snap; // Snap, sandbox: it has the same transaction object
  let serverKey;

  before(async () => {
    rec = await startReceiver({ plan: 200 });
    dir = k.makeTempDir();
    db = k.dbUrl(dir);
    merchant = await k.createMerchant(db, 'Toko Klien', ['--notification-url', rec.url('/merchant')]);
    server = await k.startServer({ db, args: ['--test-clock', '--notify-retry-interval', '0'] });
    ApiConfig.CORE_SANDBOX_BASE_URL = server.baseUrl;
    ApiConfig.CORE_PRODUCTION_BASE_URL = server.baseUrl;
    ApiConfig.SNAP_SANDBOX_BASE_URL = `${server.baseUrl}/snap/v1`;
    ApiConfig.SNAP_PRODUCTION_BASE_URL = `${server.baseUrl}/snap/v1`;
    serverKey = merchant.sandbox.server_key;
    core = new midtransClient.CoreApi({ isProduction: false, serverKey, clientKey: merchant.sandbox.client_key });
    snap = new midtransClient.Snap({ isProduction: false, serverKey, clientKey: merchant.sandbox.client_key });
  });
  after(async () => {
    if (server && !server.exit) await k.stopServer(server);
    await rec.close();
    k.removeTempDir(dir);
  });

  // A snap token made by the client library, paid by card through the page
  // API as the customer's browser would: {orderId, txid, json}.
  async function paid(number, { amount = 20000, extra = {} } = {}) {
    const orderId = k.orderId('mc');
    const token = await snap.createTransactionToken(Object.assign({ transaction_details: { order_id: orderId, gross_amount: amount } }, extra));
    const q = new URLSearchParams({ client_key: merchant.sandbox.client_key, card_number: number, card_exp_month: '12', card_exp_year: '2030', card_cvv: '123' });
    const t = await k.request(server, `/v2/token?${q}`);
    assert.equal(t.status, 200, t.text);
    const res = await k.request(server, `/snap/v1/transactions/${token}/pay`, {
      method: 'POST', headers: JSON_HDR, body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
    });
    assert.ok([200, 201].includes(res.status), res.text);
    return { orderId, txid: res.json.transaction_id, json: res.json };
  }
  const notified = (orderId, pred = () => true) => rec.waitFor(
    () => rec.at('/merchant').some((r) => r.json && r.json.order_id === orderId && pred(r.json)),
    { what: `a notification of ${orderId}` },
  ).then(() => rec.at('/merchant').filter((r) => r.json.order_id === orderId && pred(r.json)).map((r) => r.json));

  it('transaction.status by order_id and by transaction_id (CoreApi and Snap)', async () => {
    const p = await paid(CARD.accept);
    const byOrder = await core.transaction.status(p.orderId);
    assert.equal(byOrder.status_code, '200');
    assert.equal(byOrder.status_message, 'Success, transaction is found');
    assert.equal(byOrder.transaction_id, p.txid);
    assert.equal(byOrder.order_id, p.orderId);
    assert.equal(byOrder.transaction_status, 'capture');
    assert.equal(byOrder.fraud_status, 'accept');
    assert.equal(byOrder.gross_amount, '20000.00');
    assert.equal(byOrder.payment_type, 'credit_card');
    assert.equal(byOrder.signature_key, signature(byOrder, serverKey));
    const byTx = await snap.transaction.status(p.txid);
    assert.deepEqual(byTx, byOrder);
  });

  it('an unknown id: MidtransError with httpStatusCode 404 and the Core API body', async () => {
    const err = await rejection(core.transaction.status('no-such-order-mc'));
    assert.equal(err.httpStatusCode, 404);
    assert.equal(err.ApiResponse.status_code, '404');
    assert.equal(err.ApiResponse.status_message, "Transaction doesn't exist.");
    assert.match(err.message, /HTTP status code: 404/);
    for (const call of ['approve', 'deny', 'cancel', 'expire']) {
      const e = await rejection(core.transaction[call]('no-such-order-mc'));
      assert.equal(e.httpStatusCode, 404, call);
    }
    const r = await rejection(core.transaction.refund('no-such-order-mc', { refund_key: 'x', amount: 1000 }));
    assert.equal(r.httpStatusCode, 404);
  });

  it('a wrong server key: MidtransError 401; the production client sees no sandbox payment', async () => {
    const p = await paid(CARD.accept);
    const wrong = new midtransClient.CoreApi({ isProduction: false, serverKey: 'SB-VT-server-wrongwrongwrongwrong' });
    const err = await rejection(wrong.transaction.status(p.orderId));
    assert.equal(err.httpStatusCode, 401);
    assert.equal(err.ApiResponse.status_message, 'Transaction cannot be authorized with the current client/server key.');
    const e2 = await rejection(wrong.transaction.cancel(p.txid));
    assert.equal(e2.httpStatusCode, 401);
    const prod = new midtransClient.CoreApi({ isProduction: true, serverKey: merchant.production.server_key });
    const e3 = await rejection(prod.transaction.status(p.orderId));
    assert.equal(e3.httpStatusCode, 404);
    assert.equal((await core.transaction.status(p.txid)).transaction_status, 'capture');
  });

  it('approve and deny a challenge', async () => {
    const a = await paid(CARD.challenge);
    assert.equal(a.json.fraud_status, 'challenge');
    const ok = await core.transaction.approve(a.txid);
    assert.equal(ok.status_code, '200');
    assert.equal(ok.status_message, 'Success, transaction is approved');
    assert.equal(ok.transaction_status, 'capture');
    assert.equal(ok.fraud_status, 'accept');
    const d = await paid(CARD.challenge);
    const no = await snap.transaction.deny(d.orderId);
    assert.equal(no.status_code, '200');
    assert.equal(no.status_message, 'Success, transaction is denied');
    assert.equal(no.transaction_status, 'deny');
    assert.equal((await core.transaction.status(d.txid)).status_code, '202');
  });

  it('cancel a capture', async () => {
    const p = await paid(CARD.accept);
    const res = await core.transaction.cancel(p.txid);
    assert.equal(res.status_code, '200');
    assert.equal(res.status_message, 'Success, transaction is canceled');
    assert.equal(res.transaction_status, 'cancel');
    const st = await core.transaction.status(p.orderId);
    assert.equal(st.status_code, '202');
    assert.equal(st.transaction_status, 'cancel');
  });

  it('expire a pending payment: status_code 407 resolves, as the client exempts it', async () => {
    const p = await paid(CARD.secure, { extra: { credit_card: { secure: true } } });
    assert.equal(p.json.transaction_status, 'pending');
    const res = await core.transaction.expire(p.txid);
    assert.equal(res.status_code, '407');
    assert.equal(res.status_message, 'Success, transaction has expired');
    assert.equal(res.transaction_status, 'expire');
    const st = await core.transaction.status(p.txid);
    assert.equal(st.status_code, '407');
    assert.equal(st.transaction_status, 'expire');
  });

  it('an action the state forbids: MidtransError with httpStatusCode 412', async () => {
    const p = await paid(CARD.accept);
    for (const call of ['approve', 'deny', 'expire']) {
      const err = await rejection(core.transaction[call](p.txid));
      assert.equal(err.httpStatusCode, 412, call);
      assert.deepEqual(err.ApiResponse, REFUSED, call);
      assert.match(err.message, /HTTP status code: 412/);
    }
    // refund before settlement
    const r = await rejection(core.transaction.refund(p.txid, { refund_key: 'early', amount: 1000, reason: 'too soon' }));
    assert.equal(r.httpStatusCode, 412);
    assert.deepEqual(r.ApiResponse, REFUSED);
    // capture of a payment that is not a pre-authorization
    const c = await rejection(core.capture({ transaction_id: p.txid, gross_amount: 20000 }));
    assert.equal(c.httpStatusCode, 412);
    assert.equal((await core.transaction.status(p.txid)).transaction_status, 'capture');
  });

  it('CoreApi.capture of a pre-authorization, full and partial', async () => {
    const full = await paid(CARD.accept, { extra: { credit_card: { type: 'authorize' } } });
    assert.equal(full.json.transaction_status, 'authorize');
    const res = await core.capture({ transaction_id: full.txid, gross_amount: 20000 });
    assert.equal(res.status_code, '200');
    assert.equal(res.transaction_status, 'capture');
    assert.equal(res.gross_amount, '20000.00');
    const part = await paid(CARD.accept, { amount: 40000, extra: { credit_card: { type: 'authorize' } } });
    const res2 = await core.capture({ transaction_id: part.txid, gross_amount: 25000 });
    assert.equal(res2.transaction_status, 'capture');
    assert.equal(res2.gross_amount, '25000.00');
    const st = await core.transaction.status(part.orderId);
    assert.equal(st.gross_amount, '25000.00');
    assert.equal(st.signature_key, signature(st, serverKey));
  });

  it('transaction.notification(obj or JSON string) looks the notified transaction up', async () => {
    const p = await paid(CARD.challenge);
    const [first] = await notified(p.orderId);
    // the merchant checks the signature itself: the client does not
    assert.equal(first.signature_key, signature(first, serverKey));
    const fromObj = await snap.transaction.notification(first);
    assert.equal(fromObj.transaction_id, p.txid);
    assert.equal(fromObj.transaction_status, 'capture');
    assert.equal(fromObj.fraud_status, 'challenge');
    assert.equal(fromObj.status_code, first.status_code);
    await core.transaction.approve(p.txid);
    const [approved] = await notified(p.orderId, (b) => b.fraud_status === 'accept');
    // a stale notification still fetches the status as it is now
    const fromText = await core.transaction.notification(JSON.stringify(first));
    assert.equal(fromText.fraud_status, 'accept');
    assert.equal(fromText.signature_key, approved.signature_key);
    const stranger = await rejection(core.transaction.notification({ transaction_id: '01a21935-5fe6-74be-b5e6-663d0b5ce426' }));
    assert.equal(stranger.httpStatusCode, 404);
  });

  it('refund after settlement: partial, the same refund_key again, then the rest', async () => {
    const p = await paid(CARD.accept);
    // D+1 16:00 Asia/Jakarta is less than 2 days away
    const clock = await k.clock(server, serverKey, 172800);
    assert.equal(clock.status, 200, clock.text);
    const end = Date.now() + k.HANG_MS;
    let st;
    while ((st = await core.transaction.status(p.txid)).transaction_status !== 'settlement') {
      assert.ok(Date.now() < end, `not settled: ${JSON.stringify(st)}`);
      await new Promise((r) => setTimeout(r, 30));
    }
    const part = await core.transaction.refund(p.txid, { refund_key: 'mc-rk-1', amount: 5000, reason: 'Item out of stock' });
    assert.equal(part.status_code, '200');
    assert.equal(part.transaction_status, 'partial_refund');
    assert.equal(part.refund_amount, '5000.00');
    const again = await core.transaction.refund(p.txid, { refund_key: 'mc-rk-1', amount: 5000, reason: 'Item out of stock' });
    assert.equal(again.refund_amount, '5000.00', 'not refunded twice');
    const over = await rejection(snap.transaction.refund(p.orderId, { refund_key: 'mc-rk-x', amount: 20000 }));
    assert.equal(over.httpStatusCode, 412);
    const rest = await snap.transaction.refund(p.orderId, { refund_key: 'mc-rk-2', amount: 15000, reason: 'rest' });
    assert.equal(rest.transaction_status, 'refund');
    assert.equal(rest.refund_amount, '20000.00');
    const final = await core.transaction.status(p.orderId);
    assert.equal(final.transaction_status, 'refund');
    assert.equal(final.status_code, '200');
    const ns = await notified(p.orderId, (b) => b.transaction_status === 'refund');
    assert.equal(ns.length, 1);
  });
});
