'use strict';
// The demo shop of `kasir serve --demo` end to end (issue 3, item 5): a new
// user opens /demo, pays with 4811 1111 1111 1114 through 3-D Secure and
// sees the success on the shop page.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

describe('demo shop', () => {
  let s;
  before(async () => { s = await h.setupSuite({ kasirArgs: ['--demo'] }); });
  after(async () => { if (s) await s.close(); });

  it('pays the demo order through the popup and 3-D Secure', async () => {
    const page = await s.browser.context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${s.kasir}/demo`);
    await page.locator('#lang').selectOption('en');
    await page.locator('#pay').click();
    const frame = page.frameLocator('#snap-midtrans');
    await frame.locator('#summary').waitFor();
    assert.match(await frame.locator('#merchant').textContent(), /Demo Shop/);
    assert.match(await frame.locator('.item-name').textContent(), /Midtrans Bear/);
    await h.payByCard(frame, { number: h.CARDS.accept3ds });
    await h.enterOtp(frame);
    assert.equal((await h.finalPage(frame)).status, 'success');
    await frame.locator('#to-merchant').click();
    await page.locator('#outcome[data-kind="success"]').waitFor();
    assert.equal(await page.locator('#outcome-title').textContent(), 'Payment successful');
    assert.match(await page.locator('#outcome-text').textContent(), /capture/);
    const result = JSON.parse(await page.locator('#outcome-json').textContent());
    assert.equal(result.status_code, '200');
    assert.equal(result.masked_card, '481111-1114');
    assert.equal(await page.locator('#snap-midtrans').count(), 0);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: h.artifactPath('demo-shop-paid.png') });
    await page.close();
  });

  it('closing the popup tells the shopper the payment is not finished', async () => {
    const page = await s.browser.context.newPage();
    await page.goto(`${s.kasir}/demo`);
    await page.locator('#lang').selectOption('en');
    await page.locator('#pay').click();
    const frame = page.frameLocator('#snap-midtrans');
    await frame.locator('#summary').waitFor();
    await frame.locator('#close').click();
    await page.locator('#outcome[data-kind="closed"]').waitFor();
    assert.equal(await page.locator('#pay').isEnabled(), true);
    await page.close();
  });
});
