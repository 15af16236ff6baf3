// Browser clients on other origins can call the API: CORS headers, preflights, exposed Link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createUser } from '../helpers/client.js';

describe('cors', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a preflight for a post with a token is allowed without a token', async () => {
    const res = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elk.zone', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods')!, /POST/);
    assert.equal(res.headers.get('access-control-allow-headers'), 'authorization,content-type,idempotency-key');
    assert.equal(await res.text(), '');
  });

  test('responses, errors included, carry the origin and expose Link and rate-limit headers', async () => {
    const api = new Api(server.url);
    const user = await createUser(api);
    const ok = await user.api.get('/api/v1/timelines/home');
    assert.equal(ok.headers.get('access-control-allow-origin'), '*');
    assert.match(ok.headers.get('access-control-expose-headers')!, /Link/);
    assert.match(ok.headers.get('access-control-expose-headers')!, /X-RateLimit-Remaining/);
    const unauthorized = await api.as('bad').get('/api/v1/timelines/home');
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get('access-control-allow-origin'), '*');
    const token = await api.post('/oauth/token', { grant_type: 'nope' });
    assert.equal(token.headers.get('access-control-allow-origin'), '*');
  });

  test('the sign-in page is not opened to other origins', async () => {
    const res = await fetch(`${server.url}/oauth/authorize`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    await res.arrayBuffer();
  });
});
