// HTTP API of the status service, in-process (startStatusService) with real SQLite and real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { FAKE_APP, freePort, getJson, spawnTs, tempDir, type Child } from './helpers.js';

const ADMIN = 'test-admin-token';
let svc: RunningStatusService;
let fakeApp: Child;
let appUrl: string;

before(async () => {
  const appPort = await freePort();
  fakeApp = await spawnTs(FAKE_APP, { PORT: String(appPort) }, /listening/);
  appUrl = `http://127.0.0.1:${appPort}`;
  svc = await startStatusService({
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir(),
    appUrl: `http://127.0.0.1:${appPort}`,
    appPublicUrl: `http://127.0.0.1:${appPort}`,
    adminToken: ADMIN,
    logLevel: 'silent',
    trustProxy: 1,
    reportLimit: 3,
    background: false,
  });
  // One probe cycle, so the page speaks of checked components (never-checked ones say "no data").
  await svc.ctx.runner.cycle();
});
after(async () => {
  await svc?.stop();
  fakeApp?.process.kill('SIGKILL');
});

let ipCounter = 0;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  getJson(`${svc.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${++ipCounter}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('problem reports', () => {
  it('accepts a report and derives the region when absent', async () => {
    assert.deepEqual((await post('/api/v1/reports', { problem: 'login', region: 'gb' })).body, { ok: true, region: 'GB', problem: 'login' });
    assert.equal((await post('/api/v1/reports', { problem: 'posting' }, { 'cf-ipcountry': 'EG' })).body.region, 'EG');
    assert.equal((await post('/api/v1/reports', { problem: 'posting' }, { 'x-country': 'ae' })).body.region, 'AE');
    assert.equal((await post('/api/v1/reports', { problem: 'search' }, { 'accept-language': 'ar-SA,ar;q=0.9,en;q=0.8' })).body.region, 'SA');
    assert.equal((await post('/api/v1/reports', { problem: 'search' }, { 'cf-ipcountry': 'XX', 'accept-language': 'ar' })).body.region, 'ZZ');
  });

  it('answers bad input with a clear 4xx, never a 500', async () => {
    const cases: [unknown, number, RegExp][] = [
      ['{not json', 400, /JSON/],
      [[1, 2], 422, /problem must be one of/],
      ['"login"', 400, /JSON object/],
      ['null', 400, /JSON object/],
      [{}, 422, /problem must be one of/],
      [{ problem: 'teleport' }, 422, /problem must be one of/],
      [{ problem: 42 }, 422, /problem must be one of/],
      [{ problem: 'login', region: 'Saudi' }, 422, /ISO 3166-1/],
      [{ problem: 'login', region: 'QQ' }, 422, /ISO 3166-1/],
      [{ problem: 'login', region: 7 }, 422, /ISO 3166-1/],
      [{ problem: { $gt: '' } }, 422, /problem must be one of/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post('/api/v1/reports', body);
      assert.equal(r.status, status, `${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
      assert.match(r.body.error, message);
    }
    const huge = await post('/api/v1/reports', { problem: 'login', pad: 'x'.repeat(100_000) });
    assert.equal(huge.status, 413);
    const wrongType = await getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'login' });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.error, /JSON object/);
  });

  it('answers a path the router cannot take (bad %-escape, over-long id) with {"error"} alone and the security headers', async () => {
    for (const [path, status] of [['/incidents/%ff', 400], [`/incidents/${'a'.repeat(5000)}`, 414], ['/badge.json/%E0%A4%A', 400]] as const) {
      const res = await fetch(`${svc.url}${path}`);
      const body = (await res.json()) as Record<string, unknown>;
      assert.ok(res.status === status || (path.startsWith('/badge') && res.status === 404), `${path.slice(0, 40)} → ${res.status}`);
      assert.deepEqual(Object.keys(body), ['error'], `${path.slice(0, 40)}: ${JSON.stringify(body).slice(0, 200)}`);
      assert.equal(typeof body.error, 'string');
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path.slice(0, 40));
    }
  });

  it('rate limits per client with 429 and Retry-After', async () => {
    const ip = { 'x-forwarded-for': '192.0.2.77' };
    for (let i = 0; i < 3; i++) assert.equal((await post('/api/v1/reports', { problem: 'other' }, ip)).status, 201);
    const res = await fetch(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', ...ip }, body: '{"problem":"other"}' });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.match((await res.json()).error, /Too many/);
    assert.equal((await post('/api/v1/reports', { problem: 'other' })).status, 201, 'other clients are unaffected');
  });

  it('takes cross-origin reports only from the app\'s own origin, never from any page (no CORS *)', async () => {
    const evil = 'https://evil.example';
    const pre = await fetch(`${svc.url}/api/v1/reports`, { method: 'OPTIONS', headers: { origin: evil, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    await pre.arrayBuffer();
    const refused = await getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { origin: evil, 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.8' }, body: '{"problem":"timeline"}' });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    const noOrigin = await getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain', 'x-forwarded-for': '10.9.9.7' }, body: '{"problem":"timeline"}' });
    assert.equal(noOrigin.status, 403);
    const res = await getJson(`${svc.url}/api/v1/reports`, { method: 'POST', headers: { origin: appUrl, 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' }, body: '{"problem":"timeline"}' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('access-control-allow-origin'), appUrl);
    const form = await fetch(`${svc.url}/report?lang=en`, { method: 'POST', headers: { origin: evil, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.3' }, body: 'problem=timeline' });
    assert.equal(form.status, 403);
    assert.match(await form.text(), /other sites/);
  });

  it('takes reports from the HTML form too', async () => {
    const res = await fetch(`${svc.url}/report?lang=ar`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.1' }, body: 'problem=timeline&region=SA' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /شكرًا لك/);
    const bad = await fetch(`${svc.url}/report?lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.2' }, body: 'problem=nope' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /Choose what is not working/);
  });
});

describe('Statuspage-compatible API', () => {
  it('serves summary, status, components and incidents in Statuspage shapes', async () => {
    const summary = (await getJson(`${svc.url}/api/v2/summary.json`)).body;
    assert.deepEqual(Object.keys(summary).sort(), ['components', 'incidents', 'page', 'scheduled_maintenances', 'sirb', 'status']);
    assert.deepEqual(Object.keys(summary.page).sort(), ['id', 'name', 'time_zone', 'updated_at', 'url']);
    // Statuspage lists groups as components with group: true; members name their group.
    assert.equal(summary.components.filter((c: any) => !c.group).length, 7);
    assert.deepEqual(summary.components.filter((c: any) => c.group).map((g: any) => [g.id, g.components]), [['group-access', ['website', 'api', 'sign_in']], ['group-features', ['posting', 'timelines', 'search', 'notifications']]]);
    assert.equal(summary.components.find((c: any) => c.id === 'posting').group_id, 'group-features');
    for (const key of ['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'description', 'showcase', 'start_date', 'group_id', 'page_id', 'group', 'only_show_if_degraded']) {
      assert.ok(key in summary.components[0], `component has ${key}`);
    }
    assert.deepEqual(summary.status, { indicator: 'none', description: 'All Systems Operational' });
    const ar = (await getJson(`${svc.url}/api/v2/status.json?lang=ar`)).body;
    assert.equal(ar.status.description, 'جميع الأنظمة تعمل');
    assert.deepEqual(Object.keys((await getJson(`${svc.url}/api/v2/components.json`)).body), ['page', 'components']);
    assert.deepEqual((await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents, []);
    assert.equal((await getJson(`${svc.url}/healthz`)).body.status, 'ok');
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    assert.match(metrics, /sirb_status_reports_total\{problem="login"\} \d+/);
  });

  it('says once which values a field takes when an admin sends a wrong one, not "must be equal to constant" per member', async () => {
    const auth = { authorization: `Bearer ${ADMIN}` };
    const cases: [unknown, RegExp][] = [
      [{ name: 'x', body: 'y', status: 'bogus' }, /body\/status must be one of: investigating, identified, monitoring, resolved/],
      [{ name: 'x', body: 'y', impact: 5 }, /body\/impact must be one of: none, minor, major, critical/],
      [{ name: 'x', body: 'y', components: ['kitchen'] }, /body\/components\/0 must be one of: website, api,/],
    ];
    for (const [body, message] of cases) {
      const r = await post('/api/v1/incidents', body, auth);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.match(r.body.error, message);
      assert.doesNotMatch(r.body.error, /equal to constant|anyOf/, r.body.error);
    }
    const missing = await post('/api/v1/incident-templates', { name: 't' }, auth);
    assert.match(missing.body.error, /required property 'title'/, 'other complaints are kept');
  });

  it('lets an admin post an incident and updates; refuses others', async () => {
    const body = { name: 'Slow timelines', name_ar: 'بطء الخطوط الزمنية', body: 'We are looking into slow timelines.', body_ar: 'نتحقق من بطء الخطوط الزمنية.', impact: 'minor', components: ['timelines'] };
    assert.equal((await post('/api/v1/incidents', body)).status, 401);
    assert.equal((await post('/api/v1/incidents', body, { authorization: 'Bearer wrong' })).status, 403);
    assert.equal((await post('/api/v1/incidents', body, { authorization: 'Bearer user-token' })).status, 403, 'a non-admin app token');
    assert.equal((await post('/api/v1/incidents', { ...body, impact: 'apocalyptic' }, { authorization: `Bearer ${ADMIN}` })).status, 422);
    assert.equal((await post('/api/v1/incidents', { ...body, components: ['kitchen'] }, { authorization: `Bearer ${ADMIN}` })).status, 422);

    const created = await post('/api/v1/incidents', body, { authorization: `Bearer ${ADMIN}` });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'investigating');
    assert.equal(created.body.components[0].id, 'timelines');
    const id = created.body.id;

    // The app's Owner token works too when it carries admin:write (verified against the app).
    const update = await post(`/api/v1/incidents/${id}/updates`, { status: 'identified', body: 'A slow query.', body_ar: 'استعلام بطيء.' }, { authorization: 'Bearer owner-admin-token' });
    assert.equal(update.status, 201, JSON.stringify(update.body));
    assert.equal(update.body.incident_updates.length, 2);
    assert.equal((await post(`/api/v1/incidents/${id}/updates`, { status: 'completed', body: 'x' }, { authorization: `Bearer ${ADMIN}` })).status, 422);
    assert.equal((await post(`/api/v1/incidents/nope/updates`, { status: 'resolved', body: 'x' }, { authorization: `Bearer ${ADMIN}` })).status, 404);

    const unresolved = (await getJson(`${svc.url}/api/v2/incidents/unresolved.json?lang=ar`)).body.incidents;
    assert.equal(unresolved.length, 1);
    assert.equal(unresolved[0].name, 'بطء الخطوط الزمنية');
    assert.equal((await getJson(`${svc.url}/api/v2/status.json`)).body.status.indicator, 'minor');

    await post(`/api/v1/incidents/${id}/updates`, { status: 'resolved', body: 'Fixed.', body_ar: 'تم الإصلاح.' }, { authorization: `Bearer ${ADMIN}` });
    const all = (await getJson(`${svc.url}/api/v2/incidents.json`)).body.incidents;
    const resolved = all.find((i: { id: string }) => i.id === id);
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.resolved_at);
    assert.deepEqual(resolved.incident_updates.map((u: { status: string }) => u.status), ['resolved', 'identified', 'investigating']);
    for (const key of ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at', 'affected_components', 'deliver_notifications']) {
      assert.ok(key in resolved.incident_updates[0], `update has ${key}`);
    }
    assert.deepEqual((await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents, []);
  });

  it('takes an app token as admin only with the admin scope, from an admin account, and not past its revocation', async () => {
    const body = { name: 'Scope check', body: 'Checking admin scopes.' };
    const mint = async (who: string, scopes: string) =>
      (await getJson(`${appUrl}/__mint`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ who, scopes }) })).body.access_token as string;
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const noAdminScope = await post('/api/v1/incidents', body, as('owner-token'));
    assert.equal(noAdminScope.status, 403, 'the Owner\'s everyday token (read write follow) is not an admin token');
    assert.match(noAdminScope.body.error, /admin:write/);
    assert.equal((await post('/api/v1/incidents', body, as(await mint('owner', 'read admin:read')))).status, 403, 'admin:read does not allow changes');
    assert.equal((await post('/api/v1/incidents', body, as('user-admin-token'))).status, 403, 'admin scope on a non-admin account');
    const readOnly = await mint('owner', 'read admin:read');
    assert.equal((await getJson(`${svc.url}/api/v1/subscriptions`, { headers: as(readOnly) })).status, 200, 'admin:read may look');
    assert.equal((await getJson(`${svc.url}/api/v1/subscriptions`, { headers: as('owner-token') })).status, 403);

    const token = await mint('owner', 'read admin:read admin:write');
    const created = await post('/api/v1/incidents', body, as(token));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await getJson(`${appUrl}/__revoke?token=${token}`, { method: 'POST' });
    assert.equal((await post(`/api/v1/incidents/${created.body.id}/updates`, { status: 'resolved', body: 'x' }, as(token))).status, 403, 'refused at once after revocation');
    assert.equal((await post(`/api/v1/incidents/${created.body.id}/updates`, { status: 'resolved', body: 'x' }, as(ADMIN))).status, 201);
  });

  it('schedules maintenance', async () => {
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const end = new Date(Date.now() + 7_200_000).toISOString();
    const r = await post('/api/v1/incidents', { name: 'Database upgrade', body: 'Short downtime.', scheduled_for: start, scheduled_until: end }, { authorization: `Bearer ${ADMIN}` });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'scheduled');
    assert.equal(r.body.scheduled_for, start);
    const upcoming = (await getJson(`${svc.url}/api/v2/scheduled-maintenances/upcoming.json`)).body.scheduled_maintenances;
    assert.equal(upcoming.length, 1);
    assert.equal((await getJson(`${svc.url}/api/v2/summary.json`)).body.scheduled_maintenances.length, 1);
    assert.equal((await post('/api/v1/incidents', { name: 'x', body: 'y', scheduled_for: end, scheduled_until: start }, { authorization: `Bearer ${ADMIN}` })).status, 422);
    // Like Statuspage, a maintenance has both ends: an open-ended one would never complete itself.
    const openEnded = await post('/api/v1/incidents', { name: 'x', body: 'y', scheduled_for: start }, { authorization: `Bearer ${ADMIN}` });
    assert.equal(openEnded.status, 422);
    assert.match(openEnded.body.error, /scheduled_until/);
    assert.equal((await getJson(`${svc.url}/api/v2/scheduled-maintenances/upcoming.json`)).body.scheduled_maintenances.length, 1, 'nothing was filed');
  });

  it('publishes an Atom feed of incidents', async () => {
    const res = await fetch(`${svc.url}/history.atom?lang=en`);
    assert.match(res.headers.get('content-type') ?? '', /application\/atom\+xml/);
    const xml = await res.text();
    assert.match(xml, /^<\?xml/);
    assert.match(xml, /<feed xml:lang="en" xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(xml, /<title>Slow timelines<\/title>/);
    assert.match(await (await fetch(`${svc.url}/history.atom`)).text(), /بطء الخطوط الزمنية/);
  });

  it('sends CSP, frame-ancestors \'none\', nosniff and a Referrer-Policy on pages, API answers and errors', async () => {
    for (const path of ['/', '/report?lang=en', '/incidents/nope', '/api/v2/summary.json', '/history.atom', '/nope']) {
      const res = await fetch(`${svc.url}${path}`);
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /default-src 'none'/, path);
      // Only the page's own script file: never inline script, eval or another origin.
      assert.match(csp, /script-src 'self';/, path);
      assert.doesNotMatch(csp, /script-src[^;]*(unsafe|\*|http)/, `${path}: no inline, eval or foreign script`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'same-origin', path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
    }
  });

  it('serves the pages in both languages, Arabic right-to-left by default', async () => {
    const ar = await (await fetch(`${svc.url}/`)).text();
    assert.match(ar, /<html lang="ar" dir="rtl">/);
    assert.match(ar, /جميع الأنظمة تعمل|خلل بسيط/);
    const en = await (await fetch(`${svc.url}/?lang=en`)).text();
    assert.match(en, /<html lang="en" dir="ltr">/);
    assert.match(await (await fetch(`${svc.url}/`, { headers: { 'accept-language': 'en-GB,en' } })).text(), /lang="en"/);
    assert.match(await (await fetch(`${svc.url}/report`)).text(), /أبلغ عن مشكلة/);
    assert.equal((await getJson(`${svc.url}/incidents/nope`)).status, 404);
    assert.equal((await getJson(`${svc.url}/does-not-exist`)).status, 404);
  });
});
