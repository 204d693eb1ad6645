'use strict';
// The portal's transactions in Chromium (issue 6): a payment made through
// the demo shop is found in the list and its detail (history, request,
// notification attempts); a challenged card payment is approved from the
// portal; "send notification again" adds a new attempt.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const h = require('./lib/harness');
const p = require('./lib/portal');

const k = h.k;
const DEMO = 'G000000000';
const EMAIL = 'demo-owner@toko.example';

// A notification receiver on loopback that answers 200 and keeps the bodies.
function startReceiver() {
  const got = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      try { got.push(JSON.parse(body)); } catch (e) { got.push(body); }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${srv.address().port}/notify`,
    got,
    close: () => new Promise((r) => srv.close(() => r())),
  })));
}

// Opens the detail of order id through the list's search.
async function openByOrderId(page, base, orderId) {
  await page.goto(`${base}/map/#/sandbox/transactions`);
  await page.locator('#q-order').fill(orderId);
  await page.locator('#q-search').click();
  const link = page.locator('#txn-table a.order-link', { hasText: orderId });
  await link.waitFor();
  assert.equal(await page.locator('#txn-table tbody tr').count(), 1);
  await link.click();
  await page.locator('#txn-detail').waitFor();
}

// Reloads the detail until fn(page) is true (notifications go out in the
// background).
async function until(page, fn, what) {
  for (const end = Date.now() + k.HANG_MS; Date.now() < end;) {
    if (await fn(page)) return;
    await new Promise((r) => setTimeout(r, 200));
    await page.reload();
    await page.locator('#txn-detail').waitFor();
  }
  throw new Error(`${what} not seen within ${k.HANG_MS} ms (a hang)`);
}

describe('merchant admin portal: transactions', () => {
  let s;
  let page;
  let receiver;
  let demoKeys;
  before(async () => {
    s = await h.setupSuite({ kasirArgs: ['--demo'] });
    receiver = await startReceiver();
    await p.setLogin(s.ctx.db, DEMO, EMAIL);
    page = await p.newPage(s);
    await p.logIn(page, s.kasir, EMAIL);
    // the demo merchant's notifications go to the receiver
    await page.goto(`${s.kasir}/map/#/sandbox/settings`);
    await page.locator('#settings-configuration [name="notification_url"]').fill(receiver.url);
    await page.locator('#configuration-save').click();
    await page.locator('#configuration-saved:text("Saved")').waitFor();
    demoKeys = { server: await page.locator('#server-key').inputValue(), client: await page.locator('#client-key').textContent() };
  });
  after(async () => {
    if (receiver) await receiver.close();
    if (s) await s.close();
  });

  it('finds a demo shop payment in the list and shows its detail', async () => {
    const shop = await s.browser.context.newPage();
    await shop.goto(`${s.kasir}/demo`);
    await shop.locator('#lang').selectOption('en');
    await shop.locator('#pay').click();
    const frame = shop.frameLocator('#snap-midtrans');
    await frame.locator('#summary').waitFor();
    await h.payByCard(frame, { number: h.CARDS.accept3ds });
    await h.enterOtp(frame);
    assert.equal((await h.finalPage(frame)).status, 'success');
    await frame.locator('#to-merchant').click();
    await shop.locator('#outcome[data-kind="success"]').waitFor();
    const result = JSON.parse(await shop.locator('#outcome-json').textContent());
    await shop.close();

    // newest first: the payment heads the unfiltered list
    await page.goto(`${s.kasir}/map/#/sandbox/transactions`);
    await page.locator(`#txn-table tbody tr[data-id="${result.transaction_id}"]`).waitFor();
    await openByOrderId(page, s.kasir, result.order_id);
    assert.equal(await page.locator('#d-order').textContent(), result.order_id);
    assert.equal(await page.locator('#d-txid').textContent(), result.transaction_id);
    assert.match(await page.locator('#d-status').textContent(), /^capture \(accept\)$/);
    assert.equal(await page.locator('#d-card').textContent(), '481111-1114');
    assert.equal(await page.locator('#d-amount').textContent(), 'Rp 50.000');
    assert.match(await page.locator('#history').textContent(), /capture/);
    const request = JSON.parse(await page.locator('#request-json').textContent());
    assert.equal(request.transaction_details.order_id, result.order_id);
    assert.match(JSON.stringify(request.item_details), /Midtrans Bear/);
    await until(page, async (pg) => (await pg.locator('#deliveries .attempt .answer:text("HTTP 200")').count()) > 0,
      'the notification attempt');
    assert.match(await page.locator('#deliveries .target').first().textContent(), /\/notify$/);
    assert.ok(receiver.got.some((n) => n.order_id === result.order_id));
    await page.screenshot({ path: h.artifactPath('portal-detail.png'), fullPage: true });
  });

  let challenged;
  it('approves a challenged card payment from the portal', async () => {
    const body = k.simpleOrder(k.orderId('challenge'), 20000);
    const res = await k.createTransaction(s.ctx.server, demoKeys.server, body);
    assert.equal(res.status, 201);
    const paid = await h.payByApi(s, res.json.token, h.CARDS.challenge, demoKeys.client);
    assert.equal(paid.json.fraud_status, 'challenge');
    challenged = body.transaction_details.order_id;
    await openByOrderId(page, s.kasir, challenged);
    assert.equal(await page.locator('#d-status').textContent(), 'capture (challenge)');
    const buttons = await page.locator('#txn-actions button').evaluateAll((l) => l.map((b) => b.getAttribute('data-action')));
    assert.ok(buttons.includes('approve') && buttons.includes('deny'), `actions: ${buttons}`);
    await page.locator('#txn-actions button[data-action="approve"]').click();
    await page.locator('#d-status:text("capture (accept)")').waitFor();
    assert.match(await page.locator('#history').textContent(), /approved by merchant/);
    // approved: no second approval is offered
    assert.equal(await page.locator('#txn-actions button[data-action="approve"]').count(), 0);
  });

  it('sends a notification again and shows the new attempt', async () => {
    await openByOrderId(page, s.kasir, challenged);
    // the challenge and the approval each sent one
    await until(page, async (pg) => (await pg.locator('#deliveries .attempt').count()) >= 2, 'two attempts');
    const before = await page.locator('#deliveries .attempt').count();
    const received = receiver.got.filter((n) => n.order_id === challenged).length;
    await page.locator('#txn-actions button[data-action="resend"]').click();
    await until(page, async (pg) => (await pg.locator('#deliveries .attempt').count()) === before + 1, 'the new attempt');
    const last = receiver.got.filter((n) => n.order_id === challenged);
    assert.equal(last.length, received + 1);
    assert.equal(last[last.length - 1].transaction_status, 'capture');
    assert.equal(last[last.length - 1].fraud_status, 'accept');
    assert.deepEqual(page.problems, []);
  });
});
