// Issue 10, finding 3: streams check the token's scopes as Mastodon's streaming server does, at
// connect (the stream named in the URL) and at every `subscribe`: with a token, every stream needs
// `read` or `read:statuses`, the notification stream `read` or `read:notifications`; the user
// stream carries notifications only for a token that may read them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, createPost, type TestApp, type TestUser } from '../helpers/client.js';
import { openStream, type StreamMessage } from '../helpers/stream.js';
import { ALL_SCOPES, openEventStream, tokenWithScopes } from './fixtures.js';

const SCOPE_ERROR = { error: 'Access token does not have the required scopes', status: 401 };
const isError = (m: StreamMessage) => 'error' in (m as object);

describe('streaming: token scopes', () => {
  let server: TestServer;
  let api: Api;
  let app: TestApp;
  let reader: TestUser;
  let writer: TestUser;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
    app = await createApp(api, ALL_SCOPES);
    reader = await createUser(api, 'scope_reader', app);
    writer = await createUser(api, 'scope_writer', app);
    await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  });
  after(() => server.close());

  it('a profile or write:media token is refused the user stream at connect, and gets no followers-only post', async () => {
    const control = openStream(server, `stream=user&access_token=${reader.token}`);
    const denied = [];
    for (const scope of ['profile', 'write:media']) {
      const token = await tokenWithScopes(api, app, reader, scope);
      const s = openStream(server, `stream=user&access_token=${token}`);
      const refusal = await s.next(isError);
      assert.deepEqual(refusal, SCOPE_ERROR, scope);
      denied.push(s);
    }
    await control.settled();
    const post = await createPost(writer, 'للمتابعين فقط', { visibility: 'private' });
    await control.next((m) => m.event === 'update' && JSON.parse(m.payload).id === post.id);
    // The server answers a socket's messages in order, after anything it sent it before.
    for (const s of denied) {
      await s.settled();
      assert.equal(s.messages.filter((m) => m.event === 'update').length, 0);
      s.ws.close();
    }
    control.ws.close();
  });

  it('checks every subscribe message, public streams included (as Mastodon does with a token)', async () => {
    const token = await tokenWithScopes(api, app, reader, 'write:media');
    const s = openStream(server, '', token);
    await s.opened;
    for (const stream of ['user', 'user:notification', 'public', 'public:local']) {
      s.messages.length = 0;
      s.ws.send(JSON.stringify({ type: 'subscribe', stream }));
      assert.deepEqual(await s.next(isError), SCOPE_ERROR, stream);
    }
    s.messages.length = 0;
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: 'سرب' }));
    assert.deepEqual(await s.next(isError), SCOPE_ERROR, 'hashtag');
    s.ws.close();
    // A read:statuses token may subscribe to everything but the notification stream.
    const statuses = openStream(server, '', await tokenWithScopes(api, app, reader, 'read:statuses'));
    await statuses.opened;
    for (const stream of ['user', 'public', 'public:local']) statuses.ws.send(JSON.stringify({ type: 'subscribe', stream }));
    await statuses.settled();
    assert.deepEqual(statuses.messages, []);
    statuses.ws.send(JSON.stringify({ type: 'subscribe', stream: 'user:notification' }));
    assert.deepEqual(await statuses.next(isError), SCOPE_ERROR);
    statuses.ws.close();
  });

  it('the user stream of a read:statuses token carries statuses but no notifications', async () => {
    const limited = openStream(server, 'stream=user', await tokenWithScopes(api, app, writer, 'read:statuses'));
    const control = openStream(server, 'stream=user', await tokenWithScopes(api, app, writer, 'read'));
    const notifications = openStream(server, 'stream=user:notification', await tokenWithScopes(api, app, writer, 'read:notifications'));
    await Promise.all([limited.settled(), control.settled(), notifications.settled()]);
    const own = await createPost(writer, 'منشور سيُعجب به أحد');
    await limited.next((m) => m.event === 'update' && JSON.parse(m.payload).id === own.id);
    await reader.api.post(`/api/v1/statuses/${own.id}/favourite`);
    await control.next((m) => m.event === 'notification');
    await notifications.next((m) => m.event === 'notification');
    await limited.settled();
    assert.equal(limited.messages.filter((m) => m.event === 'notification').length, 0);
    for (const s of [limited, control, notifications]) s.ws.close();
  });

  it('Server-Sent Events answer 401 with Mastodon’s error when the scopes do not cover the stream', async () => {
    const statuses = await tokenWithScopes(api, app, reader, 'read:statuses');
    const profile = await tokenWithScopes(api, app, reader, 'profile');
    const notifications = await tokenWithScopes(api, app, reader, 'read:notifications');
    const refused: [string, string][] = [
      ['/api/v1/streaming/user/notification', statuses],
      ['/api/v1/streaming/user', profile],
      ['/api/v1/streaming/user', notifications],
      ['/api/v1/streaming/public', profile],
      ['/api/v1/streaming/hashtag?tag=x', profile],
    ];
    for (const [path, token] of refused) {
      const s = await openEventStream(server.url, path, token);
      assert.equal(s.status, 401, path);
      assert.deepEqual(s.body, { error: SCOPE_ERROR.error }, path);
    }
    for (const [path, token] of [['/api/v1/streaming/user/notification', notifications], ['/api/v1/streaming/user', statuses], ['/api/v1/streaming/public', statuses]]) {
      const s = await openEventStream(server.url, path, token);
      assert.equal(s.status, 200, path);
      s.close();
    }
    // Signed out, the public streams stay open to all.
    const anonymous = await openEventStream(server.url, '/api/v1/streaming/public');
    assert.equal(anonymous.status, 200);
    anonymous.close();
  });

  it('the SSE user stream of a read:statuses token carries no notifications', async () => {
    const limited = await openEventStream(server.url, '/api/v1/streaming/user', await tokenWithScopes(api, app, writer, 'read:statuses'));
    const control = await openEventStream(server.url, '/api/v1/streaming/user', await tokenWithScopes(api, app, writer, 'read'));
    const own = await createPost(writer, 'منشور ثانٍ');
    // Both registered once both have the writer's own post.
    await limited.waitFor((t) => t.includes(own.id), 'the post on the limited stream');
    await control.waitFor((t) => t.includes(own.id), 'the post on the control stream');
    await reader.api.post(`/api/v1/statuses/${own.id}/reblog`);
    await control.waitFor((t) => t.includes('event: notification'), 'the notification on the control stream');
    const later = await createPost(writer, 'منشور ثالث');
    await limited.waitFor((t) => t.includes(later.id), 'the later post on the limited stream');
    assert.doesNotMatch(limited.text(), /event: notification/);
    limited.close();
    control.close();
  });
});
