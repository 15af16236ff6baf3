import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, createPost, type TestUser } from '../helpers/client.js';

interface Message { stream: string[]; event: string; payload: string }

function openStream(server: TestServer, query: string, protocol?: string) {
  const url = `${server.url.replace('http', 'ws')}/api/v1/streaming?${query}`;
  const ws = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
  const messages: Message[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    waiters.splice(0).forEach((w) => w());
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const next = async (predicate: (m: Message) => boolean, timeoutMs = 3000): Promise<Message> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return { ws, opened, messages, next };
}

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
    await s.opened;
    await new Promise((r) => setTimeout(r, 100));
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
    await s.opened;
    await new Promise((r) => setTimeout(r, 100));
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
    await new Promise((r) => setTimeout(r, 200));
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
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${reader.token}` }, signal: controller.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader_ = res.body!.getReader();
    await new Promise((r) => setTimeout(r, 100));
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
