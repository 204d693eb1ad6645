'use strict';
// Helpers of the methods-*.test.js suites (issue 5): choose a method on the
// payment page, read its pending screen, pay through the simulators (their
// HTML pages in the browser, or their JSON form) and read the stored status.

const assert = require('node:assert/strict');
const h = require('./harness');

const { k } = h;

// A new order allowing `enabled` (default: the method and the card), opened
// with snap.pay on the merchant page; chooses `method`, fills its fields
// (#m-<key>) and presses Pay. Resolves {token, orderId, frame}.
async function choose(s, page, method, { fields = {}, options = {}, enabled, order = {} } = {}) {
  const { token, orderId } = await h.createToken(s, Object.assign({ enabled_payments: enabled || [method, 'credit_card'] }, order));
  const frame = await h.pay(page, token, Object.assign({ language: 'en' }, options));
  if (!options.skipOrderSummary) await frame.locator('#continue').click();
  await frame.locator(`button[data-method="${method}"]`).click();
  for (const [key, value] of Object.entries(fields)) await frame.locator(`#m-${key}`).fill(value);
  await frame.locator('#pay-button').click();
  return { token, orderId, frame };
}

// The pending screen: the numbers it shows and its instructions.
async function pendingScreen(frame) {
  await frame.locator('#pending, #final, #error, #form-error:not([hidden])').first().waitFor();
  if (!(await frame.locator('#pending').count())) {
    throw new Error(`no pending screen; the page says: ${await frame.locator('#main').textContent()}`);
  }
  const text = async (sel) => ((await frame.locator(sel).count()) ? (await frame.locator(sel).textContent()).trim() : null);
  return {
    channel: await frame.locator('#pending').getAttribute('data-channel'),
    method: await text('#pending-method'),
    va: await text('#va-number'),
    billKey: await text('#bill-key'),
    billerCode: await text('#biller-code'),
    paymentCode: await text('#payment-code'),
    deadline: await text('#deadline'),
    steps: await frame.locator('#guide li').allTextContents(),
    howTo: await text('.guide-head h3'),
  };
}

// GET /v2/{order_id}/status with the server key: what kasir stored.
async function storedStatus(s, orderId) {
  const r = await k.request(s.ctx.server, `/v2/${encodeURIComponent(orderId)}/status`, {
    headers: { Accept: 'application/json', Authorization: k.basicAuth(s.serverKey) },
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// The JSON simulator: POST /sim/{channel}/pay {"number": ...}.
function simulatorJson(s, channel, number) {
  return k.request(s.ctx.server, `/sim/${channel}/pay`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ number }),
  });
}

// The HTML simulator in the browser (or inside `where`, a frame locator
// already on it): enter the number, see the order, pay. Resolves the text
// of the inquiry page and of the answer page (null when framed).
async function simulatorHtml(s, channel, number, where) {
  const page = where ? null : await s.browser.context.newPage();
  const on = where || page;
  try {
    if (page) await page.goto(`${s.kasir}/sim/${channel}`);
    await on.locator('input[name="number"]').fill(number);
    await on.locator('form button[type="submit"], form input[type="submit"]').first().click();
    await on.locator('form[action$="/pay"]').waitFor();
    const inquiry = await on.locator('body').textContent();
    await on.locator('form[action$="/pay"] button[type="submit"], form[action$="/pay"] input[type="submit"]').first().click();
    // Framed in the payment page, the answer page tells the page it is paid
    // (postMessage) and the page takes the frame away at once: its final
    // screen, not the frame, is the answer, and reading the frame after the
    // click races the page (a loaded machine loses it).
    if (where) return { inquiry, answer: null };
    await on.locator('form[action$="/pay"]').waitFor({ state: 'detached' });
    return { inquiry, answer: await on.locator('body').textContent() };
  } finally {
    if (page) await page.close();
  }
}

// The final screen of the page, then the callback once the customer goes
// back to the merchant (pressing the button rather than waiting for the
// automatic close).
async function finish(page, frame) {
  const fin = await h.finalPage(frame);
  await frame.locator('#to-merchant').click();
  return Object.assign(fin, { event: await h.nextEvent(page) });
}

// The Transaction Result fields every channel has.
function assertResult(r, orderId, { code, status, type }) {
  assert.equal(r.status_code, code, JSON.stringify(r));
  assert.equal(r.transaction_status, status, JSON.stringify(r));
  assert.equal(r.order_id, orderId);
  assert.equal(r.payment_type, type, JSON.stringify(r));
  assert.equal(r.gross_amount, '10000.00');
  assert.match(r.transaction_id, /^[0-9a-f-]{36}$/);
}

module.exports = { choose, pendingScreen, storedStatus, simulatorJson, simulatorHtml, finish, assertResult };
