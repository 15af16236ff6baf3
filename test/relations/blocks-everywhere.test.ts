// Blocks and mutes beyond the feeds (issue 11): lists of people (who favourited or boosted a post,
// follow suggestions, the profile directory, familiar followers) leave out whom the viewer
// blocks, is blocked by or mutes, and suspended accounts, as Mastodon's not_excluded_by_account;
// and pages stay full: the hashtag timeline, status search and account search keep reading
// past a wave of posts or accounts the viewer may not see. Partly driven by masto.js.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import { SqlTimelineStore } from '../../src/timelines/store.js';
import { TimelineService } from '../../src/timelines/service.js';
import { hashtagKey } from '../../src/lib/arabic.js';
import type { StatusPresenter } from '../../src/posts/presenter.js';

const ids = (body: { id: string }[]) => body.map((s) => s.id);

describe('blocks and mutes in lists of people and full pages', () => {
  const env = useTestServer();
  const user = (name?: string) => createUser(env.api, name, env.app);
  // viewer blocks `blocked`, is blocked by `blocker`, mutes `muted`; `plain` has no tie.
  let viewer: TestUser, blocked: TestUser, blocker: TestUser, muted: TestUser, plain: TestUser, banned: TestUser;

  before(async () => {
    [viewer, blocked, blocker, muted, plain, banned] = await Promise.all(['viewer', 'blocked', 'blocker', 'muted', 'plain', 'banned'].map((n) => user(`be_${n}`)));
    assert.equal((await viewer.api.post(`/api/v1/accounts/${blocked.id}/block`)).status, 200);
    assert.equal((await blocker.api.post(`/api/v1/accounts/${viewer.id}/block`)).status, 200);
    assert.equal((await viewer.api.post(`/api/v1/accounts/${muted.id}/mute`)).status, 200);
  });
  const tied = () => [blocked.id, blocker.id, muted.id];

  test('favourited_by and reblogged_by leave out accounts blocked either way, muted or suspended (masto.js)', async () => {
    const author = await user();
    const post = (await createPost(author, 'منشور للإعجاب')).id;
    // The tied accounts act first, so a page of one is full only if they are left out in SQL.
    for (const who of [plain, blocked, blocker, muted, banned]) {
      assert.equal((await who.api.post(`/api/v1/statuses/${post}/favourite`)).status, 200);
      assert.equal((await who.api.post(`/api/v1/statuses/${post}/reblog`)).status, 200);
    }
    assert.ok(await env.server.ctx.accounts.suspendAccount(Number(banned.id)));
    const masto = createRestAPIClient({ url: env.server.url, accessToken: viewer.token });
    for (const action of ['favouritedBy', 'rebloggedBy'] as const) {
      assert.deepEqual(ids(await masto.v1.statuses.$select(post)[action].list()), [plain.id], `${action}: only the account without ties`);
      assert.deepEqual(ids(await masto.v1.statuses.$select(post)[action].list({ limit: 1 } as never)), [plain.id], `${action}: a page of one is full`);
    }
    // Signed out, everyone but the suspended account; the blocker sees all but whom it blocks.
    const signedOut = ids((await env.api.get(`/api/v1/statuses/${post}/favourited_by`)).body);
    assert.deepEqual(new Set(signedOut), new Set([plain.id, ...tied()]));
    const blockers = ids((await blocker.api.get(`/api/v1/statuses/${post}/reblogged_by`)).body);
    assert.deepEqual(new Set(blockers), new Set([plain.id, blocked.id, muted.id, blocker.id]));
  });

  test('suggestions (v1, v2), the directory and familiar followers leave out accounts blocked either way or muted', async () => {
    // A friend the viewer follows follows everyone: friends of friends suggests them all.
    const friend = await user();
    const target = await user();
    assert.equal((await viewer.api.post(`/api/v1/accounts/${friend.id}/follow`)).status, 200);
    for (const who of [plain, blocked, blocker, muted]) {
      assert.equal((await friend.api.post(`/api/v1/accounts/${who.id}/follow`)).status, 200);
      await createPost(who, 'نشاط حديث');
    }
    const v1 = ids((await viewer.api.get('/api/v1/suggestions?limit=80')).body);
    const v2 = ((await viewer.api.get('/api/v2/suggestions?limit=80')).body as { account: { id: string } }[]).map((s) => s.account.id);
    const directory = ids((await viewer.api.get('/api/v1/directory?limit=80')).body);
    for (const [where, list] of [['v1 suggestions', v1], ['v2 suggestions', v2], ['the directory', directory]] as const) {
      assert.ok(list.includes(plain.id), `${where}: the account without ties is there`);
      assert.deepEqual(list.filter((id) => tied().includes(id)), [], `${where}: no tied account`);
    }
    // Signed out, the directory lists them all.
    const open = ids((await env.api.get('/api/v1/directory?limit=80')).body);
    for (const id of [plain.id, ...tied()]) assert.ok(open.includes(id));

    // Familiar followers: accounts the viewer follows that follow the target; a muted one is left out.
    assert.equal((await viewer.api.post(`/api/v1/accounts/${plain.id}/follow`)).status, 200);
    assert.equal((await viewer.api.post(`/api/v1/accounts/${muted.id}/follow`)).status, 200);
    for (const who of [plain, muted]) assert.equal((await who.api.post(`/api/v1/accounts/${target.id}/follow`)).status, 200);
    const familiar = (await viewer.api.get(`/api/v1/accounts/familiar_followers?id[]=${target.id}`)).body;
    assert.deepEqual(familiar, [{ id: target.id, accounts: [(await viewer.api.get(`/api/v1/accounts/${plain.id}`)).body] }]);
  });

  test('no mention notification for a post that also mentions, or replies to, an account the viewer blocks or mutes (Mastodon’s filter_from_mentions)', async () => {
    const friend = await user();
    const quiet = await user();
    // Muted without its notifications: such a post still notifies.
    assert.equal((await viewer.api.post(`/api/v1/accounts/${quiet.id}/mute`, { notifications: false })).status, 200);
    const withBlocked = (await createPost(friend, `@${viewer.username} @${blocked.username} معا`)).id;
    const withMuted = (await createPost(friend, `@${viewer.username} @${muted.username} معا`)).id;
    const toBlocked = (await createPost(friend, `@${viewer.username} جواب`, { in_reply_to_id: (await createPost(blocked, 'سؤال')).id })).id;
    const withBlocker = (await createPost(friend, `@${viewer.username} @${blocker.username} معا`)).id;
    const withQuiet = (await createPost(friend, `@${viewer.username} @${quiet.username} معا`)).id;
    const mentions = ((await viewer.api.get('/api/v1/notifications?types[]=mention&limit=40')).body as { status: { id: string } }[]).map((n) => n.status.id);
    for (const id of [withBlocked, withMuted, toBlocked]) assert.ok(!mentions.includes(id), `no notification for ${id}`);
    for (const id of [withBlocker, withQuiet]) assert.ok(mentions.includes(id), `a notification for ${id}`);
  });

  test('account search leaves out accounts blocked either way in SQL: a page of one is full', async () => {
    // The most followed match first: the blocked one, then the blocker, then the plain one.
    const name = (tag: string) => `qimma${tag}`;
    const [a, b, c] = await Promise.all([user(name('a')), user(name('b')), user(name('c'))]);
    for (const [who, followers] of [[a, 3], [b, 2], [c, 1]] as const) {
      for (let i = 0; i < followers; i++) assert.equal((await (await user()).api.post(`/api/v1/accounts/${who.id}/follow`)).status, 200);
    }
    await viewer.api.post(`/api/v1/accounts/${a.id}/block`);
    await b.api.post(`/api/v1/accounts/${viewer.id}/block`);
    const found = (await viewer.api.get('/api/v2/search?type=accounts&q=qimma&limit=1')).body.accounts;
    assert.deepEqual(ids(found), [c.id]);
  });

  describe('a wave of posts by a blocked account does not empty a page', () => {
    const TAG = 'موجة_الحجب';
    let others: string[];

    before(async () => {
      // Newest first: 60 by the blocked account, then 5 by others.
      others = [];
      for (let i = 0; i < 5; i++) others.unshift((await createPost(i % 2 ? plain : viewer, `mawja قديم ${i} #${TAG}`)).id);
      for (let i = 0; i < 60; i++) await createPost(blocked, `mawja محجوب ${i} #${TAG}`);
    });

    test('the tag timeline fills the page, and paging goes past it (masto.js)', async () => {
      const first = await viewer.api.get(`/api/v1/timelines/tag/${encodeURIComponent(TAG)}?limit=5`);
      assert.deepEqual(ids(first.body), others);
      const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1];
      assert.ok(next.includes(`max_id=${others[4]}`));
      assert.deepEqual((await viewer.api.get(next.slice(env.server.url.length))).body, []);
      // Pages of two through masto.js's paginator (it follows the Link header).
      const masto = createRestAPIClient({ url: env.server.url, accessToken: viewer.token });
      const pages: string[][] = [];
      for await (const page of masto.v1.timelines.tag.$select(TAG).list({ limit: 2 })) {
        pages.push(ids(page));
        if (pages.length > 5) break;
      }
      // (masto.js stops at the first empty page.)
      assert.deepEqual(pages, [others.slice(0, 2), others.slice(2, 4), others.slice(4), []]);
      // min_id pages oldest-first past the wave too, newest first in the page.
      const newer = await viewer.api.get(`/api/v1/timelines/tag/${encodeURIComponent(TAG)}?limit=2&min_id=${others[2]}`);
      assert.deepEqual(ids(newer.body), others.slice(0, 2));
      // Signed out, the wave is there.
      const open = await env.api.get(`/api/v1/timelines/tag/${encodeURIComponent(TAG)}?limit=5`);
      assert.equal(open.body.length, 5);
      assert.ok(open.body.every((s: { account: { id: string } }) => s.account.id === blocked.id));
    });

    test('a scan cut short by its bound says where it stopped, and the next page goes on from there', async () => {
      const store = new SqlTimelineStore(env.server.ctx.db.kysely, Date.now, 30);
      const first = await store.tag(hashtagKey(TAG), { limit: 5 }, Number(viewer.id));
      assert.deepEqual(first.ids, []);
      assert.ok(first.scannedTo !== undefined && first.scannedTo > Number(others[0]));
      const next = await store.tag(hashtagKey(TAG), { limit: 5, maxId: first.scannedTo }, Number(viewer.id));
      assert.deepEqual(next.ids.map(String), others);
      // The page's Link points past the scanned entries (TimelineService's cursors), not back into them.
      // (The app's own presenter, which the context does not expose.)
      const { presenter } = env.server.ctx.timelines as unknown as { presenter: StatusPresenter };
      const page = await new TimelineService(store, presenter, env.server.ctx.accounts).tagTimeline(TAG, { limit: 5 }, Number(viewer.id));
      assert.deepEqual(page.cursors, [first.scannedTo]);
    });

    test('status search fills the page, with offset and max_id', async () => {
      const search = async (extra: string) => ids((await viewer.api.get(`/api/v2/search?type=statuses&q=mawja&${extra}`)).body.statuses);
      assert.deepEqual(await search('limit=5'), others);
      assert.deepEqual(await search('limit=2&offset=2'), others.slice(2, 4));
      assert.deepEqual(await search(`limit=5&max_id=${others[1]}`), others.slice(2));
      assert.deepEqual(await search(`limit=5&max_id=${others[4]}`), []);
      // The muted account's posts are not found either (Mastodon's StatusFilter).
      await createPost(muted, 'mawja مكتوم');
      assert.deepEqual(await search('limit=5'), others);
    });
  });
});
