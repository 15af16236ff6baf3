// A mass suspension takes the accounts' posts out of their followers' cached home feeds (in
// memory on SQLite, in Redis on PostgreSQL) without dropping the feeds (dropping them made every
// reader rebuild from SQL at once mid-crisis), only for authors that were fanned out, and the
// followers' pages come back whole on unsuspend.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';
import type { CachedTimelineStore } from '../../src/timelines/cached-store.js';

describe('mass suspension and cached home feeds', () => {
  const env = useTestServer();
  let reader: TestUser;
  let waves: TestUser[];
  let calm: TestUser;
  const wavePosts: string[] = [];
  const calmPosts: string[] = [];

  const feeds = () => (env.server.ctx.timelineStore as CachedTimelineStore).feeds;
  const feedIds = async () => (await feeds().range(Number(reader.id), { limit: 2000 })).map(String);
  const homeIds = async () => {
    const res = await reader.api.get('/api/v1/timelines/home?limit=40');
    assert.equal(res.status, 200);
    return res.body.map((s: { id: string }) => s.id) as string[];
  };

  before(async () => {
    reader = await createUser(env.api, 'sf_reader', env.app);
    waves = [await createUser(env.api, 'sf_wave0', env.app), await createUser(env.api, 'sf_wave1', env.app)];
    calm = await createUser(env.api, 'sf_calm', env.app);
    for (const account of [...waves, calm]) assert.equal((await reader.api.post(`/api/v1/accounts/${account.id}/follow`)).status, 200);
    await homeIds(); // builds the reader's feed: what follows is fanned out into it
    for (const [i, wave] of waves.entries()) for (let j = 0; j < 3; j++) wavePosts.push((await createPost(wave, `موجة ${i} ${j}`)).id);
    for (let j = 0; j < 2; j++) calmPosts.push((await createPost(calm, `هدوء ${j}`)).id);
    await env.server.ctx.fanout.drain();
    assert.deepEqual(new Set(await feedIds()), new Set([...wavePosts, ...calmPosts]));
  });

  it('takes the suspended accounts’ posts out of the feed, which stays built', async () => {
    const result = await env.server.ctx.suspension.suspendAccounts(waves.map((w) => Number(w.id)));
    assert.equal(result.changed.length, 2);
    assert.equal((await feeds().info(Number(reader.id))).built, true, 'the feed was not dropped');
    assert.deepEqual(new Set(await feedIds()), new Set(calmPosts));
    assert.deepEqual(new Set(await homeIds()), new Set(calmPosts));
  });

  it('unsuspended, the posts are back in the reader’s home', async () => {
    await env.server.ctx.suspension.unsuspendAccounts(waves.map((w) => Number(w.id)));
    assert.deepEqual(new Set(await homeIds()), new Set([...wavePosts, ...calmPosts]));
  });
});
