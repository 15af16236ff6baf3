// `status.update` (issue 12): an edited status goes, as Mastodon's streaming server sends it, to
// every stream that was sent the original (user, public, local, hashtag), and only to those; the
// viewer's keyword filters apply to the edited text. WebSocket messages and SSE bytes both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';
import { createFilter } from '../filters/fixtures.js';

describe('status.update on streams', () => {
  let server: TestServer;
  let reader: TestUser;
  let writer: TestUser;
  const edit = (id: string, status: string) => writer.api.request('PUT', `/api/v1/statuses/${id}`, { status });

  before(async () => {
    server = await startTestServer();
    const api = new Api(server.url);
    const app = await createApp(api);
    reader = await createUser(api, undefined, app);
    writer = await createUser(api, undefined, app);
    await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  });
  after(() => server.close());

  it('goes over WebSocket to the user, public, local and hashtag streams, with the viewer’s filters', async () => {
    await createFilter(reader, { context: ['home'], filter_action: 'warn', keywords: [{ keyword: 'zebra' }] });
    const s = openStream(server, `access_token=${reader.token}`);
    await s.opened;
    for (const sub of [{ stream: 'user' }, { stream: 'public' }, { stream: 'public:local' }, { stream: 'hashtag', tag: 'تعديل' }]) s.ws.send(JSON.stringify({ type: 'subscribe', ...sub }));
    await s.settled();
    const post = await createPost(writer, 'قبل التعديل #تعديل');
    await s.next((m) => m.event === 'update' && m.stream[0] === 'hashtag');
    await edit(post.id, 'بعد التعديل zebra #تعديل');
    const updates = await waitFor(() => {
      const got = s.messages.filter((m) => m.event === 'status.update');
      return got.length >= 4 ? got : undefined;
    }, { what: () => `four status.update messages; got ${JSON.stringify(s.messages.map((m) => [m.event, m.stream]))}` });
    assert.deepEqual(updates.map((m) => m.stream).sort(), [['hashtag', 'تعديل'], ['public'], ['public:local'], ['user']].sort());
    for (const m of updates) {
      const status = JSON.parse(m.payload);
      assert.equal(status.id, post.id);
      assert.equal(status.content.includes('بعد التعديل'), true);
      assert.ok(status.edited_at);
      // The home filter (warn) marks the edited text on the user stream.
      if (m.stream[0] === 'user') assert.deepEqual(status.filtered.map((f: { keyword_matches: string[] }) => f.keyword_matches), [['zebra']]);
    }
    s.ws.close();
  });

  it('reaches only those who could see the original: a followers-only edit skips public streams', async () => {
    const stranger = await createUser(new Api(server.url));
    const followerStream = openStream(server, `stream=user&access_token=${reader.token}`);
    const strangerStream = openStream(server, `stream=user&access_token=${stranger.token}`);
    const publicStream = openStream(server, 'stream=public');
    await Promise.all([followerStream.settled(), strangerStream.settled(), publicStream.settled()]);
    const secret = await createPost(writer, 'for followers', { visibility: 'private' });
    await edit(secret.id, 'for followers, edited');
    const update = await followerStream.next((m) => m.event === 'status.update');
    assert.equal(JSON.parse(update.payload).id, secret.id);
    // A public post after it: once the stranger and the public stream have it, they would have
    // had the edit too (each connection gets events in order).
    const open = await createPost(writer, 'open');
    await publicStream.next((m) => m.event === 'update' && JSON.parse(m.payload).id === open.id);
    await edit(open.id, 'open, edited');
    await publicStream.next((m) => m.event === 'status.update' && JSON.parse(m.payload).id === open.id);
    assert.deepEqual(publicStream.messages.filter((m) => m.event === 'status.update').map((m) => JSON.parse(m.payload).id), [open.id]);
    assert.deepEqual(strangerStream.messages.filter((m) => m.event !== 'notification'), []);
    for (const s of [followerStream, strangerStream, publicStream]) s.ws.close();
  });

  it('is framed over SSE exactly as Mastodon frames it', async () => {
    let received = '';
    const req = http.get(`${server.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${reader.token}` } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received += chunk));
    try {
      await waitFor(() => received.startsWith(':)\n'), { what: 'the opening comment' });
      const post = await createPost(writer, 'sse before');
      await waitFor(() => received.includes('event: update\n'), { what: () => `the update (got ${JSON.stringify(received)})` });
      const start = received.length;
      await edit(post.id, 'sse after');
      await waitFor(() => received.slice(start).includes('\n\n'), { what: () => `the status.update (got ${JSON.stringify(received.slice(start))})` });
      const frame = received.slice(start);
      assert.match(frame, /^event: status\.update\ndata: \{.*\}\n\n$/s);
      const status = JSON.parse(frame.split('\n')[1].slice('data: '.length));
      assert.equal(status.id, post.id);
      assert.equal(status.content, '<p>sse after</p>');
    } finally {
      req.destroy();
    }
  });
});
