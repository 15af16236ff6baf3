// Profiles, lookups, follows and relationships over real HTTP.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('accounts', () => {
  const env = useTestServer();

  before(async () => {
  });

  test('verify_credentials returns the own account with source', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const res = await user.api.get('/api/v1/accounts/verify_credentials');
    assert.equal(res.status, 200);
    assert.equal(res.body.username, user.username);
    assert.equal(res.body.acct, user.username);
    assert.equal(res.body.source.privacy, 'public');
    assert.equal(res.body.followers_count, 0);
    assert.equal((await env.api.get('/api/v1/accounts/verify_credentials')).status, 401);
  });

  test('update_credentials with JSON: display name, bio and locale', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const res = await user.api.patch('/api/v1/accounts/update_credentials', { display_name: 'سارة', note: 'أكتب عن <التقنية> & more', locale: 'en' });
    assert.equal(res.status, 200);
    assert.equal(res.body.display_name, 'سارة');
    assert.equal(res.body.source.note, 'أكتب عن <التقنية> & more');
    assert.equal(res.body.note, '<p>أكتب عن &lt;التقنية&gt; &amp; more</p>');
    assert.equal(res.body.source.language, 'en');
    const again = await env.api.get(`/api/v1/accounts/${user.id}`);
    assert.equal(again.body.display_name, 'سارة');
  });

  test('update_credentials with a form body, including source[privacy]', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const res = await user.api.request('PATCH', '/api/v1/accounts/update_credentials', new URLSearchParams({ display_name: 'Form Name', note: 'bio', 'source[privacy]': 'unlisted', 'source[language]': 'en', bot: 'true' }));
    assert.equal(res.status, 200);
    assert.equal(res.body.display_name, 'Form Name');
    assert.equal(res.body.bot, true);
    assert.equal(res.body.source.privacy, 'unlisted');
    assert.equal(res.body.source.language, 'en');
    const form = new FormData();
    form.append('display_name', 'Multipart Name');
    const multipart = await user.api.request('PATCH', '/api/v1/accounts/update_credentials', form);
    assert.equal(multipart.status, 200);
    assert.equal(multipart.body.display_name, 'Multipart Name');
  });

  test('update_credentials refuses an unknown locale or an over-long name with 422', async () => {
    const user = await createUser(env.api, undefined, env.app);
    assert.equal((await user.api.patch('/api/v1/accounts/update_credentials', { locale: 'tlh' })).status, 422);
    assert.equal((await user.api.patch('/api/v1/accounts/update_credentials', { display_name: 'x'.repeat(31) })).status, 422);
    assert.equal((await user.api.patch('/api/v1/accounts/update_credentials', { display_name: { first: 'x' } })).status, 422);
  });

  test('GET /api/v1/accounts/:id, unknown and malformed ids are 404', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const res = await env.api.get(`/api/v1/accounts/${user.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.id, user.id);
    assert.equal(res.body.source, undefined);
    assert.equal((await env.api.get('/api/v1/accounts/999999999')).status, 404);
    const malformed = await env.api.get('/api/v1/accounts/abc');
    assert.equal(malformed.status, 404);
    assert.ok(malformed.body.error);
  });

  test('lookup by acct, with or without @', async () => {
    const user = await createUser(env.api, undefined, env.app);
    for (const acct of [user.username, `@${user.username}`, user.username.toUpperCase(), `${user.username}@${new URL(env.server.url).host}`, `@${user.username}@127.0.0.1`]) {
      const res = await env.api.get(`/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`);
      assert.equal(res.status, 200, acct);
      assert.equal(res.body.id, user.id);
    }
    assert.equal((await env.api.get('/api/v1/accounts/lookup?acct=nobody_here')).status, 404);
    // The same name on another env.server is another person.
    assert.equal((await env.api.get(`/api/v1/accounts/lookup?acct=${user.username}@mastodon.social`)).status, 404);
    assert.equal((await env.api.get('/api/v1/accounts/lookup')).status, 400);
  });

  test('statuses of an account, newest first', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const first = await createPost(user, 'الأول');
    const second = await createPost(user, 'الثاني');
    const res = await env.api.get(`/api/v1/accounts/${user.id}/statuses`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.map((s: any) => s.id), [second.id, first.id]);
  });

  test('follow and unfollow change both counts and the relationship', async () => {
    const alice = await createUser(env.api, undefined, env.app);
    const bob = await createUser(env.api, undefined, env.app);
    const follow = await alice.api.post(`/api/v1/accounts/${bob.id}/follow`);
    assert.equal(follow.status, 200);
    assert.equal(follow.body.id, bob.id);
    assert.equal(follow.body.following, true);
    // Following twice is idempotent.
    assert.equal((await alice.api.post(`/api/v1/accounts/${bob.id}/follow`)).status, 200);
    assert.equal((await env.api.get(`/api/v1/accounts/${bob.id}`)).body.followers_count, 1);
    assert.equal((await env.api.get(`/api/v1/accounts/${alice.id}`)).body.following_count, 1);

    const rel = await bob.api.get(`/api/v1/accounts/relationships?id[]=${alice.id}`);
    assert.equal(rel.body[0].followed_by, true);
    assert.equal(rel.body[0].following, false);

    const unfollow = await alice.api.post(`/api/v1/accounts/${bob.id}/unfollow`);
    assert.equal(unfollow.body.following, false);
    assert.equal((await env.api.get(`/api/v1/accounts/${bob.id}`)).body.followers_count, 0);
    assert.equal((await env.api.get(`/api/v1/accounts/${alice.id}`)).body.following_count, 0);
  });

  test('following yourself is 403, an unknown account 404', async () => {
    const user = await createUser(env.api, undefined, env.app);
    assert.equal((await user.api.post(`/api/v1/accounts/${user.id}/follow`)).status, 403);
    assert.equal((await user.api.post('/api/v1/accounts/123456789/follow')).status, 404);
    assert.equal((await user.api.post('/api/v1/accounts/zzz/unfollow')).status, 404);
  });

  test('followers and following lists, with working pagination', async () => {
    const star = await createUser(env.api, undefined, env.app);
    const fans = [];
    for (let i = 0; i < 3; i++) {
      const fan = await createUser(env.api, undefined, env.app);
      await fan.api.post(`/api/v1/accounts/${star.id}/follow`);
      fans.push(fan);
    }
    const followers = await env.api.get(`/api/v1/accounts/${star.id}/followers`);
    assert.equal(followers.status, 200);
    assert.deepEqual(followers.body.map((a: any) => a.id), fans.map((f) => f.id).reverse());
    const following = await env.api.get(`/api/v1/accounts/${fans[0].id}/following`);
    assert.deepEqual(following.body.map((a: any) => a.id), [star.id]);

    const page1 = await env.api.get(`/api/v1/accounts/${star.id}/followers?limit=2`);
    assert.equal(page1.body.length, 2);
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.get('link') ?? '')?.[1];
    assert.ok(next, 'a next link');
    const page2 = await env.api.get(next!.replace(env.server.url, ''));
    assert.deepEqual(page2.body.map((a: any) => a.id), [fans[0].id]);
  });

  test('relationships takes id[]= (several), id= and ignores malformed ids', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    await me.api.post(`/api/v1/accounts/${a.id}/follow`);
    const res = await me.api.get(`/api/v1/accounts/relationships?id[]=${a.id}&id[]=${b.id}&id[]=nope`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.map((r: any) => [r.id, r.following]), [[a.id, true], [b.id, false]]);
    const single = await me.api.get(`/api/v1/accounts/relationships?id=${a.id}`);
    assert.deepEqual(single.body.map((r: any) => r.id), [a.id]);
    assert.equal((await env.api.get(`/api/v1/accounts/relationships?id[]=${a.id}`)).status, 401);
  });

  test('account search by username and Arabic display name, without diacritics', async () => {
    const user = await createUser(env.api, 'searchable_sara', env.app);
    await user.api.patch('/api/v1/accounts/update_credentials', { display_name: 'سَارَة المُغَرِّدة' });
    const byName = await env.api.get('/api/v1/accounts/search?q=searchable');
    assert.ok(byName.body.some((a: any) => a.id === user.id));
    const byArabic = await env.api.get(`/api/v1/accounts/search?q=${encodeURIComponent('ساره المغرده')}`);
    assert.equal(byArabic.status, 200);
    assert.deepEqual(byArabic.body.map((a: any) => a.id), [user.id]);
    assert.equal((await env.api.get('/api/v1/accounts/search')).status, 400);
    assert.equal((await env.api.get('/api/v1/accounts/search?q=x&limit=abc')).status, 400);
  });
});
