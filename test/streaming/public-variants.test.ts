// Mastodon's public stream variants: public:media and public:local:media carry only public posts
// with media; public:remote(:media) are accepted and stay silent while Sirb does not federate;
// over SSE, only_media=true picks the media variant and /public/remote exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';

const env = useTestServer();

async function upload(user: TestUser): Promise<string> {
  const image = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3a7' } }).png().toBuffer();
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'x.png');
  return (await user.api.post('/api/v2/media', body)).body.id;
}

test('public:media and public:local:media carry only posts with media; public:remote stays silent', async () => {
  const author = await createUser(env.api);
  const stream = openStream(env.server, 'stream=public:media');
  await stream.opened;
  for (const name of ['public:local:media', 'public:remote', 'public:remote:media', 'public']) stream.ws.send(JSON.stringify({ type: 'subscribe', stream: name }));
  await stream.settled();
  assert.deepEqual(stream.messages.filter((m) => (m as unknown as { error?: string }).error), [], 'every variant is a known stream');
  const plain = await createPost(author, 'نص بلا صورة');
  const pictured = await createPost(author, 'مع صورة', { media_ids: [await upload(author)] });
  await stream.next((m) => m.event === 'update' && m.stream[0] === 'public:local:media' && JSON.parse(m.payload).id === pictured.id);
  await stream.next((m) => m.event === 'update' && m.stream[0] === 'public' && JSON.parse(m.payload).id === pictured.id);
  const byStream = (name: string) => stream.messages.filter((m) => m.event === 'update' && m.stream[0] === name).map((m) => JSON.parse(m.payload).id);
  assert.deepEqual(byStream('public:media'), [pictured.id]);
  assert.deepEqual(byStream('public:local:media'), [pictured.id]);
  assert.deepEqual(byStream('public'), [plain.id, pictured.id]);
  assert.deepEqual([...byStream('public:remote'), ...byStream('public:remote:media')], []);
  stream.ws.close();
});

test('SSE: only_media=true is the media variant; /public/remote answers as an event stream', async () => {
  const author = await createUser(env.api);
  const controller = new AbortController();
  const response = await fetch(`${env.server.url}/api/v1/streaming/public?only_media=true`, { signal: controller.signal });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  let text = '';
  await createPost(author, 'بلا صورة عبر SSE');
  const pictured = await createPost(author, 'صورة عبر SSE', { media_ids: [await upload(author)] });
  const deadline = Date.now() + 5000;
  while (!text.includes(pictured.id) && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  assert.ok(text.includes(`"id":"${pictured.id}"`));
  assert.ok(!text.includes('بلا صورة عبر SSE'), 'no post without media');
  const remote = new AbortController();
  const answer = await fetch(`${env.server.url}/api/v1/streaming/public/remote`, { signal: remote.signal });
  assert.equal(answer.status, 200);
  assert.match(answer.headers.get('content-type') ?? '', /text\/event-stream/);
  remote.abort();
});
