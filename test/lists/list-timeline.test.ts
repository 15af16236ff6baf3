// The list timeline (GET /api/v1/timelines/list/:id) and exclusive lists in home (issue 12): the
// members' posts, paged like home with Link headers; replies by the list's replies_policy as
// Mastodon's FeedManager filter_from_list; blocks and mutes applied; an exclusive list takes its
// members' posts out of home on every path (fan-out into a built feed, the rebuild from SQL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import type { CachedTimelineStore } from '../../src/timelines/cached-store.js';

const env = useTestServer();

const ids = (statuses: { id: string }[]) => statuses.map((s) => s.id);
const listTimeline = async (user: TestUser, id: string, query = '') => (await user.api.get(`/api/v1/timelines/list/${id}${query}`)).body as { id: string }[];
const home = async (user: TestUser) => ids((await user.api.get('/api/v1/timelines/home?limit=40')).body);

async function setUp() {
  const [owner, a, b, c, d] = await Promise.all([1, 2, 3, 4, 5].map(() => createUser(env.api, undefined, env.app)));
  for (const u of [a, b, c]) await owner.api.post(`/api/v1/accounts/${u.id}/follow`);
  return { owner, a, b, c, d };
}

test('list timeline: members\' posts (not direct ones), paged with Link headers', async () => {
  const { owner, a, b, c } = await setUp();
  const list = (await owner.api.post('/api/v1/lists', { title: 'ab' })).body;
  await owner.api.post(`/api/v1/lists/${list.id}/accounts`, { account_ids: [a.id, b.id] });
  const posts = [];
  for (let i = 0; i < 5; i++) posts.push(await createPost(i % 2 ? b : a, `منشور ${i}`));
  const privatePost = await createPost(a, 'للمتابعين', { visibility: 'private' });
  await createPost(a, `@${owner.username} سرّ`, { visibility: 'direct' });
  await createPost(c, 'not a member');
  await createPost(owner, 'the owner is not a member');
  const reblog = (await b.api.post(`/api/v1/statuses/${posts[0].id}/reblog`)).body;

  const all = await listTimeline(owner, list.id, '?limit=40');
  assert.deepEqual(ids(all), [reblog.id, privatePost.id, ...posts.map((p) => p.id).reverse()]);

  const first = await owner.api.get(`/api/v1/timelines/list/${list.id}?limit=3`);
  assert.deepEqual(ids(first.body), ids(all).slice(0, 3));
  const link = first.headers.get('link') ?? '';
  const next = link.match(/<([^>]+)>; rel="next"/)![1].replace(env.server.url, '');
  assert.match(next, new RegExp(`^/api/v1/timelines/list/${list.id}\\?limit=3&max_id=`));
  assert.deepEqual(ids((await owner.api.get(next)).body), ids(all).slice(3, 6));
  const prev = link.match(/<([^>]+)>; rel="prev"/)![1].replace(env.server.url, '');
  assert.deepEqual(ids((await owner.api.get(prev)).body), []);
  assert.deepEqual(ids(await listTimeline(owner, list.id, `?min_id=${all[4].id}&limit=2`)), ids(all).slice(2, 4));

  // Mutes and blocks apply as on home.
  await owner.api.post(`/api/v1/accounts/${b.id}/mute`);
  assert.deepEqual(ids(await listTimeline(owner, list.id, '?limit=40')), [privatePost.id, posts[4].id, posts[2].id, posts[0].id]);
  // An empty list, and reading needs a token.
  const empty = (await owner.api.post('/api/v1/lists', { title: 'empty' })).body;
  assert.deepEqual(await listTimeline(owner, empty.id), []);
  assert.equal((await env.api.get(`/api/v1/timelines/list/${list.id}`)).status, 401);
});

test('list timeline: replies_policy list, followed and none, as Mastodon filters them', async () => {
  const { owner, a, b, c, d } = await setUp();
  const lists: Record<string, string> = {};
  for (const policy of ['list', 'followed', 'none']) {
    lists[policy] = (await owner.api.post('/api/v1/lists', { title: policy, replies_policy: policy })).body.id;
    await owner.api.post(`/api/v1/lists/${lists[policy]}/accounts`, { account_ids: [a.id, b.id] });
  }
  const reply = async (to: TestUser) => createPost(a, `@${to.username} رد`, { in_reply_to_id: (await createPost(to, `from ${to.username}`)).id });
  const toMember = await reply(b);
  const toFollowed = await reply(c);
  const toOwner = await reply(owner);
  const toStranger = await reply(d);
  const own = await createPost(a, 'thread', { in_reply_to_id: (await createPost(a, 'start')).id });
  const shown = async (policy: string) => new Set(ids(await listTimeline(owner, lists[policy], '?limit=40')));
  const expect = { list: [toMember, toOwner, own], followed: [toMember, toFollowed, toOwner, own], none: [toOwner, own] };
  for (const [policy, wanted] of Object.entries(expect)) {
    const got = await shown(policy);
    for (const r of [toMember, toFollowed, toOwner, toStranger, own]) assert.equal(got.has(r.id), wanted.includes(r), `${policy}: ${r.content}`);
  }
  // Changing the policy changes what shows.
  await owner.api.request('PUT', `/api/v1/lists/${lists.none}`, { replies_policy: 'followed' });
  assert.ok((await shown('none')).has(toFollowed.id));
});

test('exclusive lists take their members\' posts out of home: fan-out, feed rebuild and SQL', async () => {
  const { owner, a, b } = await setUp();
  const feeds = (env.server.ctx.timelineStore as CachedTimelineStore).feeds;
  const before = await createPost(a, 'before the list');
  assert.ok((await home(owner)).includes(before.id), 'the feed is built and holds a');
  const exclusive = (await owner.api.post('/api/v1/lists', { title: 'only here', exclusive: true })).body;
  const shared = (await owner.api.post('/api/v1/lists', { title: 'also home' })).body;
  await owner.api.post(`/api/v1/lists/${exclusive.id}/accounts`, { account_ids: [a.id] });
  await owner.api.post(`/api/v1/lists/${shared.id}/accounts`, { account_ids: [b.id] });
  // Rebuilt from SQL (the list change dropped the cached feed): a's older post has left.
  assert.ok(!(await home(owner)).includes(before.id));
  // Fanned out into the built feed: a's new post does not arrive, b's does; one's own stays.
  const fromA = await createPost(a, 'list only');
  const fromB = await createPost(b, 'home and list');
  const mine = await createPost(owner, 'mine');
  await env.server.ctx.fanout.drain();
  let shown = await home(owner);
  assert.ok(!shown.includes(fromA.id) && shown.includes(fromB.id) && shown.includes(mine.id));
  assert.ok(ids(await listTimeline(owner, exclusive.id)).includes(fromA.id), 'it is in the list');
  // After the feed goes (expired, evicted), the rebuild from SQL says the same.
  await feeds.drop(Number(owner.id));
  shown = await home(owner);
  assert.ok(!shown.includes(fromA.id) && shown.includes(fromB.id) && shown.includes(mine.id));
  // No longer exclusive: a is back in home.
  await owner.api.request('PUT', `/api/v1/lists/${exclusive.id}`, { exclusive: false });
  shown = await home(owner);
  assert.ok(shown.includes(fromA.id) && shown.includes(before.id));
});
