// Grouped notifications, API v2 (issue 12): favourites of one post make one group with its count
// and latest accounts; paging by groups with Link headers; types filters and grouped_types; one
// group, its accounts, dismissing it; the unread counts of both versions; bad input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';

describe('grouped notifications (v2)', () => {
  const env = useTestServer();
  const user = () => createUser(env.api, undefined, env.app);
  const v2 = async (u: TestUser, query = '') => {
    const res = await u.api.get(`/api/v2/notifications${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res;
  };
  const nextOf = (link: string | null) => {
    const url = new URL(/<([^>]+)>; rel="next"/.exec(link ?? '')![1]);
    return url.pathname + url.search;
  };

  test('ten favourites of one post: one group of ten, its eight latest accounts, the post once', async () => {
    const me = await user();
    const post = await createPost(me, 'منشور يعجب الناس');
    const fans: TestUser[] = [];
    for (let i = 0; i < 10; i++) {
      const fan = await user();
      await fan.api.post(`/api/v1/statuses/${post.id}/favourite`);
      fans.push(fan);
    }
    const res = await v2(me);
    const { notification_groups: groups, accounts, statuses } = res.body;
    assert.equal(groups.length, 1);
    const [group] = groups;
    assert.equal(group.type, 'favourite');
    assert.equal(group.notifications_count, 10);
    assert.match(group.group_key, new RegExp(`^favourite-${post.id}-\\d+$`));
    assert.equal(group.status_id, post.id);
    assert.deepEqual(group.sample_account_ids, fans.slice(2).reverse().map((f) => f.id));
    assert.deepEqual(statuses.map((s: any) => s.id), [post.id]);
    assert.deepEqual(accounts.map((a: any) => a.id).sort(), group.sample_account_ids.slice().sort());
    const v1 = (await me.api.get('/api/v1/notifications')).body;
    assert.equal(v1.length, 10);
    assert.ok(v1.every((n: any) => n.group_key === group.group_key), 'v1 tells the same group key');
    assert.equal(group.most_recent_notification_id, v1[0].id);
    assert.equal(group.page_max_id, v1[0].id);
    assert.equal(group.page_min_id, v1[9].id);
    assert.equal(group.latest_page_notification_at, v1[0].created_at);

    const one = await me.api.get(`/api/v2/notifications/${group.group_key}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.notification_groups[0].notifications_count, 10);
    assert.equal(one.body.notification_groups[0].page_min_id, undefined, 'no page range for one group');
    const who = await me.api.get(`/api/v2/notifications/${group.group_key}/accounts`);
    assert.deepEqual(who.body.map((a: any) => a.id), fans.slice().reverse().map((f) => f.id));

    const partial = await v2(me, '?expand_accounts=partial_avatars');
    assert.deepEqual(partial.body.accounts.map((a: any) => a.id), [fans[9].id]);
    assert.equal(partial.body.partial_accounts.length, 7);
    assert.deepEqual(Object.keys(partial.body.partial_accounts[0]).sort(), ['acct', 'avatar', 'avatar_static', 'bot', 'id', 'locked', 'url']);
  });

  test('pages of groups with Link headers; types[], exclude_types[] and grouped_types[]', async () => {
    const [me, a, b] = [await user(), await user(), await user()];
    const posts = [await createPost(me, 'واحد'), await createPost(me, 'اثنان'), await createPost(me, 'ثلاثة')];
    for (const post of posts) for (const fan of [a, b]) await fan.api.post(`/api/v1/statuses/${post.id}/favourite`);
    await createPost(a, `@${me.username} مرحبا`);
    await a.api.post(`/api/v1/accounts/${me.id}/follow`);
    await b.api.post(`/api/v1/accounts/${me.id}/follow`);

    const first = await v2(me, '?limit=3');
    assert.deepEqual(first.body.notification_groups.map((g: any) => [g.type, g.notifications_count]), [['follow', 2], ['mention', 1], ['favourite', 2]]);
    assert.equal(first.body.notification_groups[2].status_id, posts[2].id);
    assert.match(first.body.notification_groups[1].group_key, /^ungrouped-\d+$/);
    // The next page starts below the last group's newest notification, so that group goes on
    // there with what is left of it (as on Mastodon; clients merge by group_key).
    const second = await me.api.get(nextOf(first.headers.get('link')));
    assert.deepEqual(second.body.notification_groups.map((g: any) => [g.status_id, g.notifications_count]), [[posts[2].id, 1], [posts[1].id, 2], [posts[0].id, 2]]);
    assert.equal(second.body.notification_groups[0].group_key, first.body.notification_groups[2].group_key);

    assert.deepEqual((await v2(me, '?types[]=mention')).body.notification_groups.map((g: any) => g.type), ['mention']);
    assert.deepEqual((await v2(me, '?exclude_types[]=favourite&exclude_types[]=follow')).body.notification_groups.map((g: any) => g.type), ['mention']);
    // Favourites may not be grouped: each is its own group.
    const ungrouped = await v2(me, '?grouped_types[]=follow');
    const types = ungrouped.body.notification_groups.map((g: any) => g.type);
    assert.deepEqual(types, ['follow', 'mention', ...Array(6).fill('favourite')]);
    assert.ok(ungrouped.body.notification_groups.slice(2).every((g: any) => /^ungrouped-/.test(g.group_key) && g.notifications_count === 1));

    // No groupable type asked for: nothing is grouped.
    assert.equal((await v2(me, '?grouped_types[]=mention')).body.notification_groups.length, 9);

    // Unread counts from the marker: v1 notifications, v2 groups.
    assert.equal((await me.api.get('/api/v1/notifications/unread_count')).body.count, 9);
    assert.equal((await me.api.get('/api/v2/notifications/unread_count')).body.count, 5);
    assert.equal((await me.api.get('/api/v1/notifications/unread_count?types[]=favourite')).body.count, 6);
    const newestFavourite = (await me.api.get('/api/v1/notifications?types[]=favourite&limit=1')).body[0].id;
    await me.api.post('/api/v1/markers', { notifications: { last_read_id: newestFavourite } });
    assert.equal((await me.api.get('/api/v1/notifications/unread_count')).body.count, 3);
    assert.equal((await me.api.get('/api/v2/notifications/unread_count')).body.count, 2);
  });

  test('dismissing a group removes all of it; unknown groups are 404; bad expand_accounts is 400', async () => {
    const [me, a, b] = [await user(), await user(), await user()];
    const post = await createPost(me, 'منشور');
    await a.api.post(`/api/v1/statuses/${post.id}/reblog`);
    await b.api.post(`/api/v1/statuses/${post.id}/reblog`);
    const [group] = (await v2(me)).body.notification_groups;
    assert.equal(group.notifications_count, 2);
    assert.equal((await me.api.post(`/api/v2/notifications/${group.group_key}/dismiss`)).status, 200);
    assert.deepEqual((await v2(me)).body.notification_groups, []);
    for (const path of [`/api/v2/notifications/${group.group_key}`, '/api/v2/notifications/ungrouped-1', '/api/v2/notifications/nonsense', '/api/v2/notifications/nonsense/accounts']) {
      const res = await me.api.get(path);
      assert.equal(res.status, 404, path);
      assert.equal(typeof res.body.error, 'string');
    }
    // Another account's group is not found either.
    const other = await user();
    await other.api.post(`/api/v1/statuses/${(await createPost(a, 'x')).id}/favourite`);
    const [theirs] = (await v2(a)).body.notification_groups;
    assert.equal((await me.api.get(`/api/v2/notifications/${theirs.group_key}`)).status, 404);
    const bad = await me.api.get('/api/v2/notifications?expand_accounts=everything');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /expand_accounts/);
    assert.equal((await env.api.get('/api/v2/notifications')).status, 401);
  });
});
