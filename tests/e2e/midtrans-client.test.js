'use strict';
// The official midtrans-client npm package, used as a merchant uses it, with
// its base URLs pointed at a kasir test server (CLIENTS.md §1.5).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const midtransClient = require('midtrans-client');
const ApiConfig = require('midtrans-client/lib/apiConfig');
const MidtransError = require('midtrans-client/lib/midtransError');
const k = require('./lib/server');

const PUBLIC_URL = 'https://pay.example.test';

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

describe('midtrans-client against kasir', () => {
  let ctx;
  let snap; // sandbox
  let prodSnap;

  before(async () => {
    ctx = await k.setup({ publicUrl: PUBLIC_URL });
    ApiConfig.SNAP_SANDBOX_BASE_URL = `${ctx.server.baseUrl}/snap/v1`;
    ApiConfig.SNAP_PRODUCTION_BASE_URL = `${ctx.server.baseUrl}/snap/v1`;
    ApiConfig.CORE_SANDBOX_BASE_URL = ctx.server.baseUrl;
    ApiConfig.CORE_PRODUCTION_BASE_URL = ctx.server.baseUrl;
    snap = new midtransClient.Snap({
      isProduction: false,
      serverKey: ctx.merchant.sandbox.server_key,
      clientKey: ctx.merchant.sandbox.client_key,
    });
    prodSnap = new midtransClient.Snap({
      isProduction: true,
      serverKey: ctx.merchant.production.server_key,
      clientKey: ctx.merchant.production.client_key,
    });
  });
  after(() => k.teardown(ctx));

  it('createTransaction answers token and redirect_url', async () => {
    const res = await snap.createTransaction(k.simpleOrder());
    assert.match(res.token, k.UUID_V7_RE);
    assert.equal(res.redirect_url, `${PUBLIC_URL}/snap/v2/vtweb/${res.token}`);
  });

  it('createTransaction with the full request of the original document', async () => {
    const res = await snap.createTransaction(k.fullOrder());
    assert.match(res.token, k.UUID_V7_RE);
  });

  it('createTransactionToken answers the token', async () => {
    const token = await snap.createTransactionToken(k.simpleOrder());
    assert.equal(typeof token, 'string');
    assert.match(token, k.UUID_V7_RE);
  });

  it('createTransactionRedirectUrl answers the redirect URL', async () => {
    const url = await snap.createTransactionRedirectUrl(k.simpleOrder());
    assert.match(url, /^https:\/\/pay\.example\.test\/snap\/v2\/vtweb\/[0-9a-f-]{36}$/);
  });

  it('works in production with the production key', async () => {
    const res = await prodSnap.createTransaction(k.simpleOrder());
    assert.match(res.token, k.UUID_V7_RE);
    assert.equal(res.redirect_url, `${PUBLIC_URL}/snap/v2/vtweb/${res.token}`);
  });

  it('rejects a 400 with MidtransError carrying every message', async () => {
    const err = await rejection(snap.createTransaction({
      transaction_details: { order_id: k.orderId('cl'), gross_amount: 20000 },
      item_details: [{ id: 'A', price: 9000, quantity: 1, name: 'Bear' }],
    }));
    assert.equal(err.httpStatusCode, 400);
    assert.ok(err.ApiResponse.error_messages.includes('transaction_details.gross_amount is not equal to the sum of item_details'),
      JSON.stringify(err.ApiResponse));
    assert.match(err.message, /HTTP status code: 400/);

    const low = await rejection(snap.createTransactionToken({ transaction_details: { order_id: k.orderId('cl'), gross_amount: 5000 } }));
    assert.equal(low.httpStatusCode, 400);
    assert.ok(low.ApiResponse.error_messages.includes('transaction_details.gross_amount must be at least 10000'),
      JSON.stringify(low.ApiResponse));
  });

  it('rejects createTransaction() without a parameter ({}) with the required fields', async () => {
    const err = await rejection(snap.createTransaction());
    assert.equal(err.httpStatusCode, 400);
    for (const msg of ['transaction_details.order_id is required', 'transaction_details.gross_amount is required']) {
      assert.ok(err.ApiResponse.error_messages.includes(msg), JSON.stringify(err.ApiResponse));
    }
  });

  it('rejects a reused order_id with MidtransError 400', async () => {
    const order = k.simpleOrder(k.orderId('cl-dup'));
    await snap.createTransaction(order);
    const err = await rejection(snap.createTransactionRedirectUrl(order));
    assert.equal(err.httpStatusCode, 400);
    assert.ok(err.ApiResponse.error_messages.includes(k.DUPLICATE), JSON.stringify(err.ApiResponse));
  });

  it('rejects a wrong server key with MidtransError 401', async () => {
    const wrong = new midtransClient.Snap({ isProduction: false, serverKey: 'SB-VT-server-wrongwrongwrongwrongwrong', clientKey: 'x' });
    const err = await rejection(wrong.createTransaction(k.simpleOrder()));
    assert.equal(err.httpStatusCode, 401);
    assert.deepEqual(err.ApiResponse, { error_messages: [k.DENIED] });
  });

  it('rejects a sandbox key that is empty with MidtransError 401', async () => {
    const empty = new midtransClient.Snap({ isProduction: false, serverKey: '', clientKey: '' });
    const err = await rejection(empty.createTransactionToken(k.simpleOrder()));
    assert.equal(err.httpStatusCode, 401);
  });

  it('sends the notification and idempotency headers the README way', async () => {
    const s = new midtransClient.Snap({ isProduction: false, serverKey: ctx.merchant.sandbox.server_key });
    const common = s.httpClient.http_client.defaults.headers.common;
    common['X-Override-Notification'] = 'https://shop.example.test/a,https://shop.example.test/b';
    common['X-Append-Notification'] = 'https://shop.example.test/c';
    common['Idempotency-Key'] = 'client-' + k.orderId();
    const order = k.simpleOrder(k.orderId('cl-idem'));
    const first = await s.createTransaction(order);
    const again = await s.createTransaction(order);
    assert.deepEqual(again, first);
  });
});
