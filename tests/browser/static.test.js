'use strict';
// Checks of web/ that need no browser: snap.js stays ES5 (old browsers must
// parse it), the pages work under the strict Content-Security-Policy (no
// inline script, style or handler), and the first load stays small.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const WEB = path.resolve(__dirname, '..', '..', 'web');
const read = (name) => fs.readFileSync(path.join(WEB, name), 'utf8');

// The code of a script with comments, strings and regular expressions
// blanked out, so that what is left is syntax.
function codeOnly(src) {
  let out = '';
  let i = 0;
  let prev = ''; // last significant character, to tell a regex from a division
  while (i < src.length) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && d === '*') {
      i = src.indexOf('*/', i + 2) + 2;
      out += ' ';
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += c === '`' ? '`' : '""';
      prev = '"';
      i = j + 1;
    } else if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /\breturn\s*$/.test(out))) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && (inClass || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j++;
      }
      j++;
      while (/[a-z]/.test(src[j] || '')) j++;
      out += '/re/';
      prev = '/';
      i = j;
    } else {
      out += c;
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
  return out;
}

describe('web/ static checks', () => {
  it('snap.js uses ES5 syntax only', () => {
    const src = read('snap.js');
    new Function(src); // parses
    const code = codeOnly(src);
    const forbidden = [
      [/\b(let|const|class|import|export|async|await|yield)\b/, 'an ES2015+ keyword'],
      [/=>/, 'an arrow function'],
      [/`/, 'a template literal'],
      [/\.\.\./, 'spread or rest'],
      [/\bfor\s*\([^)]*\bof\b/, 'for...of'],
      [/function\s*\w*\s*\([^)]*=/, 'a default parameter'],
      [/[{,]\s*(?!(?:if|for|while|switch|catch|function|return)\b)\w+\s*\([^)]*\)\s*\{/, 'a method shorthand'],
    ];
    for (const [re, what] of forbidden) {
      const m = re.exec(code);
      assert.equal(m, null, `snap.js has ${what}: ${m && code.slice(Math.max(0, m.index - 40), m.index + 40)}`);
    }
  });

  it('the pages have no inline script, style or event handler (CSP)', () => {
    for (const name of fs.readdirSync(WEB).filter((f) => f.endsWith('.html'))) {
      const html = read(name);
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        assert.match(m[1], /\bsrc="\/snap\/assets\/[\w.-]+\.js"/, `${name}: a script without src`);
        assert.equal(m[2].trim(), '', `${name}: an inline script`);
      }
      assert.doesNotMatch(html, /<style\b/i, `${name}: a style element`);
      assert.doesNotMatch(html, /\sstyle\s*=/i, `${name}: a style attribute`);
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${name}: an event-handler attribute`);
      assert.doesNotMatch(html, /javascript:/i, `${name}: a javascript: URL`);
      for (const m of html.matchAll(/\b(?:src|href)="([^"]+)"/g)) {
        assert.match(m[1], /^\/snap\/assets\/[\w.-]+$/, `${name}: ${m[1]} is not a kasir asset`);
        assert.ok(fs.existsSync(path.join(WEB, path.basename(m[1]))), `${name}: ${m[1]} is missing from web/`);
      }
    }
  });

  it('values are never inserted as HTML', () => {
    for (const name of fs.readdirSync(WEB).filter((f) => f.endsWith('.js'))) {
      const code = codeOnly(read(name));
      assert.doesNotMatch(code, /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write/, name);
      assert.doesNotMatch(code, /\beval\s*\(|new Function/, name);
    }
  });

  // as bench/run.sh counts it: snap.js, the page and every asset it names
  const firstLoad = () => ['snap.js', 'pay.html']
    .concat([...read('pay.html').matchAll(/\/snap\/assets\/([\w.-]+)/g)].map((m) => m[1]));

  it('the first load (snap.js, the page, its scripts and style) stays under 60 KB', () => {
    const files = firstLoad();
    assert.ok(files.includes('pay-methods.js') && files.includes('pay.css'), files.join(' '));
    const total = files.reduce((n, f) => n + fs.statSync(path.join(WEB, f)).size, 0);
    assert.ok(total < 60 * 1024, `${total} bytes`);
  });

  it('the scripts loaded later (pending screens, instructions) keep the whole page under 72 KB', () => {
    const lazy = [...read('pay-methods.js').matchAll(/'(pay-[\w-]+\.js)'/g)].map((m) => m[1]);
    assert.deepEqual(lazy, ['pay-pending.js', 'pay-guide.js']);
    const total = firstLoad().concat(lazy).reduce((n, f) => n + fs.statSync(path.join(WEB, f)).size, 0);
    assert.ok(total < 72 * 1024, `${total} bytes`);
  });
});
