// Notifications: mention, follow, favourite and reblog; listing with pagination and type
// filters; dismiss and clear.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type ApiResponse, type TestUser } from '../helpers/client.js';

const types = (res: ApiResponse) => res.body.map((n: any) => n.type);

describe('notifications', () => {
  const env = useTestServer();

  before(async () => {
  });
  /** A user who has been followed, mentioned, favourited and reblogged, in that order. */
  async function busyUser(): Promise<{ me: TestUser; fan: TestUser; post: any }> {
    const me = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    await fan.api.post(`/api/v1/accounts/${me.id}/follow`);
    await createPost(fan, `مرحبا @${me.username}`);
    const post = await createPost(me, 'منشور للإعجاب');
    await fan.api.post(`/api/v1/statuses/${post.id}/favourite`);
    await fan.api.post(`/api/v1/statuses/${post.id}/reblog`);
    return { me, fan, post };
  }

  test('follow, mention, favourite and reblog each notify, newest first, with account and status', async () => {
    const { me, fan, post } = await busyUser();
    const res = await me.api.get('/api/v1/notifications');
    assert.equal(res.status, 200);
    assert.deepEqual(types(res), ['reblog', 'favourite', 'mention', 'follow']);
    assert.ok(res.body.every((n: any) => n.account.id === fan.id));
    assert.equal(res.body[0].status.id, post.id);
    assert.equal(res.body[1].status.id, post.id);
    assert.match(res.body[2].status.content, /mention/);
    assert.equal(res.body[3].status, undefined);
    // The actor is not notified of their own actions.
    assert.deepEqual((await fan.api.get('/api/v1/notifications')).body, []);
  });

  test('undoing an action takes its notification back', async () => {
    const { me, fan, post } = await busyUser();
    await fan.api.post(`/api/v1/statuses/${post.id}/unfavourite`);
    await fan.api.post(`/api/v1/statuses/${post.id}/unreblog`);
    await fan.api.post(`/api/v1/accounts/${me.id}/unfollow`);
    assert.deepEqual(types(await me.api.get('/api/v1/notifications')), ['mention']);
  });

  test('types[] and exclude_types[] filter', async () => {
    const { me } = await busyUser();
    assert.deepEqual(types(await me.api.get('/api/v1/notifications?types[]=follow&types[]=mention')), ['mention', 'follow']);
    assert.deepEqual(types(await me.api.get('/api/v1/notifications?exclude_types[]=reblog&exclude_types[]=favourite')), ['mention', 'follow']);
    assert.deepEqual(types(await me.api.get('/api/v1/notifications?types=favourite')), ['favourite']);
    const bad = await me.api.get('/api/v1/notifications?types[]=nonsense');
    assert.equal(bad.status, 400);
  });

  test('pagination with limit and working Link headers; bad cursors are 400', async () => {
    const { me } = await busyUser();
    const all = (await me.api.get('/api/v1/notifications')).body.map((n: any) => n.id);
    const page1 = await me.api.get('/api/v1/notifications?limit=3&exclude_types[]=reblog');
    assert.deepEqual(page1.body.map((n: any) => n.id), all.slice(1, 4));
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.get('link') ?? '')?.[1];
    assert.match(next!, /exclude_types/);
    const page2 = await me.api.get(next!.replace(env.server.url, ''));
    assert.deepEqual(page2.body, []);
    const sinceRes = await me.api.get(`/api/v1/notifications?since_id=${all[2]}`);
    assert.deepEqual(sinceRes.body.map((n: any) => n.id), all.slice(0, 2));
    const minRes = await me.api.get(`/api/v1/notifications?min_id=${all[3]}&limit=1`);
    assert.deepEqual(minRes.body.map((n: any) => n.id), [all[2]]);
    for (const q of ['max_id=abc', 'limit=0', 'limit=abc']) {
      assert.equal((await me.api.get(`/api/v1/notifications?${q}`)).status, 400, q);
    }
  });

  test('GET one, dismiss one; another user cannot see or dismiss it', async () => {
    const { me, fan } = await busyUser();
    const list = (await me.api.get('/api/v1/notifications')).body;
    const target = list[0].id;
    assert.equal((await me.api.get(`/api/v1/notifications/${target}`)).body.type, 'reblog');
    assert.equal((await fan.api.get(`/api/v1/notifications/${target}`)).status, 404);
    assert.equal((await fan.api.post(`/api/v1/notifications/${target}/dismiss`)).status, 404);
    const dismissed = await me.api.post(`/api/v1/notifications/${target}/dismiss`);
    assert.equal(dismissed.status, 200);
    assert.equal((await me.api.get(`/api/v1/notifications/${target}`)).status, 404);
    assert.equal((await me.api.get('/api/v1/notifications')).body.length, list.length - 1);
    assert.equal((await me.api.post('/api/v1/notifications/nope/dismiss')).status, 404);
  });

  test('clear removes them all', async () => {
    const { me } = await busyUser();
    const res = await me.api.post('/api/v1/notifications/clear');
    assert.equal(res.status, 200);
    assert.deepEqual((await me.api.get('/api/v1/notifications')).body, []);
  });

  test('a deleted post takes its notifications with it', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    const mention = await createPost(fan, `@${me.username} سأحذف هذا`);
    assert.deepEqual(types(await me.api.get('/api/v1/notifications')), ['mention']);
    await fan.api.delete(`/api/v1/statuses/${mention.id}`);
    assert.deepEqual((await me.api.get('/api/v1/notifications')).body, []);
  });

  test('unread_count follows the notifications marker', async () => {
    const { me } = await busyUser();
    assert.equal((await me.api.get('/api/v1/notifications/unread_count')).body.count, 4);
    const list = (await me.api.get('/api/v1/notifications')).body;
    await me.api.post('/api/v1/markers', { notifications: { last_read_id: list[1].id } });
    assert.equal((await me.api.get('/api/v1/notifications/unread_count')).body.count, 1);
  });

  test('needs a user token with the notifications scope', async () => {
    assert.equal((await env.api.get('/api/v1/notifications')).status, 401);
    assert.equal((await env.api.as(env.app.appToken).get('/api/v1/notifications')).status, 422);
  });
});
