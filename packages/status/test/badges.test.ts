// Embeddable status badges: /badge.svg and shields.io's endpoint JSON at /badge.json, overall or
// per component, in English or Arabic, with clear errors for bad parameters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMPONENT_IDS } from '../src/components/catalog.js';
import { recordProbes, setComponentStatus } from '../src/components/store.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, tempDir } from './helpers.js';

let svc: RunningStatusService;
before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false });
});
after(async () => {
  await svc?.stop();
});

const badge = (query = '') => getJson(`${svc.url}/badge.json${query}`);

describe('status badges', () => {
  it('says "no data" before every component was checked, never "operational"', async () => {
    const res = await badge();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { schemaVersion: 1, label: 'Sirb status', message: 'no data', color: 'lightgrey', cacheSeconds: 60 });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal((await badge('?component=posting')).body.message, 'no data');
  });

  it('follows the components and open incidents, overall and per component, in both languages', async () => {
    const now = Date.now();
    await recordProbes(svc.ctx.db, COMPONENT_IDS.map((component) => ({ component, at: now, ok: true, latencyMs: 50 })));
    assert.deepEqual((await badge()).body, { schemaVersion: 1, label: 'Sirb status', message: 'operational', color: 'brightgreen', cacheSeconds: 60 });
    assert.deepEqual(
      (await badge('?lang=ar')).body,
      { schemaVersion: 1, label: 'حالة سرب', message: 'يعمل', color: 'brightgreen', cacheSeconds: 60 },
    );
    await setComponentStatus(svc.ctx.db, 'posting', 'major_outage', now);
    const posting = (await badge('?component=posting')).body;
    assert.equal(posting.label, 'Posting');
    assert.equal(posting.message, 'major outage');
    assert.equal(posting.color, 'red');
    assert.equal((await badge('?component=search')).body.color, 'brightgreen');
    assert.deepEqual([(await badge('?component=posting&lang=ar')).body.label, (await badge('?component=posting&lang=ar')).body.message], ['النشر', 'انقطاع كبير']);
    assert.equal((await badge()).body.message, 'partial outage', 'one of seven components down');
    await svc.ctx.incidents.create({ kind: 'manual', name: { en: 'Down', ar: 'متوقف' }, status: 'investigating', impact: 'critical', body: { en: 'x', ar: 'س' } });
    assert.deepEqual([(await badge()).body.message, (await badge()).body.color], ['major outage', 'red']);
  });

  it('renders an SVG image that another site may embed', async () => {
    for (const query of ['', '?component=posting', '?lang=ar&style=for-the-badge']) {
      const res = await fetch(`${svc.url}/badge.svg${query}`);
      assert.equal(res.status, 200, query);
      assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
      const svg = await res.text();
      assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(svg, query.includes('posting') ? /Posting: major outage/ : query.includes('ar') ? /حالة سرب/ : /Sirb status: major outage/);
    }
  });

  it('draws Arabic text joined: no textLength, which spaces letters out and breaks Arabic joining (English keeps it)', async () => {
    for (const query of ['?lang=ar', '?lang=ar&component=notifications', '?lang=ar&style=for-the-badge', '?lang=ar&style=social']) {
      const svg = await (await fetch(`${svc.url}/badge.svg${query}`)).text();
      assert.match(svg, /[\u0600-\u06ff]{3}/, query);
      assert.doesNotMatch(svg, /textLength=/, query);
    }
    assert.match(await (await fetch(`${svc.url}/badge.svg?lang=en`)).text(), /textLength=/);
  });

  it('answers bad parameters with a clear JSON error', async () => {
    for (const [path, status, message] of [
      ['/badge.svg?component=teleport', 404, /Unknown component; use one of: website, api/],
      ['/badge.json?component=teleport', 404, /Unknown component/],
      ['/badge.svg?style=huge', 422, /style must be one of/],
      ['/badge.json?lang=fr', 422, /lang must be ar or en/],
    ] as const) {
      const res = await getJson(`${svc.url}${path}`);
      assert.equal(res.status, status, path);
      assert.match(res.body.error, message, path);
    }
  });
});
