/* kasir payment page: /snap/v4/popup (in the iframe of snap.js, the token
 * comes by postMessage) and /snap/v2/vtweb/{token} (full page). It talks to
 * kasir only through the page API of docs/payment-page-api.md. Everything
 * from the merchant or the customer goes in as text, never as HTML.
 * This file: start, summary, card form, final and error screens; it shares
 * its helpers as window.kasirPage with pay-methods.js (the method list and
 * every other method) and pay-guide.js (payment instructions). */
(function () {
  'use strict';

  /* One dictionary for the page; {n} is replaced by a number. */
  var T = {
    en: {
      summary: 'Order summary', orderId: 'Order ID', total: 'Total', customer: 'Customer',
      cont: 'Continue', choose: 'Choose a payment method', card: 'Credit/debit card',
      notYet: 'not available yet', noMethod: 'No payment method is available for this transaction.',
      back: 'Back', number: 'Card number', expiry: 'Expiry (MM/YY)', cvv: 'CVV',
      saved: 'Saved cards', newCard: 'Use another card', oneClick: 'no CVV needed',
      term: 'Installment', full: 'Full payment', months: '{n} months',
      save: 'Save this card for next time', email: 'Email', phone: 'Phone number',
      optional: '(optional)', pay: 'Pay', processing: 'Processing…',
      errNumber: 'Check the card number.', errExpiry: 'Enter a valid expiry date (MM/YY) that has not passed.',
      errCvv: 'The CVV is the 3 or 4 digits on the back of the card.',
      errEmail: 'Enter a valid email address.', errPhone: 'Enter a valid phone number.',
      errTerm: 'Choose an installment term.', errNet: 'Cannot reach the server. Try again.',
      tds: '3-D Secure verification', tdsText: 'Your bank asks you to confirm this payment.',
      success: 'Payment successful', pending: 'Payment pending',
      pendingText: 'The payment is being reviewed. The merchant will confirm it.',
      failure: 'Payment failed', toMerchant: 'Back to merchant', retry: 'Try another card', retryOther: 'Choose another method', method: 'Method',
      amount: 'Amount', cardLabel: 'Card', close: 'Close',
      e401: 'Access denied', e401t: 'This payment page was opened with a client key that does not belong to the merchant.',
      e404: 'Transaction not found', e404t: 'Check the payment link, or ask the merchant for a new one.',
      e406: 'Already paid', e406t: 'This transaction has been processed.',
      e407: 'Payment link expired', e407t: 'This transaction has expired. Ask the merchant to create a new order.',
      eGen: 'Something went wrong', eGent: 'The payment page cannot be shown. Try again later.',
      eOpen: 'Open this page through the merchant\'s checkout.'
    },
    id: {
      summary: 'Ringkasan pesanan', orderId: 'ID pesanan', total: 'Total', customer: 'Pelanggan',
      cont: 'Lanjutkan', choose: 'Pilih metode pembayaran', card: 'Kartu kredit/debit',
      notYet: 'belum tersedia', noMethod: 'Tidak ada metode pembayaran yang tersedia untuk transaksi ini.',
      back: 'Kembali', number: 'Nomor kartu', expiry: 'Masa berlaku (BB/TT)', cvv: 'CVV',
      saved: 'Kartu tersimpan', newCard: 'Pakai kartu lain', oneClick: 'tanpa CVV',
      term: 'Cicilan', full: 'Bayar penuh', months: '{n} bulan',
      save: 'Simpan kartu ini untuk pembayaran berikutnya', email: 'Email', phone: 'Nomor telepon',
      optional: '(opsional)', pay: 'Bayar', processing: 'Memproses…',
      errNumber: 'Periksa nomor kartu.', errExpiry: 'Masukkan masa berlaku yang valid (BB/TT) dan belum lewat.',
      errCvv: 'CVV adalah 3 atau 4 digit di belakang kartu.',
      errEmail: 'Masukkan alamat email yang valid.', errPhone: 'Masukkan nomor telepon yang valid.',
      errTerm: 'Pilih jangka waktu cicilan.', errNet: 'Tidak dapat menghubungi server. Coba lagi.',
      tds: 'Verifikasi 3-D Secure', tdsText: 'Bank Anda meminta konfirmasi pembayaran ini.',
      success: 'Pembayaran berhasil', pending: 'Pembayaran tertunda',
      pendingText: 'Pembayaran sedang ditinjau. Merchant akan mengonfirmasinya.',
      failure: 'Pembayaran gagal', toMerchant: 'Kembali ke merchant', retry: 'Coba kartu lain', retryOther: 'Pilih metode lain', method: 'Metode',
      amount: 'Jumlah', cardLabel: 'Kartu', close: 'Tutup',
      e401: 'Akses ditolak', e401t: 'Halaman pembayaran ini dibuka dengan client key yang bukan milik merchant.',
      e404: 'Transaksi tidak ditemukan', e404t: 'Periksa tautan pembayaran, atau minta tautan baru kepada merchant.',
      e406: 'Sudah dibayar', e406t: 'Transaksi ini sudah diproses.',
      e407: 'Tautan pembayaran kedaluwarsa', e407t: 'Transaksi ini sudah kedaluwarsa. Minta merchant membuat pesanan baru.',
      eGen: 'Terjadi kesalahan', eGent: 'Halaman pembayaran tidak dapat ditampilkan. Coba lagi nanti.',
      eOpen: 'Buka halaman ini melalui checkout merchant.'
    }
  };
  var ALIASES = { bank_transfer: ['permata_va', 'bca_va', 'bni_va', 'other_va'], cstore: ['kioson', 'indomaret'] };
  var AUTO_CLOSE_S = 5; /* card final pages, unless options.autoCloseDelay says otherwise */

  var S = { mode: 'popup', token: '', clientKey: '', originHost: '', opts: {}, lang: 'id',
    info: null, methods: [], result: null, error: null, reported: false, acs: null, timer: null, poll: null };
  /* shared with pay-methods.js and pay-guide.js (filled in below) */
  var K = window.kasirPage = { S: S, T: T };

  function $(id) { return document.getElementById(id); }
  function t(key, n) {
    var s = (T[S.lang] && T[S.lang][key]) || T.en[key] || key;
    return n === undefined ? s : s.replace('{n}', String(n));
  }

  /* h('p', {className: 'x', text: 'y'}, [child, 'text']): attributes by
   * property name or setAttribute, text always as textContent. */
  function h(tag, props, kids) {
    var el = document.createElement(tag), k, i;
    props = props || {};
    for (k in props) {
      if (props[k] === undefined || props[k] === null) continue;
      if (k === 'text') el.textContent = String(props[k]);
      else if (/^(className|id|type|value|checked|disabled|hidden|htmlFor|name)$/.test(k)) el[k] = props[k];
      else el.setAttribute(k, String(props[k]));
    }
    for (i = 0; kids && i < kids.length; i++) {
      if (kids[i] === null || kids[i] === undefined || kids[i] === false) continue;
      el.appendChild(typeof kids[i] === 'string' ? document.createTextNode(kids[i]) : kids[i]);
    }
    return el;
  }
  function on(el, ev, fn) { el.addEventListener(ev, fn, false); return el; }

  function screen(name, nodes) {
    var main = $('main');
    clearTimeout(S.timer);
    clearTimeout(S.poll);
    S.poll = S.sim = null;
    while (main.firstChild) main.removeChild(main.firstChild);
    var box = h('section', { id: name, className: 'screen' }, nodes);
    main.appendChild(box);
    $('dialog').scrollTop = 0;
    return box;
  }

  function money(v) {
    var s = String(v === undefined || v === null ? '' : v).split('.')[0];
    var neg = s.charAt(0) === '-';
    if (neg) s = s.slice(1);
    s = s.replace(/\D/g, '') || '0';
    s = s.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return (neg ? '-' : '') + 'Rp ' + s;
  }

  function message(json, fallback) {
    if (!json) return fallback;
    if (json.validation_messages && json.validation_messages.length) return json.validation_messages.join(' ');
    var m = json.status_message || json.error_messages;
    if (m && typeof m === 'object' && m.join) m = m.join(' ');
    return m ? String(m) : fallback;
  }

  /* One JSON request; resolves {status, json} (status 0 when unreachable). */
  function api(method, path, body) {
    var init = { method: method, credentials: 'omit', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = JSON.parse(text); } catch (e) { json = null; }
        return { status: res.status, json: json };
      });
    }, function () { return { status: 0, json: null }; });
  }

  /* The status of an answer: the body's status_code wins, because a
   * browser cannot read some HTTP statuses (fetch fails on a 407). */
  function codeOf(r) {
    var c = r.json && r.json.status_code;
    return /^\d{3}$/.test(c || '') ? Number(c) : r.status;
  }
  function isPageError(c) { return c === 401 || c === 404 || c === 406 || c === 407; }

  /* Messages to snap.js in the merchant page; only to the origin it named. */
  function toParent(msg) {
    if (S.mode === 'vtweb' || !S.originHost || window.parent === window) return;
    msg.sourceApp = 'snap';
    window.parent.postMessage(msg, S.originHost);
  }

  /* ---- start ---- */

  function init() {
    var q = {}, m = /^\/snap\/v2\/vtweb\/([^\/?#]+)/.exec(location.pathname);
    new URLSearchParams(location.search).forEach(function (v, k) { q[k] = v; });
    on($('close'), 'click', closeClicked);
    on(window, 'message', onMessage);
    if (m) {
      S.mode = 'vtweb';
      S.token = decodeURIComponent(m[1]);
      S.clientKey = q.client_key || '';
      S.opts = vtwebOptions(q);
      document.documentElement.className = 'mode-vtweb';
      load();
      return;
    }
    S.clientKey = q.client_key || '';
    S.originHost = /^https?:\/\/[^\/?#\s]+$/.test(q.origin_host || '') ? q.origin_host : '';
    document.documentElement.className = 'mode-popup';
    $('close').hidden = false;
    if (!S.originHost || window.parent === window) {
      showError(0, t('eOpen'));
      return;
    }
    toParent({ event: 'queryToken' });
  }

  function vtwebOptions(q) {
    var o = {};
    function flag(k) { if (q[k] !== undefined) o[k] = q[k] === 'true' || q[k] === '1'; }
    if (q.language === 'en' || q.language === 'id') o.language = q.language;
    flag('skipOrderSummary'); flag('skipCustomerDetails'); flag('showOrderId');
    if (q.enabledPayments) o.enabledPayments = q.enabledPayments.split(',');
    if (q.autoCloseDelay && /^\d+$/.test(q.autoCloseDelay)) o.autoCloseDelay = Number(q.autoCloseDelay);
    if (q.customerEmail) o.customerEmail = q.customerEmail;
    if (q.customerPhone) o.customerPhone = q.customerPhone;
    return o;
  }

  function onMessage(e) {
    var d = e.data;
    if (!d || typeof d !== 'object') return;
    /* the issuer's 3-D Secure page: kasir's own origin, our own iframe */
    if (S.acs && e.source === S.acs.contentWindow) {
      if (e.origin === location.origin && d.event === '3ds' && d.result && typeof d.result === 'object') {
        S.acs = null;
        showFinal(d.result);
      }
      return;
    }
    /* snap.js: only the origin it named, only our parent */
    if (S.mode !== 'popup' || e.origin !== S.originHost || e.source !== window.parent) return;
    if (d.event === 'token' && !S.token && typeof d.token === 'string') {
      S.token = d.token;
      S.opts = d.options && typeof d.options === 'object' ? d.options : {};
      if (d.isEmbedded) {
        document.documentElement.className = 'mode-embed';
        $('close').hidden = true;
      }
      load();
    }
  }

  /* the request's language (options.language), else Bahasa Indonesia;
   * lang: the customer's own choice on the instructions */
  function setLanguage(lang) {
    S.lang = lang || (S.opts.language === 'en' ? 'en' : 'id');
    document.documentElement.lang = S.lang;
    $('close').setAttribute('aria-label', t('close'));
  }

  function load() {
    setLanguage();
    var path = '/snap/v1/transactions/' + encodeURIComponent(S.token) +
      (S.clientKey ? '?client_key=' + encodeURIComponent(S.clientKey) : '');
    api('GET', path).then(function (r) {
      if (r.status === 200 && r.json && r.json.transaction_details) {
        S.info = r.json;
        if (!S.clientKey && r.json.client_key) S.clientKey = r.json.client_key;
        header();
        if (r.json.pending_payment) K.resume(r.json.pending_payment);
        else if (!S.methods.length) showError(0, t('noMethod'));
        else if (S.opts.skipOrderSummary) showMethods();
        else showSummary();
      } else {
        showError(codeOf(r), message(r.json, ''));
      }
    });
  }

  function header() {
    var info = S.info, td = info.transaction_details || {};
    $('merchant').textContent = (info.merchant && info.merchant.name) || '';
    $('amount').textContent = money(td.gross_amount);
    if (S.opts.showOrderId) {
      $('head-order').textContent = t('orderId') + ': ' + (td.order_id || '');
      $('head-order').hidden = false;
    }
    document.title = ((info.merchant && info.merchant.name) || '') + ' · ' + money(td.gross_amount);
    S.methods = allowedMethods(info.enabled_payments || [], S.opts.enabledPayments);
  }

  /* The backend's list, in its order, filtered by options.enabledPayments
   * (aliases expanded). */
  function allowedMethods(list, want) {
    var keep = null, out = [], i, j, a;
    if (want && want.length) {
      keep = {};
      for (i = 0; i < want.length; i++) {
        a = ALIASES[want[i]] || [want[i]];
        for (j = 0; j < a.length; j++) keep[a[j]] = true;
      }
    }
    for (i = 0; i < list.length; i++) {
      if (!keep || keep[list[i]]) out.push(list[i]);
    }
    return out;
  }

  /* ---- screens ---- */

  function showSummary() {
    var info = S.info, td = info.transaction_details || {}, items = info.item_details || [];
    var list = h('ul', { className: 'items' }), i, it, c = info.customer_details || {};
    for (i = 0; i < items.length; i++) {
      it = items[i];
      list.appendChild(h('li', { className: 'item' }, [
        h('span', { className: 'item-name', text: it.name || it.id || '' }),
        h('span', { className: 'item-qty', text: (it.quantity || 1) + ' × ' + money(it.price) }),
        h('span', { className: 'item-total',
          text: money(String(parseInt(it.price, 10) * (parseInt(it.quantity, 10) || 1))) })
      ]));
    }
    var who = [c.first_name, c.last_name].join(' ').replace(/^\s+|\s+$/g, '');
    var btn = on(h('button', { id: 'continue', type: 'button', className: 'primary', text: t('cont') }),
      'click', showMethods);
    screen('summary', [
      h('h2', { text: t('summary') }),
      S.opts.showOrderId ? h('p', { className: 'order-id', text: t('orderId') + ': ' + (td.order_id || '') }) : null,
      items.length ? list : null,
      h('p', { className: 'total' }, [h('span', { text: t('total') }), h('strong', { text: money(td.gross_amount) })]),
      who || c.email || c.phone ? h('div', { className: 'customer' }, [
        h('h3', { text: t('customer') }),
        who ? h('p', { text: who }) : null,
        c.email ? h('p', { text: c.email }) : null,
        c.phone ? h('p', { text: c.phone }) : null
      ]) : null,
      btn
    ]);
    btn.focus();
  }

  function showMethods() { K.showMethods(); }

  function backButton(fn) {
    return on(h('button', { type: 'button', className: 'back', text: '‹ ' + t('back') }), 'click', fn);
  }

  function field(id, label, input, optional) {
    input.id = id;
    return h('div', { className: 'field', id: id + '-field' }, [
      h('label', { htmlFor: id }, [label, optional ? h('span', { className: 'opt', text: ' ' + t('optional') }) : null]),
      input
    ]);
  }

  function textInput(props) {
    props.type = props.type || 'text';
    return h('input', props);
  }

  /* Keeps digits only, at most max, and formats them with fmt. */
  function digits(input, max, fmt) {
    on(input, 'input', function () {
      var d = input.value.replace(/\D/g, '').slice(0, max);
      var v = fmt ? fmt(d) : d;
      if (v !== input.value) input.value = v;
    });
    return input;
  }
  function groupCard(d) { return d.replace(/(\d{4})(?=\d)/g, '$1 '); }
  function slashExpiry(d) { return d.length > 2 ? d.slice(0, 2) + '/' + d.slice(2) : d; }

  function luhn(num) {
    var sum = 0, dbl = false, i, n;
    for (i = num.length - 1; i >= 0; i--) {
      n = num.charCodeAt(i) - 48;
      if (dbl) { n *= 2; if (n > 9) n -= 9; }
      sum += n;
      dbl = !dbl;
    }
    return num.length >= 12 && sum % 10 === 0;
  }

  function showCard(fromList) {
    var cc = (S.info && S.info.credit_card) || {}, c = S.info.customer_details || {};
    var saved = cc.saved_tokens || [], i, terms = installmentTerms(cc.installment);
    var optional = !!S.opts.skipCustomerDetails;
    var number = digits(textInput({ inputmode: 'numeric', autocomplete: 'cc-number', placeholder: '1234 5678 9012 3456' }), 19, groupCard);
    var expiry = digits(textInput({ inputmode: 'numeric', autocomplete: 'cc-exp', placeholder: 'MM/YY' }), 4, slashExpiry);
    var cvv = digits(textInput({ type: 'password', inputmode: 'numeric', autocomplete: 'cc-csc', placeholder: '123' }), 4);
    var email = textInput({ type: 'email', autocomplete: 'email', value: S.email || S.opts.customerEmail || c.email || '' });
    var phone = textInput({ type: 'tel', autocomplete: 'tel', value: S.phone || S.opts.customerPhone || c.phone || '' });

    var newCard = h('div', { id: 'new-card' }, [
      field('card-number', t('number'), number),
      h('div', { className: 'row' }, [field('card-expiry', t('expiry'), expiry), field('card-cvv', t('cvv'), cvv)])
    ]);
    var savedList = null, savedCvv = null;
    if (saved.length) {
      savedList = h('fieldset', { id: 'saved-cards', className: 'saved' }, [h('legend', { text: t('saved') })]);
      for (i = 0; i < saved.length; i++) {
        savedList.appendChild(h('label', { className: 'saved-card' }, [
          h('input', { type: 'radio', name: 'saved', value: String(i), checked: i === 0, 'data-type': saved[i].type }),
          h('span', { text: saved[i].masked_card || '' }),
          saved[i].type === 'one_click' ? h('span', { className: 'method-note', text: t('oneClick') }) : null
        ]));
      }
      savedList.appendChild(h('label', { className: 'saved-card' }, [
        h('input', { type: 'radio', name: 'saved', value: 'new' }), h('span', { text: t('newCard') })]));
      savedCvv = field('saved-cvv', t('cvv'), digits(textInput({ type: 'password', inputmode: 'numeric', autocomplete: 'cc-csc', placeholder: '123' }), 4));
    }
    var term = null;
    if (terms.length) {
      term = h('select', null, [cc.installment && cc.installment.required ? null : h('option', { value: '', text: t('full') })]);
      for (i = 0; i < terms.length; i++) term.appendChild(h('option', { value: String(terms[i]), text: t('months', terms[i]) }));
    }
    var save = cc.save_card ? h('input', { type: 'checkbox', id: 'save-card' }) : null;
    var err = h('div', { id: 'form-error', className: 'form-error', role: 'alert', hidden: true });
    var payBtn = h('button', { id: 'pay-button', type: 'submit', className: 'primary', text: t('pay') + ' ' + money(S.info.transaction_details.gross_amount) });
    var form = h('form', { id: 'card-form', novalidate: 'novalidate', autocomplete: 'on' }, [
      savedList, savedCvv, newCard,
      term ? field('installment', t('term'), term) : null,
      save ? h('label', { className: 'check' }, [save, h('span', { text: t('save') })]) : null,
      field('email', t('email'), email, optional),
      field('phone', t('phone'), phone, optional),
      err, payBtn
    ]);

    function selectedSaved() {
      if (!savedList) return null;
      var r = form.querySelector('input[name="saved"]:checked');
      return r && r.value !== 'new' ? saved[Number(r.value)] : null;
    }
    function sync() {
      var s = selectedSaved();
      newCard.hidden = !!s;
      if (savedCvv) savedCvv.hidden = !s || s.type === 'one_click';
    }
    if (savedList) on(savedList, 'change', sync);
    sync();

    on(form, 'submit', function (e) {
      e.preventDefault();
      var s = selectedSaved(), problems = [], card = null, n, ex, y, mo, now = new Date();
      if (s) {
        card = { saved: s, cvv: savedCvv.querySelector('input').value };
        if (s.type !== 'one_click' && !/^\d{3,4}$/.test(card.cvv)) problems.push(t('errCvv'));
      } else {
        n = number.value.replace(/\D/g, '');
        ex = /^(\d{2})\/?(\d{2})$/.exec(expiry.value.replace(/\s/g, ''));
        if (!luhn(n)) problems.push(t('errNumber'));
        mo = ex ? Number(ex[1]) : 0;
        y = ex ? 2000 + Number(ex[2]) : 0;
        if (!ex || mo < 1 || mo > 12 || y < now.getFullYear() || (y === now.getFullYear() && mo < now.getMonth() + 1)) problems.push(t('errExpiry'));
        if (!/^\d{3,4}$/.test(cvv.value)) problems.push(t('errCvv'));
        card = { number: n, month: ex ? ex[1] : '', year: String(y), cvv: cvv.value };
      }
      if (term && cc.installment && cc.installment.required && !term.value) problems.push(t('errTerm'));
      if ((!optional || email.value) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.value)) problems.push(t('errEmail'));
      if ((!optional || phone.value) && !/^\+?[0-9][0-9 ()-]{5,19}$/.test(phone.value)) problems.push(t('errPhone'));
      if (problems.length) {
        formError(err, problems.join(' '));
        return;
      }
      err.hidden = true;
      S.email = email.value;
      S.phone = phone.value;
      busy(payBtn, true);
      var extra = { term: term && term.value ? Number(term.value) : 0, save: !!(save && save.checked),
        email: email.value, phone: phone.value };
      pay(card, extra).then(function (problem) {
        if (problem) {
          busy(payBtn, false);
          formError(err, problem);
        }
      });
    });

    screen('card', [
      fromList || !S.opts.skipOrderSummary ? backButton(fromList ? showMethods : showSummary) : null,
      h('h2', { text: t('card') }), form
    ]);
    (savedList ? form.querySelector('input[name="saved"]:checked') : number).focus();
  }

  function installmentTerms(inst) {
    var seen = {}, out = [], bank, i, list;
    var terms = (inst && inst.terms) || {};
    for (bank in terms) {
      list = Object.prototype.hasOwnProperty.call(terms, bank) && terms[bank] && terms[bank].length ? terms[bank] : [];
      for (i = 0; i < list.length; i++) {
        if (typeof list[i] === 'number' && !seen[list[i]]) { seen[list[i]] = true; out.push(list[i]); }
      }
    }
    return out.sort(function (a, b) { return a - b; });
  }

  function busy(btn, yes) {
    btn.disabled = yes;
    btn.textContent = yes ? t('processing') : t('pay') + ' ' + money(S.info.transaction_details.gross_amount);
  }

  function formError(box, text) {
    box.textContent = text;
    box.hidden = false;
    box.scrollIntoView && box.scrollIntoView({ block: 'nearest' });
  }

  /* Tokenizes the card (or the saved card) and charges it. Resolves a
   * message to show in the form, or '' when another screen took over. */
  function pay(card, extra) {
    var ck = 'client_key=' + encodeURIComponent(S.clientKey), step;
    if (card.saved) {
      /* two clicks: a fresh CVV; one click: none */
      step = api('GET', '/v2/token?' + ck + '&saved_token_id=' + encodeURIComponent(card.saved.token) +
        (card.saved.type === 'one_click' ? '' : '&card_cvv=' + encodeURIComponent(card.cvv)));
    } else {
      step = api('GET', '/v2/token?' + ck + '&card_number=' + card.number + '&card_exp_month=' + card.month +
        '&card_exp_year=' + card.year + '&card_cvv=' + encodeURIComponent(card.cvv));
    }
    return step.then(function (r) {
      if (r.status === 0) return t('errNet');
      if (r.status !== 200 || !r.json || !r.json.token_id) return message(r.json, t('eGen'));
      var cc = { token_id: r.json.token_id }, body = { payment_type: 'credit_card', credit_card: cc }, cust = {};
      if (extra.term) cc.installment_term = extra.term;
      if (extra.save) cc.save_card = true;
      if (extra.email) cust.email = extra.email;
      if (extra.phone) cust.phone = extra.phone;
      if (extra.email || extra.phone) body.customer_details = cust;
      return api('POST', '/snap/v1/transactions/' + encodeURIComponent(S.token) + '/pay', body).then(charged);
    });
  }

  function charged(r) {
    var j = r.json;
    if (r.status === 0) return t('errNet');
    if (j && j.status_code === '201' && j.redirect_url) {
      show3ds(j);
      return '';
    }
    if (isPageError(codeOf(r))) {
      showError(codeOf(r), message(j, ''));
      return '';
    }
    if (r.status >= 200 && r.status < 300 && j && j.status_code) {
      showFinal(j);
      return '';
    }
    return message(j, t('eGen'));
  }

  function show3ds(res) {
    var url = String(res.redirect_url);
    url += (url.indexOf('?') < 0 ? '?' : '&') + 'language=' + S.lang;
    S.acs = h('iframe', { id: 'acs', className: 'acs', src: url, title: t('tds') });
    screen('threeds', [h('h2', { text: t('tds') }), h('p', { className: 'muted', text: t('tdsText') }), S.acs]);
  }

  function showFinal(result) {
    var card = result.payment_type === 'credit_card', code = String(result.status_code), kind = code === '200' ? 'success' : code === '201' ? 'pending' : 'failure';
    var text = kind === 'failure' ? message(result, '') : kind === 'pending' ? t('pendingText') : '';
    var rows = [[t('orderId'), result.order_id], [t('amount'), result.gross_amount && money(result.gross_amount)],
      [t('cardLabel'), result.masked_card], [t('method'), result.payment_type !== 'credit_card' && K.label(result)]], dl = h('dl', { className: 'details' }), i;
    S.result = result;
    S.acs = null;
    for (i = 0; i < rows.length; i++) {
      if (rows[i][1]) {
        dl.appendChild(h('dt', { text: rows[i][0] }));
        dl.appendChild(h('dd', { text: String(rows[i][1]) }));
      }
    }
    var canReturn = S.mode !== 'vtweb' || /^https?:\/\//.test(result.finish_redirect_url || '');
    var box = screen('final', [
      h('div', { className: 'icon icon-' + kind, 'aria-hidden': 'true', text: kind === 'success' ? '✓' : kind === 'pending' ? '…' : '✕' }),
      h('h2', { id: 'final-title', text: t(kind) }),
      text ? h('p', { id: 'final-message', className: 'muted', text: text }) : null,
      dl,
      canReturn ? on(h('button', { id: 'to-merchant', type: 'button', className: 'primary', text: t('toMerchant') }), 'click', report) : null,
      code === '202' && S.info && !S.error ? on(h('button', { id: 'retry', type: 'button', className: 'secondary',
        text: t(card ? 'retry' : 'retryOther') }), 'click', function () { S.result = null; if (card) showCard(false); else showMethods(); }) : null
    ]);
    box.setAttribute('data-status', kind);
    var delay = typeof S.opts.autoCloseDelay === 'number' ? S.opts.autoCloseDelay : AUTO_CLOSE_S;
    if (kind !== 'failure' && delay > 0 && canReturn) S.timer = setTimeout(report, delay * 1000);
  }

  /* The end: the result goes to snap.js, or the full page goes to the
   * merchant's finish URL. Once only. */
  function report() {
    if (S.reported || !S.result) return;
    S.reported = true;
    clearTimeout(S.timer);
    if (S.mode === 'vtweb') {
      if (/^https?:\/\//.test(S.result.finish_redirect_url || '')) location.href = S.result.finish_redirect_url;
      return;
    }
    toParent({ event: 'result', data: S.result });
  }

  function showError(status, serverText, custom) {
    var key = isPageError(status) ? 'e' + status : 'eGen';
    S.error = true;
    S.result = status ? { status_code: String(status), status_message: [serverText || t(key + 't')] } : null;
    if (S.info && S.result && S.info.transaction_details) S.result.order_id = S.info.transaction_details.order_id;
    var box = screen('error', [
      h('div', { className: 'icon icon-failure', 'aria-hidden': 'true', text: '!' }),
      h('h2', { id: 'error-title', text: custom || (status ? t(key) : t('eGen')) }),
      h('p', { id: 'error-message', className: 'muted', text: status ? t(key + 't') : serverText || t('eGent') }),
      S.mode !== 'vtweb' && window.parent !== window ? on(h('button', { id: 'error-close', type: 'button', className: 'primary', text: t('close') }),
        'click', closeClicked) : null
    ]);
    box.setAttribute('data-code', String(status));
  }

  /* The x of the popup: after a result or an error the merchant hears of
   * it (onSuccess/onPending/onError); before, it is a close (onClose). */
  function closeClicked() {
    if (S.result) report();
    else toParent({ event: 'hide' });
  }

  K.t = t; K.h = h; K.on = on; K.$ = $; K.screen = screen; K.money = money; K.api = api; K.codeOf = codeOf;
  K.message = message; K.isPageError = isPageError; K.showError = showError; K.showFinal = showFinal;
  K.report = report; K.backButton = backButton; K.field = field; K.textInput = textInput; K.digits = digits;
  K.groupCard = groupCard; K.formError = formError; K.busy = busy; K.showCard = showCard; K.showSummary = showSummary;
  K.setLanguage = setLanguage; K.load = load;
  /* deferred scripts run before DOMContentLoaded: start when all of them ran */
  if (document.readyState === 'complete') init();
  else on(document, 'DOMContentLoaded', init);
}());
