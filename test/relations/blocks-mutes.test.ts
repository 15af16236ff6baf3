// Blocks, mutes and conversation mutes over HTTP: Mastodon's shapes and status codes, bad input,
// what a block undoes (follows and requests both ways, counters), timed mutes ending by
// themselves on the test clock, and the same endpoints driven by masto.js.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { useTestServer } from '../helpers/server.js';
import { testClock } from '../helpers/clock.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';

const ids = (body: { id: string }[]) => body.map((s) => s.id);

describe('blocks and mutes: endpoints', () => {
  const clock = testClock();
  const env = useTestServer({}, clock);
  const user = () => createUser(env.api, undefined, env.app);
  const relationship = async (viewer: TestUser, other: TestUser) => (await viewer.api.get(`/api/v1/accounts/relationships?id[]=${other.id}`)).body[0];
  const account = async (who: TestUser) => (await env.api.get(`/api/v1/accounts/${who.id}`)).body;

  test('a block answers with the relationship, ends follows and requests both ways, and lists in /api/v1/blocks', async () => {
    const me = await user();
    const other = await user();
    assert.equal((await me.api.post(`/api/v1/accounts/${other.id}/follow`)).body.following, true);
    assert.equal((await other.api.post(`/api/v1/accounts/${me.id}/follow`)).body.following, true);
    assert.equal((await account(me)).followers_count, 1);

    const blocked = await me.api.post(`/api/v1/accounts/${other.id}/block`);
    assert.equal(blocked.status, 200);
    assert.equal(blocked.body.id, other.id);
    assert.equal(blocked.body.blocking, true);
    assert.equal(blocked.body.following, false);
    assert.equal(blocked.body.followed_by, false);
    assert.equal((await relationship(other, me)).blocked_by, true);
    assert.equal((await relationship(other, me)).blocking, false);
    for (const who of [me, other]) {
      const a = await account(who);
      assert.deepEqual([a.followers_count, a.following_count], [0, 0], `${who.username}'s counters`);
    }
    // Blocking twice is the same block.
    assert.equal((await me.api.post(`/api/v1/accounts/${other.id}/block`)).status, 200);
    const list = await me.api.get('/api/v1/blocks');
    assert.equal(list.status, 200);
    assert.deepEqual(ids(list.body), [other.id]);
    assert.match(list.headers.get('link') ?? '', /\/api\/v1\/blocks\?max_id=\d+>; rel="next"/);

    // Neither side may follow the other while it holds (Mastodon: 403).
    const refused = await other.api.post(`/api/v1/accounts/${me.id}/follow`);
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, { error: 'This action is not allowed' });
    assert.equal((await me.api.post(`/api/v1/accounts/${other.id}/follow`)).status, 403);

    // The blocked account finds no follower or followee lists of the blocker (Mastodon's hide_results?).
    const third = await user();
    await third.api.post(`/api/v1/accounts/${me.id}/follow`);
    assert.deepEqual((await other.api.get(`/api/v1/accounts/${me.id}/followers`)).body, []);
    assert.deepEqual(ids((await third.api.get(`/api/v1/accounts/${me.id}/followers`)).body), [third.id]);

    const unblocked = await me.api.post(`/api/v1/accounts/${other.id}/unblock`);
    assert.equal(unblocked.status, 200);
    assert.equal(unblocked.body.blocking, false);
    // The block cleared what the blocker had been told of them (their follow): it does not come back.
    assert.deepEqual((await me.api.get(`/api/v1/notifications?account_id=${other.id}`)).body, []);
    assert.deepEqual((await me.api.get('/api/v1/blocks')).body, []);
    assert.equal((await other.api.post(`/api/v1/accounts/${me.id}/follow`)).body.following, true);
  });

  test('a block withdraws waiting follow requests both ways, with their notifications', async () => {
    const locked = await user();
    await locked.api.patch('/api/v1/accounts/update_credentials', { locked: true });
    const asker = await user();
    assert.equal((await asker.api.post(`/api/v1/accounts/${locked.id}/follow`)).body.requested, true);
    await locked.api.post(`/api/v1/accounts/${asker.id}/block`);
    assert.deepEqual((await locked.api.get('/api/v1/follow_requests')).body, []);
    assert.deepEqual((await locked.api.get('/api/v1/notifications')).body, []);
    assert.equal((await relationship(asker, locked)).requested, false);
    assert.equal((await locked.api.get('/api/v1/accounts/verify_credentials')).body.source.follow_requests_count, 0);
  });

  test('bad input: unknown or malformed ids are 404, oneself 422, no token 401, wrong scope 403', async () => {
    const me = await user();
    for (const path of ['block', 'unblock', 'mute', 'unmute']) {
      const unknown = await me.api.post(`/api/v1/accounts/999999999/${path}`);
      assert.equal(unknown.status, 404, path);
      assert.deepEqual(unknown.body, { error: 'Record not found' });
      assert.equal((await me.api.post(`/api/v1/accounts/not-an-id/${path}`)).status, 404, path);
      assert.equal((await env.api.post(`/api/v1/accounts/${me.id}/${path}`)).status, 401, path);
    }
    for (const path of ['block', 'mute']) {
      const self = await me.api.post(`/api/v1/accounts/${me.id}/${path}`);
      assert.equal(self.status, 422, path);
      assert.match(self.body.error, /yourself/);
    }
    const other = await user();
    for (const duration of [-1, 'soon', 1.5]) {
      const res = await me.api.post(`/api/v1/accounts/${other.id}/mute`, { duration });
      assert.equal(res.status, 422, `duration ${duration}`);
      assert.equal(typeof res.body.error, 'string');
    }
    assert.equal((await me.api.post(`/api/v1/accounts/${other.id}/mute`, { notifications: 'maybe' })).status, 422);
    assert.equal((await env.api.get('/api/v1/blocks')).status, 401);
    assert.equal((await env.api.get('/api/v1/mutes')).status, 401);
    assert.equal((await me.api.post('/api/v1/statuses/999999999/mute')).status, 404);
    // A token that may only read cannot block.
    const readOnly = await env.api.as(undefined).post('/oauth/token', {
      grant_type: 'password', client_id: env.app.clientId, client_secret: env.app.clientSecret, username: me.username, password: me.password, scope: 'read',
    });
    const res = await env.api.as(readOnly.body.access_token).post(`/api/v1/accounts/${other.id}/block`);
    assert.equal(res.status, 403);
  });

  test('a mute: notifications by default, changed in place by a second call, listed with mute_expires_at', async () => {
    const me = await user();
    const other = await user();
    const muted = await me.api.post(`/api/v1/accounts/${other.id}/mute`);
    assert.equal(muted.status, 200);
    assert.deepEqual([muted.body.muting, muted.body.muting_notifications], [true, true]);
    const quieter = await me.api.post(`/api/v1/accounts/${other.id}/mute`, { notifications: false });
    assert.deepEqual([quieter.body.muting, quieter.body.muting_notifications], [true, false]);
    // Form-encoded, as many clients send it.
    const form = await me.api.post(`/api/v1/accounts/${other.id}/mute`, new URLSearchParams({ notifications: 'true', duration: '0' }));
    assert.equal(form.status, 200);
    assert.equal(form.body.muting_notifications, true);
    const list = await me.api.get('/api/v1/mutes');
    assert.deepEqual(ids(list.body), [other.id]);
    assert.equal(list.body[0].mute_expires_at, null);
    assert.match(list.headers.get('link') ?? '', /\/api\/v1\/mutes\?max_id=\d+>; rel="next"/);
    // Muting does not unfollow, and the muted account is not told.
    assert.equal((await relationship(other, me)).muting, false);
    const unmuted = await me.api.post(`/api/v1/accounts/${other.id}/unmute`);
    assert.deepEqual([unmuted.body.muting, unmuted.body.muting_notifications], [false, false]);
    assert.deepEqual((await me.api.get('/api/v1/mutes')).body, []);
  });

  test('a timed mute ends by itself when its time is up (read time, no sweeper)', async () => {
    const me = await user();
    const other = await user();
    const res = await me.api.post(`/api/v1/accounts/${other.id}/mute`, { duration: 3600 });
    assert.equal(res.body.muting, true);
    const [entry] = (await me.api.get('/api/v1/mutes')).body;
    assert.equal(Date.parse(entry.mute_expires_at), clock() + 3600_000);
    const post = await createPost(other, 'منشور مكتوم مؤقتا');
    assert.ok(!ids((await me.api.get('/api/v1/timelines/public')).body).includes(post.id));
    await other.api.post(`/api/v1/statuses/${post.id}/reblog`); // a reblog of their own: not about me
    await createPost(other, `@${me.username} هل تسمعني؟`);
    assert.deepEqual((await me.api.get('/api/v1/notifications')).body, [], 'no mention while muted');

    clock.advance(3600_000 + 1);
    assert.equal((await relationship(me, other)).muting, false);
    assert.deepEqual((await me.api.get('/api/v1/mutes')).body, []);
    assert.ok(ids((await me.api.get('/api/v1/timelines/public')).body).includes(post.id), 'back on the public timeline');
    await createPost(other, `@${me.username} والآن؟`);
    assert.deepEqual((await me.api.get('/api/v1/notifications')).body.map((n: any) => n.type), ['mention']);
  });

  test('a conversation mute: status.muted for the viewer, and no more notifications from that thread', async () => {
    const me = await user();
    const other = await user();
    const root = await createPost(me, 'بداية نقاش');
    const reply = await createPost(other, `@${me.username} رد أول`, { in_reply_to_id: root.id });
    assert.equal((await me.api.get('/api/v1/notifications')).body.length, 1);
    const muted = await me.api.post(`/api/v1/statuses/${reply.id}/mute`);
    assert.equal(muted.status, 200);
    assert.equal(muted.body.id, reply.id);
    assert.equal(muted.body.muted, true);
    // The whole thread is muted for me, and only for me.
    assert.equal((await me.api.get(`/api/v1/statuses/${root.id}`)).body.muted, true);
    assert.equal((await other.api.get(`/api/v1/statuses/${root.id}`)).body.muted, false);
    assert.equal(ids((await me.api.get(`/api/v1/accounts/${me.id}/statuses`)).body).length, 1);
    assert.equal((await me.api.get(`/api/v1/accounts/${me.id}/statuses`)).body[0].muted, true);
    await createPost(other, `@${me.username} رد ثان`, { in_reply_to_id: reply.id });
    await other.api.post(`/api/v1/statuses/${root.id}/favourite`);
    assert.equal((await me.api.get('/api/v1/notifications')).body.length, 1, 'nothing new from the muted thread');
    // Elsewhere, notifications still come.
    await createPost(other, `@${me.username} موضوع آخر`);
    assert.equal((await me.api.get('/api/v1/notifications')).body.length, 2);

    const unmuted = await me.api.post(`/api/v1/statuses/${root.id}/unmute`);
    assert.equal(unmuted.body.muted, false);
    await other.api.post(`/api/v1/statuses/${root.id}/unfavourite`);
    await other.api.post(`/api/v1/statuses/${root.id}/favourite`);
    assert.equal((await me.api.get('/api/v1/notifications')).body[0].type, 'favourite');
  });

  test('masto.js blocks, lists, unblocks, mutes and unmutes', async () => {
    const me = await user();
    const other = await user();
    const masto = createRestAPIClient({ url: env.server.url, accessToken: me.token });
    const blocked = await masto.v1.accounts.$select(other.id).block();
    assert.equal(blocked.blocking, true);
    assert.deepEqual((await masto.v1.blocks.list()).map((a) => a.id), [other.id]);
    assert.equal((await masto.v1.accounts.$select(other.id).unblock()).blocking, false);
    assert.deepEqual(await masto.v1.blocks.list(), []);
    const muted = await masto.v1.accounts.$select(other.id).mute({ notifications: false, duration: 60 });
    assert.deepEqual([muted.muting, muted.mutingNotifications], [true, false]);
    const mutes = await masto.v1.mutes.list();
    assert.deepEqual(mutes.map((a) => a.id), [other.id]);
    assert.ok((mutes[0] as { muteExpiresAt?: string | null }).muteExpiresAt);
    const [rel] = await masto.v1.accounts.relationships.fetch({ id: [other.id] });
    assert.equal(rel.muting, true);
    assert.equal((await masto.v1.accounts.$select(other.id).unmute()).muting, false);
    const post = await masto.v1.statuses.create({ status: 'خيط أكتمه' });
    assert.equal((await masto.v1.statuses.$select(post.id).mute()).muted, true);
    assert.equal((await masto.v1.statuses.$select(post.id).unmute()).muted, false);
  });
});
