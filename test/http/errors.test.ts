// Every bad input gets {"error": "..."} with the right status, and nothing gets a 500.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';

describe('errors', () => {
  let server: TestServer;
  let api: Api;
  let user: TestUser;
  let other: TestUser;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
    const app = await createApp(api);
    user = await createUser(api, undefined, app);
    other = await createUser(api, undefined, app);
  });
  after(() => server.close());

  const raw = (method: string, path: string, body: string, contentType: string, token = user.token) =>
    fetch(`${server.url}${path}`, { method, body, headers: { 'content-type': contentType, authorization: `Bearer ${token}` } });

  test('401: no token, unknown token, revoked-looking token', async () => {
    for (const res of [await api.post('/api/v1/statuses', { status: 'x' }), await api.as('0'.repeat(43)).get('/api/v1/timelines/home')]) {
      assert.equal(res.status, 401);
      assert.equal(typeof res.body.error, 'string');
    }
  });

  test("403: acting on another user's post", async () => {
    const post = await createPost(other, 'لي');
    const res = await user.api.delete(`/api/v1/statuses/${post.id}`);
    assert.equal(res.status, 403);
    assert.deepEqual(Object.keys(res.body), ['error']);
  });

  test('404: unknown and malformed ids everywhere', async () => {
    for (const id of ['99999999999', 'abc', '1.5', '-5', '12345678901234567890', '%F0%9F%98%80']) {
      for (const path of [`/api/v1/statuses/${id}`, `/api/v1/accounts/${id}`, `/api/v1/accounts/${id}/statuses`, `/api/v1/accounts/${id}/followers`, `/api/v1/notifications/${id}`]) {
        const res = await user.api.get(path);
        assert.equal(res.status, 404, path);
        assert.equal(typeof res.body.error, 'string', path);
      }
    }
    assert.equal((await api.get('/api/v1/nothing-here')).status, 404);
  });

  test('422: over-long and empty posts', async () => {
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'x'.repeat(281) })).status, 422);
    assert.equal((await user.api.post('/api/v1/statuses', { status: '' })).status, 422);
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'x'.repeat(30_000) })).status, 422);
  });

  test('400: invalid JSON bodies', async () => {
    for (const body of ['{"status": ', '{status: "x"}', 'nope']) {
      const res = await raw('POST', '/api/v1/statuses', body, 'application/json');
      assert.equal(res.status, 400, body);
      assert.equal(typeof (await res.json()).error, 'string');
    }
  });

  test('422: JSON that is not an object, or fields of the wrong type', async () => {
    for (const body of ['[]', '"text"', '42', 'null', '{"status": {"a": 1}}', '{"status": "x", "visibility": 3}', '{"status": "x", "in_reply_to_id": {"a": 1}}']) {
      const res = await raw('POST', '/api/v1/statuses', body, 'application/json');
      assert.ok([400, 422].includes(res.status), `${body}: ${res.status}`);
      assert.equal(typeof (await res.json()).error, 'string');
    }
  });

  test('415: an unsupported content type is refused cleanly', async () => {
    const res = await raw('POST', '/api/v1/statuses', 'status=x', 'text/x-unknown');
    assert.equal(res.status, 415);
    assert.equal(typeof (await res.json()).error, 'string');
  });

  test('400: bad pagination', async () => {
    for (const q of ['max_id=abc', 'limit=0', 'limit=abc', 'limit=99999', 'since_id=-1', 'min_id=1e3']) {
      const res = await user.api.get(`/api/v1/timelines/home?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(typeof res.body.error, 'string');
    }
  });

  test('413: an over-large body', async () => {
    const res = await raw('POST', '/api/v1/statuses', JSON.stringify({ status: 'x'.repeat(2 * 1024 * 1024) }), 'application/json');
    assert.equal(res.status, 413);
    assert.equal(typeof (await res.json()).error, 'string');
  });

  test('deeply nested and repeated form keys do not crash', async () => {
    const res = await raw('POST', '/api/v1/statuses', `status=x&${'a['.repeat(50)}=1&status=y`, 'application/x-www-form-urlencoded');
    assert.ok(res.status < 500, String(res.status));
    await res.arrayBuffer();
    const many = await raw('POST', '/api/v1/statuses', Array.from({ length: 2000 }, (_, i) => `k${i}=v`).join('&') + '&status=ok', 'application/x-www-form-urlencoded');
    assert.ok(many.status < 500, String(many.status));
    await many.arrayBuffer();
  });

  test('no route answers 500 to malformed ids, odd queries or odd bodies', async () => {
    const doc = (await api.get('/api/openapi.json')).body;
    const problems: string[] = [];
    const bodies = ['{"status": ["x"], "id": {"a": 1}, "limit": -1}', '[]', '{"a":'];
    for (const [path, methods] of Object.entries<Record<string, unknown>>(doc.paths)) {
      // Streams stay open by design; they have their own tests.
      if (path.includes('streaming')) continue;
      for (const method of Object.keys(methods)) {
        for (const id of ['abc', '99999999999', '9'.repeat(40)]) {
          const url = path.replace(/\{[^}]+\}/g, id) + '?limit=abc&max_id=x&types[]=zz&id[a]=1&q[]=1&timeline=home&acct[]=x';
          for (const body of method === 'get' ? [undefined] : bodies) {
            const res = await fetch(`${server.url}${url}`, {
              method: method.toUpperCase(),
              headers: { authorization: `Bearer ${user.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
              body,
              signal: AbortSignal.timeout(5000),
            }).catch((error: Error) => error);
            if (res instanceof Error) {
              problems.push(`${method.toUpperCase()} ${url} -> ${res.message}`);
              continue;
            }
            const text = await res.text();
            if (res.status >= 500) problems.push(`${method.toUpperCase()} ${url} ${body ?? ''} -> ${res.status} ${text.slice(0, 120)}`);
            else if (res.status >= 400 && !/"error"/.test(text)) problems.push(`${method.toUpperCase()} ${url} -> ${res.status} without an error body`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
