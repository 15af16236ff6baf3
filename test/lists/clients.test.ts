// Lists and followed hashtags driven by real client libraries over HTTP (issue 12): masto.js (lists,
// members, the list timeline, tag follows, followed tags, and its streaming client on our
// WebSocket) and megalodon (the library behind Whalebird: getLists, createList,
// addAccountsToList, getListTimeline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient, createStreamingAPIClient } from 'masto';
import generator from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { until } from '../helpers/until.js';
import type { Subscriber } from '../../src/streaming/subscriber.js';

const env = useTestServer();

test('masto.js: a list with members, its timeline and stream; a followed tag in home', async () => {
  const [me, friend] = await Promise.all([1, 2].map(() => createUser(env.api, undefined, env.app)));
  const masto = createRestAPIClient({ url: env.server.url, accessToken: me.token });
  await masto.v1.accounts.$select(friend.id).follow();

  const list = await masto.v1.lists.create({ title: 'الأصدقاء', exclusive: false });
  assert.equal(list.repliesPolicy, 'list');
  assert.equal(list.exclusive, false);
  await masto.v1.lists.$select(list.id).accounts.create({ accountIds: [friend.id] });
  assert.deepEqual((await masto.v1.lists.$select(list.id).accounts.list()).map((a) => a.id), [friend.id]);
  assert.deepEqual((await masto.v1.accounts.$select(friend.id).lists.list()).map((l) => l.id), [list.id]);
  assert.equal((await masto.v1.lists.$select(list.id).update({ title: 'رفاق' })).title, 'رفاق');

  // masto's streaming client subscribes by message on our WebSocket.
  const streaming = createStreamingAPIClient({ streamingApiUrl: env.server.url.replace('http', 'ws'), accessToken: me.token });
  const subscription = streaming.list.subscribe({ list: list.id });
  // masto connects and subscribes once the subscription is iterated.
  const first = (async () => {
    for await (const event of subscription) return event;
  })();
  const hub = env.server.ctx.streaming as unknown as { subscribers: Set<Subscriber> };
  await until(() => [...hub.subscribers].some((s) => s.lists.has(list.id)), 'the list subscription');
  const post = await createPost(friend, 'من القائمة');
  const event = await first;
  assert.equal(event?.event, 'update');
  assert.equal(event?.event === 'update' && event.payload.id, post.id);
  assert.deepEqual(event?.stream, ['list', list.id]);
  subscription.unsubscribe();
  streaming.close();

  const timeline = await masto.v1.timelines.list.$select(list.id).list();
  assert.deepEqual(timeline.map((s) => s.id), [post.id]);

  const tag = await masto.v1.tags.$select('شاي').follow();
  assert.equal(tag.following, true);
  assert.deepEqual((await masto.v1.followedTags.list()).map((t) => t.name), ['شاي']);
  const tagged = await createPost(await createUser(env.api, undefined, env.app), 'كوب #شاي');
  assert.equal((await masto.v1.timelines.home.list())[0].id, tagged.id);
  assert.equal((await masto.v1.tags.$select('شاي').unfollow()).following, false);

  await masto.v1.lists.$select(list.id).accounts.remove({ accountIds: [friend.id] });
  await masto.v1.lists.$select(list.id).remove();
  assert.deepEqual(await masto.v1.lists.list(), []);
});

test('megalodon: getLists, createList, addAccountsToList, getListTimeline', async () => {
  const [me, friend] = await Promise.all([1, 2].map(() => createUser(env.api, undefined, env.app)));
  const client = generator('mastodon', env.server.url, me.token);
  await client.followAccount(friend.id);
  const created = await client.createList('قراءات');
  assert.equal(created.data.title, 'قراءات');
  await client.addAccountsToList(created.data.id, [friend.id]);
  assert.deepEqual((await client.getLists()).data.map((l) => l.id), [created.data.id]);
  assert.deepEqual((await client.getAccountsInList(created.data.id)).data.map((a) => a.id), [friend.id]);
  const posts = [await createPost(friend, 'أول'), await createPost(friend, 'ثان'), await createPost(friend, 'ثالث')];
  const page = await client.getListTimeline(created.data.id, { limit: 2 });
  assert.deepEqual(page.data.map((s) => s.id), [posts[2].id, posts[1].id]);
  const older = await client.getListTimeline(created.data.id, { max_id: posts[1].id });
  assert.deepEqual(older.data.map((s) => s.id), [posts[0].id]);
  await client.followTag('كتب');
  assert.deepEqual((await client.getFollowedTags()).data.map((t) => t.name), ['كتب']);
});
