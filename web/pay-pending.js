/* kasir payment page: a pending payment of a method other than the card.
 * The number to pay with its deadline and instructions (pay-guide.js), or
 * the bank's page of a redirect method, framed as the 3-D Secure page is;
 * either ends by the status poll, or by the bank page's postMessage. Loaded
 * by pay-methods.js when needed. */
(function () {
  'use strict';
  var K = window.kasirPage, S = K.S, h = K.h, on = K.on, t = K.t;

  var TX = {
    en: {
      complete: 'Complete your payment', payBefore: 'Pay before', howTo: 'How to pay',
      copy: 'Copy', copied: 'Copied', autoClose: 'This window closes in {n} seconds.',
      sim: 'Sandbox: pay it on the simulator', openKlik: 'Open KlikBCA', bankPage: 'Bank page', other: 'Bahasa Indonesia'
    },
    id: {
      complete: 'Selesaikan pembayaran Anda', payBefore: 'Bayar sebelum', howTo: 'Cara membayar',
      copy: 'Salin', copied: 'Tersalin', autoClose: 'Jendela ini tertutup dalam {n} detik.',
      sim: 'Sandbox: bayar di simulator', openKlik: 'Buka KlikBCA', bankPage: 'Halaman bank', other: 'English'
    }
  };
  var k, l;
  for (l in TX) for (k in TX[l]) K.T[l][k] = TX[l][k];
  var POLL_MS = 1500;

  /* The bank's page in a frame, as the 3-D Secure page; it ends by a
   * postMessage from it or by the status poll, whichever comes first. */
  K.showBank = function (r) {
    var url = String(r.redirect_url);
    url += (url.indexOf('?') < 0 ? '?' : '&') + 'language=' + S.lang;
    K.screen('redirect', [h('h2', { text: K.label(r) }), h('p', { className: 'muted', text: t('bankIntro') }), frame(url)]);
    S.result = r;
    poll();
  };

  function frame(url) {
    S.sim = h('iframe', { id: 'bank', className: 'acs', src: url, title: t('bankPage') });
    return S.sim;
  }

  on(window, 'message', function (e) {
    var d = e.data;
    if (!S.sim || e.source !== S.sim.contentWindow || e.origin !== location.origin) return;
    if (d && d.event === 'sim' && d.result && typeof d.result === 'object' && d.result.transaction_status !== 'pending') {
      K.showFinal(d.result);
    }
  });

  /* Asks for the payment's status until it is no longer pending. */
  function poll() {
    var id = S.poll = setTimeout(function () {
      K.api('GET', '/snap/v1/transactions/' + encodeURIComponent(S.token) + '/status').then(function (r) {
        if (S.poll !== id || S.reported) return;
        if (r.status === 200 && r.json && r.json.transaction_status && r.json.transaction_status !== 'pending') {
          K.showFinal(r.json);
        } else {
          poll();
        }
      });
    }, POLL_MS);
  }

  function numbers(r) {
    var va = r.va_numbers && r.va_numbers[0];
    if (r.permata_va_number) return [['va-number', 'vaNumber', r.permata_va_number]];
    if (va) return [['va-number', 'vaNumber', va.va_number]];
    if (r.bill_key) return [['biller-code', 'biller', r.biller_code], ['bill-key', 'billKey', r.bill_key]];
    if (r.payment_code) return [['payment-code', 'payCode', r.payment_code]];
    return [];
  }

  /* What to pay, by when, and how, in the page's language (switchable). */
  K.showPending = function (r) {
    var ch = K.channel(r), nums = numbers(r), kids = [], steps = h('ol', { id: 'guide', className: 'guide' });
    var guide = K.guide(ch, S.lang), i, v = nums.length ? nums[nums.length - 1][2] : '';
    var canReturn = S.mode !== 'vtweb' || /^https?:\/\//.test(r.finish_redirect_url || '');
    var delay = S.opts.autoCloseDelay, closes = (r.payment_type === 'bank_transfer' || ch === 'indomaret') &&
      typeof delay === 'number' && delay > 0 && canReturn;
    for (i = 0; i < guide.length; i++) {
      steps.appendChild(h('li', { text: guide[i].replace('{v}', v).replace('{b}', r.biller_code || '') }));
    }
    for (i = 0; i < nums.length; i++) {
      kids.push(h('div', { className: 'paynum' }, [
        h('div', { className: 'muted', text: t(nums[i][1]) }),
        h('div', { className: 'paynum-row' }, [h('strong', { id: nums[i][0], text: String(nums[i][2]) }), copyButton(String(nums[i][2]))])
      ]));
    }
    var box = K.screen('pending', [
      h('div', { className: 'icon icon-pending', 'aria-hidden': 'true', text: '…' }),
      h('h2', { id: 'final-title', text: t('complete') }),
      h('p', { id: 'pending-method', className: 'muted', text: K.label(r) }),
      h('div', null, kids),
      h('dl', { className: 'details' }, [
        h('dt', { text: t('amount') }), h('dd', { text: K.money(r.gross_amount) }),
        h('dt', { text: t('orderId') }), h('dd', { text: r.order_id || '' }),
        r.expiry_time ? h('dt', { text: t('payBefore') }) : null,
        r.expiry_time ? h('dd', { id: 'deadline', text: String(r.expiry_time).slice(0, 16) + ' WIB' }) : null
      ]),
      h('div', { className: 'guide-head' }, [h('h3', { text: t('howTo') }),
        on(h('button', { id: 'lang-switch', type: 'button', className: 'back', text: t('other') }), 'click', function () {
          K.setLanguage(S.lang === 'en' ? 'id' : 'en');
          K.showPending(r);
        })]),
      steps,
      ch === 'bca_klikbca' ? on(h('button', { id: 'open-bank', type: 'button', className: 'secondary', text: t('openKlik') }),
        'click', function (e) { e.target.parentNode.replaceChild(frame(r.redirect_url), e.target); }) : null,
      S.info && S.info.environment === 'sandbox' ? h('p', { className: 'hint' }, [h('a', { id: 'sim-link',
        href: '/sim/' + (ch === 'other_va' ? 'permata_va' : ch), target: '_blank', rel: 'noopener', text: t('sim') })]) : null,
      closes ? h('p', { id: 'auto-close', className: 'muted', text: t('autoClose', delay) }) : null,
      canReturn ? on(h('button', { id: 'to-merchant', type: 'button', className: 'primary', text: t('toMerchant') }), 'click', K.report) : null
    ]);
    box.setAttribute('data-status', 'pending');
    box.setAttribute('data-channel', ch);
    S.result = r;
    if (closes) S.timer = setTimeout(K.report, delay * 1000);
    poll();
  };

  function copyButton(value) {
    var b = h('button', { type: 'button', className: 'copy', text: t('copy') });
    function copied() { b.textContent = t('copied'); }
    function fallback() {
      var ta = h('textarea', { value: value, readonly: 'readonly', className: 'offscreen' });
      document.body.appendChild(ta);
      ta.select();
      try { if (document.execCommand('copy')) copied(); } catch (e) { /* nothing to copy with */ }
      document.body.removeChild(ta);
    }
    return on(b, 'click', function () {
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).then(copied, fallback);
      else fallback();
    });
  }
}());
