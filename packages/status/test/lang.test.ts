// ?lang= means the same everywhere it is taken: ar or en in any case. When it names neither
// language, the HTML pages fall back (Accept-Language, else Arabic) and the machine answers (the
// /api/v2 JSON, badges, feeds, the subscribers API) are a 422 {"error": "lang must be ar or en"}.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, tempDir } from './helpers.js';

let svc: RunningStatusService;
before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false });
});
after(async () => {
  await svc?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${svc.url}${path}`, { headers });
const htmlLang = async (path: string, headers: Record<string, string> = {}) => {
  const res = await get(path, headers);
  assert.equal(res.status, 200, path);
  return /<html lang="(\w+)" dir="(\w+)">/.exec(await res.text())?.slice(1).join(' ');
};

describe('language selection', () => {
  it('takes ar and en in any case on the pages, and falls back when ?lang= names neither', async () => {
    for (const path of ['/', '/report', '/admin']) {
      assert.equal(await htmlLang(`${path}?lang=EN`, { 'accept-language': 'ar' }), 'en ltr', `${path}?lang=EN`);
      assert.equal(await htmlLang(`${path}?lang=Ar`, { 'accept-language': 'en' }), 'ar rtl', `${path}?lang=Ar`);
      assert.equal(await htmlLang(`${path}?lang=fr`, { 'accept-language': 'en-GB,en' }), 'en ltr', `${path}?lang=fr follows Accept-Language`);
      assert.equal(await htmlLang(`${path}?lang=fr`), 'ar rtl', `${path}?lang=fr else Arabic`);
      assert.equal(await htmlLang(`${path}?lang=en&lang=ar`), 'ar rtl', `${path} with lang twice`);
    }
  });

  it('takes ar and en in any case in the JSON API, badges and feeds, and answers anything else with the same 422', async () => {
    const summary = await getJson(`${svc.url}/api/v2/summary.json?lang=AR`);
    assert.equal(summary.status, 200);
    assert.equal(summary.body.status.description, (await getJson(`${svc.url}/api/v2/summary.json?lang=ar`)).body.status.description);
    assert.notEqual(summary.body.status.description, (await getJson(`${svc.url}/api/v2/summary.json`)).body.status.description, 'Arabic, not the English default');
    assert.equal((await getJson(`${svc.url}/badge.json?lang=AR`)).body.label, 'حالة سرب');
    assert.equal((await get('/badge.svg?lang=En')).status, 200);
    assert.match(await (await get('/history.atom?lang=EN')).text(), /<feed xml:lang="en"/);
    assert.match(await (await get('/history.rss?lang=En')).text(), /<language>en<\/language>/);
    for (const path of ['/api/v2/summary.json', '/api/v2/status.json', '/api/v2/incidents.json', '/badge.json', '/badge.svg', '/history.atom', '/history.rss']) {
      for (const bad of ['fr', 'english', 'en-GB']) {
        const res = await getJson(`${svc.url}${path}?lang=${bad}`);
        assert.equal(res.status, 422, `${path}?lang=${bad}`);
        assert.deepEqual(res.body, { error: 'lang must be ar or en' }, `${path}?lang=${bad}`);
      }
    }
    // An embed on another site reads the 422 too (without CORS it saw only an opaque failure).
    for (const path of ['/api/v2/summary.json', '/api/v2/status.json', '/api/v2/incidents.json']) {
      const res = await get(`${path}?lang=fr`);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
    }
  });

  it('takes a subscriber\'s lang in any case, and refuses another with the same 422', async () => {
    const subscribe = (lang: string) => getJson(`${svc.url}/api/v1/subscribers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'reader@example.org', lang }) });
    const bad = await subscribe('fr');
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body, { error: 'lang must be ar or en' });
    // Accepted as a language; this service has no SMTP, which is what it then says.
    assert.equal((await subscribe('EN')).status, 503);
  });
});
