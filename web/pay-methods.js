/* kasir payment page, every method but the card (SPEC 4): the grouped
 * method list, one form per method, the pending screen (the number to pay,
 * the deadline, the instructions of pay-guide.js) and the bank pages of the
 * redirect methods, framed as the 3-D Secure page is and followed both by
 * their postMessage and by polling the payment's status. */
(function () {
  'use strict';
  var K = window.kasirPage, S = K.S, h = K.h, on = K.on, t = K.t;

  var TX = {
    en: {
      gBank: 'ATM / Bank transfer', gBill: 'Mandiri Bill Payment', gStore: 'Convenience store',
      gDebit: 'Direct debit / Internet banking', gWallet: 'E-wallet', gOther: 'Other',
      numIntro: 'You get a number to pay before the deadline; the payment is confirmed automatically.',
      bankIntro: 'Confirm the payment on your bank\'s page.',
      klikIntro: 'Enter your KlikBCA user ID, then pay on KlikBCA before the deadline.',
      vaNumber: 'Virtual account number', billKey: 'Bill key', biller: 'Biller code', payCode: 'Payment code',
      userId: 'KlikBCA user ID', cpNumber: 'Mandiri debit card number', cpToken: 'Token response',
      cpHow: 'On your Mandiri token press 3 (APPLI 3), enter these numbers and type the response below.',
      tcash: 'Telkomsel Cash number', msisdn: 'Indosat phone number', errField: 'Check the field: {n}.'
    },
    id: {
      gBank: 'ATM / Transfer bank', gBill: 'Mandiri Bill Payment', gStore: 'Gerai retail',
      gDebit: 'Debit langsung / Internet banking', gWallet: 'Dompet elektronik', gOther: 'Lainnya',
      numIntro: 'Anda mendapat nomor untuk dibayar sebelum batas waktu; pembayaran dikonfirmasi otomatis.',
      bankIntro: 'Konfirmasi pembayaran di halaman bank Anda.',
      klikIntro: 'Masukkan user ID KlikBCA Anda, lalu bayar di KlikBCA sebelum batas waktu.',
      vaNumber: 'Nomor virtual account', billKey: 'Kode bayar (bill key)', biller: 'Kode perusahaan (biller code)',
      payCode: 'Kode pembayaran', userId: 'User ID KlikBCA', cpNumber: 'Nomor kartu debit Mandiri',
      cpToken: 'Respons token', cpHow: 'Pada token Mandiri tekan 3 (APPLI 3), masukkan angka-angka ini dan ketik responsnya di bawah.',
      tcash: 'Nomor Telkomsel Cash', msisdn: 'Nomor ponsel Indosat', errField: 'Periksa isian: {n}.'
    }
  };
  var k, l;
  for (l in TX) for (k in TX[l]) K.T[l][k] = TX[l][k];

  var NAMES = {
    mandiri_clickpay: 'Mandiri Clickpay', cimb_clicks: 'CIMB Clicks', bca_klikbca: 'KlikBCA',
    bca_klikpay: 'BCA KlikPay', bri_epay: 'BRI e-Pay', telkomsel_cash: 'Telkomsel Cash',
    echannel: 'Mandiri Bill Payment', indosat_dompetku: 'Indosat Dompetku',
    mandiri_ecash: 'Mandiri e-cash', permata_va: 'Permata Virtual Account',
    bca_va: 'BCA Virtual Account', bni_va: 'BNI Virtual Account', other_va: 'ATM Bersama / Prima / Alto',
    kioson: 'Kioson', indomaret: 'Indomaret', gci: 'GCI', danamon_online: 'Danamon Online Banking',
    bank_transfer: 'Bank transfer', cstore: 'Convenience store'
  };
  /* as Midtrans Snap groups them; inside a group, SPEC 4.1 order */
  var GROUPS = [
    [null, ['credit_card']],
    ['gBank', ['permata_va', 'bca_va', 'bni_va', 'other_va']],
    ['gBill', ['echannel']],
    ['gStore', ['kioson', 'indomaret']],
    ['gDebit', ['mandiri_clickpay', 'cimb_clicks', 'bca_klikbca', 'bca_klikpay', 'bri_epay', 'gci', 'danamon_online']],
    ['gWallet', ['telkomsel_cash', 'indosat_dompetku', 'mandiri_ecash']]
  ];
  var BANK = { permata_va: 'permata', other_va: 'permata', bca_va: 'bca', bni_va: 'bni' };
  var NUMBER = /^(permata_va|bca_va|bni_va|other_va|echannel|kioson|indomaret)$/;
  var REDIRECT = /^(cimb_clicks|bri_epay|bca_klikpay|gci|danamon_online|mandiri_ecash)$/;
  /* the fields of the credential methods: body key, label, pattern, digits-only length */
  var FIELDS = {
    bca_klikbca: [['user_id', 'userId', /^[A-Za-z0-9._-]{1,40}$/, 0]],
    mandiri_clickpay: [['card_number', 'cpNumber', /^\d{12,19}$/, 19], ['token', 'cpToken', /^\d{6}$/, 6]],
    telkomsel_cash: [['customer', 'tcash', /^\d{6,15}$/, 15]],
    indosat_dompetku: [['msisdn', 'msisdn', /^\d{6,15}$/, 15]]
  };

  /* The channel a result belongs to (for its name and its instructions). */
  function channel(r) {
    var va = r.va_numbers && r.va_numbers[0];
    if (r.permata_va_number) {
      return S.choice === 'other_va' || (S.methods.indexOf('permata_va') < 0 && S.methods.indexOf('other_va') >= 0) ?
        'other_va' : 'permata_va';
    }
    if (va && va.bank) return va.bank + '_va';
    if (r.payment_type === 'cstore' && r.store) return r.store;
    return r.payment_type;
  }
  function label(name) { return name === 'credit_card' ? t('card') : NAMES[name] || name; }
  K.channel = channel;
  K.label = function (r) { return r.payment_type ? label(channel(r)) : ''; };

  K.showMethods = function () {
    var one = S.methods.length === 1 ? S.methods[0] : '';
    if (one === 'credit_card') return K.showCard(false);
    if (one && (NUMBER.test(one) || REDIRECT.test(one) || FIELDS[one])) return showMethod(one);
    var kids = [S.opts.skipOrderSummary ? null : K.backButton(K.showSummary), h('h2', { text: t('choose') })];
    var known = {}, rest = [], g, i, j, list, name;
    for (g = 0; g < GROUPS.length; g++) {
      list = null;
      for (j = 0; j < GROUPS[g][1].length; j++) {
        name = GROUPS[g][1][j];
        known[name] = true;
        if (S.methods.indexOf(name) < 0) continue;
        if (!list) list = h('ul', { className: 'methods' });
        list.appendChild(h('li', null, [tile(name, true)]));
      }
      if (list) kids.push(GROUPS[g][0] ? h('h3', { className: 'group', text: t(GROUPS[g][0]) }) : null, list);
    }
    for (i = 0; i < S.methods.length; i++) {
      if (!known[S.methods[i]]) rest.push(h('li', null, [tile(S.methods[i], false)]));
    }
    if (rest.length) kids.push(h('h3', { className: 'group', text: t('gOther') }), h('ul', { className: 'methods' }, rest));
    K.screen('methods', kids);
  };

  function tile(name, usable) {
    var b = h('button', { type: 'button', className: 'method', 'data-method': name, disabled: !usable }, [
      h('span', { className: 'method-name', text: label(name) }),
      usable ? null : h('span', { className: 'method-note', text: t('notYet') })
    ]);
    return on(b, 'click', function () {
      if (name === 'credit_card') K.showCard(true);
      else showMethod(name);
    });
  }

  /* The form of one method: its fields (none for most) and the Pay button. */
  function showMethod(name) {
    var defs = FIELDS[name] || [], inputs = {}, kids = [], i, d, input;
    for (i = 0; i < defs.length; i++) {
      d = defs[i];
      input = K.textInput({ type: d[3] ? 'tel' : 'text', inputmode: d[3] ? 'numeric' : null, autocomplete: 'off' });
      if (d[3]) K.digits(input, d[3], d[0] === 'card_number' ? K.groupCard : null);
      inputs[d[0]] = input;
      kids.push(K.field('m-' + d[0], t(d[1]), input));
    }
    if (name === 'mandiri_clickpay') kids.splice(1, 0, challenge(inputs.card_number));
    var err = h('div', { id: 'form-error', className: 'form-error', role: 'alert', hidden: true });
    var btn = h('button', { id: 'pay-button', type: 'submit', className: 'primary' });
    K.busy(btn, false);
    var form = on(h('form', { id: 'method-form', novalidate: 'novalidate', 'data-method': name }, kids.concat([err, btn])),
      'submit', function (e) {
        e.preventDefault();
        var v = defs.length ? {} : null, bad = [], j, val;
        for (j = 0; j < defs.length; j++) {
          val = inputs[defs[j][0]].value.replace(/\s/g, '');
          if (!defs[j][2].test(val)) bad.push(t('errField', t(defs[j][1])));
          v[defs[j][0]] = val;
        }
        if (bad.length) return K.formError(err, bad.join(' '));
        err.hidden = true;
        K.busy(btn, true);
        charge(name, v).then(function (problem) {
          if (!problem) return;
          K.busy(btn, false);
          K.formError(err, problem);
        });
      });
    var back = S.methods.length > 1 ? K.showMethods : S.opts.skipOrderSummary ? null : K.showSummary;
    var intro = NUMBER.test(name) ? 'numIntro' : REDIRECT.test(name) ? 'bankIntro' : name === 'bca_klikbca' ? 'klikIntro' : '';
    K.screen('method', [
      back ? K.backButton(back) : null,
      h('h2', { text: label(name) }),
      intro ? h('p', { className: 'muted', text: t(intro) }) : null,
      form
    ]);
    (defs.length ? inputs[defs[0][0]] : btn).focus();
    need(function () {});
  }

  /* Mandiri Clickpay's challenge, as Midtrans shows it: input 1 the last
   * 10 digits of the card, input 2 the amount, input 3 a random number. */
  function challenge(card) {
    var one = h('dd', { id: 'cp-input1', text: '-' }), rnd = String(10000 + Math.floor(Math.random() * 90000));
    on(card, 'input', function () { one.textContent = card.value.replace(/\D/g, '').slice(-10) || '-'; });
    return h('div', { className: 'hint' }, [
      h('p', { text: t('cpHow') }),
      h('dl', { className: 'details' }, [
        h('dt', { text: 'Input 1' }), one,
        h('dt', { text: 'Input 2' }), h('dd', { id: 'cp-input2', text: String(S.info.transaction_details.gross_amount).split('.')[0] }),
        h('dt', { text: 'Input 3' }), h('dd', { id: 'cp-input3', text: rnd })
      ])
    ]);
  }

  function charge(name, values) {
    var body = { payment_type: name };
    if (BANK[name]) body = { payment_type: 'bank_transfer', bank_transfer: { bank: BANK[name] } };
    else if (name === 'kioson' || name === 'indomaret') body = { payment_type: 'cstore', cstore: { store: name } };
    else if (values) body[name] = values;
    S.choice = name;
    return K.api('POST', '/snap/v1/transactions/' + encodeURIComponent(S.token) + '/pay', body).then(function (r) {
      var j = r.json, c = K.codeOf(r);
      if (r.status === 0) return t('errNet');
      /* a payment is already open (another tab): the info shows it */
      if (c === 406) return K.load();
      if (K.isPageError(c)) return K.showError(c, K.message(j, ''));
      if (r.status >= 200 && r.status < 300 && j && j.status_code) return K.resume(j);
      return K.message(j, t('eGen'));
    });
  }

  /* Shows a payment: a pending one goes on (instructions or bank page),
   * an ended one gets the final screen. */
  K.resume = function (r) {
    if (String(r.status_code) !== '201') return K.showFinal(r);
    need(function () {
      if (r.redirect_url && r.payment_type !== 'bca_klikbca') K.showBank(r);
      else K.showPending(r);
    });
  };

  /* The pending screens (pay-pending.js) and the instructions (pay-guide.js)
   * matter only once a payment is pending: they load when a method other
   * than the card is opened, not with the page. */
  var LAZY = ['pay-pending.js', 'pay-guide.js'], waiting = null;
  function need(then) {
    if (K.showPending && K.guide) return then();
    if (waiting) return waiting.push(then);
    waiting = [then];
    var left = LAZY.length, i;
    function loaded(e) {
      var w = waiting;
      if (e.type === 'error') {
        waiting = null;
        return K.showError(0, t('errNet'));
      }
      if (--left) return;
      waiting = null;
      while (w && w.length) w.shift()();
    }
    for (i = 0; i < LAZY.length; i++) {
      var el = h('script', { src: '/snap/assets/' + LAZY[i] });
      el.async = false;
      on(on(el, 'load', loaded), 'error', loaded);
      document.head.appendChild(el);
    }
  }

}());
