// The portal's shell: the JSON API, log-in and sign-up, the environment
// switch and the hash router (#/ENV/VIEW[/ID]). Everything a merchant or a
// customer typed is put on the page as text (textContent), never as HTML.
'use strict';
var KS = (function () {
  var state = { csrf: null, merchant: null, env: 'sandbox', views: {}, seq: 0, lang: 'en' };

  // The page's one dictionary: English text is the key, Bahasa Indonesia
  // the translation. Messages from the server stay as it wrote them.
  var ID = {
    'Merchant Admin Portal': 'Portal Admin Merchant', 'Log in': 'Masuk', 'Email': 'Email',
    'Password': 'Kata sandi', 'No account yet?': 'Belum punya akun?', 'Sign up': 'Daftar',
    'Merchant name': 'Nama merchant', 'Password (at least 12 characters)': 'Kata sandi (minimal 12 karakter)',
    'Create account': 'Buat akun', 'Have an account?': 'Sudah punya akun?', 'Sandbox': 'Sandbox',
    'Production': 'Produksi', 'Log out': 'Keluar', 'Dashboard': 'Dasbor', 'Transactions': 'Transaksi',
    'Settings': 'Pengaturan', 'Show': 'Tampilkan', 'From': 'Dari', 'To': 'Sampai',
    'Payments per day': 'Pembayaran per hari', 'Success rate by method': 'Tingkat keberhasilan per metode',
    'Volume by method': 'Volume per metode', 'no payments in this period': 'tidak ada pembayaran pada periode ini',
    'payments': 'pembayaran', 'successful': 'berhasil', 'volume': 'volume',
    'Access keys': 'Kunci akses', 'Actions': 'Tindakan', 'Active payment channels': 'Kanal pembayaran aktif',
    'Cancel': 'Batalkan', 'Client key': 'Client key', 'Merchant id': 'ID merchant', 'More': 'Lainnya',
    'No action is possible in this state.': 'Tidak ada tindakan yang mungkin pada status ini.',
    'No notification was sent for this transaction.': 'Belum ada notifikasi untuk transaksi ini.',
    'Notifications': 'Notifikasi', 'Regenerate server key': 'Buat ulang server key',
    'Request as received': 'Permintaan sebagaimana diterima', 'Save': 'Simpan', 'Saved': 'Tersimpan',
    'Search': 'Cari', 'Status history': 'Riwayat status', 'Transaction': 'Transaksi',
    'The current server key stops working at once: every request signed with it gets 401. Generate a new one?':
      'Server key saat ini langsung berhenti berlaku: setiap permintaan dengannya mendapat 401. Buat yang baru?',
    'Yes, regenerate': 'Ya, buat ulang', 'not tried yet': 'belum dicoba', '← Transactions': '← Transaksi',
    'New server key generated': 'Server key baru telah dibuat', 'Send notification again': 'Kirim ulang notifikasi',
    'Approve': 'Setujui', 'Deny': 'Tolak', 'Capture': 'Capture', 'Expire': 'Kedaluwarsakan', 'Refund': 'Refund',
    'Time': 'Waktu', 'Order id': 'Order ID', 'Customer': 'Pelanggan', 'Method': 'Metode', 'Status': 'Status',
    'Amount': 'Jumlah', 'Cause': 'Penyebab', 'Transaction id': 'ID transaksi', 'Status code': 'Kode status',
    'Created': 'Dibuat', 'Updated': 'Diperbarui', 'Card': 'Kartu', 'General': 'Umum', 'Merchant URL': 'URL merchant',
    'Server key (secret)': 'Server key (rahasia)', 'Configuration': 'Konfigurasi',
    'Finish Redirect URL': 'URL Finish Redirect', 'Unfinish Redirect URL': 'URL Unfinish Redirect',
    'Error Redirect URL': 'URL Error Redirect', 'Payment Notification URL': 'URL Notifikasi Pembayaran',
    'Email notification': 'Notifikasi email', 'Addresses (comma-separated)': 'Alamat (dipisahkan koma)',
    'Snap preferences': 'Preferensi Snap', 'Default language': 'Bahasa bawaan',
    'Your password': 'Kata sandi Anda', 'Current password': 'Kata sandi saat ini',
    'New password (at least 12 characters)': 'Kata sandi baru (minimal 12 karakter)',
    'Change password': 'Ganti kata sandi',
    'Password changed; your other sessions have ended': 'Kata sandi diganti; sesi Anda yang lain telah berakhir',
    '3-D Secure on card payments': '3-D Secure pada pembayaran kartu', 'Recurring (one click) MID': 'MID recurring (one click)',
    'any status': 'semua status', 'any method': 'semua metode', 'No transactions': 'Tidak ada transaksi',
    'shown': 'ditampilkan', 'amount (optional)': 'jumlah (opsional)', 'order id': 'order id',
    'English': 'English', 'Bahasa Indonesia': 'Bahasa Indonesia',
  };
  function t(text) { return (state.lang === 'id' && ID[text]) || text; }

  // The page's own texts (data-i18n) in the chosen language.
  function translatePage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-i18n]').forEach(function (n) {
      if (!n.hasAttribute('data-en')) n.setAttribute('data-en', n.textContent);
      n.textContent = t(n.getAttribute('data-en'));
    });
  }

  // el('tag', {attr: v, text: 'x', class: 'c', on: {click: f}}, [children])
  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    attrs = attrs || {};
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') n.textContent = String(v);
      else if (k === 'on') Object.keys(v).forEach(function (e) { n.addEventListener(e, v[e]); });
      else if (k === 'class') n.className = v;
      else n.setAttribute(k, v === true ? '' : String(v));
    });
    (kids || []).forEach(function (c) { if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }

  async function api(method, path, body) {
    var opts = { method: method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    if (method !== 'GET' && state.csrf) opts.headers['X-CSRF-Token'] = state.csrf;
    var res = await fetch('/map/api' + path, opts);
    var data = {};
    try { data = await res.json(); } catch (e) { data = {}; }
    if (res.status === 401 && path !== '/login' && path !== '/session') showAuth('login');
    return { status: res.status, data: data };
  }

  function envApi(method, path, body) { return api(method, '/' + state.env + path, body); }

  var jakarta = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', year: 'numeric', month: 'short',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  function time(ms) { return ms ? jakarta.format(new Date(ms)) + ' WIB' : ''; }
  function money(n) { return 'Rp ' + Number(n).toLocaleString('id-ID'); }

  // Shows each {field: message} next to its field inside form; clears the rest.
  function fieldErrors(form, errors) {
    form.querySelectorAll('.field-error').forEach(function (s) {
      var m = errors && errors[s.getAttribute('data-field')];
      s.textContent = m || '';
    });
  }

  function showAuth(which) {
    state.csrf = null;
    document.getElementById('app').hidden = true;
    document.getElementById('auth').hidden = false;
    document.getElementById('login-form').hidden = which !== 'login';
    document.getElementById('signup-form').hidden = which !== 'signup';
  }

  function showApp() {
    document.getElementById('auth').hidden = true;
    document.getElementById('app').hidden = false;
    document.getElementById('merchant-name').textContent = state.merchant.name;
    document.getElementById('merchant-id').textContent = state.merchant.id;
    route();
  }

  async function loggedIn(data) {
    state.csrf = data.csrf;
    state.merchant = data.merchant;
    if (!/^#\/(sandbox|production)\//.test(location.hash)) location.hash = '#/sandbox/dashboard';
    showApp();
  }

  async function login(email, password) {
    var r = await api('POST', '/login', { email: email, password: password });
    var err = document.getElementById('login-error');
    if (r.status === 200) {
      err.hidden = true;
      await loggedIn(r.data);
    } else {
      err.textContent = r.data.error || 'log-in failed (' + r.status + ')';
      err.hidden = false;
    }
  }

  function setupAuth() {
    document.getElementById('login-form').addEventListener('submit', function (e) {
      e.preventDefault();
      login(document.getElementById('login-email').value, document.getElementById('login-password').value);
    });
    document.getElementById('signup-form').addEventListener('submit', async function (e) {
      e.preventDefault();
      var form = e.target;
      var body = { name: document.getElementById('signup-name').value,
        email: document.getElementById('signup-email').value,
        password: document.getElementById('signup-password').value };
      var r = await api('POST', '/signup', body);
      var err = document.getElementById('signup-error');
      fieldErrors(form, r.data.errors);
      err.hidden = true;
      if (r.status === 201) {
        await login(body.email, body.password);
      } else if (!r.data.errors) {
        err.textContent = r.data.error || 'sign-up failed (' + r.status + ')';
        err.hidden = false;
      }
    });
    document.getElementById('to-signup').addEventListener('click', function (e) { e.preventDefault(); showAuth('signup'); });
    document.getElementById('to-login').addEventListener('click', function (e) { e.preventDefault(); showAuth('login'); });
    document.getElementById('logout').addEventListener('click', async function () {
      await api('POST', '/logout', {});
      state.merchant = null;
      showAuth('login');
    });
    document.querySelectorAll('#env-switch button').forEach(function (b) {
      b.addEventListener('click', function () {
        var view = (location.hash.split('/')[2] || 'dashboard');
        location.hash = '#/' + b.getAttribute('data-env') + '/' + view;
      });
    });
    document.querySelectorAll('#side a').forEach(function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        location.hash = '#/' + state.env + '/' + a.getAttribute('data-view');
      });
    });
    window.addEventListener('hashchange', function () { if (state.csrf) route(); });
  }

  // #/ENV/VIEW[/ID]: a new environment empties the page before anything
  // of it loads, so nothing of the other one stays on screen.
  function route() {
    var parts = location.hash.replace(/^#\//, '').split('/');
    var env = parts[0] === 'production' ? 'production' : 'sandbox';
    var view = state.views[parts[1]] ? parts[1] : 'dashboard';
    state.env = env;
    document.body.setAttribute('data-env', env);
    document.getElementById('env-label').textContent = t(env === 'production' ? 'Production' : 'Sandbox');
    document.querySelectorAll('#env-switch button').forEach(function (b) {
      b.classList.toggle('active', b.getAttribute('data-env') === env);
    });
    document.querySelectorAll('#side a').forEach(function (a) {
      a.classList.toggle('active', a.getAttribute('data-view') === view);
    });
    var main = document.getElementById('view');
    main.textContent = '';
    var seq = ++state.seq;
    // a view finishing after the page moved on draws nothing
    var box = el('div', { id: 'view-' + view, 'data-env': env });
    main.appendChild(box);
    state.views[view](box, parts.slice(2).map(decodeURIComponent), function () { return seq === state.seq; });
  }

  async function start() {
    var saved = null;
    try { saved = localStorage.getItem('kasir-map-lang'); } catch (e) { saved = null; }
    state.lang = saved === 'id' ? 'id' : 'en';
    var pick = document.getElementById('ui-lang');
    pick.value = state.lang;
    pick.addEventListener('change', function () {
      state.lang = pick.value === 'id' ? 'id' : 'en';
      try { localStorage.setItem('kasir-map-lang', state.lang); } catch (e) { /* private mode */ }
      translatePage();
      if (state.csrf) route();
    });
    translatePage();
    setupAuth();
    var r = await api('GET', '/session');
    if (r.status === 200) await loggedIn(r.data);
    else showAuth(location.hash === '#signup' ? 'signup' : 'login');
  }

  return { state: state, t: t, el: el, api: api, envApi: envApi, time: time, money: money,
    fieldErrors: fieldErrors, start: start, route: route };
})();
