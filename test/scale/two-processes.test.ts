// Several app processes share all state through the database and Redis: a post made through
// one process streams live to a client connected to another, and both read the same timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, createApp, createUser, createPost } from '../helpers/client.js';
import { sharedBackendProcesses } from '../helpers/process.js';
import { openStream } from '../helpers/stream.js';

const cluster = sharedBackendProcesses('sirb-two-');

test('a post through one process streams live to a client of another', async () => {
  const a = await cluster.start();
  const b = await cluster.start();

  const apiA = new Api(a.url);
  const app = await createApp(apiA);
  const reader = await createUser(apiA, 'two_reader', app);
  const writer = await createUser(apiA, 'two_writer', app);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);

  const stream = openStream(a, `stream=user&access_token=${reader.token}`);
  await stream.settled();

  // The writer posts through process B.
  const writerOnB = new Api(b.url).as(writer.token);
  const post = await createPost({ ...writer, api: writerOnB }, 'من العملية الثانية إلى الأولى #سرب');
  const update = await stream.next((m) => m.event === 'update', 5000);
  assert.equal(JSON.parse(update.payload).id, post.id);
  stream.ws.close();

  // Both processes serve the same home timeline.
  const homeA = await reader.api.get('/api/v1/timelines/home');
  const homeB = await new Api(b.url).as(reader.token).get('/api/v1/timelines/home');
  assert.deepEqual(homeA.body.map((s: { id: string }) => s.id), homeB.body.map((s: { id: string }) => s.id));
  assert.equal(homeA.body[0].id, post.id);
});
