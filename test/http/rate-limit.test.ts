// X-RateLimit-* headers and 429 once the window's allowance is spent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser } from '../helpers/client.js';
import { requestFrom } from '../helpers/from-address.js';
import { freshWindowClock } from '../helpers/clock.js';

describe('rate limits', () => {
  let server: TestServer;
  let api: Api;
  const clock = freshWindowClock(300);

  before(async () => {
    server = await startTestServer({ rateLimit: { perWindow: 5, registrationsPerWindow: 2, windowSeconds: 300 } }, clock);
    api = new Api(server.url);
  });
  after(() => server.close());

  test('headers count down, then 429 with Retry-After and an error body', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.get('/api/v1/timelines/public');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), '5');
      seen.push(res.headers.get('x-ratelimit-remaining')!);
      const reset = Date.parse(res.headers.get('x-ratelimit-reset')!);
      assert.ok(reset > clock() && reset <= clock() + 300_000);
    }
    assert.deepEqual(seen, ['4', '3', '2', '1', '0']);
    const limited = await api.get('/api/v1/timelines/public');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error, 'Too many requests');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // Health checks and metrics are never limited.
    assert.equal((await api.get('/healthz')).status, 200);
    const metrics = await fetch(`${server.url}/metrics`);
    assert.equal(metrics.status, 200);
    await metrics.arrayBuffer();
  });
});

describe('rate limits per account', () => {
  test('a signed-in account has its own allowance, apart from its IP', async () => {
    const server = await startTestServer({ rateLimit: { perWindow: 6, registrationsPerWindow: 100, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const api = new Api(server.url);
      const app = await createApp(api); // 2 requests from this IP
      const reg = await api.as(app.appToken).post('/api/v1/accounts', { username: 'limited', email: 'l@example.test', password: 'correct horse battery', agreement: true });
      const user = api.as(reg.body.access_token);
      for (let i = 0; i < 6; i++) assert.equal((await user.get('/api/v1/accounts/verify_credentials')).status, 200, `request ${i}`);
      assert.equal((await user.get('/api/v1/accounts/verify_credentials')).status, 429);
      assert.equal((await api.get('/api/v1/instance')).status, 200);
    } finally {
      await server.close();
    }
  });

  test('sign-ups per IP have their own, smaller limit', async () => {
    const server = await startTestServer({ rateLimit: { perWindow: 1000, registrationsPerWindow: 2, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const api = new Api(server.url);
      const app = await createApp(api);
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await api.as(app.appToken).post('/api/v1/accounts', { username: `signup${i}`, email: `s${i}@example.test`, password: 'correct horse battery', agreement: true });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await server.close();
    }
  });
});

describe('the status prober keeps its allowance (issue 10, finding 2)', () => {
  test('305 signed-out requests from the prober\'s address, spoofed or not, do not make its token-bearing requests 429', async () => {
    const server = await startTestServer({ rateLimit: { perWindow: 300, registrationsPerWindow: 100, windowSeconds: 300 } }, freshWindowClock(300));
    try {
      const api = new Api(server.url);
      const prober = await createUser(api);
      for (let i = 0; i < 305; i++) {
        const headers: Record<string, string> = i % 2 ? { 'x-forwarded-for': '127.0.0.1' } : {};
        await requestFrom('127.0.0.1', `${server.url}/api/v1/instance`, { headers });
      }
      assert.equal((await api.get('/api/v1/instance')).status, 429, 'the anonymous allowance of 127.0.0.1 is spent');
      for (const path of ['/api/v1/instance', '/api/v1/timelines/home', '/api/v1/notifications']) {
        assert.equal((await prober.api.get(path)).status, 200, path);
      }
      // The web app's page (503 when web/dist is not built in this checkout), limited or not.
      assert.notEqual((await prober.api.get('/')).status, 429);
    } finally {
      await server.close();
    }
  });

  test('SIRB_PROBE_ACCOUNT gives the probe account its own, larger allowance', async () => {
    const server = await startTestServer({ rateLimit: { perWindow: 5, registrationsPerWindow: 100, windowSeconds: 300, probeAccount: 'status_probe_t', probePerWindow: 40 } }, freshWindowClock(300));
    try {
      const api = new Api(server.url);
      const app = await createApp(api);
      const prober = await createUser(api, 'status_probe_t', app);
      const someone = await createUser(api, undefined, app);
      const seen = [];
      for (let i = 0; i < 7; i++) seen.push((await someone.api.get('/api/v1/timelines/home')).status);
      // createUser spent one request (verify_credentials) of the 5.
      assert.deepEqual(seen, [200, 200, 200, 200, 429, 429, 429]);
      for (let i = 0; i < 30; i++) assert.equal((await prober.api.get('/api/v1/timelines/home')).status, 200, `probe request ${i}`);
      const limited = await prober.api.get('/api/v1/timelines/home');
      assert.equal(limited.headers.get('x-ratelimit-limit'), '40');
    } finally {
      await server.close();
    }
  });
});
