// Home, public, hashtag and account timelines, and Mastodon's keyset pagination with Link
// headers that work when followed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type ApiResponse } from '../helpers/client.js';

const ids = (res: ApiResponse) => res.body.map((s: any) => s.id);

function link(res: ApiResponse, rel: 'next' | 'prev'): string | undefined {
  const header = res.headers.get('link') ?? '';
  return new RegExp(`<([^>]+)>; rel="${rel}"`).exec(header)?.[1];
}

describe('timelines', () => {
  const env = useTestServer();
  const follow = (url: string) => env.api.get(url.replace(env.server.url, ''));

  before(async () => {
  });

  test('home: own posts, followed accounts and their reblogs, newest first; not strangers', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const friend = await createUser(env.api, undefined, env.app);
    const stranger = await createUser(env.api, undefined, env.app);
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    const strangerPost = await createPost(stranger, 'لن تراه');
    const mine = await createPost(me, 'منشوري');
    const friends = await createPost(friend, 'منشور الصديق');
    const reblog = (await friend.api.post(`/api/v1/statuses/${strangerPost.id}/reblog`)).body;
    await createPost(stranger, 'ولا هذا');

    const home = await me.api.get('/api/v1/timelines/home');
    assert.equal(home.status, 200);
    assert.deepEqual(ids(home), [reblog.id, friends.id, mine.id]);
    assert.equal(home.body[0].reblog.id, strangerPost.id);
    assert.equal((await env.api.get('/api/v1/timelines/home')).status, 401);
  });

  test('home: unfollowing removes their posts', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const friend = await createUser(env.api, undefined, env.app);
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    await createPost(friend, 'مؤقت');
    assert.equal((await me.api.get('/api/v1/timelines/home')).body.length, 1);
    await me.api.post(`/api/v1/accounts/${friend.id}/unfollow`);
    assert.deepEqual((await me.api.get('/api/v1/timelines/home')).body, []);
  });

  test('home: followers-only posts of followed accounts show, direct posts to others do not', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const friend = await createUser(env.api, undefined, env.app);
    const third = await createUser(env.api, 'dm_target_home', env.app);
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    const priv = await createPost(friend, 'للمتابعين', { visibility: 'private' });
    await createPost(friend, 'رسالة @dm_target_home', { visibility: 'direct' });
    assert.deepEqual(ids(await me.api.get('/api/v1/timelines/home')), [priv.id]);
    void third;
  });

  test('public: public local posts only, no reblogs, unlisted or private', async () => {
    const a = await createUser(env.api, undefined, env.app);
    const pub = await createPost(a, 'عام');
    await createPost(a, 'غير مدرج', { visibility: 'unlisted' });
    await createPost(a, 'خاص', { visibility: 'private' });
    await a.api.post(`/api/v1/statuses/${pub.id}/reblog`);
    const later = await createPost(a, 'عام ثان');
    const res = await env.api.get('/api/v1/timelines/public?local=true&limit=40');
    assert.equal(res.status, 200);
    const mine = res.body.filter((s: any) => s.account.id === a.id).map((s: any) => s.id);
    assert.deepEqual(mine, [later.id, pub.id]);
    assert.deepEqual((await env.api.get('/api/v1/timelines/public?remote=true')).body, []);
  });

  test('tag: an Arabic tag, with and without diacritics in the URL, public posts only', async () => {
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    const p1 = await createPost(a, 'تعطل الموقع #تويتر_معطل');
    const p2 = await createPost(b, 'مرة أخرى #تُوِيتَر_معطل');
    await createPost(b, 'خاص #تويتر_معطل', { visibility: 'private' });
    await createPost(b, 'وسم آخر #تويتر');
    for (const tag of ['تويتر_معطل', 'تُوِيتَر_مُعطل', '#تويتر_معطل', 'تــويتر_معطل']) {
      const res = await env.api.get(`/api/v1/timelines/tag/${encodeURIComponent(tag)}`);
      assert.equal(res.status, 200, tag);
      assert.deepEqual(ids(res), [p2.id, p1.id], tag);
    }
    assert.deepEqual((await env.api.get(`/api/v1/timelines/tag/${encodeURIComponent('لا_يوجد')}`)).body, []);
  });

  test('account statuses: exclude_replies, exclude_reblogs, tagged', async () => {
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    const other = await createPost(b, 'للآخر');
    const plain = await createPost(a, 'عادي #وسم_الحساب');
    const reply = await createPost(a, 'رد', { in_reply_to_id: other.id });
    const reblog = (await a.api.post(`/api/v1/statuses/${other.id}/reblog`)).body;
    const base = `/api/v1/accounts/${a.id}/statuses`;
    assert.deepEqual(ids(await env.api.get(base)), [reblog.id, reply.id, plain.id]);
    assert.deepEqual(ids(await env.api.get(`${base}?exclude_replies=true`)), [reblog.id, plain.id]);
    assert.deepEqual(ids(await env.api.get(`${base}?exclude_reblogs=true`)), [reply.id, plain.id]);
    assert.deepEqual(ids(await env.api.get(`${base}?tagged=${encodeURIComponent('وسم_الحساب')}`)), [plain.id]);
    assert.equal((await env.api.get('/api/v1/accounts/123456789/statuses')).status, 404);
  });

  describe('pagination', () => {
    let user: Awaited<ReturnType<typeof createUser>>;
    let posts: string[] = [];

    before(async () => {
      user = await createUser(env.api, undefined, env.app);
      posts = [];
      for (let i = 1; i <= 5; i++) posts.push((await createPost(user, `منشور رقم ${i}`)).id);
      posts.reverse(); // newest first, as timelines are
    });

    test('limit, and next links followed to the end', async () => {
      const page1 = await user.api.get('/api/v1/timelines/home?limit=2');
      assert.deepEqual(ids(page1), posts.slice(0, 2));
      const next1 = link(page1, 'next');
      assert.ok(next1?.startsWith(env.server.url));
      assert.match(next1!, /limit=2/);
      const page2 = await user.api.get(next1!.replace(env.server.url, ''));
      assert.deepEqual(ids(page2), posts.slice(2, 4));
      const page3 = await user.api.get(link(page2, 'next')!.replace(env.server.url, ''));
      assert.deepEqual(ids(page3), posts.slice(4));
      const page4 = await user.api.get(link(page3, 'next')!.replace(env.server.url, ''));
      assert.deepEqual(page4.body, []);
      assert.equal(page4.headers.get('link'), null);
    });

    test('the prev link gives the page just newer, newest first', async () => {
      const page2 = await user.api.get(`/api/v1/timelines/home?limit=2&max_id=${posts[1]}`);
      assert.deepEqual(ids(page2), posts.slice(2, 4));
      const prev = link(page2, 'prev');
      assert.match(prev!, /min_id=/);
      const back = await user.api.get(prev!.replace(env.server.url, ''));
      assert.deepEqual(ids(back), posts.slice(0, 2));
    });

    test('max_id, since_id and min_id', async () => {
      const base = '/api/v1/timelines/home';
      assert.deepEqual(ids(await user.api.get(`${base}?max_id=${posts[2]}`)), posts.slice(3));
      assert.deepEqual(ids(await user.api.get(`${base}?since_id=${posts[3]}`)), posts.slice(0, 3));
      // since_id with a limit: the newest ones; min_id with a limit: the ones just after.
      assert.deepEqual(ids(await user.api.get(`${base}?since_id=${posts[4]}&limit=2`)), posts.slice(0, 2));
      assert.deepEqual(ids(await user.api.get(`${base}?min_id=${posts[4]}&limit=2`)), posts.slice(2, 4));
      assert.deepEqual(ids(await user.api.get(`${base}?max_id=${posts[0]}&since_id=${posts[3]}`)), posts.slice(1, 3));
    });

    test('Link headers also work on public, tag and account timelines', async () => {
      const tagged = await createUser(env.api, undefined, env.app);
      const tagPosts = [];
      for (let i = 0; i < 3; i++) tagPosts.unshift((await createPost(tagged, `#صفحات_الوسم ${i}`)).id);
      for (const base of [`/api/v1/timelines/tag/${encodeURIComponent('صفحات_الوسم')}`, `/api/v1/accounts/${tagged.id}/statuses`]) {
        const first = await env.api.get(`${base}?limit=2`);
        assert.deepEqual(ids(first), tagPosts.slice(0, 2), base);
        assert.deepEqual(ids(await follow(link(first, 'next')!)), tagPosts.slice(2), base);
      }
      const pub = await env.api.get('/api/v1/timelines/public?limit=1');
      assert.equal(pub.body.length, 1);
      const pubNext = await follow(link(pub, 'next')!);
      assert.equal(pubNext.body.length, 1);
      assert.ok(BigInt(pubNext.body[0].id) < BigInt(pub.body[0].id));
    });

    test('bad pagination is 400: max_id=abc, limit=0, limit=abc, limit=-1, since_id=1.5', async () => {
      for (const query of ['max_id=abc', 'limit=0', 'limit=abc', 'limit=-1', 'since_id=1.5', 'min_id=%20x']) {
        for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public', `/api/v1/accounts/${user.id}/statuses`, '/api/v1/timelines/tag/x']) {
          const res = await user.api.get(`${path}?${query}`);
          assert.equal(res.status, 400, `${path}?${query}`);
          assert.ok(res.body.error, `${path}?${query}`);
        }
      }
    });

    test('an over-large limit is capped at 40', async () => {
      const many = await createUser(env.api, undefined, env.app);
      await Promise.all(Array.from({ length: 45 }, (_, i) => many.api.post('/api/v1/statuses', { status: `كثير ${i}` })));
      assert.equal((await many.api.get('/api/v1/timelines/home?limit=1000')).body.length, 40);
    });
  });
});
