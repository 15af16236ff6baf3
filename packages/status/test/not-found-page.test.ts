// An incident link that leads nowhere gives a person a 404 page in their language (Arabic RTL or
// English), with a way back to the status page, not the API's JSON error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { tempDir } from './helpers.js';

let svc: RunningStatusService;
before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false });
});
after(async () => {
  await svc?.stop();
});

describe('incident page for an unknown id', () => {
  it('is a bilingual HTML 404 page', async () => {
    for (const [query, headers, lang, dir, text] of [
      ['', {}, 'ar', 'rtl', /لم نجد هذا الحادث/],
      ['?lang=en', {}, 'en', 'ltr', /Incident not found/],
      ['', { 'accept-language': 'en-US,en' }, 'en', 'ltr', /Incident not found/],
      ['?lang=AR', { 'accept-language': 'en' }, 'ar', 'rtl', /لم نجد هذا الحادث/],
    ] as const) {
      const res = await fetch(`${svc.url}/incidents/no-such-incident${query}`, { headers });
      assert.equal(res.status, 404, query);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, query);
      const page = await res.text();
      assert.match(page, new RegExp(`<html lang="${lang}" dir="${dir}">`), query);
      assert.match(page, text, query);
      assert.match(page, new RegExp(`<a href="/\\?lang=${lang}">`), 'a way back to the status page');
      assert.match(page, new RegExp(`href="/incidents/no-such-incident\\?lang=${lang === 'ar' ? 'en' : 'ar'}"`), 'the other language');
    }
  });

  it('is a 404, not a 500, for a long id with a character cut in half at its 64th place', async () => {
    const res = await fetch(`${svc.url}/incidents/${'a'.repeat(63)}%F0%9F%98%80`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 404);
    assert.match(await res.text(), /<html lang="ar" dir="rtl">/);
  });

  it('escapes whatever id was asked for', async () => {
    const page = await (await fetch(`${svc.url}/incidents/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E`)).text();
    assert.doesNotMatch(page, /<script>alert/);
  });
});

describe('an unknown path', () => {
  // What Chromium sends when a person opens a link.
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

  it('is the same bilingual HTML 404 page for a browser, about a page instead of an incident', async () => {
    for (const [path, headers, lang, dir, text] of [
      ['/nope', {}, 'ar', 'rtl', /لم نجد هذه الصفحة/],
      ['/nope?lang=en', {}, 'en', 'ltr', /Page not found/],
      ['/incidents/abc/extra', { 'accept-language': 'en-GB,en;q=0.8' }, 'en', 'ltr', /Page not found/],
      ['/incidents/abc/extra?lang=ar', { 'accept-language': 'en' }, 'ar', 'rtl', /لم نجد هذه الصفحة/],
    ] as const) {
      const res = await fetch(`${svc.url}${path}`, { headers: { accept: BROWSER, ...headers } });
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
      const page = await res.text();
      assert.match(page, new RegExp(`<html lang="${lang}" dir="${dir}">`), path);
      assert.match(page, text, path);
      assert.match(page, new RegExp(`<a href="/\\?lang=${lang}">`), 'a way back to the status page');
      const bare = path.split('?')[0]!;
      assert.ok(page.includes(`href="${bare}?lang=${lang === 'ar' ? 'en' : 'ar'}"`), `${path}: the same address in the other language`);
    }
  });

  it('links only within the service, and escapes the path', async () => {
    const res = await fetch(`${svc.url}//evil.example/%22%3E%3Cscript%3E`, { headers: { accept: BROWSER } });
    assert.equal(res.status, 404);
    const page = await res.text();
    assert.doesNotMatch(page, /href="\/\/|href="\/\\/, 'no address on another site');
    assert.doesNotMatch(page, /<script>/);
  });

  it('stays {"error": "Not found"} for programs, and on API, feed and badge paths even for a browser', async () => {
    for (const [path, accept] of [
      ['/nope', '*/*'],
      ['/nope', 'application/json'],
      ['/nope', 'text/html;q=0, application/json'],
      ['/api/v2/nope.json', BROWSER],
      ['/api/v1/incidents/abc/extra', BROWSER],
      ['/history.atom/extra', BROWSER],
      ['/badge.svg/extra', BROWSER],
    ] as const) {
      const res = await fetch(`${svc.url}${path}`, { headers: { accept } });
      assert.equal(res.status, 404, `${path} ${accept}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${path} ${accept}`);
      assert.deepEqual(await res.json(), { error: 'Not found' }, `${path} ${accept}`);
    }
  });
});
