// Cached home timelines (fan-out on write into process memory, or into Redis) must read exactly
// as the SQL home timeline does, including after the cache is flushed, past the cached window,
// for very followed authors merged at read time, and for accounts whose feed expired while idle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, createPost, type TestUser } from '../helpers/client.js';
import { dropRedisPrefix } from '../helpers/backend.js';
import { SqlTimelineStore } from '../../src/timelines/store.js';
import { CachedTimelineStore, HOME_CAP } from '../../src/timelines/cached-store.js';
import type { Config } from '../../src/config.js';

const REDIS_URL = process.env.SIRB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function homeIds(user: TestUser, query = ''): Promise<string[]> {
  const res = await user.api.get(`/api/v1/timelines/home?limit=40${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.map((s: { id: string }) => s.id);
}

for (const [name, overrides] of [['in memory', {}], ['in Redis', { redisUrl: REDIS_URL }]] as [string, Partial<Config>][]) describe(`home timelines cached ${name}`, () => {
  let server: TestServer;
  let sql: SqlTimelineStore;
  let reader: TestUser;
  let writer: TestUser;
  let other: TestUser;

  const drain = () => server.ctx.fanout.drain();
  const feeds = () => (server.ctx.timelineStore as CachedTimelineStore).feeds;
  const feedHas = async (user: TestUser, id: string) => (await feeds().range(Number(user.id), { limit: 2000 })).includes(Number(id));
  const sqlIds = async (user: TestUser, limit = 40) => (await sql.home(Number(user.id), { limit })).map(String);

  before(async () => {
    server = await startTestServer(overrides);
    assert.ok(server.ctx.timelineStore instanceof CachedTimelineStore);
    sql = new SqlTimelineStore(server.ctx.db.kysely);
    const api = new Api(server.url);
    const app = await createApp(api);
    reader = await createUser(api, 'rh_reader', app);
    writer = await createUser(api, 'rh_writer', app);
    other = await createUser(api, 'rh_other', app);
    await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
  });
  after(() => server.close());

  it('fans a new post out to followers and reads the same as SQL', async () => {
    await homeIds(reader); // builds the set
    const post = await createPost(writer, 'منشور يصل بالتوزيع عند الكتابة');
    await createPost(other, 'not followed, never in the reader’s home');
    await drain();
    assert.ok(await feedHas(reader, post.id), 'the post was fanned out into the feed');
    assert.deepEqual(await homeIds(reader), await sqlIds(reader));
    assert.equal((await homeIds(reader))[0], post.id);
  });

  it('a flushed cache rebuilds the timeline from the database with the same result', async () => {
    const before_ = await homeIds(reader);
    if (overrides.redisUrl) await dropRedisPrefix(REDIS_URL, server.ctx.config.redisPrefix);
    else await feeds().drop(Number(reader.id));
    assert.equal((await feeds().info(Number(reader.id))).built, false);
    assert.deepEqual(await homeIds(reader), before_);
  });

  it('pages back past the cached window into the database without a wall', async () => {
    // More posts than the cache holds, written through the service (fast) and fanned out.
    for (let i = 0; i < HOME_CAP + 30; i++) {
      await server.ctx.posts.create(Number(writer.id), null, { status: `رقم ${i}` });
    }
    await drain();
    assert.equal((await feeds().info(Number(reader.id))).size, HOME_CAP, 'capped');
    const all: string[] = [];
    let query = '';
    for (;;) {
      const page = await homeIds(reader, query);
      if (page.length === 0) break;
      all.push(...page);
      query = `&max_id=${page[page.length - 1]}`;
    }
    const expected = await sqlIds(reader, 2000);
    assert.equal(all.length, expected.length);
    assert.deepEqual(all, expected);
  });

  it('merges a very followed account’s posts at read time instead of fanning them out', async () => {
    const star = await createUser(new Api(server.url), 'rh_star');
    await reader.api.post(`/api/v1/accounts/${star.id}/follow`);
    await homeIds(reader);
    await server.ctx.db.kysely.updateTable('accounts').set({ followers_count: 1_000_000 }).where('id', '=', Number(star.id)).execute();
    const post = await createPost(star, 'a post for a million followers');
    await drain();
    assert.ok(!(await feedHas(reader, post.id)), 'not fanned out');
    assert.ok((await feeds().celebrities()).includes(Number(star.id)), 'merged at read time instead');
    const ids = await homeIds(reader);
    assert.equal(ids[0], post.id, 'but merged in at read time');
    assert.deepEqual(ids, await sqlIds(reader));
  });

  it('does not fan out to an account whose set expired while idle, and rebuilds it on return', async () => {
    const idle = await createUser(new Api(server.url), 'rh_idle');
    await idle.api.post(`/api/v1/accounts/${writer.id}/follow`);
    await homeIds(idle);
    await feeds().drop(Number(idle.id)); // what the idle expiry (or memory eviction) does
    const post = await createPost(writer, 'written while the reader was away');
    await drain();
    assert.equal((await feeds().info(Number(idle.id))).built, false, 'no fan-out into an idle account');
    const ids = await homeIds(idle);
    assert.equal(ids[0], post.id);
    assert.deepEqual(ids, await sqlIds(idle));
  });

  it('follow and unfollow change the timeline at once', async () => {
    const newcomer = await createUser(new Api(server.url), 'rh_newcomer');
    const post = await createPost(newcomer, 'before anyone followed me');
    await homeIds(reader);
    await reader.api.post(`/api/v1/accounts/${newcomer.id}/follow`);
    await drain();
    assert.ok((await homeIds(reader)).includes(post.id));
    await reader.api.post(`/api/v1/accounts/${newcomer.id}/unfollow`);
    await drain();
    assert.ok(!(await homeIds(reader)).includes(post.id));
  });

  it('a deleted post leaves every timeline', async () => {
    const post = await createPost(writer, 'soon gone');
    await drain();
    assert.equal((await homeIds(reader))[0], post.id);
    await writer.api.delete(`/api/v1/statuses/${post.id}`);
    await drain();
    assert.ok(!(await homeIds(reader)).includes(post.id));
    assert.deepEqual(await homeIds(reader), await sqlIds(reader));
  });
});
