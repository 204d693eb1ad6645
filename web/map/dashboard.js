// The portal's dashboard: payments per day, success rate and volume by
// method over a chosen period, drawn as SVG bar charts by this script (no
// chart library).
'use strict';
(function () {
  var el = KS.el;
  var t = KS.t;
  var NS = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) n.textContent = String(text);
    return n;
  }

  // A bar chart of [{label, value, title}] scaled to its largest value.
  function barChart(id, bars, format, cls) {
    var W = 480, H = 220, left = 8, bottom = 40, top = 16;
    var chart = svg('svg', { id: id, class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    chart.appendChild(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - 4, y2: H - bottom }));
    var max = bars.reduce(function (m, b) { return Math.max(m, b.value); }, 0) || 1;
    var slot = (W - left - 4) / Math.max(bars.length, 1);
    bars.forEach(function (b, i) {
      var h = (H - bottom - top) * b.value / max;
      var x = left + i * slot + slot * 0.15, w = Math.max(slot * 0.7, 1);
      var r = svg('rect', { class: 'bar ' + (cls || ''), x: x.toFixed(1), y: (H - bottom - h).toFixed(1), width: w.toFixed(1), height: h.toFixed(1), 'data-label': b.label, 'data-value': b.value });
      r.appendChild(svg('title', {}, b.label + ': ' + format(b.value)));
      chart.appendChild(r);
      if (bars.length <= 16) {
        chart.appendChild(svg('text', { x: (x + w / 2).toFixed(1), y: (H - bottom - h - 3).toFixed(1), 'text-anchor': 'middle' }, format(b.value)));
        chart.appendChild(svg('text', { x: (x + w / 2).toFixed(1), y: H - bottom + 12, 'text-anchor': 'middle' }, b.label.length > 12 ? b.label.slice(0, 11) + '…' : b.label));
      }
    });
    if (!bars.length) chart.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, t('no payments in this period')));
    return chart;
  }

  function isoDay(ms) { return new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 10); }

  KS.state.views.dashboard = function (box, args, current) {
    var now = Date.now();
    var from = el('input', { id: 'dash-from', type: 'date', value: isoDay(now - 29 * 86400000) });
    var to = el('input', { id: 'dash-to', type: 'date', value: isoDay(now) });
    var err = el('p', { id: 'dash-error', class: 'form-error' });
    var summary = el('p', { id: 'dash-summary' });
    var charts = el('div', { class: 'charts' });
    var form = el('form', { class: 'filters' }, [el('label', {}, [t('From'), from]), el('label', {}, [t('To'), to]),
      el('button', { type: 'submit', id: 'dash-apply', text: t('Show') })]);
    box.appendChild(el('h1', { text: t('Dashboard') }));
    box.appendChild(form);
    box.appendChild(err);
    box.appendChild(summary);
    box.appendChild(charts);

    async function load() {
      var r = await KS.envApi('GET', '/dashboard?from=' + encodeURIComponent(from.value) + '&to=' + encodeURIComponent(to.value));
      if (!current()) return;
      charts.textContent = '';
      if (r.status !== 200) {
        err.textContent = r.data.errors ? Object.keys(r.data.errors).map(function (k) { return k + ': ' + r.data.errors[k]; }).join('; ') : (r.data.error || 'error ' + r.status);
        return;
      }
      err.textContent = '';
      var days = {}, methods = {}, total = 0, ok = 0, volume = 0;
      // every day of the period gets a bar, with or without payments
      for (var day = Date.parse(r.data.from + 'T00:00:00Z'); day <= Date.parse(r.data.to + 'T00:00:00Z'); day += 86400000) days[new Date(day).toISOString().slice(0, 10)] = 0;
      r.data.rows.forEach(function (row) {
        days[row.day] = (days[row.day] || 0) + row.count;
        var m = methods[row.payment_type] || (methods[row.payment_type] = { count: 0, ok: 0, volume: 0 });
        m.count += row.count; m.ok += row.succeeded; m.volume += row.volume;
        total += row.count; ok += row.succeeded; volume += row.volume;
      });
      summary.textContent = total + ' ' + t('payments') + ', ' + (total ? Math.round(100 * ok / total) : 0) + '% ' + t('successful') + ', ' + t('volume') + ' ' + KS.money(volume);
      var names = Object.keys(methods).sort();
      function card(title, chart) { return el('section', { class: 'card' }, [el('h2', { text: title }), chart]); }
      charts.appendChild(card(t('Payments per day'), barChart('chart-days', Object.keys(days).sort().map(function (d) { return { label: d.slice(5), value: days[d] }; }), String)));
      charts.appendChild(card(t('Success rate by method'), barChart('chart-success', names.map(function (n) {
        return { label: n, value: Math.round(100 * methods[n].ok / methods[n].count) };
      }), function (v) { return v + '%'; }, 'ok')));
      charts.appendChild(card(t('Volume by method'), barChart('chart-volume', names.map(function (n) {
        return { label: n, value: methods[n].volume };
      }), function (v) { return v >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : v >= 1e3 ? Math.round(v / 1e3) + 'k' : String(v); })));
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); load(); });
    load();
  };
})();
