/* kasir snap.js: opens the kasir payment page over a merchant page, as the
 * Midtrans Snap snap.js does (SPEC 3.1). Load it with
 *   <script src="https://KASIR/snap/snap.js" data-client-key="KEY"></script>
 * and call snap.pay(token, options). ES5 on purpose: no build step, and old
 * browsers must at least parse it. The page in the iframe and this script
 * talk only through postMessage, with the origin checked on both sides. */
(function (window, document) {
  'use strict';

  var OPTIONS = ['enabledPayments', 'onSuccess', 'onPending', 'onError', 'onClose',
    'language', 'skipOrderSummary', 'skipCustomerDetails', 'autoCloseDelay', 'showOrderId',
    /* accepted as the original does: customerEmail and customerPhone
     * prefill the form, the rest are ignored */
    'isDemoMode', 'creditCardNumber', 'creditCardCvv', 'creditCardExpiry', 'customerEmail',
    'customerPhone', 'uiMode', 'gopayMode', 'selectedPaymentType'];
  var CALLBACKS = ['onSuccess', 'onPending', 'onError', 'onClose'];

  /* The script tag that loaded us: currentScript, else the last snap.js. */
  function ownScript() {
    if (document.currentScript) return document.currentScript;
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/snap\/snap\.js([?#]|$)/.test(all[i].src || '')) return all[i];
    }
    return null;
  }

  var tag = ownScript();
  var src = tag ? tag.src : '';
  var clientKey = tag ? tag.getAttribute('data-client-key') || '' : '';
  /* https://host[:port][/prefix]/snap/snap.js -> base and origin */
  var base = src.replace(/\/snap\/snap\.js([?#].*)?$/, '');
  var m = /^(https?:\/\/[^\/?#]+)/.exec(base);
  var origin = m ? m[1] : '';

  var state = clientKey && origin ? 'initialized' : 'unInitialized';
  var frame = null;       /* the one iframe#snap-midtrans */
  var token = null;       /* set by pay/embed */
  var opts = {};          /* options of the current pay/embed */
  var embedded = false;
  var queried = false;    /* the page asked for the token and is waiting */
  var savedOverflow = null;

  function guard(call, allowed) {
    for (var i = 0; i < allowed.length; i++) {
      if (allowed[i] === state) return;
    }
    var why = state === 'unInitialized' ?
      ' (snap.js needs a data-client-key attribute on its script tag)' : '';
    throw new Error('snap.' + call + ' is not allowed to be called in this state: ' +
      state + why);
  }

  function checkOptions(o) {
    var k, i, ok;
    if (o === undefined || o === null) return {};
    if (typeof o !== 'object') throw new TypeError('snap.pay options must be an object');
    for (k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      ok = false;
      for (i = 0; i < OPTIONS.length; i++) {
        if (OPTIONS[i] === k) ok = true;
      }
      if (!ok && !(embedded && k === 'embedId')) throw new Error('Unsupported option ' + k);
    }
    for (i = 0; i < CALLBACKS.length; i++) {
      if (o[CALLBACKS[i]] !== undefined && typeof o[CALLBACKS[i]] !== 'function') {
        throw new TypeError('Option ' + CALLBACKS[i] + ' must be a function');
      }
    }
    if (o.enabledPayments !== undefined && Object.prototype.toString.call(o.enabledPayments) !==
        '[object Array]') {
      throw new TypeError('Option enabledPayments must be an array of payment names');
    }
    if (o.language !== undefined && o.language !== 'en' && o.language !== 'id') {
      throw new TypeError('Option language must be "en" or "id"');
    }
    return o;
  }

  /* The options as data: functions cannot cross postMessage. */
  function plainOptions() {
    var out = {}, k;
    for (k in opts) {
      if (Object.prototype.hasOwnProperty.call(opts, k) && typeof opts[k] !== 'function') {
        out[k] = opts[k];
      }
    }
    return out;
  }

  function setStyle(el, css) {
    for (var k in css) {
      if (Object.prototype.hasOwnProperty.call(css, k)) el.style[k] = css[k];
    }
  }

  function open(container) {
    frame = document.createElement('iframe');
    frame.id = 'snap-midtrans';
    frame.name = 'snap-midtrans';
    frame.title = 'Payment';
    frame.setAttribute('frameborder', '0');
    frame.setAttribute('allowtransparency', 'true');
    /* the copy buttons of the payment instructions */
    frame.setAttribute('allow', 'clipboard-write');
    frame.src = base + '/snap/v4/popup?origin_host=' + encodeURIComponent(window.location.origin ||
      (window.location.protocol + '//' + window.location.host)) +
      '&client_key=' + encodeURIComponent(clientKey) + '#/';
    if (container) {
      setStyle(frame, { width: '100%', height: '100%', minWidth: '320px', minHeight: '560px',
        border: '0', display: 'block' });
      container.appendChild(frame);
      return;
    }
    setStyle(frame, { position: 'fixed', top: '0', left: '0', width: '100%', height: '100%',
      margin: '0', padding: '0', border: '0', zIndex: '999999', display: 'block',
      backgroundColor: 'rgba(0, 0, 0, 0.55)', colorScheme: 'normal' });
    var root = document.documentElement;
    savedOverflow = root.style.overflow;
    root.style.overflow = 'hidden';
    document.body.appendChild(frame);
  }

  function sendToken() {
    if (!frame || !frame.contentWindow || !queried || !token) return;
    frame.contentWindow.postMessage({ event: 'token', token: token, options: plainOptions(),
      isEmbedded: embedded, sourceApp: 'snap' }, origin);
    queried = false;
    state = 'PopupInView';
  }

  /* Removes the iframe and goes back to initialized; returns the callbacks
   * of the payment that was open. */
  function close() {
    var callbacks = opts;
    if (frame && frame.parentNode) frame.parentNode.removeChild(frame);
    if (savedOverflow !== null) {
      document.documentElement.style.overflow = savedOverflow;
      savedOverflow = null;
    }
    frame = null;
    token = null;
    opts = {};
    queried = false;
    embedded = false;
    state = 'initialized';
    return callbacks;
  }

  function onResult(result) {
    var cb = close();
    var code = String(result && result.status_code);
    var fn = code === '200' ? cb.onSuccess : code === '201' ? cb.onPending : cb.onError;
    if (typeof fn === 'function') {
      fn(result);
    } else if (result && typeof result.finish_redirect_url === 'string' &&
        /^https?:\/\//.test(result.finish_redirect_url)) {
      window.location.href = result.finish_redirect_url;
    }
  }

  function onMessage(e) {
    var d = e.data;
    if (!frame || e.origin !== origin || e.source !== frame.contentWindow) return;
    if (!d || typeof d !== 'object' || d.sourceApp !== 'snap') return;
    if (d.event === 'queryToken') {
      queried = true;
      sendToken();
    } else if (d.event === 'result') {
      onResult(d.data);
    } else if (d.event === 'hide') {
      var wasVisible = state === 'PopupInView';
      var cb = close();
      if (wasVisible && typeof cb.onClose === 'function') cb.onClose();
    } else if (d.event === 'notifyGetStatus') {
      frame.contentWindow.postMessage({ event: 'getStatusAndClose', sourceApp: 'snap' }, origin);
    }
  }

  if (window.addEventListener) window.addEventListener('message', onMessage, false);

  function start(call, t, options, container) {
    if (typeof t !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(t)) {
      throw new TypeError('snap.' + call + ' needs a snap token (a string)');
    }
    opts = checkOptions(options);
    token = t;
    if (!frame) {
      open(container);
      state = 'loading';
    }
    sendToken();
  }

  window.snap = {
    /* Opens the payment page for token. */
    pay: function (t, options) {
      guard('pay', token ? ['initialized'] : ['initialized', 'loading']);
      embedded = false;
      start('pay', t, options, null);
    },
    /* Puts the payment page inside the element #options.embedId. */
    embed: function (t, options) {
      guard('embed', ['initialized']);
      var id = options && options.embedId;
      var box = id ? document.getElementById(id) : null;
      if (!box) throw new Error('snap.embed needs options.embedId naming an element');
      embedded = true;
      try {
        start('embed', t, options, box);
      } catch (err) {
        close();
        throw err;
      }
      delete opts.embedId;
    },
    /* Opens the popup in its loading state, before the token is known. */
    show: function () {
      guard('show', ['initialized']);
      open(null);
      state = 'loading';
    },
    /* Closes the popup (no callback runs). */
    hide: function () {
      guard('hide', ['loading', 'PopupInView']);
      close();
    }
  };
}(window, document));
