'use strict';
// The embedded web files on the wire: each sent in the smallest coding the
// client takes (brotli, gzip, or as is), always the same bytes once decoded,
// revalidated by ETag, and the payment page's first load small.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const k = require('./lib/server');

const WEB = path.join(k.REPO_ROOT, 'web');

// what a URL serves, as a file of web/
const FILES = {
  '/snap/snap.js': 'snap.js',
  '/snap/v4/popup': 'pay.html',
  '/snap/assets/pay.js': 'pay.js',
  '/snap/assets/pay.css': 'pay.css',
  '/map/': 'map/index.html',
  '/map/assets/map.js': 'map/map.js',
};

function decode(res) {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(res.raw);
  if (enc === 'gzip') return zlib.gunzipSync(res.raw);
  assert.equal(enc, undefined, `unexpected Content-Encoding ${enc}`);
  return res.raw;
}

describe('embedded web files on the wire', () => {
  let ctx;
  before(async () => { ctx = await k.setup(); });
  after(() => k.teardown(ctx));

  for (const [url, file] of Object.entries(FILES)) {
    it(`${url}: brotli, gzip and identity all decode to web/${file}`, async () => {
      const want = fs.readFileSync(path.join(WEB, file));
      const cases = [
        ['gzip, deflate, br, zstd', 'br'], // Chromium
        ['gzip, deflate', 'gzip'],         // curl --compressed, Node
        ['br;q=0, gzip', 'gzip'],
        ['identity', undefined],
        [undefined, undefined],
      ];
      const etags = new Set();
      for (const [accept, enc] of cases) {
        const headers = accept === undefined ? {} : { 'Accept-Encoding': accept };
        const res = await k.request(ctx.server, url, { headers });
        assert.equal(res.status, 200, `${accept}: ${res.text.slice(0, 200)}`);
        assert.equal(res.headers['content-encoding'], enc, `Accept-Encoding ${accept}`);
        assert.equal(res.headers.vary, 'Accept-Encoding');
        assert.equal(Number(res.headers['content-length']), res.raw.length);
        assert.ok(decode(res).equals(want), `${url} with ${accept} is not web/${file}`);
        if (enc) assert.ok(res.raw.length < want.length, `${enc} is not smaller`);
        assert.match(res.headers.etag, /^"[0-9a-f]{20}"$/);
        etags.add(res.headers.etag);
      }
      // one entity, one tag, whatever the coding it is sent in
      assert.equal(etags.size, 1);
    });
  }

  it('If-None-Match with the ETag answers 304 with no body; another tag gets the file', async () => {
    const first = await k.request(ctx.server, '/snap/snap.js');
    const tag = first.headers.etag;
    for (const inm of [tag, `W/${tag}`, `"nope", ${tag}`, '*']) {
      const res = await k.request(ctx.server, '/snap/snap.js', { headers: { 'If-None-Match': inm } });
      assert.equal(res.status, 304, inm);
      assert.equal(res.raw.length, 0);
      assert.equal(res.headers.etag, tag);
    }
    const other = await k.request(ctx.server, '/snap/snap.js', { headers: { 'If-None-Match': '"0000"' } });
    assert.equal(other.status, 200);
    assert.ok(other.raw.equals(first.raw));
  });

  it('the payment page\'s first load (snap.js, the page, its scripts and style) is under 40 KB on the wire', async () => {
    const page = await k.request(ctx.server, '/snap/v4/popup', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    const html = decode(page).toString('utf8');
    const urls = ['/snap/snap.js'].concat([...html.matchAll(/\/snap\/assets\/[\w.-]+/g)].map((m) => m[0]));
    assert.ok(urls.includes('/snap/assets/pay.css'), urls.join(' '));
    let total = page.raw.length;
    for (const u of urls) {
      const res = await k.request(ctx.server, u, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      assert.equal(res.status, 200, u);
      total += res.raw.length;
    }
    assert.ok(total < 40 * 1024, `${total} bytes on the wire`);
  });
});
