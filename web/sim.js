/* kasir simulator result pages: hands the Transaction Result to the payment
 * page that framed or opened this bank page (postMessage to kasir's own
 * origin only); a page opened on its own goes back to the merchant. The
 * result comes from <script type="application/json" id="kasir-sim-result">,
 * written by the server (no inline script: the CSP allows none). */
(function () {
  'use strict';
  var el = document.getElementById('kasir-sim-result');
  if (!el) return;
  var result;
  try { result = JSON.parse(el.textContent); } catch (e) { return; }
  var message = { event: 'sim', result: result };
  var origin = window.location.origin || (window.location.protocol + '//' + window.location.host);
  var told = false;
  if (window.parent && window.parent !== window) {
    window.parent.postMessage(message, origin);
    told = true;
  }
  if (window.opener && !window.opener.closed) {
    try { window.opener.postMessage(message, origin); told = true; } catch (e) { /* gone */ }
  }
  var back = document.getElementById('back');
  if (!told && back && back.href) {
    setTimeout(function () { window.location.href = back.href; }, 3000);
  }
})();
