'use strict';
// Helpers of the portal's browser suites (tests/browser/portal*.test.js).

const k = require('../../e2e/lib/server');

const PASSWORD = 'correct horse battery staple';

// A new page that records page errors and console errors (a CSP violation
// shows up there).
async function newPage(s) {
  const page = await s.browser.context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  // answers such as 401 and 422 are expected; what is not, is a problem
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource: the server responded/.test(msg.text())) page.problems.push(`console: ${msg.text()}`);
  });
  return page;
}

async function logIn(page, base, email, password = PASSWORD) {
  await page.goto(`${base}/map/`);
  await page.locator('#login-form').waitFor();
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await page.locator('#app').waitFor();
}

async function logOut(page) {
  await page.locator('#logout').click();
  await page.locator('#login-form').waitFor();
}

// Gives merchant id a portal log-in through `kasir merchant login`, the
// password on standard input.
async function setLogin(db, id, email, password = PASSWORD) {
  const r = await k.runKasir(['merchant', 'login', '--db', db, '--id', id, '--email', email], { input: password + '\n' });
  if (r.code !== 0) throw new Error(`kasir merchant login exited ${r.code}: ${r.stderr}`);
}

// The computed background colour of the side navigation.
function sideColour(page) {
  return page.locator('#side').evaluate((n) => getComputedStyle(n).backgroundColor);
}

module.exports = { PASSWORD, newPage, logIn, logOut, setLogin, sideColour };
