// Server metadata and the operational endpoints: instance v1/v2, markers, /healthz, /metrics
// and the OpenAPI document.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser } from '../helpers/client.js';
import { SIRB_VERSION } from '../../src/version.js';
import { TEST_BACKEND } from '../helpers/backend.js';

describe('instance and operations', () => {
  let server: TestServer;
  let api: Api;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
  });
  after(() => server.close());

  test('GET /api/v2/instance', async () => {
    const res = await api.get('/api/v2/instance');
    assert.deepEqual(res.body.api_versions, { mastodon: 2 });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, `4.3.0 (compatible; Sirb ${SIRB_VERSION})`);
    assert.match(res.body.version, /^4\.3\.0 \(compatible; Sirb \d+\.\d+\.\d+\)$/);
    assert.equal(res.body.domain, new URL(server.url).host);
    assert.equal(res.body.configuration.statuses.max_characters, 280);
    assert.equal(res.body.registrations.enabled, true);
    assert.ok(res.body.languages.includes('ar'));
  });

  test('GET /api/v1/instance with stats', async () => {
    const user = await createUser(api);
    await user.api.post('/api/v1/statuses', { status: 'إحصاء' });
    const res = await api.get('/api/v1/instance');
    assert.equal(res.status, 200);
    assert.equal(res.body.version, `4.3.0 (compatible; Sirb ${SIRB_VERSION})`);
    assert.equal(res.body.uri, new URL(server.url).host);
    assert.ok(res.body.stats.user_count >= 1);
    assert.ok(res.body.stats.status_count >= 1);
    assert.equal(res.body.registrations, true);
  });

  test('GET /api/v1/apps/verify_credentials with app and user tokens; none is 401', async () => {
    const app = await createApp(api);
    const asApp = await api.as(app.appToken).get('/api/v1/apps/verify_credentials');
    assert.equal(asApp.status, 200);
    assert.equal(asApp.body.name, 'test client');
    const user = await createUser(api, undefined, app);
    assert.equal((await user.api.get('/api/v1/apps/verify_credentials')).body.name, 'test client');
    assert.equal((await api.get('/api/v1/apps/verify_credentials')).status, 401);
  });

  test('markers: save, read back, version increases; bad input is 422', async () => {
    const user = await createUser(api);
    assert.deepEqual((await user.api.get('/api/v1/markers?timeline[]=home')).body, {});
    const saved = await user.api.post('/api/v1/markers', { home: { last_read_id: '103' }, notifications: { last_read_id: '7' } });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.home.last_read_id, '103');
    assert.equal(saved.body.home.version, 1);
    const again = await user.api.post('/api/v1/markers', new URLSearchParams({ 'home[last_read_id]': '110' }));
    assert.equal(again.status, 200);
    assert.equal(again.body.home.version, 2);
    const read = await user.api.get('/api/v1/markers?timeline[]=home&timeline[]=notifications');
    assert.equal(read.body.home.last_read_id, '110');
    assert.equal(read.body.notifications.last_read_id, '7');
    assert.ok(!Number.isNaN(Date.parse(read.body.home.updated_at)));
    assert.equal((await user.api.post('/api/v1/markers', { home: { last_read_id: 'abc' } })).status, 422);
    assert.equal((await user.api.post('/api/v1/markers', {})).status, 422);
    assert.equal((await api.get('/api/v1/markers?timeline[]=home')).status, 401);
  });

  test('/healthz says ok with the version', async () => {
    const res = await api.get('/healthz');
    assert.equal(res.status, 200);
    // With Redis (the postgres backend), the state of its circuit breaker too.
    assert.deepEqual(res.body, { status: 'ok', version: SIRB_VERSION, ...(TEST_BACKEND === 'postgres' ? { redis_breaker: 'closed' } : {}) });
  });

  test('/metrics: Prometheus text with request durations by route and error counts', async () => {
    await api.get('/api/v1/instance');
    await api.get('/api/v1/statuses/999999');
    await api.get('/api/v1/no/such/route');
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.match(text, /# TYPE http_request_duration_seconds histogram/);
    assert.match(text, /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/instance"[^}]*\}/);
    assert.match(text, /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/statuses\/:id",status_code="404"\} 1/);
    assert.match(text, /http_request_errors_total\{method="GET",route="\/api\/v1\/statuses\/:id",status_code="404"\} 1/);
    // Unknown URLs are counted under one label, not one series per URL.
    assert.ok(!text.includes('/api/v1/no/such/route'));
  });

  test('OpenAPI document lists the routes', async () => {
    const res = await api.get('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.body.openapi, /^3\./);
    const paths = Object.keys(res.body.paths);
    for (const path of ['/api/v1/statuses', '/api/v1/statuses/{id}', '/api/v1/timelines/home', '/api/v2/search', '/oauth/token', '/api/v1/accounts/{id}/follow', '/api/v1/trends/tags', '/api/v2/instance']) {
      assert.ok(paths.includes(path), `${path} missing from ${paths.join(', ')}`);
    }
    assert.ok(res.body.paths['/api/v1/statuses'].post.requestBody, 'the status body schema is documented');
    assert.ok(!paths.includes('/metrics'));
  });

  test('the start-up endpoints clients call answer with empty lists', async () => {
    const user = await createUser(api);
    for (const path of ['/api/v1/custom_emojis', '/api/v1/instance/rules']) {
      const res = await api.get(path);
      assert.equal(res.status, 200, path);
      assert.deepEqual(res.body, [], path);
    }
    // Announcements need a signed-in user, as on Mastodon (test/announcements/ for the rest).
    for (const path of ['/api/v1/filters', '/api/v2/filters', '/api/v1/lists', '/api/v1/follow_requests', '/api/v1/blocks', '/api/v1/mutes', '/api/v1/announcements', '/api/v1/domain_blocks']) {
      assert.deepEqual((await user.api.get(path)).body, [], path);
      assert.equal((await api.get(path)).status, 401, path);
    }
    const prefs = await user.api.get('/api/v1/preferences');
    assert.equal(prefs.body['posting:default:visibility'], 'public');
  });

  test('default avatar and header images are PNGs', async () => {
    const user = await createUser(api);
    const me = (await user.api.get('/api/v1/accounts/verify_credentials')).body;
    const avatar = await fetch(me.avatar);
    assert.equal(avatar.status, 200);
    assert.equal(avatar.headers.get('content-type'), 'image/png');
    assert.ok((await avatar.arrayBuffer()).byteLength > 0);
    const header = await fetch(me.header);
    assert.equal(header.status, 200);
    assert.ok((await header.arrayBuffer()).byteLength > 0);
  });
});

describe('health when the database is gone', () => {
  test('/healthz answers 503 with an error', async () => {
    const server = await startTestServer();
    try {
      await server.ctx.db.close();
      const res = await new Api(server.url).get('/healthz');
      assert.equal(res.status, 503);
      assert.equal(res.body.status, 'unavailable');
      assert.ok(res.body.error);
    } finally {
      await server.close();
    }
  });
});
