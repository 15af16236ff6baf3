// The notification policy and its requests (issue 12, Mastodon 4.3): a stranger's mention is held
// back when for_not_following=filter (not listed, not streamed, filed as a request); accepting
// brings it back and lets the sender through from then on; drop stores nothing; unsolicited
// private mentions are held back by default, and their conversation waits for the accept; v1's
// booleans; bad values are 422; specific paths are not taken for ids.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { openStream } from '../helpers/stream.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';

describe('notification policy and requests', () => {
  const env = useTestServer();
  const user = () => createUser(env.api, undefined, env.app);
  const types = async (u: TestUser, query = '') => (await u.api.get(`/api/v1/notifications${query}`)).body.map((n: any) => `${n.type}:${n.account.id}`);
  const mention = (from: TestUser, to: TestUser, extra: Record<string, unknown> = {}) => createPost(from, `@${to.username} مرحبا`, extra);

  test('defaults, PATCH, and bad values answered 422 as JSON', async () => {
    const me = await user();
    const res = await me.api.get('/api/v2/notifications/policy');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      for_not_following: 'accept',
      for_not_followers: 'accept',
      for_new_accounts: 'accept',
      for_private_mentions: 'filter',
      for_limited_accounts: 'filter',
      summary: { pending_requests_count: 0, pending_notifications_count: 0 },
    });
    const patched = await me.api.patch('/api/v2/notifications/policy', { for_not_following: 'filter', for_new_accounts: 'drop' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.for_not_following, 'filter');
    assert.equal(patched.body.for_new_accounts, 'drop');
    assert.equal(patched.body.for_private_mentions, 'filter');
    const bad = await me.api.patch('/api/v2/notifications/policy', { for_not_following: 'maybe' });
    assert.equal(bad.status, 422);
    assert.equal(typeof bad.body.error, 'string');
    assert.equal((await me.api.get('/api/v2/notifications/policy')).body.for_not_following, 'filter', 'unchanged by the refused request');
    // v1: booleans, and a v1 update writes filter/accept.
    const v1 = await me.api.get('/api/v1/notifications/policy');
    assert.deepEqual(v1.body, { filter_not_following: true, filter_not_followers: false, filter_new_accounts: true, filter_private_mentions: true, summary: { pending_requests_count: 0, pending_notifications_count: 0 } });
    const put = await me.api.request('PUT', '/api/v1/notifications/policy', { filter_not_following: false, filter_not_followers: 'true' });
    assert.equal(put.status, 200);
    assert.equal(put.body.filter_not_following, false);
    assert.equal(put.body.filter_not_followers, true);
    const after = (await me.api.get('/api/v2/notifications/policy')).body;
    assert.equal(after.for_not_following, 'accept');
    assert.equal(after.for_not_followers, 'filter');
    assert.equal((await env.api.get('/api/v2/notifications/policy')).status, 401);
  });

  test("for_not_following=filter: a stranger's mention waits as a request, unstreamed; accept brings it back", async () => {
    const [me, friend, stranger] = [await user(), await user(), await user()];
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    await me.api.patch('/api/v2/notifications/policy', { for_not_following: 'filter' });
    const stream = openStream(env.server, `stream=user:notification&access_token=${me.token}`);
    await stream.settled();
    const held = await mention(stranger, me);
    await mention(friend, me);
    const delivered = await stream.next((m) => m.event === 'notification');
    assert.equal(JSON.parse(delivered.payload).account.id, friend.id);
    assert.deepEqual(await types(me), [`mention:${friend.id}`]);
    assert.deepEqual(await types(me, '?include_filtered=true'), [`mention:${friend.id}`, `mention:${stranger.id}`]);
    assert.equal((await me.api.get('/api/v2/notifications')).body.notification_groups.length, 1);
    assert.equal((await me.api.get('/api/v1/notifications/unread_count')).body.count, 1);

    const requests = await me.api.get('/api/v1/notifications/requests');
    assert.equal(requests.status, 200);
    assert.equal(requests.body.length, 1);
    const [request] = requests.body;
    assert.equal(request.account.id, stranger.id);
    assert.equal(request.notifications_count, '1');
    assert.equal(request.last_status.id, held.id);
    assert.deepEqual((await me.api.get(`/api/v1/notifications/requests/${request.id}`)).body.id, request.id);
    assert.equal((await stranger.api.get(`/api/v1/notifications/requests/${request.id}`)).status, 404);
    assert.deepEqual((await me.api.get('/api/v2/notifications/policy')).body.summary, { pending_requests_count: 1, pending_notifications_count: 1 });

    assert.equal((await me.api.post(`/api/v1/notifications/requests/${request.id}/accept`)).status, 200);
    const merged = await stream.next((m) => m.event === 'notifications_merged');
    assert.deepEqual([merged.stream, merged.payload], [['user:notification'], '1']);
    assert.deepEqual(await types(me), [`mention:${friend.id}`, `mention:${stranger.id}`]);
    assert.deepEqual((await me.api.get('/api/v1/notifications/requests')).body, []);
    assert.deepEqual((await me.api.get('/api/v1/notifications/requests/merged')).body, { merged: true });
    // Accepted senders are not held back again.
    await mention(stranger, me);
    assert.equal((await types(me)).filter((t: string) => t === `mention:${stranger.id}`).length, 2);
    assert.ok(stream.messages.every((m) => m.event !== 'notification' || JSON.parse(m.payload).status.id !== held.id), 'the held-back mention was never streamed');
    assert.equal((await me.api.post(`/api/v1/notifications/requests/${request.id}/accept`)).status, 404);
    stream.ws.close();
  });

  test('dismiss, bulk accept and bulk dismiss; drop stores nothing', async () => {
    const [me, s1, s2, s3, s4] = [await user(), await user(), await user(), await user(), await user()];
    await me.api.patch('/api/v2/notifications/policy', { for_not_following: 'filter' });
    for (const s of [s1, s2, s3]) await mention(s, me);
    const ids = async () => Object.fromEntries((await me.api.get('/api/v1/notifications/requests')).body.map((r: any) => [r.account.id, r.id]));
    let byAccount = await ids();
    assert.equal((await me.api.post(`/api/v1/notifications/requests/${byAccount[s1.id]}/dismiss`)).status, 200);
    assert.deepEqual(await types(me), [], 'dismissing does not accept');
    byAccount = await ids();
    assert.deepEqual(Object.keys(byAccount).sort(), [s2.id, s3.id].sort());
    assert.equal((await me.api.post('/api/v1/notifications/requests/accept', { id: [byAccount[s2.id]] })).status, 200);
    assert.deepEqual(await types(me), [`mention:${s2.id}`]);
    assert.equal((await me.api.post('/api/v1/notifications/requests/dismiss', { id: [byAccount[s3.id], '12345'] })).status, 200);
    assert.deepEqual(await ids(), {});

    await me.api.patch('/api/v2/notifications/policy', { for_not_following: 'drop' });
    await mention(s4, me);
    await s4.api.post(`/api/v1/accounts/${me.id}/follow`);
    assert.deepEqual(await types(me, '?include_filtered=true').then((t: string[]) => t.filter((x) => x.endsWith(s4.id))), []);
    assert.deepEqual(await ids(), {});
    // A sender accepted before still comes through.
    await mention(s2, me);
    assert.equal((await types(me)).filter((t: string) => t === `mention:${s2.id}`).length, 2);
  });

  test("by default a stranger's private mention is held back, and its conversation comes with the accept", async () => {
    const [me, stranger] = [await user(), await user()];
    const dm = await mention(stranger, me, { visibility: 'direct' });
    assert.deepEqual((await me.api.get('/api/v1/conversations')).body, []);
    assert.deepEqual(await types(me), []);
    const [request] = (await me.api.get('/api/v1/notifications/requests')).body;
    assert.equal(request.last_status.id, dm.id);
    await me.api.post(`/api/v1/notifications/requests/${request.id}/accept`);
    const [conversation] = (await me.api.get('/api/v1/conversations')).body;
    assert.equal(conversation.last_status.id, dm.id);
    assert.equal(conversation.unread, true);
    // A public mention from a stranger is no private mention: it comes through.
    const other = await user();
    await mention(other, me);
    assert.ok((await types(me)).includes(`mention:${other.id}`));
  });

  test('specific paths are never taken for ids', async () => {
    const me = await user();
    for (const path of ['/api/v1/notifications/requests', '/api/v1/notifications/policy', '/api/v1/notifications/unread_count', '/api/v2/notifications/policy', '/api/v2/notifications/unread_count', '/api/v1/notifications/requests/merged']) {
      const res = await me.api.get(path);
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await me.api.get('/api/v1/notifications/requests/99999')).status, 404);
    assert.equal((await me.api.post('/api/v1/notifications/requests/99999/dismiss')).status, 404);
  });
});
