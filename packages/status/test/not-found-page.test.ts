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

  it('escapes whatever id was asked for', async () => {
    const page = await (await fetch(`${svc.url}/incidents/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E`)).text();
    assert.doesNotMatch(page, /<script>alert/);
  });
});
