/* kasir's demo shop at /demo: a merchant checkout in one page. Its "backend"
 * is POST /demo/checkout (a snap token made with the demo merchant's server
 * key); the page then does what any merchant page does: load snap.js with
 * the client key and call snap.pay. */
(function () {
  'use strict';

  var T = {
    en: {
      total: 'Total', pay: 'Pay with kasir', wait: 'Opening the payment page…',
      hint: 'Sandbox: pay with card 4811 1111 1111 1114, expiry 12/30, CVV 123, OTP 112233; or take a bank transfer, bill or store number and pay it on the simulators: ',
      success: 'Payment successful', pending: 'Payment pending', error: 'Payment failed',
      closed: 'Payment not finished', closedText: 'You closed the payment page before paying.',
      fail: 'Cannot start the payment', order: 'Order {o}: {s}'
    },
    id: {
      total: 'Total', pay: 'Bayar dengan kasir', wait: 'Membuka halaman pembayaran…',
      hint: 'Sandbox: bayar dengan kartu 4811 1111 1111 1114, masa berlaku 12/30, CVV 123, OTP 112233; atau ambil nomor transfer bank, tagihan atau gerai lalu bayar di simulator: ',
      success: 'Pembayaran berhasil', pending: 'Pembayaran tertunda', error: 'Pembayaran gagal',
      closed: 'Pembayaran belum selesai', closedText: 'Anda menutup halaman pembayaran sebelum membayar.',
      fail: 'Pembayaran tidak dapat dimulai', order: 'Pesanan {o}: {s}'
    }
  };
  var lang = /^id\b/i.test(navigator.language || '') ? 'id' : 'en';

  function $(x) { return document.getElementById(x); }
  function t(k) { return T[lang][k]; }

  function texts() {
    document.documentElement.lang = lang;
    $('lang').value = lang;
    $('total-label').textContent = t('total');
    $('hint').textContent = t('hint');
    var sim = document.createElement('a');
    sim.id = 'sim-link';
    sim.href = '/sim/';
    sim.target = '_blank';
    sim.rel = 'noopener';
    sim.textContent = '/sim/';
    $('hint').appendChild(sim);
    if (!$('pay').disabled) $('pay').textContent = t('pay');
  }

  function outcome(kind, title, text, result) {
    var box = $('outcome');
    box.setAttribute('data-kind', kind);
    $('outcome-title').textContent = title;
    $('outcome-text').textContent = text;
    $('outcome-json').textContent = result ? JSON.stringify(result, null, 2) : '';
    box.hidden = false;
    $('pay').disabled = false;
    $('pay').textContent = t('pay');
  }

  function done(kind) {
    return function (result) {
      var msg = [].concat(result && result.status_message || '').join(' ');
      outcome(kind, t(kind), t('order').replace('{o}', result && result.order_id || '-')
        .replace('{s}', (result && result.transaction_status || result && result.status_code || '') + (msg ? ' (' + msg + ')' : '')), result);
    };
  }

  /* Loads /snap/snap.js once, with the shop's client key. */
  function loadSnap(clientKey, cb) {
    if (window.snap) { cb(); return; }
    var s = document.createElement('script');
    s.src = '/snap/snap.js';
    s.setAttribute('data-client-key', clientKey);
    s.onload = cb;
    s.onerror = function () { outcome('error', t('fail'), '/snap/snap.js', null); };
    document.head.appendChild(s);
  }

  function checkout() {
    $('pay').disabled = true;
    $('pay').textContent = t('wait');
    $('outcome').hidden = true;
    fetch('/demo/checkout', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{}' })
      .then(function (res) {
        return res.json().then(function (j) {
          if (!res.ok || !j.token) throw new Error([].concat(j.error_messages || j.status_message || ('HTTP ' + res.status)).join(' '));
          return j;
        });
      })
      .then(function (j) {
        loadSnap(j.client_key, function () {
          window.snap.pay(j.token, {
            language: lang,
            onSuccess: done('success'),
            onPending: done('pending'),
            onError: done('error'),
            onClose: function () { outcome('closed', t('closed'), t('closedText'), null); }
          });
        });
      })
      .catch(function (err) { outcome('error', t('fail'), String(err && err.message || err), null); });
  }

  function init() {
    $('pay').addEventListener('click', checkout, false);
    $('lang').addEventListener('change', function () { lang = $('lang').value === 'id' ? 'id' : 'en'; texts(); }, false);
    texts();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, false);
  else init();
}());
