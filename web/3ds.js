/* kasir's simulated issuer page (3-D Secure ACS) at /snap/v1/3ds/{id}:
 * shows what is paid, asks for the OTP (sandbox: 112233), sends it, and
 * hands the Transaction Result to the payment page around it (same origin). */
(function () {
  'use strict';

  var T = {
    en: {
      title: 'Bank authentication', intro: 'Enter the one-time password your bank sent to confirm this payment.',
      merchant: 'Merchant', amount: 'Amount', card: 'Card', otp: 'One-time password (OTP)',
      hint: 'Sandbox: the OTP is 112233.', submit: 'Confirm', sending: 'Sending…',
      empty: 'Enter the OTP.', net: 'Cannot reach the server. Try again.',
      notFound: 'This authentication request does not exist.', done: 'This payment has already been processed.',
      back: 'Returning to the payment page…', ok: 'Authentication finished: ', eGen: 'Something went wrong.'
    },
    id: {
      title: 'Autentikasi bank', intro: 'Masukkan kode sekali pakai (OTP) dari bank Anda untuk mengonfirmasi pembayaran ini.',
      merchant: 'Merchant', amount: 'Jumlah', card: 'Kartu', otp: 'Kode OTP',
      hint: 'Sandbox: OTP-nya 112233.', submit: 'Konfirmasi', sending: 'Mengirim…',
      empty: 'Masukkan OTP.', net: 'Tidak dapat menghubungi server. Coba lagi.',
      notFound: 'Permintaan autentikasi ini tidak ada.', done: 'Pembayaran ini sudah diproses.',
      back: 'Kembali ke halaman pembayaran…', ok: 'Autentikasi selesai: ', eGen: 'Terjadi kesalahan.'
    }
  };
  var lang = /[?&]language=en(&|$)/.test(location.search) ? 'en' : 'id';
  var m = /^\/snap\/v1\/3ds\/([^\/?#]+)/.exec(location.pathname);
  var id = m ? m[1] : '';
  var base = '/snap/v1/3ds/' + id;

  function $(x) { return document.getElementById(x); }
  function t(k) { return T[lang][k]; }
  function text(x, s) { $(x).textContent = s; }

  function money(v) {
    var s = String(v || '0').split('.')[0].replace(/\D/g, '') || '0';
    return 'Rp ' + s.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  function request(method, path, body) {
    var init = { method: method, headers: { Accept: 'application/json' }, credentials: 'omit' };
    if (body) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res.json().then(function (j) { return { status: res.status, json: j }; },
        function () { return { status: res.status, json: null }; });
    }, function () { return { status: 0, json: null }; });
  }

  function row(label, value) {
    var dl = $('acs-details'), dt = document.createElement('dt'), dd = document.createElement('dd');
    dt.textContent = label;
    dd.textContent = value || '';
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function finish(result) {
    $('otp-form').hidden = true;
    if (window.parent !== window) {
      text('acs-status', t('back'));
      window.parent.postMessage({ event: '3ds', result: result }, location.origin);
    } else {
      text('acs-status', t('ok') + (result.transaction_status || '') + ' — ' + [].concat(result.status_message || '').join(' '));
    }
  }

  function submit(e) {
    e.preventDefault();
    var otp = $('otp').value.replace(/\s/g, ''), btn = $('otp-submit');
    if (!otp) {
      $('acs-error').textContent = t('empty');
      $('acs-error').hidden = false;
      return;
    }
    btn.disabled = true;
    btn.textContent = t('sending');
    request('POST', base, { otp: otp }).then(function (r) {
      if (r.json && r.json.status_code) {
        finish(r.json);
        return;
      }
      btn.disabled = false;
      btn.textContent = t('submit');
      $('acs-error').textContent = r.status ? t('eGen') : t('net');
      $('acs-error').hidden = false;
    });
  }

  function init() {
    document.documentElement.lang = lang;
    text('acs-title', t('title'));
    text('acs-intro', t('intro'));
    text('otp-label', t('otp'));
    text('otp-hint', t('hint'));
    text('otp-submit', t('submit'));
    $('otp-form').addEventListener('submit', submit, false);
    request('GET', base + '/info').then(function (r) {
      var j = r.json;
      if (r.status !== 200 || !j) {
        text('acs-status', r.status === 404 ? t('notFound') : r.status ? t('eGen') : t('net'));
        return;
      }
      row(t('merchant'), j.merchant_name);
      row(t('amount'), money(j.gross_amount));
      row(t('card'), j.masked_card);
      if (j.transaction_status && j.transaction_status !== 'pending') {
        text('acs-status', t('done'));
        return;
      }
      $('otp-form').hidden = false;
      $('otp').focus();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, false);
  else init();
}());
