'use strict';
// Redirect methods on the payment page (issue 5, SPEC 7.3, 7.4): CIMB Clicks,
// BRI ePay, BCA KlikPay, GCI, Danamon Online and Mandiri e-cash open the
// simulated bank page inside the payment page (as 3-D Secure does); the
// bank login or confirmation settles or denies, the page shows it (by the
// bank page's postMessage, or by its status poll when the bank page was
// used elsewhere), the callback fires and the stored status agrees.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');
const m = require('./lib/methods');

describe('payment page: redirect methods (bank pages)', () => {
  let s;
  before(async () => { s = await h.setupSuite(); });
  after(async () => { if (s) await s.close(); });

  // Chooses `method`, waits for its bank page inside the payment page,
  // lets `act` use it, then checks the end: final page, callback, status.
  async function viaBank(method, act, ok) {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, method);
    await frame.locator('#bank').waitFor();
    const src = await frame.locator('#bank').getAttribute('src');
    assert.ok(src.startsWith(`${s.kasir}/sim/${method}/`) || src.startsWith(`/sim/${method}/`), src);
    assert.match(src, /[?&]language=en$/);
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'pending');
    await act(frame.frameLocator('#bank'));
    const fin = await m.finish(page, frame);
    const status = ok ? 'settlement' : 'deny';
    assert.equal(fin.status, ok ? 'success' : 'failure', fin.message);
    assert.equal(fin.event.name, ok ? 'onSuccess' : 'onError');
    m.assertResult(fin.event.result, orderId, { code: ok ? '200' : '202', status, type: method });
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, status);
    assert.deepEqual(page.problems, []);
    await page.close();
  }

  const login = (user) => async (bank) => {
    await bank.locator('#user_id').fill(user);
    await bank.locator('#password').fill('secret');
    await bank.locator('#login').click();
  };
  const button = (id) => async (bank) => { await bank.locator(`#${id}`).click(); };
  const ecash = (pin) => async (bank) => {
    await bank.locator('#phone').fill('0987654321');
    await bank.locator('#pin').fill(pin);
    await bank.locator('#otp').fill('12123434');
    await bank.locator('#pay').click();
  };

  it('cimb_clicks: testuser00 settles', () => viaBank('cimb_clicks', login('testuser00'), true));
  it('cimb_clicks: testuser01 is denied', () => viaBank('cimb_clicks', login('testuser01'), false));
  it('bri_epay: testuser00 settles', () => viaBank('bri_epay', login('testuser00'), true));
  it('bri_epay: testuser03 is denied', () => viaBank('bri_epay', login('testuser03'), false));
  it('bca_klikpay: Pay settles', () => viaBank('bca_klikpay', button('pay'), true));
  it('bca_klikpay: Cancel denies', () => viaBank('bca_klikpay', button('cancel'), false));
  it('gci: Pay settles', () => viaBank('gci', button('pay'), true));
  it('danamon_online: Pay settles', () => viaBank('danamon_online', button('pay'), true));
  it('danamon_online: Cancel denies', () => viaBank('danamon_online', button('cancel'), false));
  it('mandiri_ecash: 0987654321, PIN 12345, OTP 12123434 settles', () => viaBank('mandiri_ecash', ecash('12345'), true));
  it('mandiri_ecash: a wrong PIN is denied', () => viaBank('mandiri_ecash', ecash('54321'), false));

  it('an unknown CIMB user changes nothing: the bank page says so and the payment stays pending', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'cimb_clicks');
    const bank = frame.frameLocator('#bank');
    await login('someone')(bank);
    await bank.locator('body', { hasText: /unknown user/i }).waitFor();
    assert.equal(await frame.locator('#bank').count(), 1);
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'pending');
    await login('testuser00')(bank);
    assert.equal((await m.finish(page, frame)).event.name, 'onSuccess');
    await page.close();
  });

  it('the status poll ends the page when the bank page was used in another window', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'gci');
    await frame.locator('#bank').waitFor();
    const src = new URL(await frame.locator('#bank').getAttribute('src'), s.kasir).href;
    const other = await s.browser.context.newPage();
    await other.goto(src);
    await other.locator('#pay').click();
    await other.locator('#pay').waitFor({ state: 'detached' });
    await other.close();
    const fin = await m.finish(page, frame);
    assert.equal(fin.event.name, 'onSuccess');
    assert.equal(fin.event.result.order_id, orderId);
    await page.close();
  });

  it('a token opened again while its bank payment is pending shows the bank page again', async () => {
    const page = await h.merchantPage(s);
    const { token, frame } = await m.choose(s, page, 'bca_klikpay');
    await frame.locator('#bank').waitFor();
    await frame.locator('#close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onPending');
    assert.equal(ev.result.transaction_status, 'pending');
    const again = await h.pay(page, token, { language: 'en' });
    await again.locator('#bank').waitFor();
    await button('pay')(again.frameLocator('#bank'));
    assert.equal((await m.finish(page, again)).event.name, 'onSuccess');
    await page.close();
  });

  it('the full page (vtweb) goes to the finish URL after the bank page', async () => {
    const { token, orderId } = await h.createToken(s, { enabled_payments: ['cimb_clicks'], callbacks: { finish: `${s.site.base}/finish` } });
    const page = await s.browser.context.newPage();
    await page.goto(`${s.kasir}/snap/v2/vtweb/${token}?language=en`);
    await page.locator('#continue').click();
    await page.locator('#pay-button').click();
    await login('testuser00')(page.frameLocator('#bank'));
    assert.equal((await h.finalPage(page)).status, 'success');
    await Promise.all([page.waitForURL(/\/finish\?/), page.locator('#to-merchant').click()]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('order_id'), orderId);
    assert.equal(url.searchParams.get('status_code'), '200');
    assert.equal(url.searchParams.get('transaction_status'), 'settlement');
    await page.close();
  });
});
