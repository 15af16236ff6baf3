// Featured tags, endorsements (accounts/:id/pin) and private account notes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('featured tags', () => {
  const env = useTestServer();

  test('feature, list with counts, suggestions, unfeature; the public list; Mastodon refusals', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    await createPost(user, 'أول #قهوة');
    await createPost(user, 'ثاني #قهوة #شاي');
    await createPost(user, 'سر #قهوة', { visibility: 'private' });
    await createPost(user, 'about #rust');
    const created = await user.api.post('/api/v1/featured_tags', { name: '#قهوة' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.name, 'قهوة');
    assert.equal(created.body.statuses_count, '2', 'public and unlisted posts only, as a string');
    assert.match(created.body.last_status_at, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(created.body.url, `${env.server.url}/@${user.username}/tagged/${encodeURIComponent('قهوة')}`);
    const fresh = await user.api.post('/api/v1/featured_tags', new URLSearchParams({ name: 'never_used' }));
    assert.equal(fresh.status, 200);
    assert.deepEqual([fresh.body.statuses_count, fresh.body.last_status_at], ['0', null]);
    const own = await user.api.get('/api/v1/featured_tags');
    assert.deepEqual(own.body.map((t: any) => t.name), ['قهوة', 'never_used']);
    const pub = await env.api.get(`/api/v1/accounts/${user.id}/featured_tags`);
    assert.equal(pub.status, 200);
    assert.deepEqual(pub.body, own.body);
    const suggestions = await user.api.get('/api/v1/featured_tags/suggestions');
    assert.equal(suggestions.status, 200);
    assert.deepEqual(suggestions.body.map((t: any) => t.name), ['rust', 'شاي']);
    assert.deepEqual(suggestions.body[0].history, []);

    const taken = await user.api.post('/api/v1/featured_tags', { name: 'قهوه' });
    assert.equal(taken.status, 422, 'the same tag once normalised (ة/ه)');
    assert.equal(taken.body.error, 'Validation failed: Name has already been taken');
    for (const [name, error] of [['', "Validation failed: Name can't be blank"], ['12345', 'Validation failed: Name is invalid'], ['two words', 'Validation failed: Name is invalid'], ['<b>', 'Validation failed: Name is invalid']]) {
      const res = await user.api.post('/api/v1/featured_tags', { name });
      assert.equal(res.status, 422, name);
      assert.equal(res.body.error, error);
    }
    assert.equal((await user.api.post('/api/v1/featured_tags', { name: { x: 1 } })).status >= 400, true);
    for (let i = 0; i < 8; i++) assert.equal((await user.api.post('/api/v1/featured_tags', { name: `tag${i}` })).status, 200);
    const limit = await user.api.post('/api/v1/featured_tags', { name: 'eleventh' });
    assert.equal(limit.status, 422);
    assert.equal(limit.body.error, 'Validation failed: You have already featured the maximum number of hashtags');

    assert.equal((await other.api.delete(`/api/v1/featured_tags/${created.body.id}`)).status, 404, "not someone else's");
    const removed = await user.api.delete(`/api/v1/featured_tags/${created.body.id}`);
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body, {});
    assert.equal((await user.api.delete(`/api/v1/featured_tags/${created.body.id}`)).status, 404);
    assert.equal((await user.api.get('/api/v1/featured_tags')).body.length, 9);
    assert.equal((await env.api.get('/api/v1/featured_tags')).status, 401);
    assert.equal((await env.api.get('/api/v1/accounts/99999999/featured_tags')).status, 404);
  });
});

describe('endorsements and account notes', () => {
  const env = useTestServer();

  test('endorse only whom one follows; endorsed in relationships; paged list; unfollow ends it', async () => {
    const user = await createUser(env.api, undefined, env.app);
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    const c = await createUser(env.api, undefined, env.app);
    const refused = await user.api.post(`/api/v1/accounts/${a.id}/pin`);
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error, 'Validation failed: You must be already following the person you want to endorse');
    for (const target of [a, b, c]) {
      await user.api.post(`/api/v1/accounts/${target.id}/follow`);
      const res = await user.api.post(`/api/v1/accounts/${target.id}/pin`);
      assert.equal(res.status, 200);
      assert.equal(res.body.endorsed, true);
    }
    assert.equal((await user.api.post(`/api/v1/accounts/${a.id}/pin`)).body.endorsed, true, 'idempotent since 4.0');
    const rel = await user.api.get(`/api/v1/accounts/relationships?id[]=${a.id}&id[]=${user.id}`);
    assert.deepEqual(rel.body.map((r: any) => r.endorsed), [true, false]);
    const first = await user.api.get('/api/v1/endorsements?limit=2');
    assert.deepEqual(first.body.map((x: any) => x.id), [c.id, b.id]);
    const next = first.headers.get('link')!.match(/<([^>]+)>; rel="next"/)![1];
    assert.deepEqual((await user.api.get(next.replace(env.server.url, ''))).body.map((x: any) => x.id), [a.id]);
    const unpinned = await user.api.post(`/api/v1/accounts/${b.id}/unpin`);
    assert.equal(unpinned.body.endorsed, false);
    await user.api.post(`/api/v1/accounts/${c.id}/unfollow`);
    assert.deepEqual((await user.api.get('/api/v1/endorsements')).body.map((x: any) => x.id), [a.id]);
    assert.equal((await user.api.post('/api/v1/accounts/99999999/pin')).status, 404);
    assert.equal((await env.api.get('/api/v1/endorsements')).status, 401);
    assert.equal((await env.api.post(`/api/v1/accounts/${a.id}/pin`)).status, 401);
  });

  test('a note is private to its writer; empty clears it; over 2000 characters is a 422', async () => {
    const writer = await createUser(env.api, undefined, env.app);
    const subject = await createUser(env.api, undefined, env.app);
    const third = await createUser(env.api, undefined, env.app);
    const set = await writer.api.post(`/api/v1/accounts/${subject.id}/note`, { comment: 'زميلة من المؤتمر <b>' });
    assert.equal(set.status, 200);
    assert.equal(set.body.note, 'زميلة من المؤتمر <b>');
    assert.equal((await writer.api.get(`/api/v1/accounts/relationships?id[]=${subject.id}`)).body[0].note, 'زميلة من المؤتمر <b>');
    assert.equal((await third.api.get(`/api/v1/accounts/relationships?id[]=${subject.id}`)).body[0].note, '');
    assert.equal((await subject.api.get(`/api/v1/accounts/relationships?id[]=${writer.id}`)).body[0].note, '');
    const form = await writer.api.post(`/api/v1/accounts/${subject.id}/note`, new URLSearchParams({ comment: 'updated' }));
    assert.equal(form.body.note, 'updated');
    assert.equal((await writer.api.post(`/api/v1/accounts/${subject.id}/note`, { comment: 'ع'.repeat(2000) })).status, 200);
    const long = await writer.api.post(`/api/v1/accounts/${subject.id}/note`, { comment: 'x'.repeat(2001) });
    assert.equal(long.status, 422);
    assert.equal(long.body.error, 'Validation failed: Comment is too long (maximum is 2000 characters)');
    assert.equal((await writer.api.post(`/api/v1/accounts/${subject.id}/note`)).body.note, '', 'no comment clears it');
    assert.equal((await writer.api.get(`/api/v1/accounts/relationships?id[]=${subject.id}`)).body[0].note, '');
    assert.equal((await writer.api.post(`/api/v1/accounts/${subject.id}/note`, { comment: ['a', 'b'] })).status >= 400, true);
    assert.equal((await writer.api.post('/api/v1/accounts/99999999/note', { comment: 'x' })).status, 404);
    assert.equal((await env.api.post(`/api/v1/accounts/${subject.id}/note`, { comment: 'x' })).status, 401);
  });
});
