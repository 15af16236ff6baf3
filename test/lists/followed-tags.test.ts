// Followed hashtags (issue 12): follow/unfollow as Mastodon answers them, followed_tags paged with
// Link, Tag.following for the viewer; a followed tag's public posts join home on every path
// (fan-out into a built feed, the rebuild from SQL), still subject to blocks and mutes and to
// visibility (not unlisted, private or direct ones, nor reblogs: Mastodon's broadcastable?), and
// posts after an unfollow stay out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import type { CachedTimelineStore } from '../../src/timelines/cached-store.js';

const env = useTestServer();

const home = async (user: TestUser) => ((await user.api.get('/api/v1/timelines/home?limit=40')).body as { id: string }[]).map((s) => s.id);

test('follow, unfollow, followed_tags and Tag.following', async () => {
  const viewer = await createUser(env.api, undefined, env.app);
  const followed = await viewer.api.post('/api/v1/tags/قهوة/follow');
  assert.equal(followed.status, 200);
  assert.equal(followed.body.name, 'قهوة');
  assert.equal(followed.body.following, true);
  assert.equal(followed.body.history.length, 7);
  // Following twice is fine (Mastodon 4.1+), and the tag shows as followed.
  assert.equal((await viewer.api.post('/api/v1/tags/%23%D9%82%D9%87%D9%88%D8%A9/follow')).status, 200);
  assert.equal((await viewer.api.get(`/api/v1/tags/${encodeURIComponent('قهوة')}`)).body.following, true);
  for (const name of ['tea', 'books', 'music']) await viewer.api.post(`/api/v1/tags/${name}/follow`);

  const page = await viewer.api.get('/api/v1/followed_tags?limit=2');
  assert.deepEqual(page.body.map((t: { name: string }) => t.name), ['music', 'books']);
  assert.ok(page.body.every((t: { following: boolean }) => t.following));
  const next = (page.headers.get('link') ?? '').match(/<([^>]+)>; rel="next"/)![1].replace(env.server.url, '');
  assert.deepEqual((await viewer.api.get(next)).body.map((t: { name: string }) => t.name), ['tea', 'قهوة']);

  const unfollowed = await viewer.api.post('/api/v1/tags/tea/unfollow');
  assert.equal(unfollowed.status, 200);
  assert.equal(unfollowed.body.following, false);
  assert.equal((await viewer.api.post('/api/v1/tags/neverfollowed/unfollow')).body.following, false);
  assert.deepEqual((await viewer.api.get('/api/v1/followed_tags')).body.map((t: { name: string }) => t.name), ['music', 'books', 'قهوة']);

  // Another viewer does not follow it; bad names and no token are refused.
  const other = await createUser(env.api, undefined, env.app);
  assert.equal((await other.api.post('/api/v1/tags/music/unfollow')).body.following, false);
  assert.equal((await viewer.api.post('/api/v1/tags/not%20a%20tag/follow')).status, 404);
  assert.equal((await env.api.post('/api/v1/tags/music/follow')).status, 401);
  assert.equal((await env.api.get('/api/v1/followed_tags')).status, 401);
});

test('a followed tag\'s public posts join home: fan-out, rebuild; blocks, mutes and visibility hold; unfollow stops them', async () => {
  const [viewer, author, muted, blocked] = await Promise.all([1, 2, 3, 4].map(() => createUser(env.api, undefined, env.app)));
  const feeds = (env.server.ctx.timelineStore as CachedTimelineStore).feeds;
  await viewer.api.post('/api/v1/tags/سفر/follow');
  await viewer.api.post(`/api/v1/accounts/${muted.id}/mute`);
  await viewer.api.post(`/api/v1/accounts/${blocked.id}/block`);
  assert.deepEqual(await home(viewer), [], 'the feed is built');
  const shown = await createPost(author, 'رحلة إلى #سفر');
  const unlisted = await createPost(author, 'بهدوء #سفر', { visibility: 'unlisted' });
  const privatePost = await createPost(author, 'خاص #سفر', { visibility: 'private' });
  const fromMuted = await createPost(muted, 'كتمت #سفر');
  const fromBlocked = await createPost(blocked, 'حظرت #سفر');
  const other = await createPost(author, 'بلا وسم');
  const reblog = (await author.api.post(`/api/v1/statuses/${shown.id}/reblog`)).body;
  const own = await createPost(viewer, 'أنا #سفر');
  await env.server.ctx.fanout.drain();
  const expected = [own.id, shown.id];
  const hidden = [unlisted.id, privatePost.id, fromMuted.id, fromBlocked.id, other.id, reblog.id];
  const check = (got: string[], how: string) => {
    for (const id of expected) assert.ok(got.includes(id), `${how}: ${id} shows`);
    for (const id of hidden) assert.ok(!got.includes(id), `${how}: ${id} stays out`);
  };
  check(await home(viewer), 'fan-out');
  await feeds.drop(Number(viewer.id));
  check(await home(viewer), 'rebuilt from SQL');

  // Deleted: gone from the follower's home too.
  const gone = await createPost(author, 'يحذف #سفر');
  await env.server.ctx.fanout.drain();
  assert.ok((await home(viewer)).includes(gone.id));
  await author.api.delete(`/api/v1/statuses/${gone.id}`);
  await env.server.ctx.fanout.drain();
  assert.ok(!(await home(viewer)).includes(gone.id));

  await viewer.api.post('/api/v1/tags/سفر/unfollow');
  const after = await createPost(author, 'بعد #سفر');
  await env.server.ctx.fanout.drain();
  const got = await home(viewer);
  assert.ok(!got.includes(after.id) && !got.includes(shown.id), 'unfollowed: the tag brings nothing more');
  assert.ok(got.includes(own.id));
});
