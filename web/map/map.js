// The portal's shell: the JSON API, log-in and sign-up, the environment
// switch and the hash router (#/ENV/VIEW[/ID]). Everything a merchant or a
// customer typed is put on the page as text (textContent), never as HTML.
'use strict';
var KS = (function () {
  var state = { csrf: null, merchant: null, env: 'sandbox', views: {}, seq: 0 };

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
    document.getElementById('env-label').textContent = env === 'production' ? 'Production' : 'Sandbox';
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
    setupAuth();
    var r = await api('GET', '/session');
    if (r.status === 200) await loggedIn(r.data);
    else showAuth(location.hash === '#signup' ? 'signup' : 'login');
  }

  return { state: state, el: el, api: api, envApi: envApi, time: time, money: money,
    fieldErrors: fieldErrors, start: start, route: route };
})();
