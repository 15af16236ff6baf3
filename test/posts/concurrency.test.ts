// The same action sent several times at once (double taps, client retries) counts once.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

const times = <T>(n: number, f: () => Promise<T>) => Promise.all(Array.from({ length: n }, f));

describe('concurrent repeats', () => {
  const env = useTestServer();

  before(async () => {
  });

  test('reblogging five times at once makes one reblog', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'انشر مرة واحدة');
    const results = await times(5, () => fan.api.post(`/api/v1/statuses/${post.id}/reblog`));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    assert.equal((await env.api.get(`/api/v1/statuses/${post.id}`)).body.reblogs_count, 1);
    assert.equal((await env.api.get(`/api/v1/accounts/${fan.id}`)).body.statuses_count, 1);
    assert.equal((await author.api.get('/api/v1/notifications')).body.length, 1);
  });

  test('favouriting and following five times at once count once', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'إعجاب واحد');
    await times(5, () => fan.api.post(`/api/v1/statuses/${post.id}/favourite`));
    await times(5, () => fan.api.post(`/api/v1/accounts/${author.id}/follow`));
    assert.equal((await env.api.get(`/api/v1/statuses/${post.id}`)).body.favourites_count, 1);
    assert.equal((await env.api.get(`/api/v1/accounts/${author.id}`)).body.followers_count, 1);
    assert.equal((await env.api.get(`/api/v1/accounts/${fan.id}`)).body.following_count, 1);
    assert.equal((await author.api.get('/api/v1/notifications')).body.length, 2);
  });

  test('two accounts following each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await createUser(env.api, undefined, env.app);
      const b = await createUser(env.api, undefined, env.app);
      const [ab, ba] = await Promise.all([a.api.post(`/api/v1/accounts/${b.id}/follow`), b.api.post(`/api/v1/accounts/${a.id}/follow`)]);
      assert.deepEqual([ab.status, ba.status], [200, 200], JSON.stringify([ab.body, ba.body]));
      const [ua, ub] = await Promise.all([a.api.post(`/api/v1/accounts/${b.id}/unfollow`), b.api.post(`/api/v1/accounts/${a.id}/unfollow`)]);
      assert.deepEqual([ua.status, ub.status], [200, 200]);
    }
  });

  test('posts naming the same new tags in different orders, at the same moment', async () => {
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    for (let round = 0; round < 8; round++) {
      const tags = Array.from({ length: 4 }, (_, i) => `#وسم_${round}_${i}`);
      const results = await Promise.all([
        a.api.post('/api/v1/statuses', { status: tags.join(' ') }),
        b.api.post('/api/v1/statuses', { status: [...tags].reverse().join(' ') }),
      ]);
      assert.deepEqual(results.map((r) => r.status), [200, 200], JSON.stringify(results.map((r) => r.body)));
    }
  });

  test('a reply, a reblog and a delete around one post at the same moment', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const fan = await createUser(env.api, undefined, env.app);
    for (let round = 0; round < 5; round++) {
      const post = await createPost(author, `أصل ${round}`);
      const reply = await createPost(fan, `رد ${round}`, { in_reply_to_id: post.id });
      const results = await Promise.all([
        fan.api.post('/api/v1/statuses', { status: 'رد آخر', in_reply_to_id: post.id }),
        fan.api.post(`/api/v1/statuses/${post.id}/reblog`),
        fan.api.delete(`/api/v1/statuses/${reply.id}`),
        author.api.post(`/api/v1/statuses/${post.id}/favourite`),
      ]);
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200], JSON.stringify(results.map((r) => r.body)));
    }
  });

  test('two sign-ups racing for one username: one wins, the other gets 422', async () => {
    const body = (n: number) => ({ username: 'racer', email: `racer${n}@example.test`, password: 'correct horse battery', agreement: true });
    const results = await Promise.all([0, 1, 2].map((n) => env.api.as(env.app.appToken).post('/api/v1/accounts', body(n))));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 422, 422]);
  });

  test('deleting a post twice at once removes it once', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'احذفني');
    await createPost(author, 'باق');
    const results = await times(3, () => author.api.delete(`/api/v1/statuses/${post.id}`));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.every((r) => r.status === 200 || r.status === 404));
    assert.equal((await env.api.get(`/api/v1/accounts/${author.id}`)).body.statuses_count, 1);
  });
});
