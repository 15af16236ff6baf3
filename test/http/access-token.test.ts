// `?access_token=` is a token only where Mastodon takes it, the streaming API (browsers cannot
// set headers on a WebSocket or EventSource); and no token ever reaches the log, neither from the
// query nor from the Authorization header (issue 10, finding 16).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createUser, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';

describe('access_token in the query', () => {
  let server: TestServer;
  let user: TestUser;
  let logged = '';

  before(async () => {
    // A server whose log is kept.
    const stream = new Writable({ write(chunk, _encoding, done) { logged += String(chunk); done(); } });
    server = await startTestServer({}, undefined, { logger: { level: 'info', stream } });
    user = await createUser(new Api(server.url));
  });
  after(() => server.close());

  test('is not a token on REST routes: the request is signed out', async () => {
    const anonymous = new Api(server.url);
    for (const path of ['/api/v1/accounts/verify_credentials', '/api/v1/timelines/home', '/api/v1/notifications']) {
      const res = await anonymous.get(`${path}?access_token=${user.token}`);
      assert.equal(res.status, 401, path);
    }
    const posted = await anonymous.post(`/api/v1/statuses?access_token=${user.token}`, { status: 'not me' });
    assert.equal(posted.status, 401);
  });

  test('is a token on the streaming API, WebSocket and server-sent events alike', async () => {
    const ws = openStream(server, `stream=user&access_token=${user.token}`);
    await ws.opened;
    ws.ws.close();
    const controller = new AbortController();
    const sse = await fetch(`${server.url}/api/v1/streaming/user?access_token=${user.token}`, { signal: controller.signal });
    assert.equal(sse.status, 200);
    controller.abort();
  });

  test('no token reaches the log, from the query or the Authorization header', async () => {
    await user.api.get('/api/v1/accounts/verify_credentials');
    await fetch(`${server.url}/api/v1/streaming/health?access_token=${user.token}&stream=user`).then((r) => r.text());
    await fetch(`${server.url}/api/v1/instance?access%5Ftoken=${user.token}`).then((r) => r.text());
    assert.match(logged, /"url":"\/api\/v1\/streaming\/health\?access_token=\[REDACTED\]&stream=user"/);
    assert.ok(!logged.includes(user.token), 'the token appears in the log');
    assert.doesNotMatch(logged, /authorization/i);
  });
});
