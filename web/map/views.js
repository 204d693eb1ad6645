// The portal's pages: transactions (list and detail) and settings. The
// dashboard is in dashboard.js. Loaded last: it starts the app.
'use strict';
(function () {
  var el = KS.el;
  var t = KS.t;
  var STATUSES = ['pending', 'authorize', 'capture', 'settlement', 'deny', 'cancel', 'expire', 'refund', 'partial_refund'];
  var METHODS = ['credit_card', 'bank_transfer', 'echannel', 'permata_va', 'bca_va', 'bni_va', 'other_va',
    'bca_klikpay', 'bca_klikbca', 'bri_epay', 'cimb_clicks', 'danamon_online', 'mandiri_clickpay',
    'telkomsel_cash', 'indosat_dompetku', 'mandiri_ecash', 'cstore', 'indomaret', 'kioson', 'gci'];

  function options(list, label) {
    return [el('option', { value: '', text: label })].concat(list.map(function (v) { return el('option', { value: v, text: v }); }));
  }

  function statusText(t) { return t.transaction_status + (t.fraud_status ? ' (' + t.fraud_status + ')' : ''); }

  // ---- transactions list ----
  KS.state.views.transactions = function (box, args, current) {
    if (args[0]) return detail(box, args[0], current);
    var q = KS.state.query || {};
    var f = {
      order: el('input', { id: 'q-order', placeholder: t('order id'), value: q.order_id || '' }),
      status: el('select', { id: 'q-status' }, options(STATUSES, t('any status'))),
      method: el('select', { id: 'q-method' }, options(METHODS, t('any method'))),
      from: el('input', { id: 'q-from', type: 'date', value: q.from || '' }),
      to: el('input', { id: 'q-to', type: 'date', value: q.to || '' }),
    };
    f.status.value = q.status || '';
    f.method.value = q.method || '';
    var err = el('p', { id: 'q-error', class: 'form-error' });
    var tbody = el('tbody');
    var more = el('button', { id: 'txn-more', type: 'button', class: 'secondary', hidden: true, text: t('More') });
    var count = el('p', { id: 'txn-count', class: 'muted' });
    var form = el('form', { class: 'filters', id: 'txn-filters' }, [
      el('label', {}, [t('Order id'), f.order]), el('label', {}, [t('Status'), f.status]),
      el('label', {}, [t('Method'), f.method]), el('label', {}, [t('From'), f.from]), el('label', {}, [t('To'), f.to]),
      el('button', { id: 'q-search', type: 'submit', text: t('Search') }),
    ]);
    box.appendChild(el('h1', { text: t('Transactions') }));
    box.appendChild(form);
    box.appendChild(err);
    box.appendChild(el('table', { id: 'txn-table' }, [
      el('thead', {}, [el('tr', {}, ['Time', 'Order id', 'Customer', 'Method', 'Status', 'Amount'].map(function (h) { return el('th', { text: t(h) }); }))]),
      tbody]));
    box.appendChild(count);
    box.appendChild(more);
    var cursor = null, shown = 0;

    async function load(reset) {
      var p = new URLSearchParams();
      var query = { order_id: f.order.value.trim(), status: f.status.value, method: f.method.value, from: f.from.value, to: f.to.value };
      KS.state.query = query;
      Object.keys(query).forEach(function (k) { if (query[k]) p.set(k, query[k]); });
      if (!reset && cursor) p.set('cursor', cursor);
      var r = await KS.envApi('GET', '/transactions?' + p.toString());
      if (!current()) return;
      if (reset) { tbody.textContent = ''; shown = 0; }
      if (r.status !== 200) {
        err.textContent = r.data.errors ? Object.keys(r.data.errors).map(function (k) { return k + ': ' + r.data.errors[k]; }).join('; ') : (r.data.error || 'error ' + r.status);
        return;
      }
      err.textContent = '';
      r.data.transactions.forEach(function (row) {
        var link = el('a', { href: '#/' + KS.state.env + '/transactions/' + encodeURIComponent(row.transaction_id), class: 'order-link', text: row.order_id });
        tbody.appendChild(el('tr', { 'data-id': row.transaction_id }, [
          el('td', { text: KS.time(row.created_at) }), el('td', {}, [link]), el('td', { class: 'customer', text: row.customer }),
          el('td', { text: row.payment_type }), el('td', { class: 'status', text: statusText(row) }),
          el('td', { text: KS.money(row.gross_amount) })]));
      });
      shown += r.data.transactions.length;
      count.textContent = shown ? shown + ' ' + t('shown') : t('No transactions');
      cursor = r.data.next;
      more.hidden = !cursor;
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); load(true); });
    more.addEventListener('click', function () { load(false); });
    load(true);
  };

  // ---- transaction detail ----
  async function detail(box, id, current) {
    var r = await KS.envApi('GET', '/transactions/' + encodeURIComponent(id));
    if (!current()) return;
    box.appendChild(el('p', {}, [el('a', { href: '#/' + KS.state.env + '/transactions', id: 'back', text: t('← Transactions') })]));
    if (r.status !== 200) {
      box.appendChild(el('p', { id: 'txn-missing', class: 'form-error', text: r.data.error || 'error ' + r.status }));
      return;
    }
    var d = r.data, tx = d.transaction;
    var kv = [['Order id', tx.order_id, 'd-order'], ['Transaction id', tx.transaction_id, 'd-txid'],
      ['Status', statusText(tx), 'd-status'], ['Status code', tx.status_code + ' ' + tx.status_message, 'd-code'],
      ['Method', tx.payment_type, 'd-method'], ['Amount', KS.money(tx.gross_amount), 'd-amount'],
      ['Created', KS.time(tx.created_at), 'd-created'], ['Updated', KS.time(tx.updated_at), 'd-updated']];
    var cust = d.order.request && d.order.request.customer_details;
    if (cust) kv.push(['Customer', [cust.first_name, cust.last_name].filter(Boolean).join(' '), 'd-customer']);
    if (tx.details && tx.details.masked_card) kv.push(['Card', tx.details.masked_card, 'd-card']);
    box.appendChild(el('section', { class: 'card', id: 'txn-detail' }, [el('h1', { text: t('Transaction') + ' ' + tx.order_id }),
      el('dl', { class: 'kv' }, [].concat.apply([], kv.map(function (p) { return [el('dt', { text: t(p[0]) }), el('dd', { id: p[2], text: p[1] })]; })))]));

    // actions the state allows
    var amount = el('input', { id: 'action-amount', placeholder: t('amount (optional)'), inputmode: 'numeric' });
    var msg = el('p', { id: 'action-message', class: 'form-error' });
    var buttons = d.actions.map(function (a) {
      return el('button', { type: 'button', class: a === 'deny' || a === 'cancel' ? 'danger' : '', 'data-action': a, text: t(a === 'resend' ? 'Send notification again' : a[0].toUpperCase() + a.slice(1)),
        on: { click: async function () {
          var body = {};
          if ((a === 'refund' || a === 'capture') && amount.value.trim()) body.amount = amount.value.trim();
          var res = await KS.envApi('POST', '/transactions/' + encodeURIComponent(id) + '/' + a, body);
          if (!current()) return;
          if (res.status === 200) KS.route();
          else msg.textContent = res.data.errors ? res.data.errors.amount : (res.data.error || 'error ' + res.status);
        } } });
    });
    var hasAmount = d.actions.indexOf('refund') >= 0 || d.actions.indexOf('capture') >= 0;
    box.appendChild(el('section', { class: 'card actions', id: 'txn-actions' }, [el('h2', { text: t('Actions') })]
      .concat(buttons.length ? buttons : [el('p', { class: 'muted', text: t('No action is possible in this state.') })])
      .concat(hasAmount ? [el('div', {}, [amount])] : []).concat([msg])));

    // status history
    box.appendChild(el('section', { class: 'card' }, [el('h2', { text: t('Status history') }), el('table', { id: 'history' }, [
      el('thead', {}, [el('tr', {}, ['Time', 'From', 'To', 'Cause'].map(function (h) { return el('th', { text: t(h) }); }))]),
      el('tbody', {}, d.history.map(function (h) {
        return el('tr', {}, [el('td', { text: KS.time(h.at) }), el('td', { text: h.from || '—' }), el('td', { text: h.to }), el('td', { text: h.cause })]);
      }))])]));

    // notifications and emails with every attempt
    var dl = el('div', { id: 'deliveries' });
    if (!d.deliveries.length) dl.appendChild(el('p', { class: 'muted', text: t('No notification was sent for this transaction.') }));
    d.deliveries.forEach(function (o) {
      dl.appendChild(el('div', { class: 'delivery', 'data-outbox': o.id }, [
        el('p', {}, [el('strong', { text: o.kind === 'email' ? 'Email ' : 'HTTP ' }), el('span', { class: 'target', text: o.target }),
          el('span', { class: 'muted', text: ' · ' + o.state + ' · queued ' + KS.time(o.created_at) })]),
        el('table', { class: 'attempts' }, [el('tbody', {}, o.attempts.length ? o.attempts.map(function (a) {
          return el('tr', { class: 'attempt' }, [el('td', { text: KS.time(a.at) }), el('td', { class: 'answer', text: a.http_status ? 'HTTP ' + a.http_status : 'no answer' }),
            el('td', { text: a.latency_ms + ' ms' }), el('td', { text: a.error })]);
        }) : [el('tr', {}, [el('td', { class: 'muted', text: t('not tried yet') })])])])]));
    });
    box.appendChild(el('section', { class: 'card' }, [el('h2', { text: t('Notifications') }), dl]));

    // the request as received
    box.appendChild(el('section', { class: 'card' }, [el('h2', { text: t('Request as received') }),
      el('pre', { id: 'request-json', text: JSON.stringify(d.order.request, null, 2) })]));
  }

  // ---- settings ----
  function field(label, name, value, type) {
    return [el('label', {}, [t(label), el('input', { name: name, id: 'set-' + name, value: value || '', type: type || 'text' })]),
      el('span', { class: 'field-error', 'data-field': name })];
  }

  function section(id, title, kids, save) {
    var saved = el('span', { class: 'saved', id: id + '-saved' });
    var form = el('form', { id: 'settings-' + id, novalidate: true }, kids.concat([el('p', {}, [el('button', { type: 'submit', id: id + '-save', text: t('Save') }), saved])]));
    form.addEventListener('submit', async function (e) {
      e.preventDefault();
      saved.textContent = '';
      var r = await KS.envApi('POST', '/settings/' + id, save(form));
      KS.fieldErrors(form, r.data.errors);
      if (r.status === 200) {
        saved.textContent = t('Saved');
        if (id === 'general') document.getElementById('merchant-name').textContent = val(form, 'name');
      }
      else if (!r.data.errors) saved.textContent = r.data.error || 'error ' + r.status;
    });
    return el('section', { class: 'card' }, [el('h2', { text: t(title) }), form]);
  }

  function val(form, name) { return form.querySelector('[name="' + name + '"]').value; }

  KS.state.views.settings = async function (box, args, current) {
    var r = await KS.envApi('GET', '/settings');
    if (!current() || r.status !== 200) return;
    var s = r.data;
    box.appendChild(el('h1', { text: t('Settings') + ' · ' + t(s.environment === 'production' ? 'Production' : 'Sandbox') }));
    box.appendChild(section('general', 'General', field('Merchant name', 'name', s.general.name).concat(field('Merchant URL', 'url', s.general.url)),
      function (f) { return { name: val(f, 'name'), url: val(f, 'url') }; }));

    // access keys, with the confirmation step before a new server key
    var serverKey = el('input', { id: 'server-key', readonly: true, value: s.keys.server_key });
    var keyMsg = el('p', { id: 'key-message', class: 'saved' });
    var confirmBox = el('div', { id: 'regenerate-confirm', class: 'confirm', hidden: true }, [
      el('p', { text: t('The current server key stops working at once: every request signed with it gets 401. Generate a new one?') }),
      el('button', { type: 'button', id: 'regenerate-yes', class: 'danger', text: t('Yes, regenerate'), on: { click: async function () {
        var res = await KS.envApi('POST', '/keys/server', { confirm: true });
        confirmBox.hidden = true;
        if (res.status === 200) { serverKey.value = res.data.server_key; keyMsg.textContent = t('New server key generated'); } else keyMsg.textContent = res.data.error || 'error ' + res.status;
      } } }), ' ',
      el('button', { type: 'button', id: 'regenerate-cancel', class: 'secondary', text: t('Cancel'), on: { click: function () { confirmBox.hidden = true; } } })]);
    box.appendChild(el('section', { class: 'card', id: 'access-keys' }, [el('h2', { text: t('Access keys') }),
      el('dl', { class: 'kv' }, [el('dt', { text: t('Merchant id') }), el('dd', { id: 'merchant-code', text: s.keys.merchant_id }),
        el('dt', { text: t('Client key') }), el('dd', { id: 'client-key', text: s.keys.client_key })]),
      el('label', {}, [t('Server key (secret)'), serverKey]),
      el('p', {}, [el('button', { type: 'button', id: 'regenerate', class: 'secondary', text: t('Regenerate server key'), on: { click: function () { confirmBox.hidden = false; } } })]),
      confirmBox, keyMsg]));

    var c = s.configuration;
    box.appendChild(section('configuration', 'Configuration',
      field('Finish Redirect URL', 'finish_url', c.finish_url).concat(field('Unfinish Redirect URL', 'unfinish_url', c.unfinish_url),
        field('Error Redirect URL', 'error_url', c.error_url), field('Payment Notification URL', 'notification_url', c.notification_url)),
      function (f) { return { finish_url: val(f, 'finish_url'), unfinish_url: val(f, 'unfinish_url'), error_url: val(f, 'error_url'), notification_url: val(f, 'notification_url') }; }));
    box.appendChild(section('email', 'Email notification', field('Addresses (comma-separated)', 'notification_emails', s.email.notification_emails),
      function (f) { return { notification_emails: val(f, 'notification_emails') }; }));

    var sp = s.snap;
    var channels = el('div', { id: 'snap-channels' }, s.channels.map(function (ch) {
      return el('label', { class: 'check' }, [el('input', { type: 'checkbox', name: 'channel', value: ch, checked: sp.active_channels.indexOf(ch) >= 0 }), ch]);
    }));
    var lang = el('select', { name: 'language', id: 'snap-language' }, [el('option', { value: 'id', text: t('Bahasa Indonesia') }), el('option', { value: 'en', text: t('English') })]);
    lang.value = sp.language;
    box.appendChild(section('snap', 'Snap preferences', [
      el('p', { text: t('Active payment channels') }), channels, el('span', { class: 'field-error', 'data-field': 'active_channels' }),
      el('label', {}, [t('Default language'), lang]), el('span', { class: 'field-error', 'data-field': 'language' }),
      el('label', { class: 'check' }, [el('input', { type: 'checkbox', name: 'secure_3ds', id: 'snap-3ds', checked: sp.secure_3ds }), t('3-D Secure on card payments')]),
      el('span', { class: 'field-error', 'data-field': 'secure_3ds' }),
      el('label', { class: 'check' }, [el('input', { type: 'checkbox', name: 'recurring', id: 'snap-recurring', checked: sp.recurring }), t('Recurring (one click) MID')]),
      el('span', { class: 'field-error', 'data-field': 'recurring' })],
    function (f) {
      return { active_channels: Array.prototype.map.call(f.querySelectorAll('input[name="channel"]:checked'), function (i) { return i.value; }),
        language: lang.value, secure_3ds: f.querySelector('#snap-3ds').checked, recurring: f.querySelector('#snap-recurring').checked };
    }));
    box.appendChild(passwordSection());
  };

  // the merchant's own password (the account's, not an environment's)
  function passwordSection() {
    var done = el('span', { class: 'saved', id: 'password-saved' });
    var form = el('form', { id: 'settings-password', novalidate: true },
      field('Current password', 'current_password', '', 'password').concat(
        field('New password (at least 12 characters)', 'new_password', '', 'password'),
        [el('p', {}, [el('button', { type: 'submit', id: 'password-save', text: t('Change password') }), done])]));
    form.addEventListener('submit', async function (e) {
      e.preventDefault();
      done.textContent = '';
      var r = await KS.api('POST', '/password', { current_password: val(form, 'current_password'), new_password: val(form, 'new_password') });
      KS.fieldErrors(form, r.data.errors);
      if (r.status === 200) {
        form.reset();
        done.textContent = t('Password changed; your other sessions have ended');
      } else if (!r.data.errors) done.textContent = r.data.error || 'error ' + r.status;
    });
    return el('section', { class: 'card', id: 'password' }, [el('h2', { text: t('Your password') }), form]);
  }

  KS.start();
})();
