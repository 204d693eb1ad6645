'use strict';
// The simulators (issue 5, docs/simulators.md): the JSON form of every
// number channel (paying, paying twice, expired, unknown), custom VA numbers
// asked by two orders, sandbox only, the notification and status-history row
// a simulator payment writes, the KlikBCA user's payments, the
// server-rendered pages (escaped, under the CSP) and the simulated bank pages
// of the redirect methods with their test users.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const k = require('./lib/server');
const { startReceiver } = require('./lib/receiver');

const JSON_HDR = { 'Content-Type': 'application/json' };
const FORM_HDR = { 'Content-Type': 'application/x-www-form-urlencoded' };

// body of each number channel's charge, and where its number is
const NUMBER_CHANNELS = {
  permata_va: [{ payment_type: 'bank_transfer', bank_transfer: { bank: 'permata' } }, (j) => j.permata_va_number],
  bca_va: [{ payment_type: 'bank_transfer', bank_transfer: { bank: 'bca' } }, (j) => j.va_numbers[0].va_number],
  bni_va: [{ payment_type: 'bank_transfer', bank_transfer: { bank: 'bni' } }, (j) => j.va_numbers[0].va_number],
  echannel: [{ payment_type: 'echannel' }, (j) => j.bill_key],
  indomaret: [{ payment_type: 'cstore', cstore: { store: 'indomaret' } }, (j) => j.payment_code],
  kioson: [{ payment_type: 'cstore', cstore: { store: 'kioson' } }, (j) => j.payment_code],
};

function signature(b, serverKey) {
  return crypto.createHash('sha512').update(b.order_id + b.status_code + b.gross_amount + serverKey).digest('hex');
}

// The embedded result of a bank page (for web/sim.js).
function embeddedResult(html) {
  const m = /<script type="application\/json" id="kasir-sim-result">([^<]*)<\/script>/.exec(html);
  return m ? JSON.parse(m[1]) : undefined;
}

describe('simulators', () => {
  let ctx;
  let rec;
  before(async () => {
    rec = await startReceiver({ plan: 200 });
    const dir = k.makeTempDir();
    const db = k.dbUrl(dir);
    const merchant = await k.createMerchant(db, 'Toko Simulasi', ['--notification-url', rec.url('/merchant')]);
    const server = await k.startServer({ db, args: ['--test-clock', '--notify-retry-interval', '0'] });
    ctx = { dir, db, merchant, server };
  });
  after(async () => {
    await k.teardown(ctx);
    if (rec) await rec.close();
  });

  async function token(extra = {}, env = 'sandbox') {
    const id = k.orderId('sim');
    const res = await k.createTransaction(ctx.server, ctx.merchant[env].server_key, Object.assign(k.simpleOrder(id, 25000), extra));
    assert.equal(res.status, 201, res.text);
    return { token: res.json.token, orderId: id };
  }
  async function charged(body, extra = {}, env = 'sandbox') {
    const t = await token(extra, env);
    const res = await k.request(ctx.server, `/snap/v1/transactions/${t.token}/pay`, { method: 'POST', headers: JSON_HDR, body: JSON.stringify(body) });
    assert.ok(res.status === 201, res.text);
    return Object.assign(t, { json: res.json, txid: res.json.transaction_id });
  }
  function simPay(channel, number, raw) {
    return k.request(ctx.server, `/sim/${channel}/pay`, {
      method: 'POST', headers: JSON_HDR, body: raw !== undefined ? raw : JSON.stringify({ number }),
    });
  }
  function status(id) {
    return k.request(ctx.server, `/v2/${id}/status`, { headers: { Authorization: k.basicAuth(ctx.merchant.sandbox.server_key) } });
  }
  function history(txid) {
    return k.dbRows(ctx.db,
      `SELECT h.from_status, h.to_status, h.cause FROM status_history h JOIN payments p ON p.id = h.payment_id WHERE p.transaction_id = '${txid}' ORDER BY h.id`);
  }
  function form(urlPath, fields) {
    return k.request(ctx.server, urlPath, { method: 'POST', headers: FORM_HDR, body: new URLSearchParams(fields).toString() });
  }

  it('pays every number channel once: 200, then 409; the status API shows settlement', async () => {
    for (const [channel, [body, numberOf]] of Object.entries(NUMBER_CHANNELS)) {
      const p = await charged(body);
      const number = numberOf(p.json);
      const res = await simPay(channel, number);
      assert.equal(res.status, 200, `${channel}: ${res.text}`);
      assert.deepEqual(Object.keys(res.json).sort(), ['gross_amount', 'order_id', 'payment_type', 'status_code', 'status_message', 'transaction_id', 'transaction_status']);
      assert.equal(res.json.status_code, '200');
      assert.equal(res.json.order_id, p.orderId);
      assert.equal(res.json.transaction_id, p.txid);
      assert.equal(res.json.transaction_status, 'settlement');
      assert.equal(res.json.gross_amount, '25000.00');
      assert.equal(res.json.payment_type, body.payment_type);
      const again = await simPay(channel, number);
      assert.equal(again.status, 409, `${channel}: ${again.text}`);
      assert.equal(again.json.status_code, '409');
      assert.match(again.json.status_message, /already been paid/);
      const st = await status(p.orderId);
      assert.equal(st.json.transaction_status, 'settlement', channel);
      assert.equal(st.json.status_code, '200');
      assert.ok(st.json.settlement_time, 'settlement_time once settled');
      // the number stays in the result
      assert.equal(numberOf(st.json), number, channel);
    }
  });

  it('a simulator payment writes a history row and notifies the merchant', async () => {
    const p = await charged(NUMBER_CHANNELS.bca_va[0]);
    const res = await simPay('bca_va', p.json.va_numbers[0].va_number);
    assert.equal(res.status, 200, res.text);
    await rec.waitFor(() => rec.bodies('/merchant').some((b) => b && b.order_id === p.orderId && b.transaction_status === 'settlement'),
      { what: 'the settlement notification' });
    const notes = rec.bodies('/merchant').filter((b) => b && b.order_id === p.orderId);
    assert.deepEqual(notes.map((b) => b.transaction_status), ['pending', 'settlement']);
    const settled = notes[1];
    assert.equal(settled.status_message, 'midtrans payment notification');
    assert.equal(settled.status_code, '200');
    assert.equal(settled.payment_type, 'bank_transfer');
    assert.deepEqual(settled.va_numbers, p.json.va_numbers);
    assert.equal(settled.signature_key, signature(settled, ctx.merchant.sandbox.server_key));
    assert.deepEqual(history(p.txid), [
      { from_status: null, to_status: 'pending', cause: 'charge' },
      { from_status: 'pending', to_status: 'settlement', cause: 'simulator' },
    ]);
  });

  it('unknown numbers and channels: 404; bad bodies: 400', async () => {
    const unknown = await simPay('permata_va', '8778009999999999');
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(unknown.json.status_code, '404');
    const channel = await simPay('paypal', '1');
    assert.equal(channel.status, 404);
    const redirect = await simPay('cimb_clicks', '1');
    assert.equal(redirect.status, 404, 'redirect methods have no number');
    const noNumber = await simPay('bca_va', undefined, '{}');
    assert.equal(noNumber.status, 400);
    assert.match(noNumber.json.validation_messages[0], /number is required/);
    const notJson = await simPay('bca_va', undefined, '{"number":');
    assert.equal(notJson.status, 400);
    const numberType = await simPay('bca_va', undefined, '{"number":12345678901}');
    assert.equal(numberType.status, 400);
  });

  it('an expired number: 410 at its deadline, before and after the scheduler', async () => {
    const p = await charged(NUMBER_CHANNELS.echannel[0]);
    const other = await charged(NUMBER_CHANNELS.indomaret[0]);
    await k.clock(ctx.server, ctx.merchant.sandbox.server_key, 2 * 3600);
    const res = await simPay('echannel', p.json.bill_key);
    assert.equal(res.status, 410, res.text);
    assert.equal(res.json.status_code, '410');
    assert.match(res.json.status_message, /expired/);
    // the scheduler moves it to expire; still 410, and nothing was paid
    const end = Date.now() + k.HANG_MS;
    let st;
    do {
      st = await status(p.orderId);
      if (st.json.transaction_status === 'expire') break;
      await new Promise((r) => setTimeout(r, 30));
    } while (Date.now() < end);
    assert.equal(st.json.transaction_status, 'expire');
    assert.equal((await simPay('echannel', p.json.bill_key)).status, 410);
    assert.equal((await simPay('indomaret', other.json.payment_code)).status, 410);
    // a 24 h VA made before is still payable
  });

  it('two orders asking for the same custom VA: the second gets another number, both payable', async () => {
    const extra = { bca_va: { va_number: '5550001' } };
    const a = await charged(NUMBER_CHANNELS.bca_va[0], extra);
    const b = await charged(NUMBER_CHANNELS.bca_va[0], extra);
    const na = a.json.va_numbers[0].va_number;
    const nb = b.json.va_numbers[0].va_number;
    assert.equal(na, '00005550001');
    assert.notEqual(nb, na);
    assert.match(nb, /^\d{11}$/);
    const pa = await simPay('bca_va', na);
    assert.equal(pa.status, 200, pa.text);
    assert.equal(pa.json.order_id, a.orderId);
    const pb = await simPay('bca_va', nb);
    assert.equal(pb.status, 200, pb.text);
    assert.equal(pb.json.order_id, b.orderId);
    // once the first is paid, its number is free for a new live order
    const c = await charged(NUMBER_CHANNELS.bca_va[0], extra);
    assert.equal(c.json.va_numbers[0].va_number, na);
    const again = await simPay('bca_va', na);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.order_id, c.orderId, 'the live payment, not the paid one');
    assert.equal((await simPay('bca_va', na)).status, 409);
  });

  it('many orders at once asking for one custom VA each get a distinct number', async () => {
    const extra = { permata_va: { va_number: '7770007770' } };
    const all = await Promise.all(Array.from({ length: 8 }, () => charged(NUMBER_CHANNELS.permata_va[0], extra)));
    const numbers = new Set(all.map((p) => p.json.permata_va_number));
    assert.equal(numbers.size, all.length);
    assert.ok(numbers.has('8778007770007770'));
  });

  it('a production payment cannot be paid through /sim/', async () => {
    const p = await charged(NUMBER_CHANNELS.permata_va[0], {}, 'production');
    const res = await simPay('permata_va', p.json.permata_va_number);
    assert.equal(res.status, 404, res.text);
    const page = await k.request(ctx.server, `/sim/cimb_clicks/${p.txid}`);
    assert.equal(page.status, 404);
    const cimb = await charged({ payment_type: 'cimb_clicks' }, {}, 'production');
    const bank = await form(`/sim/cimb_clicks/${cimb.txid}`, { user_id: 'testuser00', password: 'x' });
    assert.equal(bank.status, 404, bank.text);
    const st = await k.request(ctx.server, `/v2/${cimb.orderId}/status`, { headers: { Authorization: k.basicAuth(ctx.merchant.production.server_key) } });
    assert.equal(st.json.transaction_status, 'pending');
  });

  it("KlikBCA pays the user's oldest live payment first", async () => {
    const body = { payment_type: 'bca_klikbca', bca_klikbca: { user_id: 'andi88' } };
    const first = await charged(body);
    const second = await charged(body);
    const r1 = await simPay('bca_klikbca', 'ANDI88');
    assert.equal(r1.status, 200, r1.text);
    assert.equal(r1.json.order_id, first.orderId);
    assert.equal(r1.json.payment_type, 'bca_klikbca');
    const r2 = await simPay('bca_klikbca', 'andi88');
    assert.equal(r2.json.order_id, second.orderId);
    assert.equal((await simPay('bca_klikbca', 'andi88')).status, 409);
    assert.equal((await simPay('bca_klikbca', 'nobody')).status, 404);
  });

  it('the number pages: form, inquiry with amount and merchant, pay, and clear refusals', async () => {
    const index = await k.request(ctx.server, '/sim/');
    assert.equal(index.status, 200);
    for (const ch of Object.keys(NUMBER_CHANNELS).concat('bca_klikbca')) assert.match(index.text, new RegExp(`href="/sim/${ch}"`));
    const page = await k.request(ctx.server, '/sim/bca_va');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.headers['content-security-policy'], /script-src 'self'/);
    assert.match(page.text, /<form method="post" action="\/sim\/bca_va\/inquiry">/);
    assert.doesNotMatch(page.text, /<script>/, 'no inline script');

    const p = await charged(NUMBER_CHANNELS.bca_va[0], {
      bca_va: { va_number: '424242', free_text: { inquiry: [{ en: '<b>pay</b> now', id: 'bayar & "cepat"' }], payment: [{ en: 'thanks', id: 'terima kasih' }] } },
    });
    const number = p.json.va_numbers[0].va_number;
    const inq = await form('/sim/bca_va/inquiry', { number });
    assert.equal(inq.status, 200, inq.text);
    assert.match(inq.text, /IDR 25000\.00/);
    assert.match(inq.text, /Toko Simulasi/);
    assert.ok(inq.text.includes(p.orderId));
    assert.ok(inq.text.includes('&lt;b&gt;pay&lt;/b&gt; now'), 'free text escaped');
    assert.ok(inq.text.includes('bayar &amp; &quot;cepat&quot;'));
    assert.ok(!inq.text.includes('<b>pay'));
    const paid = await form('/sim/bca_va/pay', { number });
    assert.equal(paid.status, 200, paid.text);
    assert.match(paid.text, /Paid/);
    assert.match(paid.text, /terima kasih/);
    const twice = await form('/sim/bca_va/pay', { number });
    assert.equal(twice.status, 409);
    assert.match(twice.text, /already been paid/);
    const unknown = await form('/sim/bca_va/inquiry', { number: '<script>alert(1)</script>' });
    assert.equal(unknown.status, 404);
    assert.ok(!unknown.text.includes('<script>alert'), 'the entered value is escaped');
    assert.ok(unknown.text.includes('&lt;script&gt;'));
    const bad = await k.request(ctx.server, '/sim/bca_va/inquiry', { method: 'POST', headers: FORM_HDR, body: 'number=%zz' });
    assert.equal(bad.status, 404);
    const none = await k.request(ctx.server, '/sim/nowhere');
    assert.equal(none.status, 404);
    assert.equal((await status(p.orderId)).json.transaction_status, 'settlement');
  });

  it('CIMB Clicks and BRI ePay logins: testuser00 pays, testuser01 / testuser03 fail, others change nothing', async () => {
    for (const [method, failing] of [['cimb_clicks', 'testuser01'], ['bri_epay', 'testuser03']]) {
      const ok = await charged({ payment_type: method }, { callbacks: { finish: 'https://shop.example/done' } });
      const url = `/sim/${method}/${ok.txid}`;
      const page = await k.request(ctx.server, url);
      assert.equal(page.status, 200);
      assert.match(page.text, /name="user_id"/);
      assert.match(page.text, /IDR 25000\.00/);
      const stranger = await form(url, { user_id: 'someone', password: 'x' });
      assert.equal(stranger.status, 200);
      assert.match(stranger.text, /Unknown user/);
      assert.equal((await status(ok.orderId)).json.transaction_status, 'pending');
      const res = await form(url, { user_id: 'testuser00', password: 'secret' });
      assert.equal(res.status, 200, res.text);
      const result = embeddedResult(res.text);
      assert.equal(result.transaction_status, 'settlement');
      assert.equal(result.status_code, '200');
      assert.equal(result.transaction_id, ok.txid);
      assert.equal(result.finish_redirect_url, `https://shop.example/done?order_id=${ok.orderId}&status_code=200&transaction_status=settlement`);
      assert.match(res.text, /<script src="\/snap\/assets\/sim\.js"><\/script>/);
      assert.match(res.text, /id="back" href="https:\/\/shop\.example\/done\?order_id=/);
      assert.equal((await status(ok.orderId)).json.transaction_status, 'settlement');
      const poll = await k.request(ctx.server, `/snap/v1/transactions/${ok.token}/status`);
      assert.equal(poll.json.transaction_status, 'settlement');
      const done = await form(url, { user_id: 'testuser00', password: 'secret' });
      assert.equal(done.status, 409, 'paid already');

      const bad = await charged({ payment_type: method });
      const denied = await form(`/sim/${method}/${bad.txid}`, { user_id: failing, password: 'x' });
      assert.equal(denied.status, 200);
      assert.equal(embeddedResult(denied.text).transaction_status, 'deny');
      const st = await status(bad.orderId);
      assert.equal(st.json.transaction_status, 'deny');
      assert.equal(st.json.status_code, '202');
      assert.deepEqual(history(bad.txid).map((h) => h.cause), ['charge', 'simulator']);
    }
  });

  it('BCA KlikPay, GCI and Danamon Online pay or cancel; Mandiri e-cash checks its credentials', async () => {
    for (const method of ['bca_klikpay', 'gci', 'danamon_online']) {
      const a = await charged({ payment_type: method });
      const page = await k.request(ctx.server, `/sim/${method}/${a.txid}`);
      assert.match(page.text, /value="pay"/);
      assert.match(page.text, /value="cancel"/);
      const pay = await form(`/sim/${method}/${a.txid}`, { action: 'pay' });
      assert.equal(embeddedResult(pay.text).transaction_status, 'settlement', method);
      const b = await charged({ payment_type: method });
      const cancel = await form(`/sim/${method}/${b.txid}`, { action: 'cancel' });
      assert.equal(embeddedResult(cancel.text).transaction_status, 'deny', method);
    }
    const good = await charged({ payment_type: 'mandiri_ecash' });
    const ok = await form(`/sim/mandiri_ecash/${good.txid}`, { phone: '0987654321', pin: '12345', otp: '12123434' });
    assert.equal(embeddedResult(ok.text).transaction_status, 'settlement');
    const wrong = await charged({ payment_type: 'mandiri_ecash' });
    const no = await form(`/sim/mandiri_ecash/${wrong.txid}`, { phone: '0987654321', pin: '12345', otp: '00000000' });
    assert.equal(embeddedResult(no.text).transaction_status, 'deny');
    // a bank page of another method, or an unknown id: 404
    assert.equal((await k.request(ctx.server, `/sim/gci/${good.txid}`)).status, 404);
    assert.equal((await k.request(ctx.server, '/sim/gci/00000000-0000-7000-8000-000000000000')).status, 404);
    assert.equal((await k.request(ctx.server, `/sim/bca_va/${good.txid}`)).status, 404);
  });

  it('the pages speak English and Bahasa Indonesia', async () => {
    const en = await k.request(ctx.server, '/sim/echannel');
    assert.match(en.text, /<html lang="en">/);
    assert.match(en.text, />Inquire</);
    assert.match(en.text, /href="\/sim\/echannel\?lang=id">Bahasa Indonesia</);
    const id = await k.request(ctx.server, '/sim/echannel?lang=id');
    assert.match(id.text, /<html lang="id">/);
    assert.match(id.text, />Cek tagihan</);
    assert.match(id.text, /action="\/sim\/echannel\/inquiry\?lang=id"/, 'the form keeps the language');
    const header = await k.request(ctx.server, '/sim/', { headers: { 'Accept-Language': 'id-ID,id;q=0.9,en;q=0.8' } });
    assert.match(header.text, /Simulator pembayaran/);
    const p = await charged(NUMBER_CHANNELS.echannel[0]);
    const inq = await form('/sim/echannel/inquiry?lang=id', { number: p.json.bill_key });
    assert.match(inq.text, /Jumlah/);
    assert.match(inq.text, /action="\/sim\/echannel\/pay\?lang=id"/);
    const paid = await form('/sim/echannel/pay?lang=id', { number: p.json.bill_key });
    assert.match(paid.text, /Lunas/);
    const twice = await form('/sim/echannel/pay?lang=id', { number: p.json.bill_key });
    assert.match(twice.text, /sudah dibayar/);
    const bank = await charged({ payment_type: 'bri_epay' });
    const page = await k.request(ctx.server, `/sim/bri_epay/${bank.txid}?lang=id`);
    assert.match(page.text, /Kata sandi/);
    const done = await form(`/sim/bri_epay/${bank.txid}?lang=id`, { user_id: 'testuser03', password: 'x' });
    assert.match(done.text, /Pembayaran gagal/);
  });

  it('serves sim.js and sim.css', async () => {
    const js = await k.request(ctx.server, '/snap/assets/sim.js');
    assert.equal(js.status, 200);
    assert.match(js.text, /postMessage/);
    const css = await k.request(ctx.server, '/snap/assets/sim.css');
    assert.equal(css.status, 200);
    assert.ok(path.basename('/snap/assets/sim.css'));
  });
});
