'use strict';
// Convenience stores and KlikBCA on the payment page (issue 5, SPEC 7.3,
// 7.5): Indomaret and Kioson payment codes with their instructions, paid on
// the store simulator (its page in the browser, or its JSON form);
// autoCloseDelay applies to Indomaret and not to Kioson; KlikBCA registers
// the user id and is paid on the KlikBCA simulator opened from the page.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');
const m = require('./lib/methods');

describe('payment page: convenience stores and KlikBCA', () => {
  let s;
  before(async () => { s = await h.setupSuite({ kasirArgs: ['--test-clock'] }); });
  after(async () => { if (s) await s.close(); });

  it('indomaret: the payment code and the store instructions, paid on the simulator page; autoCloseDelay closes it (onPending)', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'indomaret', { options: { autoCloseDelay: 4, language: 'id' } });
    const p = await m.pendingScreen(frame);
    assert.equal(p.channel, 'indomaret');
    assert.match(p.paymentCode, /^\d{6,}$/);
    assert.ok(p.deadline);
    assert.match(p.steps[0], /Indomaret/);
    assert.ok(p.steps.some((x) => x.includes(p.paymentCode)));
    assert.match(await frame.locator('#auto-close').textContent(), /4 detik/);
    assert.equal(await frame.locator('#sim-link').getAttribute('href'), '/sim/indomaret');
    const ev = await h.nextEvent(page, 10000);
    assert.equal(ev.name, 'onPending');
    m.assertResult(ev.result, orderId, { code: '201', status: 'pending', type: 'cstore' });
    assert.equal(ev.result.payment_code, p.paymentCode);
    assert.equal(ev.result.store, 'indomaret');

    const sim = await m.simulatorHtml(s, 'indomaret', p.paymentCode);
    assert.ok(sim.inquiry.includes(orderId), sim.inquiry);
    const stored = await m.storedStatus(s, orderId);
    assert.equal(stored.transaction_status, 'settlement');
    assert.equal(stored.payment_code, p.paymentCode);
    await page.close();
  });

  it('kioson: its payment code, no automatic close, paid through the JSON simulator while the page is open', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'kioson', { options: { autoCloseDelay: 1 } });
    const p = await m.pendingScreen(frame);
    assert.equal(p.channel, 'kioson');
    assert.match(p.paymentCode, /^\d{6,}$/);
    assert.match(p.steps[0], /Kioson/);
    assert.equal(await frame.locator('#auto-close').count(), 0);
    const r = await m.simulatorJson(s, 'kioson', p.paymentCode);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.order_id, orderId);
    const fin = await m.finish(page, frame);
    assert.equal(fin.event.name, 'onSuccess');
    m.assertResult(fin.event.result, orderId, { code: '200', status: 'settlement', type: 'cstore' });
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    await page.close();
  });

  it('a pending code that expires while the page is open ends in the failure screen and onError 407', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'kioson');
    await m.pendingScreen(frame);
    // the store lifetime is 2 hours
    const moved = await h.k.clock(s.ctx.server, s.serverKey, 7300);
    assert.equal(moved.status, 200, moved.text);
    const fin = await m.finish(page, frame);
    assert.equal(fin.status, 'failure');
    assert.equal(fin.event.name, 'onError');
    assert.equal(fin.event.result.transaction_status, 'expire');
    assert.equal(fin.event.result.status_code, '407');
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'expire');
    await page.close();
  });

  it('bca_klikbca: the user id is registered, the KlikBCA simulator opened from the page pays it: onSuccess', async () => {
    const page = await h.merchantPage(s);
    const { orderId, frame } = await m.choose(s, page, 'bca_klikbca', { fields: { user_id: 'budi1234' } });
    const p = await m.pendingScreen(frame);
    assert.equal(p.channel, 'bca_klikbca');
    assert.match(p.steps[0], /KlikBCA/);
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'pending');
    await frame.locator('#open-bank').click();
    const sim = await m.simulatorHtml(s, 'bca_klikbca', 'budi1234', frame.frameLocator('#bank'));
    assert.ok(sim.inquiry.includes(orderId), sim.inquiry);
    const fin = await m.finish(page, frame);
    assert.equal(fin.event.name, 'onSuccess');
    m.assertResult(fin.event.result, orderId, { code: '200', status: 'settlement', type: 'bca_klikbca' });
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    await page.close();
  });

  it('bca_klikbca: onPending on close, the instructions again when reopened, then paid by the JSON simulator', async () => {
    const page = await h.merchantPage(s);
    const { token, orderId, frame } = await m.choose(s, page, 'bca_klikbca', { fields: { user_id: 'siti5678' } });
    await m.pendingScreen(frame);
    await frame.locator('#close').click();
    const ev = await h.nextEvent(page);
    assert.equal(ev.name, 'onPending');
    m.assertResult(ev.result, orderId, { code: '201', status: 'pending', type: 'bca_klikbca' });
    const again = await h.pay(page, token, { language: 'en' });
    assert.equal((await m.pendingScreen(again)).channel, 'bca_klikbca');
    const r = await m.simulatorJson(s, 'bca_klikbca', 'siti5678');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.order_id, orderId);
    assert.equal((await m.finish(page, again)).event.name, 'onSuccess');
    assert.equal((await m.storedStatus(s, orderId)).transaction_status, 'settlement');
    await page.close();
  });
});
