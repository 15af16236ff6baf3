// Lists as Mastodon 4.3 answers them (issue 12): CRUD, bad input, members (only accounts one
// follows; paged with Link, limit=0 for all), the lists holding an account, and members leaving
// with an unfollow or a block. Another's list is as missing as a list that never was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser } from '../helpers/client.js';

const env = useTestServer();

test('lists: create, show, update, list, delete; another account gets 404', async () => {
  const owner = await createUser(env.api, undefined, env.app);
  const other = await createUser(env.api, undefined, env.app);
  const created = await owner.api.post('/api/v1/lists', { title: 'أصدقاء' });
  assert.equal(created.status, 200);
  assert.deepEqual(Object.keys(created.body).sort(), ['exclusive', 'id', 'replies_policy', 'title']);
  assert.equal(created.body.title, 'أصدقاء');
  assert.equal(created.body.replies_policy, 'list');
  assert.equal(created.body.exclusive, false);
  const id = created.body.id;

  const second = await owner.api.post('/api/v1/lists', new URLSearchParams({ title: 'work', replies_policy: 'followed', exclusive: 'true' }));
  assert.equal(second.status, 200);
  assert.equal(second.body.replies_policy, 'followed');
  assert.equal(second.body.exclusive, true);

  assert.deepEqual((await owner.api.get('/api/v1/lists')).body.map((l: { id: string }) => l.id), [id, second.body.id]);
  assert.equal((await owner.api.get(`/api/v1/lists/${id}`)).body.title, 'أصدقاء');

  const updated = await owner.api.request('PUT', `/api/v1/lists/${id}`, { title: 'العائلة', replies_policy: 'none' });
  assert.equal(updated.status, 200);
  assert.deepEqual(updated.body, { id, title: 'العائلة', replies_policy: 'none', exclusive: false });
  // Only what is given changes.
  assert.equal((await owner.api.request('PUT', `/api/v1/lists/${id}`, { exclusive: true })).body.title, 'العائلة');

  for (const [method, path] of [
    ['GET', `/api/v1/lists/${id}`],
    ['PUT', `/api/v1/lists/${id}`],
    ['DELETE', `/api/v1/lists/${id}`],
    ['GET', `/api/v1/lists/${id}/accounts`],
    ['POST', `/api/v1/lists/${id}/accounts`],
    ['GET', `/api/v1/timelines/list/${id}`],
  ]) {
    const res = await other.api.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : { title: 'x', account_ids: [owner.id] });
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.deepEqual(res.body, { error: 'Record not found' });
  }
  assert.deepEqual((await other.api.get('/api/v1/lists')).body, []);
  assert.equal((await owner.api.get('/api/v1/lists/99999999')).status, 404);

  assert.deepEqual((await owner.api.delete(`/api/v1/lists/${id}`)).body, {});
  assert.equal((await owner.api.get(`/api/v1/lists/${id}`)).status, 404);
  assert.equal((await env.api.get('/api/v1/lists')).status, 401);
});

test('lists: bad input is 422 JSON with Mastodon\'s words', async () => {
  const owner = await createUser(env.api, undefined, env.app);
  const blank = await owner.api.post('/api/v1/lists', { title: '  ' });
  assert.equal(blank.status, 422);
  assert.deepEqual(blank.body, { error: "Validation failed: Title can't be blank" });
  assert.equal((await owner.api.post('/api/v1/lists', {})).status, 422);
  const policy = await owner.api.post('/api/v1/lists', { title: 'x', replies_policy: 'some' });
  assert.equal(policy.status, 422);
  assert.deepEqual(policy.body, { error: "'some' is not a valid replies_policy" });
  const list = (await owner.api.post('/api/v1/lists', { title: 'x' })).body;
  const update = await owner.api.request('PUT', `/api/v1/lists/${list.id}`, { replies_policy: 'everyone' });
  assert.equal(update.status, 422);
  assert.match(update.headers.get('content-type') ?? '', /application\/json/);
  assert.equal((await owner.api.request('PUT', `/api/v1/lists/${list.id}`, { title: '' })).status, 422);
});

test('lists: members are accounts one follows, paged with Link; limit=0 gives all', async () => {
  const owner = await createUser(env.api, undefined, env.app);
  const friends = await Promise.all([1, 2, 3].map(() => createUser(env.api, undefined, env.app)));
  const stranger = await createUser(env.api, undefined, env.app);
  for (const f of friends) await owner.api.post(`/api/v1/accounts/${f.id}/follow`);
  const list = (await owner.api.post('/api/v1/lists', { title: 'friends' })).body;

  const notFollowed = await owner.api.post(`/api/v1/lists/${list.id}/accounts`, { account_ids: [friends[0].id, stranger.id] });
  assert.equal(notFollowed.status, 422);
  assert.match(notFollowed.body.error, /^Validation failed: /);
  assert.deepEqual((await owner.api.get(`/api/v1/lists/${list.id}/accounts`)).body, [], 'nothing is added when one fails');
  assert.equal((await owner.api.post(`/api/v1/lists/${list.id}/accounts`, { account_ids: ['99999999'] })).status, 404);
  assert.equal((await owner.api.post(`/api/v1/lists/${list.id}/accounts`, {})).status, 400);

  // Form encoding with account_ids[], as most clients send it.
  const form = new URLSearchParams();
  for (const f of friends) form.append('account_ids[]', f.id);
  const added = await owner.api.post(`/api/v1/lists/${list.id}/accounts`, form);
  assert.equal(added.status, 200);
  assert.deepEqual(added.body, {});
  const twice = await owner.api.post(`/api/v1/lists/${list.id}/accounts`, { account_ids: [friends[0].id] });
  assert.equal(twice.status, 422);
  assert.deepEqual(twice.body, { error: 'Validation failed: Account has already been taken' });

  const first = await owner.api.get(`/api/v1/lists/${list.id}/accounts?limit=2`);
  assert.equal(first.body.length, 2);
  const link = first.headers.get('link') ?? '';
  assert.match(link, /rel="next"/);
  const next = link.match(/<([^>]+)>; rel="next"/)![1];
  const rest = await owner.api.get(next.replace(env.server.url, ''));
  assert.equal(rest.body.length, 1);
  const all = await owner.api.get(`/api/v1/lists/${list.id}/accounts?limit=0`);
  assert.deepEqual(all.body.map((a: { id: string }) => a.id).sort(), friends.map((f) => f.id).sort());
  assert.equal(all.headers.get('link'), null);

  assert.deepEqual((await owner.api.get(`/api/v1/accounts/${friends[0].id}/lists`)).body.map((l: { id: string }) => l.id), [list.id]);
  assert.deepEqual((await owner.api.get(`/api/v1/accounts/${stranger.id}/lists`)).body, []);
  assert.equal((await owner.api.get('/api/v1/accounts/99999999/lists')).status, 404);

  // Removing: one gone, an unknown one ignored.
  const removal = await owner.api.request('DELETE', `/api/v1/lists/${list.id}/accounts`, { account_ids: [friends[0].id, stranger.id] });
  assert.equal(removal.status, 200);
  // Unfollowing and blocking take the account out of one's lists.
  await owner.api.post(`/api/v1/accounts/${friends[1].id}/unfollow`);
  await owner.api.post(`/api/v1/accounts/${friends[2].id}/block`);
  assert.deepEqual((await owner.api.get(`/api/v1/lists/${list.id}/accounts?limit=0`)).body, []);
  assert.deepEqual((await owner.api.get(`/api/v1/accounts/${friends[1].id}/lists`)).body, []);
});
