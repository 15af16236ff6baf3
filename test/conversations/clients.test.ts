// Conversations, grouped notifications and the notification policy driven by real client
// libraries over HTTP (issue 12): masto.js (Elk, Phanpy) and megalodon (Whalebird, Fedistar).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import generator from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('conversations and notification groups through client libraries', () => {
  const env = useTestServer();

  test('masto.js: conversations, grouped notifications, policy and requests', async () => {
    const [me, friend, stranger] = [await createUser(env.api, undefined, env.app), await createUser(env.api, undefined, env.app), await createUser(env.api, undefined, env.app)];
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    const masto = createRestAPIClient({ url: env.server.url, accessToken: me.token });

    const dm = await createPost(friend, `@${me.username} سر بيننا`, { visibility: 'direct' });
    const [conversation] = await masto.v1.conversations.list();
    assert.equal(conversation.unread, true);
    assert.equal(conversation.lastStatus?.id, dm.id);
    assert.deepEqual(conversation.accounts.map((a) => a.id), [friend.id]);
    const read = await masto.v1.conversations.$select(conversation.id).read();
    assert.equal(read.unread, false);

    const post = await createPost(me, 'منشور');
    await friend.api.post(`/api/v1/statuses/${post.id}/favourite`);
    await stranger.api.post(`/api/v1/statuses/${post.id}/favourite`);
    const grouped = await masto.v2.notifications.list();
    // masto's group union narrows `type` too far for a find by type; the fields are its own.
    const groups = grouped.notificationGroups as unknown as { type: string; groupKey: string; notificationsCount: number; sampleAccountIds: string[] }[];
    const favourites = groups.find((g) => g.type === 'favourite');
    assert.ok(favourites, JSON.stringify(grouped));
    assert.equal(favourites.notificationsCount, 2);
    assert.deepEqual(favourites.sampleAccountIds, [stranger.id, friend.id]);
    assert.equal(groups.find((g) => g.type === 'mention')?.groupKey.startsWith('ungrouped-'), true);
    assert.ok(grouped.statuses.some((s) => s.id === post.id));
    assert.equal((await masto.v2.notifications.$select(favourites.groupKey).fetch()).notificationGroups[0].notificationsCount, 2);
    assert.equal((await masto.v2.notifications.unreadCount.fetch()).count, 2);

    const policy = await masto.v2.notifications.policy.fetch();
    assert.equal(policy.forPrivateMentions, 'filter');
    const updated = await masto.v2.notifications.policy.update({ forNotFollowing: 'filter' });
    assert.equal(updated.forNotFollowing, 'filter');
    await createPost(stranger, `@${me.username} من أنت؟`);
    const requests = await masto.v1.notifications.requests.list();
    assert.deepEqual(requests.map((r) => r.account.id), [stranger.id]);
    assert.equal(requests[0].notificationsCount, '1');
    await masto.v1.notifications.requests.$select(requests[0].id).accept();
    assert.deepEqual(await masto.v1.notifications.requests.list(), []);
    assert.ok((await masto.v1.notifications.list({ types: ['mention'] })).some((n) => n.account.id === stranger.id));
    await masto.v1.conversations.$select(conversation.id).remove();
    assert.deepEqual(await masto.v1.conversations.list(), []);
  });

  test('megalodon: getConversationTimeline, readConversation, deleteConversation', async () => {
    const [me, friend] = [await createUser(env.api, undefined, env.app), await createUser(env.api, undefined, env.app)];
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    const dm = await createPost(friend, `@${me.username} مرحبا`, { visibility: 'direct' });
    const client = generator('mastodon', env.server.url, me.token);
    const timeline = await client.getConversationTimeline({ limit: 10 });
    assert.equal(timeline.status, 200);
    assert.equal(timeline.data.length, 1);
    assert.equal(timeline.data[0].last_status?.id, dm.id);
    assert.equal(timeline.data[0].unread, true);
    assert.deepEqual(timeline.data[0].accounts.map((a) => a.id), [friend.id]);
    const read = await client.readConversation(timeline.data[0].id);
    assert.equal(read.data.unread, false);
    await client.deleteConversation(timeline.data[0].id);
    assert.deepEqual((await client.getConversationTimeline()).data, []);
  });
});
