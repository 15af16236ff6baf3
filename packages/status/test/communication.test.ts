// Communication like Statuspage: component groups (page and JSON), incident templates, and
// postmortems on incident pages, through the real HTTP API with a real SQLite store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMPONENT_IDS } from '../src/components/catalog.js';
import { recordProbes, setComponentStatus } from '../src/components/store.js';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, tempDir } from './helpers.js';

const ADMIN = 'comm-admin';
let svc: RunningStatusService;
before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false });
});
after(async () => {
  await svc?.stop();
});

const call = (method: string, path: string, body?: unknown, token: string | null = ADMIN) =>
  getJson(`${svc.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const page = async (path: string) => (await fetch(`${svc.url}${path}`)).text();

describe('component groups', () => {
  it('groups the page\'s components under headings showing their worst member', async () => {
    const now = Date.now();
    await recordProbes(svc.ctx.db, COMPONENT_IDS.map((component) => ({ component, at: now, ok: true, latencyMs: 40 })));
    await setComponentStatus(svc.ctx.db, 'search', 'partial_outage', now);
    const html = await page('/?lang=en');
    const access = html.match(/<details class="group" open data-group="access" data-status="(\w+)">([\s\S]*?)<\/details>/);
    const features = html.match(/<details class="group" open data-group="features" data-status="(\w+)">([\s\S]*?)<\/details>/);
    assert.ok(access && features, 'both groups on the page');
    assert.equal(access[1], 'operational');
    assert.equal(features[1], 'partial_outage');
    assert.deepEqual([...access[2].matchAll(/data-component="(\w+)"/g)].map((m) => m[1]), ['website', 'api', 'sign_in']);
    assert.deepEqual([...features[2].matchAll(/data-component="(\w+)"/g)].map((m) => m[1]), ['posting', 'timelines', 'search', 'notifications']);
    assert.match(await page('/?lang=ar'), /data-group="features" data-status="partial_outage"><summary><strong>الميزات<\/strong><span class="group-status status-partial_outage">انقطاع جزئي/);
    const groups = (await getJson(`${svc.url}/api/v2/components.json`)).body.components.filter((c: any) => c.group);
    assert.deepEqual(groups.map((g: any) => [g.id, g.status]), [['group-access', 'operational'], ['group-features', 'partial_outage']]);
    await setComponentStatus(svc.ctx.db, 'search', 'operational', now);
  });
});

describe('incident templates', () => {
  it('are admin-only, open incidents pre-filled in both languages, and any field given wins', async () => {
    const template = { title: 'Database down', name: 'Database unavailable', name_ar: 'قاعدة البيانات غير متاحة', body: 'We are restoring the database.', body_ar: 'نعيد قاعدة البيانات إلى العمل.', impact: 'critical', components: ['posting', 'timelines'] };
    assert.equal((await call('POST', '/api/v1/incident-templates', template, null)).status, 401);
    assert.equal((await call('POST', '/api/v1/incident-templates', { ...template, impact: 'doom' })).status, 422);
    const created = await call('POST', '/api/v1/incident-templates', template);
    assert.equal(created.status, 201);
    assert.equal(created.body.title, 'Database down');
    assert.deepEqual((await call('GET', '/api/v1/incident-templates')).body.map((t: any) => t.id), [created.body.id]);
    assert.equal((await call('GET', '/api/v1/incident-templates', undefined, null)).status, 401);

    const incident = await call('POST', '/api/v1/incidents', { template: created.body.id });
    assert.equal(incident.status, 201, JSON.stringify(incident.body));
    assert.equal(incident.body.name, 'Database unavailable');
    assert.equal(incident.body.impact, 'critical');
    assert.deepEqual(incident.body.components.map((c: any) => c.id), ['posting', 'timelines']);
    assert.equal(incident.body.incident_updates[0].body, 'We are restoring the database.');
    assert.match(await page(`/incidents/${incident.body.id}?lang=ar`), /قاعدة البيانات غير متاحة[\s\S]*نعيد قاعدة البيانات إلى العمل/);

    const custom = await call('POST', '/api/v1/incidents', { template: created.body.id, name: 'Database slow', impact: 'minor' });
    assert.equal(custom.body.name, 'Database slow');
    assert.equal(custom.body.impact, 'minor');
    assert.match(await page(`/incidents/${custom.body.id}?lang=ar`), /<h3><a [^>]*><bdi>Database slow<\/bdi><\/a>/, 'a name given in one language is used for both');

    const unknown = await call('POST', '/api/v1/incidents', { template: 'nope' });
    assert.deepEqual([unknown.status, unknown.body.error], [422, 'template: no such incident template']);
    const bare = await call('POST', '/api/v1/incidents', { body: 'no name' });
    assert.deepEqual([bare.status, bare.body.error], [422, 'name and body are required (or a template)']);
    assert.equal((await call('DELETE', `/api/v1/incident-templates/${created.body.id}`)).status, 200);
    assert.equal((await call('DELETE', `/api/v1/incident-templates/${created.body.id}`)).status, 404);
  });
});

describe('postmortems', () => {
  it('are published once the incident is resolved, shown on its page in both languages and announced once', async () => {
    const incident = (await call('POST', '/api/v1/incidents', { name: 'Posting failed', name_ar: 'تعذّر النشر', body: 'Investigating.', impact: 'major' })).body;
    const text = { body: 'A disk filled up.\n\nWe now alert at 80% full.', body_ar: 'امتلأ قرص.\n\nصرنا ننبّه عند امتلاء 80%.' };
    const early = await call('PUT', `/api/v1/incidents/${incident.id}/postmortem`, text);
    assert.deepEqual([early.status, early.body.error], [409, 'Publish the postmortem once the incident is resolved']);
    await call('POST', `/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Fixed.' });
    assert.equal((await call('PUT', `/api/v1/incidents/${incident.id}/postmortem`, text, null)).status, 401);
    const published = await call('PUT', `/api/v1/incidents/${incident.id}/postmortem`, text);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.status, 'postmortem');
    assert.equal(published.body.postmortem_body, text.body);
    assert.ok(published.body.resolved_at, 'still resolved');
    assert.equal(published.body.incident_updates.filter((u: any) => u.status === 'postmortem').length, 1);

    const en = await page(`/incidents/${incident.id}?lang=en`);
    assert.match(en, /<section class="card postmortem" id="postmortem"><h2>Postmortem<\/h2><p dir="auto">A disk filled up.<\/p><p dir="auto">We now alert at 80% full.<\/p>/);
    assert.match(await page(`/incidents/${incident.id}?lang=ar`), /<h2>تحليل ما بعد الحادث<\/h2><p dir="auto">امتلأ قرص.<\/p>/);
    assert.match(await page('/history.atom?lang=en'), /Postmortem&lt;\/strong&gt; - A postmortem of this incident is published./);

    const edited = await call('PUT', `/api/v1/incidents/${incident.id}/postmortem`, { body: 'A disk filled up (edited).' });
    assert.equal(edited.body.postmortem_body, 'A disk filled up (edited).');
    assert.equal(edited.body.postmortem_published_at, published.body.postmortem_published_at, 'first publication time kept');
    assert.equal(edited.body.incident_updates.filter((u: any) => u.status === 'postmortem').length, 1, 'an edit is not announced again');

    assert.equal((await call('PUT', '/api/v1/incidents/nope/postmortem', text)).status, 404);
    const maintenance = (await call('POST', '/api/v1/incidents', { name: 'Upgrade', body: 'Planned.', scheduled_for: new Date(Date.now() + 3_600_000).toISOString(), scheduled_until: new Date(Date.now() + 7_200_000).toISOString() })).body;
    assert.equal((await call('PUT', `/api/v1/incidents/${maintenance.id}/postmortem`, text)).status, 422);
    assert.equal((await call('PUT', `/api/v1/incidents/${incident.id}/postmortem`, { body: '' })).status, 422);
  });
});
