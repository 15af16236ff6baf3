// Issue 10, finding 20: one socket holds a bounded number of subscriptions, and one token, one
// account and one address a bounded number of open streams (WebSocket and SSE together). Past
// a limit the client is told so in Mastodon's error shape: an error message and a close on a
// WebSocket, a 429 JSON answer on SSE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestApp, type TestUser } from '../helpers/client.js';
import { openStream, type StreamMessage } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';
import { ALL_SCOPES, closed, openEventStream, tokenWithScopes } from './fixtures.js';

const isError = (m: StreamMessage) => 'error' in (m as object);
const errorOf = (m: StreamMessage) => m as unknown as { error: string; status: number };

describe('streaming: limits', () => {
  let server: TestServer;
  let api: Api;
  let app: TestApp;

  before(async () => {
    server = await startTestServer({
      streamLimits: { subscriptionsPerSocket: 3, connectionsPerToken: 2, connectionsPerAccount: 3, connectionsPerIp: 5 },
    });
    api = new Api(server.url);
    app = await createApp(api, ALL_SCOPES);
  });
  after(() => server.close());

  /** Waits until the server has let go of every stream (closing is noticed asynchronously). */
  const allGone = () => waitFor(() => server.ctx.streaming.size === 0, { what: 'every stream to be unregistered' });

  it('a socket may hold so many subscriptions, and is told when it asks for more', async () => {
    const s = openStream(server, 'stream=public');
    await s.opened;
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'public:local' }));
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: 'one' }));
    await s.settled();
    assert.deepEqual(s.messages, []);
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: 'two' }));
    const refusal = errorOf(await s.next(isError));
    assert.equal(refusal.status, 429);
    assert.match(refusal.error, /subscriptions/);
    // The same subscription again is no new one; one given up makes room.
    s.messages.length = 0;
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'public' }));
    s.ws.send(JSON.stringify({ type: 'unsubscribe', stream: 'public:local' }));
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: 'two' }));
    await s.settled();
    assert.deepEqual(s.messages, []);
    s.ws.close();
    await allGone();
  });

  it('one token may hold so many streams; the next is refused until one closes', async () => {
    const user: TestUser = await createUser(api, 'limit_token', app);
    const token = await tokenWithScopes(api, app, user, 'read');
    const first = openStream(server, 'stream=user', token);
    const second = openStream(server, 'stream=public', token);
    await Promise.all([first.settled(), second.settled()]);
    const third = openStream(server, 'stream=user', token);
    const thirdClosed = closed(third.ws);
    const refusal = errorOf(await third.next(isError));
    assert.equal(refusal.status, 429);
    assert.match(refusal.error, /token/);
    assert.equal(await thirdClosed, 1008);
    const sse = await openEventStream(server.url, '/api/v1/streaming/user', token);
    assert.equal(sse.status, 429);
    assert.match((sse.body as { error: string }).error, /token/);

    first.ws.close();
    await waitFor(() => server.ctx.streaming.size === 1, { what: 'the first socket to be unregistered' });
    const again = await openEventStream(server.url, '/api/v1/streaming/user', token);
    assert.equal(again.status, 200);
    again.close();
    second.ws.close();
    await allGone();
  });

  it('one account may hold so many streams, whatever its tokens', async () => {
    const user = await createUser(api, 'limit_account', app);
    const tokens = await Promise.all([1, 2, 3, 4].map(() => tokenWithScopes(api, app, user, 'read')));
    const open = tokens.slice(0, 3).map((token) => openStream(server, 'stream=user', token));
    await Promise.all(open.map((s) => s.settled()));
    const fourth = openStream(server, 'stream=user', tokens[3]);
    const fourthClosed = closed(fourth.ws);
    const refusal = errorOf(await fourth.next(isError));
    assert.equal(refusal.status, 429);
    assert.match(refusal.error, /account/);
    assert.equal(await fourthClosed, 1008);
    for (const s of open) s.ws.close();
    await allGone();
  });

  it('one address may hold so many streams, signed in or not', async () => {
    const open = [1, 2, 3, 4, 5].map(() => openStream(server, 'stream=public'));
    await Promise.all(open.map((s) => s.settled()));
    const sixth = openStream(server, 'stream=public');
    const refusal = errorOf(await sixth.next(isError));
    assert.equal(refusal.status, 429);
    assert.match(refusal.error, /address/);
    const sse = await openEventStream(server.url, '/api/v1/streaming/public');
    assert.equal(sse.status, 429);
    for (const s of open) s.ws.close();
    await allGone();
  });
});
