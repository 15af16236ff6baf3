// A filter written through one process applies at once in another: each process caches
// viewers' filters, and `filters.changed` reaches them all through Redis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, createApp, createPost, createUser } from '../helpers/client.js';
import { sharedBackendProcesses } from '../helpers/process.js';
import { sentenceWith } from './fixtures.js';

const cluster = sharedBackendProcesses('sirb-filters-');

test('a filter made or removed through one process applies in the other on the next read', async () => {
  const a = await cluster.start();
  const b = await cluster.start();
  const apiA = new Api(a.url);
  const app = await createApp(apiA);
  const author = await createUser(apiA, undefined, app);
  const reader = await createUser(apiA, undefined, app);
  await reader.api.post(`/api/v1/accounts/${author.id}/follow`);
  const post = await createPost(author, sentenceWith('تنظيم داعش يقف وراء الأمر'));
  const readerOnB = new Api(b.url).as(reader.token);
  // B caches that the reader has no filters.
  assert.deepEqual((await readerOnB.get('/api/v1/timelines/home')).body[0].filtered, []);

  const filter = (await reader.api.post('/api/v2/filters', { title: 'x', context: ['home'], filter_action: 'hide', keywords_attributes: [{ keyword: 'داعش' }] })).body;
  assert.deepEqual((await readerOnB.get('/api/v1/timelines/home')).body, []);
  await reader.api.delete(`/api/v2/filters/${filter.id}`);
  assert.deepEqual((await readerOnB.get('/api/v1/timelines/home')).body.map((s: any) => s.id), [post.id]);
});
