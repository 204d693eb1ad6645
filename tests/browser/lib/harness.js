'use strict';
// Browser test fixtures: Debian's chromium driven by playwright-core (never
// a downloaded browser), kasir started through tests/e2e/lib/server.js, and
// a merchant site on another loopback port so that the postMessage origins
// of snap.js and the payment page really differ. Only 127.0.0.1 is used.

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const k = require('../../e2e/lib/server');

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
const ARTIFACTS = path.join(k.REPO_ROOT, 'build', 'artifacts');
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'merchant.html');

// The sandbox test cards of SPEC 7.1 the suites use.
const CARDS = {
  accept3ds: '4811 1111 1111 1114',
  accept: '4011 1111 1111 1112',
  challenge: '4111 1111 1111 1111',
  denyBank: '4311 1111 1111 1119',
  denyFds: '4211 1111 1111 1110',
};
const EXPIRY = '12/30';
const CVV = '123';
const OTP = '112233';

// A fresh profile in a temp dir; resolves {context, close()}.
async function launchBrowser() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kasir-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1024, height: 768 },
  });
  // a hang detector for every wait and action, not a deadline
  // (tests/e2e/lib/server.js HANG_MS)
  context.setDefaultTimeout(k.HANG_MS);
  // nothing leaves the machine: only the loopback address is reachable
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  return {
    context,
    async close() {
      try { await context.close(); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    },
  };
}

// The merchant site: GET / is fixtures/merchant.html with kasir's URL and
// the client key filled in; GET /finish* records the redirect it got.
function startMerchantSite(kasirBase, clientKey) {
  const visits = [];
  const html = fs.readFileSync(FIXTURE, 'utf8')
    .replace(/\{\{KASIR\}\}/g, kasirBase)
    .replace(/\{\{CLIENT_KEY\}\}/g, clientKey);
  const srv = http.createServer((req, res) => {
    if (req.url.startsWith('/finish') || req.url.startsWith('/unfinish') || req.url.startsWith('/error')) {
      visits.push(req.url);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><title>finish</title><h1 id="finish">back at the shop</h1>');
      return;
    }
    if (req.url === '/' || req.url.startsWith('/?')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve, reject) => {
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      resolve({
        base: `http://127.0.0.1:${port}`,
        visits,
        close: () => new Promise((r) => srv.close(() => r())),
      });
    });
  });
}

// Everything a suite needs: kasir with a merchant (recurring: its one-click
// setting on), the merchant site, a browser. close() undoes all of it.
async function setupSuite({ kasirArgs = [], recurring = false } = {}) {
  const s = { ctx: null, site: null, browser: null };
  s.close = async () => {
    try { if (s.browser) await s.browser.close(); } catch (e) { /* already gone */ }
    try { if (s.site) await s.site.close(); } catch (e) { /* already gone */ }
    await k.teardown(s.ctx);
  };
  try {
    s.ctx = { dir: k.makeTempDir() };
    s.ctx.db = k.dbUrl(s.ctx.dir);
    s.ctx.merchant = await k.createMerchant(s.ctx.db, 'Toko Browser');
    if (recurring) {
      const r = await k.runKasir(['merchant', 'set', '--db', s.ctx.db, '--id', s.ctx.merchant.id,
        '--recurring', 'true']);
      if (r.code !== 0) throw new Error(`kasir merchant set --recurring true exited ${r.code}: ${r.stderr}`);
    }
    // no notification URL anywhere: nothing is sent during the suite
    s.ctx.server = await k.startServer({ db: s.ctx.db, args: kasirArgs });
    s.kasir = s.ctx.server.baseUrl;
    s.serverKey = s.ctx.merchant.sandbox.server_key;
    s.clientKey = s.ctx.merchant.sandbox.client_key;
    s.site = await startMerchantSite(s.kasir, s.clientKey);
    s.browser = await launchBrowser();
    return s;
  } catch (err) {
    await s.close();
    throw err;
  }
}

// Creates a transaction with the merchant's server key; resolves the token.
// extra is merged into the simple order (credit_card, callbacks, ...).
async function createToken(s, extra = {}, amount = 10000) {
  const body = Object.assign(k.simpleOrder(k.orderId('web'), amount), extra);
  const res = await k.createTransaction(s.ctx.server, s.serverKey, body);
  if (res.status !== 201) throw new Error(`token not created: ${res.status} ${res.text}`);
  return { token: res.json.token, orderId: body.transaction_details.order_id };
}

// A new page on the merchant site. Page errors and console errors are kept
// in page.problems (a CSP violation shows up there).
async function merchantPage(s, viewport) {
  const page = await s.browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`); });
  await page.goto(s.site.base + '/');
  await page.waitForFunction(() => window.snap && window.merchant);
  return page;
}

// Calls snap.pay on the merchant page. callbacks names the callbacks the
// page installs (each records its call in window.merchant.events).
async function pay(page, token, options = {}, callbacks = ['onSuccess', 'onPending', 'onError', 'onClose']) {
  const err = await page.evaluate(([t, o, c]) => window.merchant.pay(t, o, c), [token, options, callbacks]);
  if (err) throw new Error(`snap.pay threw: ${err}`);
  return page.frameLocator('#snap-midtrans');
}

// Waits for the first callback; resolves {name, result}.
async function nextEvent(page, timeout = k.HANG_MS) {
  await page.waitForFunction(() => window.merchant.events.length > 0, null, { timeout });
  return page.evaluate(() => window.merchant.events.shift());
}

// From the summary (if shown) to the card form, fills it and pays.
async function payByCard(frame, { number, expiry = EXPIRY, cvv = CVV, skipSummary = false } = {}) {
  if (!skipSummary) await frame.locator('#continue').click();
  await frame.locator('button[data-method="credit_card"]').click();
  await frame.locator('#card-number').fill(number);
  await frame.locator('#card-expiry').fill(expiry);
  await frame.locator('#card-cvv').fill(cvv);
  await fillCustomer(frame);
  await frame.locator('#pay-button').click();
}

// Email and phone are required unless skipCustomerDetails: fills them in
// when the order brought none.
async function fillCustomer(frame) {
  if (!(await frame.locator('#email').inputValue())) await frame.locator('#email').fill('budi@example.com');
  if (!(await frame.locator('#phone').inputValue())) await frame.locator('#phone').fill('081234567890');
}

// The 3-D Secure step: the issuer page inside the payment page.
async function enterOtp(frame, otp = OTP) {
  const acs = frame.frameLocator('#acs');
  await frame.locator('#acs').waitFor();
  try {
    await acs.locator('#otp').waitFor();
  } catch (err) {
    throw new Error(`the issuer page (${await frame.locator('#acs').getAttribute('src')}) did not load ` +
      `inside the payment page; a CSP frame-ancestors that leaves out the merchant's origin blocks it: ${err.message}`);
  }
  await acs.locator('#otp').fill(otp);
  await acs.locator('#otp-submit').click();
}

// The final page: its status and texts.
async function finalPage(frame) {
  const box = frame.locator('#final');
  // a refusal in the card form ends the wait too, with its text
  await frame.locator('#final, #form-error:not([hidden]), #error').first().waitFor();
  if (!(await box.count())) {
    const text = await frame.locator('#form-error:not([hidden]), #error').first().textContent();
    throw new Error(`no final page; the payment page says: ${text}`);
  }
  return {
    status: await box.getAttribute('data-status'),
    title: await frame.locator('#final-title').textContent(),
    message: (await frame.locator('#final-message').count()) ? await frame.locator('#final-message').textContent() : '',
  };
}

// Pays a token through the page API without a browser (as a mobile app
// would): card token, then the charge. Resolves the charge answer.
async function payByApi(s, token, number, clientKey = s.clientKey) {
  const q = new URLSearchParams({ client_key: clientKey, card_number: number.replace(/\s/g, ''),
    card_exp_month: '12', card_exp_year: '2030', card_cvv: CVV });
  const t = await k.request(s.ctx.server, `/v2/token?${q}`);
  if (t.status !== 200) throw new Error(`card token refused: ${t.status} ${t.text}`);
  return k.request(s.ctx.server, `/snap/v1/transactions/${token}/pay`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ payment_type: 'credit_card', credit_card: { token_id: t.json.token_id } }),
  });
}

function artifactPath(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

module.exports = {
  k,
  CARDS,
  EXPIRY,
  CVV,
  OTP,
  launchBrowser,
  startMerchantSite,
  setupSuite,
  createToken,
  merchantPage,
  pay,
  nextEvent,
  payByCard,
  fillCustomer,
  enterOtp,
  finalPage,
  artifactPath,
  payByApi,
};
