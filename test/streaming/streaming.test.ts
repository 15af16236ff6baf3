import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, createPost, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';

describe('streaming', () => {
  let server: TestServer;
  let reader: TestUser;
  let writer: TestUser;

  before(async () => {
    server = await startTestServer();
    const api = new Api(server.url);
    const app = await createApp(api);
    reader = await createUser(api, 'stream_reader', app);
    writer = await createUser(api, 'stream_writer', app);
    await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  });
  after(() => server.close());

  it('delivers a followed account’s post to the user stream, live', async () => {
    const s = openStream(server, `stream=user&access_token=${reader.token}`);
    await s.settled();
    const post = await createPost(writer, 'سرب يعمل الآن #بث_مباشر');
    const update = await s.next((m) => m.event === 'update');
    assert.deepEqual(update.stream, ['user']);
    assert.equal(JSON.parse(update.payload).id, post.id);
    await writer.api.delete(`/api/v1/statuses/${post.id}`);
    const deleted = await s.next((m) => m.event === 'delete');
    assert.equal(deleted.payload, post.id);
    s.ws.close();
  });

  it('accepts the token as the WebSocket sub-protocol (as masto sends it) and pushes notifications', async () => {
    const s = openStream(server, 'stream=user', writer.token);
    await s.settled();
    const post = await createPost(writer, 'hello stream');
    await reader.api.post(`/api/v1/statuses/${post.id}/favourite`);
    const n = await s.next((m) => m.event === 'notification');
    const payload = JSON.parse(n.payload);
    assert.equal(payload.type, 'favourite');
    assert.equal(payload.account.id, reader.id);
    s.ws.close();
  });

  it('multiplexes hashtag and public streams through subscribe messages', async () => {
    const s = openStream(server, '');
    await s.opened;
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: 'تويتر' }));
    s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'public:local' }));
    await s.settled();
    const post = await createPost(writer, 'عاد #تُويتر للعمل');
    const tagged = await s.next((m) => m.event === 'update' && m.stream[0] === 'hashtag');
    assert.deepEqual(tagged.stream, ['hashtag', 'تويتر'], 'the stream is named by the tag as subscribed');
    assert.equal(JSON.parse(tagged.payload).id, post.id);
    assert.ok(s.messages.some((m) => m.stream.includes('public:local')));
    s.ws.send('not json');
    const error = await s.next((m) => 'error' in (m as object));
    assert.ok(error);
    s.ws.close();
  });

  it('refuses the user stream without a token and a wrong token before upgrading', async () => {
    const anonymous = openStream(server, 'stream=user');
    await anonymous.opened;
    const refusal = await anonymous.next((m) => 'error' in (m as object));
    assert.equal((refusal as unknown as { status: number }).status, 401);
    anonymous.ws.close();
    const wrong = openStream(server, 'stream=user&access_token=nope');
    await assert.rejects(wrong.opened, /401/);
  });

  it('serves the same events as Server-Sent Events', async () => {
    // The earlier tests' sockets are gone, so the one subscriber will be this stream.
    await waitFor(() => server.ctx.streaming.size === 0, { what: 'earlier sockets to be unregistered' });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${reader.token}` }, signal: controller.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader_ = res.body!.getReader();
    await waitFor(() => server.ctx.streaming.size === 1, { what: 'the event stream to be registered' });
    const post = await createPost(writer, 'via SSE');
    let text = '';
    const deadline = Date.now() + 3000;
    while (!text.includes(post.id) && Date.now() < deadline) {
      const { value, done } = await reader_.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    assert.match(text, /event: update\ndata: \{/);
    assert.ok(text.includes(post.id));
    const unauthorized = await fetch(`${server.url}/api/v1/streaming/user`);
    assert.equal(unauthorized.status, 401);
    assert.equal(typeof (await unauthorized.json()).error, 'string');
  });
});
