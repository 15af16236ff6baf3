// An edit made through one process shows at once in another: each process caches rendered
// statuses (posts/render-cache.ts) and the bytes of its pages, and the edit's events reach them
// all through Redis. The status is read there on its own, in a home page, and inside a reblog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, createApp, createPost, createUser } from '../helpers/client.js';
import { sharedBackendProcesses } from '../helpers/process.js';

const cluster = sharedBackendProcesses('sirb-edits-');

test('an edit through one process shows in the other on the next read', async () => {
  const a = await cluster.start();
  const b = await cluster.start();
  const apiA = new Api(a.url);
  const app = await createApp(apiA);
  const author = await createUser(apiA, undefined, app);
  const booster = await createUser(apiA, undefined, app);
  const reader = await createUser(apiA, undefined, app);
  await reader.api.post(`/api/v1/accounts/${booster.id}/follow`);
  const post = await createPost(author, 'written once');
  await booster.api.post(`/api/v1/statuses/${post.id}/reblog`);
  const readerOnB = new Api(b.url).as(reader.token);
  const onB = async () => ({
    alone: (await readerOnB.get(`/api/v1/statuses/${post.id}`)).body.content,
    reblogged: (await readerOnB.get('/api/v1/timelines/home')).body[0].reblog.content,
  });
  // B renders and caches both (the second read serves the kept bytes).
  await onB();
  assert.deepEqual(await onB(), { alone: '<p>written once</p>', reblogged: '<p>written once</p>' });

  const edited = await author.api.request('PUT', `/api/v1/statuses/${post.id}`, { status: 'written twice' });
  assert.equal(edited.status, 200);
  assert.deepEqual(await onB(), { alone: '<p>written twice</p>', reblogged: '<p>written twice</p>' });
});
