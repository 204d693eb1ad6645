'use strict';
// Credential methods on the payment page (issue 5, SPEC 7.3, 7.4): Mandiri
// Clickpay (card number and token response, with the challenge numbers),
// Telkomsel Cash and Indosat Dompetku. The test credentials settle, the
// failure ones are denied (the failure page, onError 202), and the stored
// status says the same.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');
const m = require('./lib/methods');

describe('payment page: Mandiri Clickpay, Telkomsel Cash, Indosat Dompetku', () => {
  let s;
  before(async () => { s = await h.setupSuite(); });
  after(async () => { if (s) await s.close(); });

  // Pays `method` with `fields`; checks the final page, the callback and the stored status.
  async function payWith(method, fields, ok) {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, method, { fields });
    const fin = await m.finish(page, frame);
    const code = ok ? '200' : '202', status = ok ? 'settlement' : 'deny';
    assert.equal(fin.status, ok ? 'success' : 'failure', fin.message);
    assert.equal(fin.event.name, ok ? 'onSuccess' : 'onError');
    m.assertResult(fin.event.result, orderId, { code, status, type: method });
    const stored = await m.storedStatus(s, orderId);
    assert.equal(stored.transaction_status, status);
    assert.equal(stored.status_code, code);
    assert.deepEqual(page.problems, []);
    await page.close();
    return { fin, frame };
  }

  it('mandiri_clickpay shows the challenge numbers as Midtrans does and settles with token 000000', async () => {
    const { token } = await h.createToken(s, { enabled_payments: ['mandiri_clickpay'] });
    const page = await h.merchantPage(s);
    const frame = await h.pay(page, token, { language: 'en' });
    await frame.locator('#continue').click();
    // the only method: its form straight away
    await frame.locator('#method-form[data-method="mandiri_clickpay"]').waitFor();
    assert.equal(await frame.locator('#cp-input1').textContent(), '-');
    await frame.locator('#m-card_number').fill('4111 1111 1111 1111');
    assert.equal(await frame.locator('#m-card_number').inputValue(), '4111 1111 1111 1111');
    assert.equal(await frame.locator('#cp-input1').textContent(), '1111111111');
    assert.equal(await frame.locator('#cp-input2').textContent(), '10000');
    assert.match(await frame.locator('#cp-input3').textContent(), /^\d{5}$/);
    await frame.locator('#pay-button').click();
    assert.match(await frame.locator('#form-error').textContent(), /Token response/);
    await frame.locator('#m-token').fill('000000');
    await frame.locator('#pay-button').click();
    const fin = await m.finish(page, frame);
    assert.equal(fin.event.name, 'onSuccess');
    assert.equal(fin.event.result.transaction_status, 'settlement');
    await page.close();
  });

  it('mandiri_clickpay with token 111111 is denied; the customer may choose another method', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'mandiri_clickpay', {
      fields: { card_number: '4111 1111 1111 1111', token: '111111' },
    });
    const fin = await h.finalPage(frame);
    assert.equal(fin.status, 'failure');
    await frame.locator('#retry').click();
    await frame.locator('#methods').waitFor();
    await frame.locator('#close').click();
    assert.equal((await h.nextEvent(page)).name, 'onClose');
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'deny');
    await page.close();
  });

  it('mandiri_clickpay with the printed 12-digit card number settles too', async () => {
    await payWith('mandiri_clickpay', { card_number: '4111 1111 1111', token: '000000' }, true);
  });

  it('telkomsel_cash: 081111111 settles', async () => {
    await payWith('telkomsel_cash', { customer: '081111111' }, true);
  });

  it('telkomsel_cash: 0822222222 is denied', async () => {
    await payWith('telkomsel_cash', { customer: '0822222222' }, false);
  });

  it('indosat_dompetku: 08123456789 settles', async () => {
    await payWith('indosat_dompetku', { msisdn: '08123456789' }, true);
  });

  it('indosat_dompetku: any other number is denied', async () => {
    await payWith('indosat_dompetku', { msisdn: '08123456780' }, false);
  });

  it('the forms check their fields before anything is sent', async () => {
    const page = await h.merchantPage(s);
    const { token, orderId } = await h.createToken(s, { enabled_payments: ['telkomsel_cash', 'indosat_dompetku'] });
    const frame = await h.pay(page, token, { language: 'en', skipOrderSummary: true });
    await frame.locator('button[data-method="indosat_dompetku"]').click();
    await frame.locator('#pay-button').click();
    assert.equal(await frame.locator('#form-error').textContent(), 'Check the field: Indosat phone number.');
    await frame.locator('#m-msisdn').fill('08-12 abc');
    assert.equal(await frame.locator('#m-msisdn').inputValue(), '0812');
    await frame.locator('#pay-button').click();
    assert.equal(await frame.locator('#form-error').isVisible(), true);
    const st = await h.k.request(s.ctx.server, `/v2/${orderId}/status`, { headers: { Authorization: h.k.basicAuth(s.serverKey) } });
    assert.equal(st.status, 404, 'no payment was made');
    await frame.locator('.back').click();
    await frame.locator('button[data-method="telkomsel_cash"]').click();
    await frame.locator('#m-customer').fill('081111111');
    await frame.locator('#pay-button').click();
    assert.equal((await h.finalPage(frame)).status, 'success');
    await page.close();
  });
});
