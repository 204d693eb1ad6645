'use strict';
// Bank transfer and Mandiri Bill Payment on the payment page (issue 5,
// SPEC 4, 7.2): each VA and the bill key is chosen, shown with its deadline
// and instructions, paid on the simulator and seen settled; the language
// switch of the instructions, the copy button, autoCloseDelay, and a token
// opened again while its payment is pending.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');
const m = require('./lib/methods');

describe('payment page: bank transfer and Mandiri Bill Payment', () => {
  let s;
  before(async () => { s = await h.setupSuite(); });
  after(async () => { if (s) await s.close(); });

  it('permata_va: the VA number with deadline and instructions, paid on the simulator page while the page is open, ends in onSuccess', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'permata_va');
    const p = await m.pendingScreen(frame);
    assert.equal(p.channel, 'permata_va');
    assert.equal(p.method, 'Permata Virtual Account');
    assert.match(p.va, /^\d{16}$/);
    assert.match(p.deadline, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} WIB$/);
    assert.equal(p.howTo, 'How to pay');
    assert.ok(p.steps.length >= 3 && p.steps.some((x) => x.includes(p.va)), p.steps.join(' | '));
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'pending');

    const sim = await m.simulatorHtml(s, 'permata_va', p.va);
    assert.ok(sim.inquiry.includes(orderId) && sim.inquiry.includes('Toko Browser'), sim.inquiry);
    const fin = await m.finish(page, frame);
    assert.equal(fin.status, 'success');
    assert.equal(fin.event.name, 'onSuccess');
    m.assertResult(fin.event.result, orderId, { code: '200', status: 'settlement', type: 'bank_transfer' });
    assert.equal(fin.event.result.permata_va_number, p.va);
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  it('other_va: a Permata number with the other-banks instructions; closing gives onPending, the simulator settles it', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'other_va', { enabled: ['permata_va', 'other_va'] });
    const p = await m.pendingScreen(frame);
    assert.equal(p.channel, 'other_va');
    assert.match(p.va, /^\d{16}$/);
    assert.ok(p.steps.some((x) => x.includes(`013${p.va}`)), p.steps.join(' | '));
    await frame.locator('#close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onPending');
    m.assertResult(ev.result, orderId, { code: '201', status: 'pending', type: 'bank_transfer' });
    assert.equal(ev.result.permata_va_number, p.va);

    await m.simulatorHtml(s, 'permata_va', p.va);
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    await page.close();
  });

  it('bca_va: the 11-digit VA; the pending result on close, the same number when the token is opened again, then paid', async () => {
    const page = await h.merchantPage(s);
    const { token, orderId, frame } = await m.choose(s, page, 'bca_va');
    const p = await m.pendingScreen(frame);
    assert.match(p.va, /^\d{11}$/);
    assert.ok(p.steps.some((x) => x.includes(p.va)));
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onPending');
    assert.deepEqual(ev.result.va_numbers, [{ bank: 'bca', va_number: p.va }]);

    // opened again: no method list, the same instructions
    const again = await h.pay(page, token, { language: 'en' });
    const p2 = await m.pendingScreen(again);
    assert.equal(p2.va, p.va);
    assert.equal(await again.locator('#methods').count(), 0);
    await m.simulatorHtml(s, 'bca_va', p.va);
    const fin = await m.finish(page, again);
    assert.equal(fin.event.name, 'onSuccess');
    assert.equal(fin.event.result.transaction_status, 'settlement');
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    await page.close();
  });

  it('bni_va: instructions switch between Bahasa Indonesia and English; the copy button copies the number', async () => {
    for (const origin of [s.kasir, s.site.base]) {
      await s.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    }
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'bni_va', { options: { language: 'id' } });
    const id = await m.pendingScreen(frame);
    assert.match(id.va, /^\d{16}$/);
    assert.equal(id.howTo, 'Cara membayar');
    assert.equal(await frame.locator('html').getAttribute('lang'), 'id');
    assert.match(id.steps[0], /^Di ATM BNI/);
    assert.equal(await frame.locator('#lang-switch').textContent(), 'English');

    await frame.locator('#lang-switch').click();
    const en = await m.pendingScreen(frame);
    assert.equal(en.howTo, 'How to pay');
    assert.match(en.steps[0], /^At a BNI ATM/);
    assert.equal(en.va, id.va);
    assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
    assert.equal(await frame.locator('#lang-switch').textContent(), 'Bahasa Indonesia');

    await frame.locator('.paynum .copy').click();
    await frame.locator('.paynum .copy', { hasText: 'Copied' }).waitFor();
    // the clipboard is the browser's: read it from the merchant's own page
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, id.va);

    const r = await m.simulatorJson(s, 'bni_va', id.va);
    assert.equal(r.status, 200, r.text);
    const fin = await m.finish(page, frame);
    assert.equal(fin.event.name, 'onSuccess');
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    await page.close();
  });

  it('autoCloseDelay closes the bank transfer instructions by itself (onPending); 0 never does', async () => {
    const page = await h.merchantPage(s);
    // long enough for the checks below to run before it closes, even on a busy machine
    let { frame } = await m.choose(s, page, 'bca_va', { options: { autoCloseDelay: 3 } });
    await m.pendingScreen(frame);
    assert.match(await frame.locator('#auto-close').textContent(), /3 seconds/);
    const ev = await h.nextEvent(page, 10000);
    assert.equal(ev.name, 'onPending');
    assert.equal(await page.locator('#snap-midtrans').count(), 0);

    ({ frame } = await m.choose(s, page, 'bca_va', { options: { autoCloseDelay: 0 } }));
    await m.pendingScreen(frame);
    assert.equal(await frame.locator('#auto-close').count(), 0);
    await page.waitForTimeout(1500);
    assert.deepEqual(await page.evaluate(() => window.merchant.events), []);
    await frame.locator('#close').click();
    assert.equal((await h.nextEvent(page)).name, 'onPending');
    await page.close();
  });

  it('echannel: bill key and biller code 70012 (fits a 360 px phone), paid on the Mandiri bill simulator page', async () => {
    const page = await h.merchantPage(s, { width: 360, height: 740 });
    const { orderId, frame } = await m.choose(s, page, 'echannel');
    const p = await m.pendingScreen(frame);
    const width = await frame.locator('html').evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(width[0] <= width[1], `the pending screen scrolls sideways: ${width}`);
    await page.screenshot({ path: h.artifactPath('pending-echannel-360.png') });
    assert.equal(p.method, 'Mandiri Bill Payment');
    assert.match(p.billKey, /^\d{12}$/);
    assert.equal(p.billerCode, '70012');
    assert.ok(p.steps.some((x) => x.includes('70012')) && p.steps.some((x) => x.includes(p.billKey)));
    await m.simulatorHtml(s, 'echannel', p.billKey);
    const fin = await m.finish(page, frame);
    assert.equal(fin.event.name, 'onSuccess');
    m.assertResult(fin.event.result, orderId, { code: '200', status: 'settlement', type: 'echannel' });
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    await page.close();
  });

  it('the method list groups the channels as Midtrans does, in SPEC 4.1 order', async () => {
    const { token } = await h.createToken(s);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { language: 'en', skipOrderSummary: true });
    await frame.locator('#methods').waitFor();
    const groups = await frame.locator('#methods').evaluate((el) => {
      const out = [];
      for (const c of el.children) {
        if (c.tagName === 'H3') out.push([c.textContent]);
        if (c.tagName === 'UL') {
          if (!out.length || out[out.length - 1].length > 1) out.push(['']);
          out[out.length - 1].push(...[...c.querySelectorAll('button')].map((b) => b.dataset.method));
        }
      }
      return out;
    });
    assert.deepEqual(groups, [
      ['', 'credit_card'],
      ['ATM / Bank transfer', 'permata_va', 'bca_va', 'bni_va', 'other_va'],
      ['Mandiri Bill Payment', 'echannel'],
      ['Convenience store', 'kioson', 'indomaret'],
      ['Direct debit / Internet banking', 'mandiri_clickpay', 'cimb_clicks', 'bca_klikbca', 'bca_klikpay', 'bri_epay', 'gci', 'danamon_online'],
      ['E-wallet', 'telkomsel_cash', 'indosat_dompetku', 'mandiri_ecash'],
    ]);
    assert.equal(await frame.locator('button[data-method]:disabled').count(), 0);
    await page.close();
  });
});
