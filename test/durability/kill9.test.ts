// A post that got a 200 is on disk: the real server runs as a child process, is killed with
// SIGKILL right after the 200, and started again on the same data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, createPost, createUser } from '../helpers/client.js';
import { killableStore } from '../helpers/kill9-store.js';

const store = killableStore('sirb-kill9-');

test('posts acknowledged with a 200 survive kill -9', async () => {
  const first = await store.start();
  const api = new Api(store.url);
  const user = await createUser(api);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push((await createPost(user, `منشور لا يضيع رقم ${i} #صامد`)).id);
  // The last one: SIGKILL the moment its 200 arrives.
  const last = await user.api.post('/api/v1/statuses', { status: 'الأخير قبل الانهيار' }, { 'idempotency-key': 'before-crash' });
  first.child.kill('SIGKILL');
  assert.equal(last.status, 200);
  ids.push(last.body.id);
  await first.kill();

  const second = await store.start();
  for (const id of ids) {
    const res = await api.get(`/api/v1/statuses/${id}`);
    assert.equal(res.status, 200, `post ${id} was lost`);
  }
  assert.equal((await api.get(`/api/v1/statuses/${last.body.id}`)).body.content, '<p>الأخير قبل الانهيار</p>');
  // The token, the counters and the idempotency key came through too.
  assert.equal((await user.api.get('/api/v1/accounts/verify_credentials')).body.statuses_count, 11);
  const retry = await user.api.post('/api/v1/statuses', { status: 'الأخير قبل الانهيار' }, { 'idempotency-key': 'before-crash' });
  assert.equal(retry.body.id, last.body.id);
  assert.equal((await api.get(`/api/v1/timelines/tag/${encodeURIComponent('صامد')}`)).body.length, 10);
  await second.kill();
});
