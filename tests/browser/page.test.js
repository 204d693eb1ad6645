'use strict';
// The payment page and snap.js beyond the card outcomes (issue 3, SPEC 3.1
// and 3.2): options, languages, a phone-sized screen, the full-page
// (vtweb) form, error pages, origin checks and the states of snap.js.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const h = require('./lib/harness');

const { k, CARDS } = h;

describe('payment page and snap.js', () => {
  let s;
  before(async () => { s = await h.setupSuite({ kasirArgs: ['--test-clock'] }); });
  after(async () => { if (s) await s.close(); });

  it("language 'en' shows English texts; the default is Bahasa Indonesia", async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    let frame = await h.pay(page, token, { language: 'en' });
    await frame.locator('#summary').waitFor();
    assert.equal(await frame.locator('#summary h2').textContent(), 'Order summary');
    assert.equal(await frame.locator('#continue').textContent(), 'Continue');
    assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
    await frame.locator('#continue').click();
    assert.equal(await frame.locator('#methods h2').textContent(), 'Choose a payment method');
    await frame.locator('button[data-method="credit_card"]').click();
    assert.equal(await frame.locator('label[for="card-number"]').textContent(), 'Card number');
    assert.match(await frame.locator('#pay-button').textContent(), /^Pay Rp 10\.000$/);
    await frame.locator('#close').click();
    assert.equal((await h.nextEvent(page)).name, 'onClose');

    frame = await h.pay(page, token);
    await frame.locator('#summary').waitFor();
    assert.equal(await frame.locator('#summary h2').textContent(), 'Ringkasan pesanan');
    assert.equal(await frame.locator('#continue').textContent(), 'Lanjutkan');
    assert.equal(await frame.locator('html').getAttribute('lang'), 'id');
    await page.close();
  });

  it("the merchant's default language (Snap preferences) applies when options.language is absent", async () => {
    const sql = (lang) => k.dbExec(s.ctx.db,
      `UPDATE environments SET language = '${lang}' WHERE client_key = '${s.clientKey}'`);
    sql('en');
    try {
      const { token } = await h.createToken(s);
      const page = await h.merchantPage(s);
      let frame = await h.pay(page, token);
      await frame.locator('#summary').waitFor();
      assert.equal(await frame.locator('#summary h2').textContent(), 'Order summary');
      assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
      await frame.locator('#close').click();
      assert.equal((await h.nextEvent(page)).name, 'onClose');
      frame = await h.pay(page, token, { language: 'id' }); // the request's option wins
      await frame.locator('#summary').waitFor();
      assert.equal(await frame.locator('#summary h2').textContent(), 'Ringkasan pesanan');
      await page.close();
    } finally {
      sql('id');
    }
  });

  it('skipOrderSummary opens on the payment methods; showOrderId shows the order id', async () => {
    const { token, orderId } = await h.createToken(s);
    const page = await h.merchantPage(s);
    let frame = await h.pay(page, token, { skipOrderSummary: true, showOrderId: true, language: 'en' });
    await frame.locator('#methods').waitFor();
    assert.equal(await frame.locator('#summary').count(), 0);
    assert.equal(await frame.locator('#head-order').textContent(), `Order ID: ${orderId}`);
    await frame.locator('#close').click();
    await h.nextEvent(page);

    frame = await h.pay(page, token, {});
    await frame.locator('#summary').waitFor();
    assert.equal(await frame.locator('#head-order').isVisible(), false);
    await page.close();
  });

  it('enabledPayments filters the methods the token allows', async () => {
    const { token } = await h.createToken(s, { enabled_payments: ['credit_card', 'bca_va', 'indomaret', 'echannel'] });
    const page = await h.merchantPage(s);
    let frame = await h.pay(page, token, { skipOrderSummary: true, language: 'en' });
    await frame.locator('#methods').waitFor();
    const all = await frame.locator('button[data-method]').evaluateAll((bs) => bs.map((b) => b.dataset.method));
    assert.deepEqual([...all].sort(), ['bca_va', 'credit_card', 'echannel', 'indomaret']);
    await frame.locator('#close').click();
    await h.nextEvent(page);

    frame = await h.pay(page, token, { skipOrderSummary: true, language: 'en', enabledPayments: ['credit_card', 'indomaret', 'gci'] });
    await frame.locator('#methods').waitFor();
    const some = await frame.locator('button[data-method]').evaluateAll((bs) => bs.map((b) => b.dataset.method));
    assert.deepEqual([...some].sort(), ['credit_card', 'indomaret']);
    assert.equal(await frame.locator('button[data-method="indomaret"]').isDisabled(), false);
    assert.equal(await frame.locator('button[data-method="credit_card"]').isDisabled(), false);
    await page.close();
  });

  it('skipCustomerDetails makes email and phone optional', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { skipCustomerDetails: true, skipOrderSummary: true, language: 'en' });
    await frame.locator('button[data-method="credit_card"]').click();
    assert.match(await frame.locator('label[for="email"]').textContent(), /\(optional\)/);
    await frame.locator('#card-number').fill(CARDS.accept);
    await frame.locator('#card-expiry').fill(h.EXPIRY);
    await frame.locator('#card-cvv').fill(h.CVV);
    await frame.locator('#pay-button').click();
    assert.equal((await h.finalPage(frame)).status, 'success');
    await frame.locator('#to-merchant').click();
    assert.equal((await h.nextEvent(page)).name, 'onSuccess');
    await page.close();
  });

  it('checks the card form before sending anything', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { skipOrderSummary: true, language: 'en' });
    await frame.locator('button[data-method="credit_card"]').click();
    await frame.locator('#card-number').fill('4811 1111 1111 1115'); // Luhn fails
    // typing is formatted: spaces every 4 digits, MM/YY
    assert.equal(await frame.locator('#card-number').inputValue(), '4811 1111 1111 1115');
    await frame.locator('#card-expiry').pressSequentially('1230');
    assert.equal(await frame.locator('#card-expiry').inputValue(), '12/30');
    await frame.locator('#card-cvv').fill('12');
    await h.fillCustomer(frame);
    await frame.locator('#pay-button').click();
    const err = await frame.locator('#form-error').textContent();
    assert.match(err, /card number/);
    assert.match(err, /CVV/);
    await page.close();
  });

  it('shows merchant and customer data as text, never as HTML', async () => {
    const evil = '<img src=x onerror="top.pwned=1">';
    const { token } = await h.createToken(s, {
      item_details: [{ id: 'X1', name: evil, price: 10000, quantity: 1 }],
      customer_details: { first_name: '<script>top.pwned=2</script>', email: 'a@b.co' },
    });
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token);
    await frame.locator('#summary').waitFor();
    assert.equal(await frame.locator('.item-name').textContent(), evil);
    assert.match(await frame.locator('.customer').textContent(), /<script>top\.pwned=2<\/script>/);
    assert.equal(await frame.locator('#summary img, #summary script').count(), 0);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    await page.close();
  });

  it('is usable on a 360 px wide phone: the dialog fills the screen (screenshot kept)', async () => {
    const { token } = await h.createToken(s, {
      item_details: [{ id: 'B1', name: 'Boneka beruang ukuran besar sekali dengan pita', price: 10000, quantity: 1 }],
    });
    const page = await h.merchantPage(s, { width: 360, height: 740 });
    const frame = await h.pay(page, token);
    await frame.locator('#summary').waitFor();
    const box = await frame.locator('#dialog').evaluate((d) => {
      const r = d.getBoundingClientRect();
      return { w: r.width, h: r.height, x: r.left, y: r.top, sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth };
    });
    assert.deepEqual([box.x, box.y, box.w, box.h], [0, 0, 360, 740]);
    assert.ok(box.sw <= box.cw, 'no horizontal scrolling');
    await page.screenshot({ path: h.artifactPath('payment-page-360-summary.png') });
    await frame.locator('#continue').click();
    await frame.locator('button[data-method="credit_card"]').click();
    const form = await frame.locator('#card-form').evaluate((f) => ({ w: f.scrollWidth, cw: f.clientWidth }));
    assert.ok(form.w <= form.cw, 'the card form fits');
    await page.screenshot({ path: h.artifactPath('payment-page-360-card.png') });
    // everything can be reached and paid at this size
    await frame.locator('#card-number').fill(CARDS.accept);
    await frame.locator('#card-expiry').fill(h.EXPIRY);
    await frame.locator('#card-cvv').fill(h.CVV);
    await h.fillCustomer(frame);
    await frame.locator('#pay-button').click();
    assert.equal((await h.finalPage(frame)).status, 'success');
    await page.screenshot({ path: h.artifactPath('payment-page-360-success.png') });
    await page.close();
  });

  it('is a centred box on a wide screen', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s, { width: 1280, height: 800 });
    const frame = await h.pay(page, token);
    await frame.locator('#summary').waitFor();
    const r = await frame.locator('#dialog').evaluate((d) => d.getBoundingClientRect().toJSON());
    assert.ok(r.width <= 480 && r.width >= 320, `width ${r.width}`);
    assert.ok(Math.abs(r.left + r.width / 2 - 640) <= 1, 'centred');
    await page.screenshot({ path: h.artifactPath('payment-page-1280.png') });
    await page.close();
  });

  // The full page has only the snap token in its URL; GET /v2/token needs
  // the merchant's client key, so the page takes it from the page API
  // answer (client_key) when the URL has none.
  it('the full-page form (redirect_url, vtweb) pays and goes to the finish URL', async () => {
    const { token, orderId } = await h.createToken(s, { callbacks: { finish: `${s.site.base}/finish` } });
    const page = await s.browser.context.newPage();
    await page.goto(`${s.kasir}/snap/v2/vtweb/${token}?language=en`);
    await h.payByCard(page, { number: CARDS.accept });
    assert.equal((await h.finalPage(page)).status, 'success');
    await Promise.all([page.waitForURL(/\/finish\?/), page.locator('#to-merchant').click()]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('order_id'), orderId);
    assert.equal(url.searchParams.get('status_code'), '200');
    assert.equal(url.searchParams.get('transaction_status'), 'capture');
    await page.close();
  });

  it('the full-page form does 3-D Secure in the page', async () => {
    const { token } = await h.createToken(s, { credit_card: { secure: true } });
    const page = await s.browser.context.newPage();
    await page.goto(`${s.kasir}/snap/v2/vtweb/${token}?language=en`);
    await h.payByCard(page, { number: CARDS.accept3ds });
    await h.enterOtp(page);
    const fin = await h.finalPage(page);
    assert.equal(fin.status, 'success');
    assert.equal(fin.title, 'Payment successful');
    await page.close();
  });

  it('an unknown token shows a clear page and ends in onError 404', async () => {
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, crypto.randomUUID(), { language: 'en' });
    await frame.locator('#error').waitFor();
    assert.equal(await frame.locator('#error').getAttribute('data-code'), '404');
    assert.equal(await frame.locator('#error-title').textContent(), 'Transaction not found');
    await frame.locator('#error-close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onError');
    assert.equal(ev.result.status_code, '404');
    await page.close();
  });

  it("a client key of another merchant is refused: page 401, onError 401", async () => {
    const other = await k.createMerchant(s.ctx.db, 'Toko Lain');
    const res = await k.createTransaction(s.ctx.server, other.sandbox.server_key, k.simpleOrder());
    assert.equal(res.status, 201, res.text);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, res.json.token, { language: 'en' });
    await frame.locator('#error').waitFor();
    assert.equal(await frame.locator('#error').getAttribute('data-code'), '401');
    assert.equal(await frame.locator('#error-title').textContent(), 'Access denied');
    await frame.locator('#error-close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onError');
    assert.equal(ev.result.status_code, '401');
    await page.close();
  });

  it('a token already paid shows that it has been processed', async () => {
    const { token } = await h.createToken(s);
    const paid = await h.payByApi(s, token, CARDS.accept);
    assert.equal(paid.status, 200, paid.text);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { language: 'en' });
    // docs/payment-page-api.md: GET answers 406 "transaction has been processed"
    await frame.locator('#error').waitFor();
    assert.equal(await frame.locator('#error').getAttribute('data-code'), '406');
    assert.equal(await frame.locator('#error-title').textContent(), 'Already paid');
    await frame.locator('#error-close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onError');
    assert.equal(ev.result.status_code, '406');
    await page.close();
  });

  it('forged messages are ignored on both sides', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token);
    await frame.locator('#summary').waitFor();
    // the merchant's own origin is not kasir's: snap.js ignores it
    await page.evaluate(() => window.postMessage({ sourceApp: 'snap', event: 'result', data: { status_code: '200' } }, '*'));
    await page.waitForTimeout(200);
    assert.deepEqual(await page.evaluate(() => window.merchant.events), []);
    assert.equal(await page.locator('#snap-midtrans').count(), 1);
    await frame.locator('#close').click();
    await h.nextEvent(page);

    // the page only takes its token from the origin it was opened for
    const loaded = await page.evaluate(async ([kasir, key, tok, site]) => {
      async function tryOrigin(originHost) {
        const f = document.createElement('iframe');
        f.src = `${kasir}/snap/v4/popup?origin_host=${encodeURIComponent(originHost)}&client_key=${encodeURIComponent(key)}`;
        document.body.appendChild(f);
        await new Promise((r) => f.addEventListener('load', r));
        f.contentWindow.postMessage({ event: 'token', token: tok, options: {}, sourceApp: 'snap' }, kasir);
        return f.src;
      }
      const srcs = [await tryOrigin(site), await tryOrigin('http://127.0.0.1:9')];
      await new Promise((r) => setTimeout(r, 800));
      return srcs;
    }, [s.kasir, s.clientKey, token, s.site.base]);
    assert.equal(loaded.length, 2);
    const frames = page.frames().filter((f) => f.url().startsWith(`${s.kasir}/snap/v4/popup`));
    assert.equal(frames.length, 2);
    const good = frames.find((f) => f.url().includes(encodeURIComponent(s.site.base)));
    const bad = frames.find((f) => f.url().includes(encodeURIComponent('http://127.0.0.1:9')));
    // the right origin loads the token (waited for: a loaded machine may
    // take longer than the 800 ms above); by then the other had as long
    await good.locator('#summary').waitFor();
    assert.equal(await bad.locator('#summary').count(), 0, 'another origin does not');
    assert.equal(await bad.locator('.spinner').count(), 1, 'it keeps waiting');
    await page.close();
  });

  it('snap.js guards its states and its options', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const call = (name, a, b) => page.evaluate(([n, x, y]) => window.merchant.call(n, x, y), [name, a, b]);
    assert.equal(await call('pay', token, { colour: 'red' }), 'Unsupported option colour');
    assert.equal(await page.locator('#snap-midtrans').count(), 0);
    assert.match(await call('hide'), /^snap\.hide is not allowed to be called in this state: initialized/);

    // show: the popup in its loading state; then pay fills it in
    assert.equal(await call('show'), '');
    const frame = page.frameLocator('#snap-midtrans');
    await frame.locator('.spinner').waitFor();
    assert.match(await call('show'), /^snap\.show is not allowed .*loading/);
    await h.pay(page, token, { language: 'en' });
    await frame.locator('#summary').waitFor();
    assert.equal(await page.locator('#snap-midtrans').count(), 1);

    // pay while the popup is open is an error, not a second popup
    assert.match(await call('pay', token, {}), /^snap\.pay is not allowed to be called in this state: PopupInView/);
    assert.equal(await page.locator('iframe').count(), 1);

    // hide closes it without a callback
    assert.equal(await call('hide'), '');
    assert.equal(await page.locator('#snap-midtrans').count(), 0);
    await page.waitForTimeout(100);
    assert.deepEqual(await page.evaluate(() => window.merchant.events), []);
    await page.close();
  });

  it('an expired token shows a clear page (407)', async () => {
    const { token } = await h.createToken(s, { expiry: { unit: 'minute', duration: 1 } });
    const moved = await k.clock(s.ctx.server, s.serverKey, 120);
    assert.equal(moved.status, 200, moved.text);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { language: 'en' });
    await frame.locator('#error').waitFor();
    // a browser cannot read an HTTP 407 answer (Chromium fails the fetch with
    // net::ERR_UNEXPECTED_PROXY_AUTH): the page needs status_code "407" in
    // the body of an answer it can read
    assert.equal(await frame.locator('#error').getAttribute('data-code'), '407',
      'the page could not read the expiry answer (HTTP 407 is unreadable from fetch)');
    assert.equal(await frame.locator('#error-title').textContent(), 'Payment link expired');
    await frame.locator('#error-close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onError');
    assert.equal(ev.result.status_code, '407');
    await page.close();
  });
});
