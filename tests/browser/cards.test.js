'use strict';
// Card payments through snap.js and the payment page, as a customer does
// them in Chromium (issue 3, SPEC 3 and 7.1): the merchant page loads
// snap.js from kasir on another origin, calls snap.pay, and its callbacks
// get the Transaction Result.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const { CARDS } = h;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

// The fields every card result carries (SPEC 3.3).
function assertCardResult(r, orderId, { code, status, fraud }) {
  assert.equal(r.status_code, code, JSON.stringify(r));
  assert.equal(r.transaction_status, status, JSON.stringify(r));
  assert.equal(r.fraud_status, fraud, JSON.stringify(r));
  assert.equal(r.order_id, orderId);
  assert.equal(r.gross_amount, '10000.00');
  assert.equal(r.payment_type, 'credit_card');
  assert.match(r.transaction_id, UUID_RE);
  assert.match(r.transaction_time, TIME_RE);
  assert.equal(typeof r.status_message, 'string');
}

describe('card payments in the snap.js popup', () => {
  let s;
  before(async () => { s = await h.setupSuite(); });
  after(async () => { if (s) await s.close(); });

  it('accepts 4811 1111 1111 1114 through 3-D Secure with OTP 112233: onSuccess with the card fields', async () => {
    const { token, orderId } = await h.createToken(s, { credit_card: { secure: true } });
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token);

    // one overlay iframe over the whole viewport, pointing at kasir
    const iframes = page.locator('iframe');
    assert.equal(await iframes.count(), 1);
    const info = await page.evaluate(() => {
      const f = document.getElementById('snap-midtrans');
      const cs = getComputedStyle(f);
      return { src: f.src, position: cs.position, z: cs.zIndex, w: f.offsetWidth, h: f.offsetHeight,
        vw: innerWidth, vh: innerHeight };
    });
    assert.equal(info.src, `${s.kasir}/snap/v4/popup?origin_host=${encodeURIComponent(s.site.base)}` +
      `&client_key=${encodeURIComponent(s.clientKey)}#/`);
    assert.equal(info.position, 'fixed');
    assert.equal(info.z, '999999');
    assert.deepEqual([info.w, info.h], [info.vw, info.vh]);

    await h.payByCard(frame, { number: CARDS.accept3ds });
    const acs = frame.frameLocator('#acs');
    await acs.locator('#otp').waitFor();
    // the issuer page shows what is being paid
    const details = await acs.locator('#acs-details').textContent();
    assert.match(details, /Toko Browser/);
    assert.match(details, /Rp 10\.000/);
    assert.match(details, /481111-1114/);
    await page.screenshot({ path: h.artifactPath('payment-page-3ds.png') });
    await h.enterOtp(frame);

    const fin = await h.finalPage(frame);
    assert.equal(fin.status, 'success');
    assert.equal(fin.title, 'Pembayaran berhasil'); // default language: id
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onSuccess');
    assertCardResult(ev.result, orderId, { code: '200', status: 'capture', fraud: 'accept' });
    assert.equal(ev.result.masked_card, '481111-1114');
    assert.match(ev.result.approval_code, /^\w+$/);
    assert.ok(ev.result.bank, 'bank is set');
    assert.ok(ev.result.eci, 'eci is set for 3-D Secure');
    assert.equal(await page.locator('#snap-midtrans').count(), 0, 'the popup is gone');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  it('denies 3-D Secure with a wrong OTP: the failure page, then onError', async () => {
    const { token, orderId } = await h.createToken(s, { credit_card: { secure: true } });
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { language: 'en' });
    await h.payByCard(frame, { number: CARDS.accept3ds });
    await h.enterOtp(frame, '000000');
    const fin = await h.finalPage(frame);
    assert.equal(fin.status, 'failure');
    assert.equal(fin.title, 'Payment failed');
    assert.ok(fin.message.length > 0, 'the failure page shows the status message');
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onError');
    assertCardResult(ev.result, orderId, { code: '202', status: 'deny', fraud: ev.result.fraud_status });
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  it('accepts 4011 1111 1111 1112 without 3-D Secure: onSuccess, capture', async () => {
    const { token, orderId } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token);
    await h.payByCard(frame, { number: CARDS.accept });
    const fin = await h.finalPage(frame);
    assert.equal(fin.status, 'success');
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onSuccess');
    assertCardResult(ev.result, orderId, { code: '200', status: 'capture', fraud: 'accept' });
    assert.equal(ev.result.masked_card, '401111-1112');
    assert.equal(await page.locator('#snap-midtrans').count(), 0);
    await page.close();
  });

  it('challenges 4111 1111 1111 1111: onPending with fraud_status challenge', async () => {
    const { token, orderId } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token);
    await h.payByCard(frame, { number: CARDS.challenge });
    const fin = await h.finalPage(frame);
    assert.equal(fin.status, 'pending');
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onPending');
    assert.equal(ev.result.status_code, '201');
    assert.equal(ev.result.fraud_status, 'challenge');
    assert.equal(ev.result.order_id, orderId);
    assert.equal(ev.result.masked_card, '411111-1111');
    await page.close();
  });

  for (const [what, number, fraud] of [['the bank', CARDS.denyBank, 'accept'], ['fraud detection', CARDS.denyFds, 'deny']]) {
    it(`shows the failure page for a card denied by ${what} (${number}), then onError`, async () => {
      const { token, orderId } = await h.createToken(s);
      const page = await h.merchantPage(s);
      const frame = await h.pay(page, token, { language: 'en' });
      await h.payByCard(frame, { number });
      const fin = await h.finalPage(frame);
      assert.equal(fin.status, 'failure');
      assert.equal(fin.title, 'Payment failed');
      assert.ok(fin.message.trim().length > 0, 'status_message is shown');
      // a denied card may be retried with another one
      assert.equal(await frame.locator('#retry').count(), 1);
      await frame.locator('#to-merchant').click();
      const ev = await h.nextEvent(page);
      assert.equal(ev.name, 'onError');
      assertCardResult(ev.result, orderId, { code: '202', status: 'deny', fraud });
      assert.equal(fin.message, ev.result.status_message);
      await page.close();
    });
  }

  it('after a denied card, another card can still pay the order', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token);
    await h.payByCard(frame, { number: CARDS.denyBank });
    assert.equal((await h.finalPage(frame)).status, 'failure');
    await frame.locator('#retry').click();
    await frame.locator('#card-number').fill(CARDS.accept);
    await frame.locator('#card-expiry').fill(h.EXPIRY);
    await frame.locator('#card-cvv').fill(h.CVV);
    await frame.locator('#pay-button').click(); // email and phone are still filled in
    assert.equal((await h.finalPage(frame)).status, 'success');
    await frame.locator('#to-merchant').click();
    assert.equal((await h.nextEvent(page)).name, 'onSuccess');
    await page.close();
  });

  it('closing the popup calls onClose, and snap.pay works again afterwards', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token);
    await frame.locator('#continue').waitFor();
    await frame.locator('#close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onClose');
    assert.equal(await page.locator('#snap-midtrans').count(), 0);
    // back to the initialized state: the same token opens again
    const again = await h.pay(page, token);
    await again.locator('#continue').waitFor();
    await page.close();
  });

  it('without callbacks, sends the customer to the finish URL with order_id, status_code and transaction_status', async () => {
    const { token, orderId } = await h.createToken(s, { callbacks: { finish: `${s.site.base}/finish` } });
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, {}, []);
    await h.payByCard(frame, { number: CARDS.accept });
    await h.finalPage(frame);
    await Promise.all([
      page.waitForURL(/\/finish\?/),
      frame.locator('#to-merchant').click(),
    ]);
    const url = new URL(page.url());
    assert.equal(url.origin, s.site.base);
    assert.equal(url.pathname, '/finish');
    assert.equal(url.searchParams.get('order_id'), orderId);
    assert.equal(url.searchParams.get('status_code'), '200');
    assert.equal(url.searchParams.get('transaction_status'), 'capture');
    assert.equal(s.site.visits.length, 1);
    await page.close();
  });
});
