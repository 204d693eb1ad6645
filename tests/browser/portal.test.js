'use strict';
// The Merchant Admin Portal in Chromium (issue 6): sign-up, log-in, the
// environment switch, every settings section with a bad value refused next
// to its field, and server-key regeneration (the old key gets 401 at once).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');
const p = require('./lib/portal');

const k = h.k;
const EMAIL = 'owner@toko-portal.example';

describe('merchant admin portal: accounts, environments, settings', () => {
  let s;
  let page;
  before(async () => {
    s = await h.setupSuite();
    page = await p.newPage(s);
  });
  after(async () => { if (s) await s.close(); });

  it('signs up a new merchant and lands in its sandbox', async () => {
    await page.goto(`${s.kasir}/map/`);
    await page.locator('#to-signup').click();
    await page.locator('#signup-name').fill('Toko Portal');
    await page.locator('#signup-email').fill(EMAIL);
    await page.locator('#signup-password').fill('too short');
    await page.locator('#signup-submit').click();
    await page.locator('.field-error[data-field="password"]:text("at least 12")').waitFor();
    await page.locator('#signup-password').fill(p.PASSWORD);
    await page.locator('#signup-submit').click();
    await page.locator('#app').waitFor();
    assert.equal(await page.locator('#merchant-name').textContent(), 'Toko Portal');
    assert.match(await page.locator('#merchant-id').textContent(), /^G\d{9}$/);
    assert.match(page.url(), /#\/sandbox\/dashboard$/);
    await page.locator('#chart-days').waitFor();
  });

  it('logs out, refuses a wrong password and logs in again', async () => {
    await p.logOut(page);
    await page.locator('#login-email').fill(EMAIL);
    await page.locator('#login-password').fill('not the password at all');
    await page.locator('#login-submit').click();
    await page.locator('#login-error:text("wrong email or password")').waitFor();
    await page.locator('#login-password').fill(p.PASSWORD);
    await page.locator('#login-submit').click();
    await page.locator('#app').waitFor();
    assert.equal(await page.locator('#merchant-name').textContent(), 'Toko Portal');
  });

  it('switches environment: the side navigation changes colour and keys', async () => {
    await page.locator('#nav-settings').click();
    await page.locator('#server-key').waitFor();
    const sandboxColour = await p.sideColour(page);
    assert.equal(sandboxColour, 'rgb(11, 42, 91)'); // dark blue
    assert.match(await page.locator('#server-key').inputValue(), /^SB-VT-server-/);
    await page.locator('#env-production').click();
    await page.locator('#view-settings[data-env="production"] #server-key').waitFor();
    assert.equal(await p.sideColour(page), 'rgb(169, 216, 245)'); // light blue
    assert.match(await page.locator('#server-key').inputValue(), /^VT-server-/);
    assert.match(await page.locator('#client-key').textContent(), /^VT-client-/);
    assert.equal(await page.locator('#env-label').textContent(), 'Production');
    await page.locator('#env-sandbox').click();
    await page.locator('#view-settings[data-env="sandbox"] #server-key').waitFor();
    assert.equal(await p.sideColour(page), sandboxColour);
  });

  // Fills the named fields of a settings form, saves, and returns the text
  // next to each field.
  async function save(section, values) {
    for (const [name, v] of Object.entries(values)) await page.locator(`#settings-${section} [name="${name}"]`).fill(v);
    await page.locator(`#${section}-save`).click();
  }
  async function expectError(section, name, re) {
    await page.locator(`#settings-${section} .field-error[data-field="${name}"]`).filter({ hasText: re }).waitFor();
  }
  async function expectSaved(section) {
    await page.locator(`#${section}-saved:text("Saved")`).waitFor();
  }

  it('refuses a bad value of every setting with its message, and keeps good ones', async () => {
    await page.goto(`${s.kasir}/map/#/sandbox/settings`);
    await page.locator('#settings-general').waitFor();
    await save('general', { name: 'Toko <script>', url: 'ftp://toko.example' });
    await expectError('general', 'name', /only letters, digits/);
    await expectError('general', 'url', /http:\/\/ or https:\/\//);
    await save('general', { name: 'Toko Portal Baru', url: 'https://toko.example' });
    await expectSaved('general');

    await save('configuration', { finish_url: 'toko.example/finish', unfinish_url: 'https://toko.example/unfinish',
      error_url: 'javascript:alert(1)', notification_url: 'mailto:x@example.com' });
    await expectError('configuration', 'finish_url', /http:\/\/ or https:\/\//);
    await expectError('configuration', 'error_url', /http:\/\/ or https:\/\//);
    await expectError('configuration', 'notification_url', /http:\/\/ or https:\/\//);
    assert.equal(await page.locator('#settings-configuration .field-error[data-field="unfinish_url"]').textContent(), '');
    await save('configuration', { finish_url: 'https://toko.example/finish', unfinish_url: 'https://toko.example/unfinish',
      error_url: 'https://toko.example/error', notification_url: 'http://127.0.0.1:9/notify' });
    await expectSaved('configuration');

    await save('email', { notification_emails: 'ops@toko.example, not-an-address' });
    await expectError('email', 'notification_emails', /valid email addresses/);
    await save('email', { notification_emails: 'ops@toko.example, finance@toko.example' });
    await expectSaved('email');

    for (const box of await page.locator('#snap-channels input').all()) await box.uncheck();
    await page.locator('#snap-save').click();
    await expectError('snap', 'active_channels', /at least one/);
    await page.locator('#snap-channels input[value="credit_card"]').check();
    await page.locator('#snap-channels input[value="bca_va"]').check();
    await page.locator('#snap-language').selectOption('en');
    await page.locator('#snap-3ds').check();
    await page.locator('#snap-recurring').check();
    await page.locator('#snap-save').click();
    await expectSaved('snap');

    // what was saved is what a reload shows
    await page.reload();
    await page.locator('#settings-general').waitFor();
    assert.equal(await page.locator('#set-name').inputValue(), 'Toko Portal Baru');
    assert.equal(await page.locator('#set-notification_url').inputValue(), 'http://127.0.0.1:9/notify');
    assert.equal(await page.locator('#set-notification_emails').inputValue(), 'ops@toko.example, finance@toko.example');
    assert.deepEqual(await page.locator('#snap-channels input:checked').evaluateAll((l) => l.map((i) => i.value)), ['credit_card', 'bca_va']);
    assert.equal(await page.locator('#snap-language').inputValue(), 'en');
    assert.equal(await page.locator('#snap-3ds').isChecked(), true);
    assert.equal(await page.locator('#snap-recurring').isChecked(), true);
    assert.equal(await page.locator('#merchant-name').textContent(), 'Toko Portal Baru');
  });

  it('production refuses plain http and private notification addresses', async () => {
    await page.goto(`${s.kasir}/map/#/production/settings`);
    await page.locator('#view-settings[data-env="production"] #settings-configuration').waitFor();
    const url = page.locator('#settings-configuration [name="notification_url"]');
    assert.equal(await url.inputValue(), ''); // the sandbox's URL does not show here
    await save('configuration', { notification_url: 'http://toko.example/notify' });
    await expectError('configuration', 'notification_url', /https:\/\//);
    await save('configuration', { notification_url: 'https://192.168.1.10/notify' });
    await expectError('configuration', 'notification_url', /local or private/);
    await save('configuration', { notification_url: 'https://localhost/notify' });
    await expectError('configuration', 'notification_url', /local or private/);
    await save('configuration', { notification_url: 'https://toko.example/notify' });
    await expectSaved('configuration');
  });

  it('speaks Bahasa Indonesia when asked, and English again', async () => {
    await page.goto(`${s.kasir}/map/#/sandbox/transactions`);
    await page.locator('#txn-table').waitFor();
    await page.locator('#ui-lang').selectOption('id');
    await page.locator('#nav-transactions:text("Transaksi")').waitFor();
    assert.equal(await page.locator('#nav-settings').textContent(), 'Pengaturan');
    assert.equal(await page.locator('#q-search').textContent(), 'Cari');
    await page.reload(); // the choice is remembered
    await page.locator('#q-search:text("Cari")').waitFor();
    await page.locator('#ui-lang').selectOption('en');
    await page.locator('#q-search:text("Search")').waitFor();
    assert.equal(await page.locator('#nav-settings').textContent(), 'Settings');
  });

  it('regenerates the server key after confirmation; the old key gets 401 at once', async () => {
    await page.goto(`${s.kasir}/map/#/sandbox/settings`);
    await page.locator('#view-settings[data-env="sandbox"] #server-key').waitFor();
    const oldKey = await page.locator('#server-key').inputValue();
    let r = await k.createTransaction(s.ctx.server, oldKey, k.simpleOrder());
    assert.equal(r.status, 201);
    await page.locator('#regenerate').click();
    await page.locator('#regenerate-confirm').waitFor();
    await page.locator('#regenerate-cancel').click();
    assert.equal(await page.locator('#server-key').inputValue(), oldKey);
    await page.locator('#regenerate').click();
    await page.locator('#regenerate-yes').click();
    await page.locator('#key-message:text("New server key")').waitFor();
    const newKey = await page.locator('#server-key').inputValue();
    assert.notEqual(newKey, oldKey);
    assert.match(newKey, /^SB-VT-server-/);
    r = await k.createTransaction(s.ctx.server, oldKey, k.simpleOrder());
    assert.equal(r.status, 401);
    r = await k.createTransaction(s.ctx.server, newKey, k.simpleOrder());
    assert.equal(r.status, 201);
    assert.deepEqual(page.problems, []);
    await page.screenshot({ path: h.artifactPath('portal-settings.png'), fullPage: true });
  });

  it('changes the password from the settings page; the next log-in needs the new one', async () => {
    const NEW = 'my new portal passphrase';
    await page.goto(`${s.kasir}/map/#/sandbox/settings`);
    await page.locator('#settings-password').waitFor();
    await page.locator('#set-current_password').fill('not the password at all');
    await page.locator('#set-new_password').fill(NEW);
    await page.locator('#password-save').click();
    await page.locator('#settings-password .field-error[data-field="current_password"]').filter({ hasText: /not your current password/ }).waitFor();
    await page.locator('#set-current_password').fill(p.PASSWORD);
    await page.locator('#set-new_password').fill('short');
    await page.locator('#password-save').click();
    await page.locator('#settings-password .field-error[data-field="new_password"]').filter({ hasText: /12/ }).waitFor();
    assert.equal(await page.locator('#settings-password .field-error[data-field="current_password"]').textContent(), '');
    await page.locator('#set-new_password').fill(NEW);
    await page.locator('#password-save').click();
    await page.locator('#password-saved:text("Password changed")').waitFor();
    assert.equal(await page.locator('#set-current_password').inputValue(), '', 'the form is cleared');
    await p.logOut(page);
    await page.locator('#login-email').fill(EMAIL);
    await page.locator('#login-password').fill(p.PASSWORD);
    await page.locator('#login-submit').click();
    await page.locator('#login-error:text("wrong email or password")').waitFor();
    await page.locator('#login-password').fill(NEW);
    await page.locator('#login-submit').click();
    await page.locator('#app').waitFor();
    assert.deepEqual(page.problems, []);
  });
});
