// Statuses over real HTTP: create (with Idempotency-Key), show, delete, threads, reblogs,
// favourites and bookmarks.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('statuses', () => {
  const env = useTestServer();
  const countPosts = async (accountId: string) =>
    Number((await env.server.ctx.db.kysely.selectFrom('statuses').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', Number(accountId)).executeTakeFirstOrThrow()).n);

  before(async () => {
  });

  test('create returns the status, and GET shows it to anyone', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const res = await user.api.post('/api/v1/statuses', { status: 'أول تغريدة على سرب' });
    assert.equal(res.status, 200);
    assert.equal(res.body.content, '<p>أول تغريدة على سرب</p>');
    assert.equal(res.body.visibility, 'public');
    assert.equal(res.body.language, 'ar');
    assert.equal(res.body.account.id, user.id);
    assert.equal(res.body.favourited, false);
    const shown = await env.api.get(`/api/v1/statuses/${res.body.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.id, res.body.id);
    assert.equal((await env.api.get(`/api/v1/accounts/${user.id}`)).body.statuses_count, 1);
  });

  test('create accepts a urlencoded and a multipart body', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const form = await user.api.post('/api/v1/statuses', new URLSearchParams({ status: 'from a form', visibility: 'unlisted', sensitive: 'true', spoiler_text: 'cw' }));
    assert.equal(form.status, 200);
    assert.equal(form.body.visibility, 'unlisted');
    assert.equal(form.body.sensitive, true);
    const data = new FormData();
    data.append('status', 'from multipart');
    const multipart = await user.api.post('/api/v1/statuses', data);
    assert.equal(multipart.status, 200);
    assert.equal(multipart.body.content, '<p>from multipart</p>');
  });

  test('Idempotency-Key: a retried request gets the same status, and only one is stored', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await user.api.post('/api/v1/statuses', { status: 'مرة واحدة فقط' }, headers);
    const retry = await user.api.post('/api/v1/statuses', { status: 'مرة واحدة فقط' }, headers);
    assert.equal(first.status, 200);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.id, first.body.id);
    assert.equal(await countPosts(user.id), 1);
    // Another key is another post.
    const other = await user.api.post('/api/v1/statuses', { status: 'مرة واحدة فقط' }, { 'idempotency-key': 'retry-2' });
    assert.notEqual(other.body.id, first.body.id);
    assert.equal((await env.api.get(`/api/v1/accounts/${user.id}`)).body.statuses_count, 2);
  });

  test('Idempotency-Key: concurrent requests with the same key make one post', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const headers = { 'idempotency-key': 'race-key' };
    const results = await Promise.all(Array.from({ length: 5 }, () => user.api.post('/api/v1/statuses', { status: 'سباق' }, headers)));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    assert.equal(await countPosts(user.id), 1);
    assert.equal((await env.api.get(`/api/v1/accounts/${user.id}`)).body.statuses_count, 1);
  });

  test('Idempotency-Key is per account: two users may use the same key', async () => {
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    const headers = { 'idempotency-key': 'shared-key' };
    const pa = await a.api.post('/api/v1/statuses', { status: 'a' }, headers);
    const pb = await b.api.post('/api/v1/statuses', { status: 'b' }, headers);
    assert.equal(pb.status, 200);
    assert.notEqual(pa.body.id, pb.body.id);
    assert.equal(pb.body.account.id, b.id);
  });

  test('delete: own post returns it with its source text; afterwards 404', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const post = await createPost(user, 'سأحذف هذا <b>قريباً</b>');
    const res = await user.api.delete(`/api/v1/statuses/${post.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.id, post.id);
    assert.equal(res.body.text, 'سأحذف هذا <b>قريباً</b>');
    assert.equal((await env.api.get(`/api/v1/statuses/${post.id}`)).status, 404);
    assert.equal((await user.api.delete(`/api/v1/statuses/${post.id}`)).status, 404);
    assert.equal((await env.api.get(`/api/v1/accounts/${user.id}`)).body.statuses_count, 0);
  });

  test("delete: another user's post is 403 and the post stays", async () => {
    const owner = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    const post = await createPost(owner, 'ليس لك');
    const res = await other.api.delete(`/api/v1/statuses/${post.id}`);
    assert.equal(res.status, 403);
    assert.ok(res.body.error);
    assert.equal((await env.api.get(`/api/v1/statuses/${post.id}`)).status, 200);
  });

  test('deleting a post that was reblogged and replied to keeps counts right', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'أصل');
    await fan.api.post(`/api/v1/statuses/${post.id}/reblog`);
    const reply = await createPost(fan, 'رد', { in_reply_to_id: post.id });
    assert.equal((await env.api.get(`/api/v1/accounts/${fan.id}`)).body.statuses_count, 2);
    assert.equal((await author.api.delete(`/api/v1/statuses/${post.id}`)).status, 200);
    // The reblog went with it; the reply stays, now without a parent.
    assert.equal((await env.api.get(`/api/v1/accounts/${fan.id}`)).body.statuses_count, 1);
    assert.equal((await env.api.get(`/api/v1/statuses/${reply.id}`)).status, 200);
    const ctx = await env.api.get(`/api/v1/statuses/${reply.id}/context`);
    assert.deepEqual(ctx.body.ancestors, []);
  });

  test('context: ancestors and descendants of a thread, in thread order', async () => {
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    const root = await createPost(a, 'بداية النقاش');
    const r1 = await createPost(b, 'رد أول', { in_reply_to_id: root.id });
    const r2 = await createPost(a, 'رد على الرد', { in_reply_to_id: r1.id });
    const r3 = await createPost(b, 'رد ثان على البداية', { in_reply_to_id: root.id });
    assert.equal(r1.in_reply_to_id, root.id);
    assert.equal(r1.in_reply_to_account_id, a.id);

    const ofRoot = await env.api.get(`/api/v1/statuses/${root.id}/context`);
    assert.equal(ofRoot.status, 200);
    assert.deepEqual(ofRoot.body.ancestors, []);
    assert.deepEqual(ofRoot.body.descendants.map((s: any) => s.id), [r1.id, r2.id, r3.id]);
    const ofR2 = await env.api.get(`/api/v1/statuses/${r2.id}/context`);
    assert.deepEqual(ofR2.body.ancestors.map((s: any) => s.id), [root.id, r1.id]);
    assert.deepEqual(ofR2.body.descendants, []);
    assert.equal((await env.api.get(`/api/v1/statuses/${root.id}`)).body.replies_count, 2);
  });

  test('replying to an unknown post is 404, to a malformed id 422', async () => {
    const user = await createUser(env.api, undefined, env.app);
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'x', in_reply_to_id: '99999999' })).status, 404);
    assert.equal((await user.api.post('/api/v1/statuses', { status: 'x', in_reply_to_id: 'abc' })).status, 422);
  });

  test('reblog and unreblog', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'انشروا هذا');
    const reblog = await fan.api.post(`/api/v1/statuses/${post.id}/reblog`);
    assert.equal(reblog.status, 200);
    assert.notEqual(reblog.body.id, post.id);
    assert.equal(reblog.body.account.id, fan.id);
    assert.equal(reblog.body.reblog.id, post.id);
    assert.equal(reblog.body.reblog.reblogged, true);
    assert.equal(reblog.body.reblog.reblogs_count, 1);
    // Reblogging again returns the same reblog.
    assert.equal((await fan.api.post(`/api/v1/statuses/${post.id}/reblog`)).body.id, reblog.body.id);
    assert.equal((await env.api.get(`/api/v1/statuses/${post.id}`)).body.reblogs_count, 1);

    const by = await env.api.get(`/api/v1/statuses/${post.id}/reblogged_by`);
    assert.deepEqual(by.body.map((a: any) => a.id), [fan.id]);

    const undo = await fan.api.post(`/api/v1/statuses/${post.id}/unreblog`);
    assert.equal(undo.status, 200);
    assert.equal(undo.body.id, post.id);
    assert.equal(undo.body.reblogged, false);
    assert.equal(undo.body.reblogs_count, 0);
    assert.deepEqual((await env.api.get(`/api/v1/statuses/${post.id}/reblogged_by`)).body, []);
    assert.equal((await env.api.get(`/api/v1/statuses/${reblog.body.id}`)).status, 404);
  });

  test('deleting one’s own reblog by its id undoes it; someone else’s reblog cannot be deleted', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'أعد نشره');
    const reblog = (await fan.api.post(`/api/v1/statuses/${post.id}/reblog`)).body;
    assert.equal((await author.api.delete(`/api/v1/statuses/${reblog.id}`)).status, 404);
    const res = await fan.api.delete(`/api/v1/statuses/${reblog.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.id, reblog.id);
    assert.equal((await env.api.get(`/api/v1/statuses/${post.id}`)).body.reblogs_count, 0);
    assert.equal((await env.api.get(`/api/v1/statuses/${reblog.id}`)).status, 404);
    assert.equal((await env.api.get(`/api/v1/accounts/${fan.id}`)).body.statuses_count, 0);
  });

  test('favourite and unfavourite, favourited_by', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'أعجبني');
    const fav = await fan.api.post(`/api/v1/statuses/${post.id}/favourite`);
    assert.equal(fav.status, 200);
    assert.equal(fav.body.favourited, true);
    assert.equal(fav.body.favourites_count, 1);
    assert.equal((await fan.api.post(`/api/v1/statuses/${post.id}/favourite`)).body.favourites_count, 1);
    assert.deepEqual((await env.api.get(`/api/v1/statuses/${post.id}/favourited_by`)).body.map((a: any) => a.id), [fan.id]);
    const shown = await fan.api.get(`/api/v1/statuses/${post.id}`);
    assert.equal(shown.body.favourited, true);
    const favs = await fan.api.get('/api/v1/favourites');
    assert.deepEqual(favs.body.map((s: any) => s.id), [post.id]);

    const unfav = await fan.api.post(`/api/v1/statuses/${post.id}/unfavourite`);
    assert.equal(unfav.body.favourited, false);
    assert.equal(unfav.body.favourites_count, 0);
    assert.deepEqual((await env.api.get(`/api/v1/statuses/${post.id}/favourited_by`)).body, []);
  });

  test('bookmark, unbookmark and GET /api/v1/bookmarks, newest bookmark first', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const reader = await createUser(env.api, undefined, env.app);
    const p1 = await createPost(author, 'مقال أول');
    const p2 = await createPost(author, 'مقال ثان');
    assert.equal((await reader.api.post(`/api/v1/statuses/${p2.id}/bookmark`)).body.bookmarked, true);
    assert.equal((await reader.api.post(`/api/v1/statuses/${p1.id}/bookmark`)).body.bookmarked, true);
    const list = await reader.api.get('/api/v1/bookmarks');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((s: any) => s.id), [p1.id, p2.id]);
    assert.ok(list.body.every((s: any) => s.bookmarked));
    const page = await reader.api.get('/api/v1/bookmarks?limit=1');
    const next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    assert.deepEqual((await reader.api.get(next!.replace(env.server.url, ''))).body.map((s: any) => s.id), [p2.id]);

    const un = await reader.api.post(`/api/v1/statuses/${p1.id}/unbookmark`);
    assert.equal(un.body.bookmarked, false);
    assert.deepEqual((await reader.api.get('/api/v1/bookmarks')).body.map((s: any) => s.id), [p2.id]);
    // Bookmarks are private: the author sees none.
    assert.deepEqual((await author.api.get('/api/v1/bookmarks')).body, []);
  });

  test('actions on unknown or malformed ids are 404', async () => {
    const user = await createUser(env.api, undefined, env.app);
    for (const action of ['favourite', 'reblog', 'bookmark', 'unfavourite', 'unreblog', 'unbookmark']) {
      assert.equal((await user.api.post(`/api/v1/statuses/424242424242/${action}`)).status, 404, action);
      assert.equal((await user.api.post(`/api/v1/statuses/x1/${action}`)).status, 404, action);
    }
    for (const path of ['', '/context', '/favourited_by', '/reblogged_by']) {
      assert.equal((await env.api.get(`/api/v1/statuses/424242424242${path}`)).status, 404, path);
      assert.equal((await env.api.get(`/api/v1/statuses/-1${path}`)).status, 404, path);
    }
  });

  test('private posts: hidden from strangers, shown to followers, not rebloggable by others', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const follower = await createUser(env.api, undefined, env.app);
    const stranger = await createUser(env.api, undefined, env.app);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const post = await createPost(author, 'للمتابعين فقط', { visibility: 'private' });
    assert.equal((await env.api.get(`/api/v1/statuses/${post.id}`)).status, 404);
    assert.equal((await stranger.api.get(`/api/v1/statuses/${post.id}`)).status, 404);
    assert.equal((await follower.api.get(`/api/v1/statuses/${post.id}`)).status, 200);
    assert.equal((await follower.api.post(`/api/v1/statuses/${post.id}/reblog`)).status, 403);
    assert.equal((await stranger.api.post(`/api/v1/statuses/${post.id}/favourite`)).status, 404);
  });
});
