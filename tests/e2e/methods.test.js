'use strict';
// Every non-card payment method through the payment page API (issue 5,
// SPEC §4, §7.2–§7.5): each method's charge answer, the numbers issued
// (custom VA numbers of SPEC §2.5), pending lifetimes, the sandbox
// credentials, 402 for a method the token does not allow, 400s naming the
// field, the pending payment shown again by the info, and the page's
// status poll.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const k = require('./lib/server');

const JSON_HDR = { 'Content-Type': 'application/json' };
const REDIRECT_METHODS = ['cimb_clicks', 'bri_epay', 'bca_klikpay', 'gci', 'danamon_online', 'mandiri_ecash'];
const HOUR_MS = 3600 * 1000;

// "2026-11-27 01:55:28" (Asia/Jakarta) -> ms UTC
function jakartaMs(text) {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text);
  assert.ok(m, `a Jakarta time: ${text}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 7, +m[5], +m[6]);
}

describe('non-card methods: the charge', () => {
  let ctx;
  before(async () => {
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Metode');
    const server = await k.startServer({ db, args: ['--test-clock'] });
    ctx = { dir, db, merchant, server };
  });
  after(() => k.teardown(ctx));

  async function token(extra = {}, key = ctx.merchant.sandbox.server_key) {
    const id = k.orderId('m');
    const res = await k.createTransaction(ctx.server, key, Object.assign(k.simpleOrder(id, 15000), extra));
    assert.equal(res.status, 201, res.text);
    return { token: res.json.token, orderId: id };
  }
  function charge(tok, body) {
    return k.request(ctx.server, `/snap/v1/transactions/${tok}/pay`, {
      method: 'POST', headers: JSON_HDR, body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
  async function charged(body, extra = {}) {
    const t = await token(extra);
    const res = await charge(t.token, body);
    return Object.assign(t, { res, json: res.json });
  }
  function assertPending(r, paymentType) {
    assert.equal(r.res.status, 201, r.res.text);
    assert.equal(r.json.status_code, '201');
    assert.equal(r.json.transaction_status, 'pending');
    assert.equal(r.json.fraud_status, 'accept');
    assert.equal(r.json.payment_type, paymentType);
    assert.equal(r.json.order_id, r.orderId);
    assert.equal(r.json.gross_amount, '15000.00');
    assert.match(r.json.transaction_id, k.UUID_V7_RE);
    assert.match(r.json.transaction_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  }
  function lifetime(json) {
    return jakartaMs(json.expiry_time) - jakartaMs(json.transaction_time);
  }

  it('bank transfer: Permata, BCA and BNI virtual accounts, pending 24 hours', async () => {
    const permata = await charged({ payment_type: 'bank_transfer', bank_transfer: { bank: 'permata' } });
    assertPending(permata, 'bank_transfer');
    assert.equal(permata.json.status_message, 'Success, Bank Transfer transaction is created');
    assert.match(permata.json.permata_va_number, /^877800\d{10}$/);
    assert.equal(permata.json.va_numbers, undefined);
    assert.equal(lifetime(permata.json), 24 * HOUR_MS);

    const bca = await charged({ payment_type: 'bank_transfer', bank_transfer: { bank: 'bca' } });
    assertPending(bca, 'bank_transfer');
    assert.equal(bca.json.va_numbers.length, 1);
    assert.equal(bca.json.va_numbers[0].bank, 'bca');
    assert.match(bca.json.va_numbers[0].va_number, /^\d{11}$/);
    assert.equal(lifetime(bca.json), 24 * HOUR_MS);

    const bni = await charged({ payment_type: 'bank_transfer', bank_transfer: { bank: 'bni' } });
    assertPending(bni, 'bank_transfer');
    assert.equal(bni.json.va_numbers[0].bank, 'bni');
    assert.match(bni.json.va_numbers[0].va_number, /^98800123\d{8}$/);
  });

  it('custom VA numbers are normalised (SPEC 2.5)', async () => {
    const bca = await charged({ payment_type: 'bank_transfer', bank_transfer: { bank: 'bca' } },
      { bca_va: { va_number: '98765' } });
    assert.equal(bca.res.status, 201, bca.res.text);
    assert.equal(bca.json.va_numbers[0].va_number, '00000098765');
    const permata = await charged({ payment_type: 'bank_transfer', bank_transfer: { bank: 'permata' } },
      { permata_va: { va_number: '1122334455667', recipient_name: 'budi' } });
    assert.equal(permata.json.permata_va_number, '8778001122334455', 'cut from the end to 10 digits');
    const bni = await charged({ payment_type: 'bank_transfer', bank_transfer: { bank: 'bni' } },
      { bni_va: { va_number: '42' } });
    assert.equal(bni.json.va_numbers[0].va_number, '9880012300000042');
  });

  it('echannel: a 12-digit bill key and biller code 70012, pending 2 hours', async () => {
    const r = await charged({ payment_type: 'echannel' });
    assertPending(r, 'echannel');
    assert.match(r.json.bill_key, /^\d{12}$/);
    assert.equal(r.json.biller_code, '70012');
    assert.equal(lifetime(r.json), 2 * HOUR_MS);
  });

  it('cstore: Indomaret and Kioson payment codes', async () => {
    for (const store of ['indomaret', 'kioson']) {
      const r = await charged({ payment_type: 'cstore', cstore: { store } });
      assertPending(r, 'cstore');
      assert.equal(r.json.store, store);
      assert.match(r.json.payment_code, /^\d{14}$/);
      assert.equal(lifetime(r.json), 2 * HOUR_MS);
    }
  });

  it('KlikBCA registers the user id and points to its simulator', async () => {
    const r = await charged({ payment_type: 'bca_klikbca', bca_klikbca: { user_id: 'budi123' } });
    assertPending(r, 'bca_klikbca');
    assert.equal(r.json.redirect_url, `${ctx.server.baseUrl}/sim/bca_klikbca`);
    assert.equal(lifetime(r.json), 2 * HOUR_MS);
  });

  it('redirect methods answer a redirect_url to their bank simulator', async () => {
    for (const type of REDIRECT_METHODS) {
      const r = await charged({ payment_type: type });
      assertPending(r, type);
      assert.equal(r.json.redirect_url, `${ctx.server.baseUrl}/sim/${type}/${r.json.transaction_id}`);
      assert.equal(lifetime(r.json), 2 * HOUR_MS, type);
    }
  });

  it("the request's expiry overrides the default lifetime", async () => {
    const r = await charged({ payment_type: 'bank_transfer', bank_transfer: { bank: 'permata' } },
      { expiry: { unit: 'minutes', duration: 30 } });
    assert.equal(r.res.status, 201, r.res.text);
    const info = await k.request(ctx.server, `/snap/v1/transactions/${r.token}`);
    assert.equal(r.json.expiry_time, info.json.expiry_time, 'the order expiry');
    assert.ok(lifetime(r.json) <= 30 * 60 * 1000 && lifetime(r.json) > 29 * 60 * 1000, r.json.expiry_time);
    const long = await charged({ payment_type: 'echannel' }, { expiry: { unit: 'hours', duration: 5 } });
    assert.ok(lifetime(long.json) > 4 * HOUR_MS, 'longer than the 2 h default when the request says so');
  });

  it('Mandiri Clickpay: token 000000 settles, 111111 is denied', async () => {
    const ok = await charged({ payment_type: 'mandiri_clickpay', mandiri_clickpay: { card_number: '4111 1111 1111 1111', token: '000000' } });
    assert.equal(ok.res.status, 200, ok.res.text);
    assert.equal(ok.json.status_code, '200');
    assert.equal(ok.json.transaction_status, 'settlement');
    assert.equal(ok.json.status_message, 'Success, Mandiri Clickpay transaction is successful');
    assert.equal(ok.json.masked_card, '411111-1111');
    const twelve = await charged({ payment_type: 'mandiri_clickpay', mandiri_clickpay: { card_number: '411111111111', token: '000000' } });
    assert.equal(twelve.res.status, 200, 'the 12 digits the original prints');
    const fail = await charged({ payment_type: 'mandiri_clickpay', mandiri_clickpay: { card_number: '4111111111111111', token: '111111' } });
    assert.equal(fail.res.status, 202, fail.res.text);
    assert.equal(fail.json.status_code, '202');
    assert.equal(fail.json.transaction_status, 'deny');
    assert.equal(fail.json.expiry_time, undefined);
  });

  it('Telkomsel Cash and Indosat Dompetku credentials', async () => {
    const cases = [
      [{ payment_type: 'telkomsel_cash', telkomsel_cash: { customer: '081111111' } }, 'settlement', 200],
      [{ payment_type: 'telkomsel_cash', telkomsel_cash: { customer: '0822222222' } }, 'deny', 202],
      [{ payment_type: 'indosat_dompetku', indosat_dompetku: { msisdn: '08123456789' } }, 'settlement', 200],
      [{ payment_type: 'indosat_dompetku', indosat_dompetku: { msisdn: '08123456780' } }, 'deny', 202],
    ];
    for (const [body, status, http] of cases) {
      const r = await charged(body);
      assert.equal(r.res.status, http, `${JSON.stringify(body)}: ${r.res.text}`);
      assert.equal(r.json.transaction_status, status);
      assert.equal(r.json.payment_type, body.payment_type);
    }
  });

  it('a denied charge leaves the token payable; a pending or paid one holds it', async () => {
    const denied = await charged({ payment_type: 'telkomsel_cash', telkomsel_cash: { customer: '0822222222' } });
    const info = await k.request(ctx.server, `/snap/v1/transactions/${denied.token}`);
    assert.equal(info.status, 200, info.text);
    assert.equal(info.json.pending_payment, undefined);
    const again = await charge(denied.token, { payment_type: 'telkomsel_cash', telkomsel_cash: { customer: '081111111' } });
    assert.equal(again.status, 200, again.text);
    const third = await charge(denied.token, { payment_type: 'echannel' });
    assert.equal(third.status, 406, third.text);
    assert.equal(third.json.status_message, 'transaction has been processed');
    const paidInfo = await k.request(ctx.server, `/snap/v1/transactions/${denied.token}`);
    assert.equal(paidInfo.status, 406);

    const pending = await charged({ payment_type: 'cstore', cstore: { store: 'indomaret' } });
    const second = await charge(pending.token, { payment_type: 'echannel' });
    assert.equal(second.status, 406, second.text);
  });

  it('the info shows a live pending payment as the charge answered it, and the status poll follows it', async () => {
    const t = await token({ callbacks: { finish: 'https://shop.example/done' } });
    const none = await k.request(ctx.server, `/snap/v1/transactions/${t.token}/status`);
    assert.equal(none.status, 404, none.text);
    assert.equal(none.json.status_code, '404');
    const res = await charge(t.token, { payment_type: 'bank_transfer', bank_transfer: { bank: 'bni' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.finish_redirect_url,
      `https://shop.example/done?order_id=${t.orderId}&status_code=201&transaction_status=pending`);
    const info = await k.request(ctx.server, `/snap/v1/transactions/${t.token}?client_key=${ctx.merchant.sandbox.client_key}`);
    assert.equal(info.status, 200, info.text);
    assert.deepEqual(info.json.pending_payment, res.json);
    const poll = await k.request(ctx.server, `/snap/v1/transactions/${t.token}/status`);
    assert.equal(poll.status, 200, poll.text);
    assert.deepEqual(poll.json, res.json);
    const unknown = await k.request(ctx.server, '/snap/v1/transactions/00000000-0000-7000-8000-000000000000/status');
    assert.equal(unknown.status, 404);
  });

  it('402 for a method the token does not allow', async () => {
    const t = await token({ enabled_payments: ['bca_va', 'credit_card'] });
    const res = await charge(t.token, { payment_type: 'bank_transfer', bank_transfer: { bank: 'permata' } });
    assert.equal(res.status, 402, res.text);
    assert.equal(res.json.status_code, '402');
    assert.match(res.json.status_message, /permata_va/);
    for (const body of [{ payment_type: 'echannel' }, { payment_type: 'gci' },
      { payment_type: 'cstore', cstore: { store: 'kioson' } },
      { payment_type: 'telkomsel_cash', telkomsel_cash: { customer: '081111111' } }]) {
      const r = await charge(t.token, body);
      assert.equal(r.status, 402, `${body.payment_type}: ${r.text}`);
    }
    const ok = await charge(t.token, { payment_type: 'bank_transfer', bank_transfer: { bank: 'bca' } });
    assert.equal(ok.status, 201, ok.text);
    // other_va is paid through Permata
    const other = await token({ enabled_payments: ['permata_va', 'other_va'] });
    const viaPermata = await charge(other.token, { payment_type: 'bank_transfer', bank_transfer: { bank: 'permata' } });
    assert.equal(viaPermata.status, 201, viaPermata.text);
    const onlyCard = await token({ enabled_payments: ['echannel'] });
    const card = await charge(onlyCard.token, { payment_type: 'credit_card', credit_card: { token_id: 'x' } });
    assert.equal(card.status, 402, card.text);
  });

  it('400s name the field, and change nothing', async () => {
    const t = await token();
    const cases = [
      [{ payment_type: 'bank_transfer' }, /bank_transfer\.bank must be one of permata, bca, bni/],
      [{ payment_type: 'bank_transfer', bank_transfer: { bank: 'mandiri' } }, /bank_transfer\.bank/],
      [{ payment_type: 'cstore', cstore: { store: 'alfamart' } }, /cstore\.store must be one of indomaret, kioson/],
      [{ payment_type: 'mandiri_clickpay', mandiri_clickpay: { card_number: '4111' } }, /(?=.*mandiri_clickpay\.card_number must be 12 or 16 digits)(?=.*mandiri_clickpay\.token is required)/],
      [{ payment_type: 'mandiri_clickpay', mandiri_clickpay: { card_number: '4111111111111111', token: '12' } }, /mandiri_clickpay\.token must be 6 digits/],
      [{ payment_type: 'telkomsel_cash', telkomsel_cash: { customer: 'abc' } }, /telkomsel_cash\.customer/],
      [{ payment_type: 'indosat_dompetku' }, /indosat_dompetku\.msisdn is required/],
      [{ payment_type: 'bca_klikbca', bca_klikbca: { user_id: 'no spaces!' } }, /bca_klikbca\.user_id/],
      [{ payment_type: 'permata_va' }, /payment_type/],
      [{ payment_type: 'paypal' }, /payment_type/],
      [{}, /payment_type/],
    ];
    for (const [body, re] of cases) {
      const res = await charge(t.token, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.json.status_code, '400');
      assert.match(res.json.validation_messages.join(' | '), re, JSON.stringify(body));
    }
    const notJson = await charge(t.token, '{"payment_type":');
    assert.equal(notJson.status, 400);
    const poll = await k.request(ctx.server, `/snap/v1/transactions/${t.token}/status`);
    assert.equal(poll.status, 404, 'no payment was stored');
  });
});
