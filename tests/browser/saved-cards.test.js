'use strict';
// Saved cards through the payment page (SPEC 5.1, 5.2): a card saved on a
// first payment comes back for the same user_id, asking only for the CVV
// (two clicks) or nothing (one click: the merchant's recurring setting is on
// and the first payment was 3-D Secure).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const { CARDS } = h;

describe('saved cards', () => {
  let s;
  before(async () => { s = await h.setupSuite({ recurring: true }); });
  after(async () => { if (s) await s.close(); });

  // Pays a first order with "save card" ticked; resolves the result.
  async function firstPayment(user, secure, number) {
    const { token } = await h.createToken(s, { user_id: user, credit_card: { save_card: true, secure } });
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { skipOrderSummary: true, language: 'en' });
    await frame.locator('button[data-method="credit_card"]').click();
    await frame.locator('#card-number').fill(number);
    await frame.locator('#card-expiry').fill(h.EXPIRY);
    await frame.locator('#card-cvv').fill(h.CVV);
    await frame.locator('#save-card').check();
    await h.fillCustomer(frame);
    await frame.locator('#pay-button').click();
    if (secure) await h.enterOtp(frame);
    assert.equal((await h.finalPage(frame)).status, 'success');
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    await page.close();
    assert.equal(ev.name, 'onSuccess');
    return ev.result;
  }

  // Opens a second order of the same user on its card form.
  async function secondOrder(user, secure) {
    const { token } = await h.createToken(s, { user_id: user, credit_card: { save_card: true, secure } });
    const info = await h.k.request(s.ctx.server, `/snap/v1/transactions/${token}?client_key=${s.clientKey}`);
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { skipOrderSummary: true, language: 'en' });
    await frame.locator('button[data-method="credit_card"]').click();
    return { page, frame, saved: (info.json && info.json.credit_card && info.json.credit_card.saved_tokens) || [] };
  }

  it('two clicks: the saved card asks only for the CVV', async (t) => {
    const first = await firstPayment('user-two', false, CARDS.accept);
    if (!first.saved_token_id) {
      t.skip('the backend answers no saved_token_id yet');
      return;
    }
    assert.match(first.saved_token_id_expired_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const { page, frame, saved } = await secondOrder('user-two', false);
    if (!saved.length) {
      await page.close();
      t.skip('the backend lists no saved_tokens yet');
      return;
    }
    assert.equal(saved[0].type, 'two_click');
    await frame.locator('#saved-cards').waitFor();
    assert.match(await frame.locator('#saved-cards').textContent(), /401111-1112/);
    assert.equal(await frame.locator('#card-number').isVisible(), false, 'no card number to type');
    await frame.locator('#saved-cvv').fill(h.CVV);
    await h.fillCustomer(frame);
    await frame.locator('#pay-button').click();
    assert.equal((await h.finalPage(frame)).status, 'success');
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onSuccess');
    assert.equal(ev.result.masked_card, '401111-1112');
    await page.close();
  });

  it('one click: a card saved after 3-D Secure pays with no CVV and no 3-D Secure', async (t) => {
    const first = await firstPayment('user-one', true, CARDS.accept3ds);
    if (!first.saved_token_id) {
      t.skip('the backend answers no saved_token_id yet');
      return;
    }
    const { page, frame, saved } = await secondOrder('user-one', true);
    if (!saved.length) {
      await page.close();
      t.skip('the backend lists no saved_tokens yet');
      return;
    }
    assert.equal(saved[0].type, 'one_click');
    await frame.locator('#saved-cards').waitFor();
    assert.equal(await frame.locator('#saved-cvv').isVisible(), false, 'no CVV asked');
    await h.fillCustomer(frame);
    await frame.locator('#pay-button').click();
    assert.equal((await h.finalPage(frame)).status, 'success');
    assert.equal(await frame.locator('#acs').count(), 0);
    await frame.locator('#to-merchant').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onSuccess');
    assert.equal(ev.result.masked_card, '481111-1114');
    await page.close();
  });
});
