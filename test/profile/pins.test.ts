// Pinned statuses: pin/unpin, the per-viewer `pinned` flag, the limit, and pinned=true on profiles.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';

describe('status pins', () => {
  const env = useTestServer();

  test('the author pins their own status; only they see pinned: true', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const reader = await createUser(env.api, undefined, env.app);
    const post = await createPost(author, 'مثبّت');
    const pinned = await author.api.post(`/api/v1/statuses/${post.id}/pin`);
    assert.equal(pinned.status, 200, JSON.stringify(pinned.body));
    assert.equal(pinned.body.pinned, true);
    // Again: nothing changes (Mastodon finds the pin).
    assert.equal((await author.api.post(`/api/v1/statuses/${post.id}/pin`)).body.pinned, true);
    // Another viewer reads the same cached status: no pinned flag of the author's (Mastodon shows
    // `pinned` only on the viewer's own pinnable statuses).
    const seen = await reader.api.get(`/api/v1/statuses/${post.id}`);
    assert.equal(seen.body.pinned, undefined);
    assert.equal(seen.body.favourited, false);
    const anonymous = await env.api.get(`/api/v1/statuses/${post.id}`);
    assert.equal(anonymous.body.pinned, undefined);
    // The author's own timeline and profile show it pinned; the reader's view of the profile not.
    const own = await author.api.get(`/api/v1/accounts/${author.id}/statuses`);
    assert.equal(own.body.find((s: any) => s.id === post.id).pinned, true);
    const theirs = await reader.api.get(`/api/v1/accounts/${author.id}/statuses`);
    assert.ok(!('pinned' in theirs.body.find((s: any) => s.id === post.id)));
    // The reader's boost of it: neither the boost nor the boosted status says pinned to them;
    // to the author, the boosted status inside it does.
    const boost = await reader.api.post(`/api/v1/statuses/${post.id}/reblog`);
    assert.equal(boost.body.pinned, undefined);
    assert.equal(boost.body.reblog.pinned, undefined);
    const authorSeesBoost = await author.api.get(`/api/v1/statuses/${boost.body.id}`);
    assert.equal(authorSeesBoost.body.pinned, undefined);
    assert.equal(authorSeesBoost.body.reblog.pinned, true);
    // A direct post of one's own cannot be pinned: no pinned field either.
    const direct = await createPost(author, 'dm', { visibility: 'direct' });
    assert.equal((await author.api.get(`/api/v1/statuses/${direct.id}`)).body.pinned, undefined);
    const unpinned = await author.api.post(`/api/v1/statuses/${post.id}/unpin`);
    assert.equal(unpinned.status, 200);
    assert.equal(unpinned.body.pinned, false);
    assert.equal((await author.api.get(`/api/v1/statuses/${post.id}`)).body.pinned, false);
    // Unpinning what is not pinned is fine too.
    assert.equal((await author.api.post(`/api/v1/statuses/${post.id}/unpin`)).status, 200);
  });

  test("Mastodon's refusals: someone else's, a boost, a direct post, a sixth pin; unknown ids 404", async () => {
    const author = await createUser(env.api, undefined, env.app);
    const other = await createUser(env.api, undefined, env.app);
    const theirs = await createPost(other, 'not yours');
    const refused = await author.api.post(`/api/v1/statuses/${theirs.id}/pin`);
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error, "Validation failed: Someone else's post cannot be pinned");
    const boost = await author.api.post(`/api/v1/statuses/${theirs.id}/reblog`);
    const boostPin = await author.api.post(`/api/v1/statuses/${boost.body.id}/pin`);
    assert.equal(boostPin.status, 422);
    assert.match(boostPin.body.error, /^Validation failed: A boost cannot be pinned/);
    const direct = await createPost(author, 'secret', { visibility: 'direct' });
    const directPin = await author.api.post(`/api/v1/statuses/${direct.id}/pin`);
    assert.equal(directPin.status, 422);
    assert.equal(directPin.body.error, 'Validation failed: Posts that are only visible to mentioned users cannot be pinned');
    const privatePost = await createPost(author, 'followers', { visibility: 'private' });
    assert.equal((await author.api.post(`/api/v1/statuses/${privatePost.id}/pin`)).status, 200, 'private posts can be pinned since 3.5');
    for (let i = 0; i < 4; i++) {
      const post = await createPost(author, `pin ${i}`);
      assert.equal((await author.api.post(`/api/v1/statuses/${post.id}/pin`)).status, 200);
    }
    const sixth = await createPost(author, 'one too many');
    const limit = await author.api.post(`/api/v1/statuses/${sixth.id}/pin`);
    assert.equal(limit.status, 422);
    assert.equal(limit.body.error, 'Validation failed: You have already pinned the maximum number of posts');
    assert.equal((await author.api.post('/api/v1/statuses/99999999/pin')).status, 404);
    assert.equal((await author.api.post('/api/v1/statuses/abc/pin')).status, 404);
    assert.equal((await env.api.post(`/api/v1/statuses/${sixth.id}/pin`)).status, 401);
    // A followers-only post of someone not followed is not even found.
    const hidden = await createPost(other, 'followers only', { visibility: 'private' });
    assert.equal((await author.api.post(`/api/v1/statuses/${hidden.id}/pin`)).status, 404);
    const instance = await env.api.get('/api/v2/instance');
    assert.equal(instance.body.configuration.accounts.max_pinned_statuses, 5);
    assert.equal(instance.body.configuration.accounts.max_featured_tags, 10);
  });

  test('pinned=true lists the pinned statuses the viewer may see, newest first, with paging', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const follower = await createUser(env.api, undefined, env.app);
    const stranger = await createUser(env.api, undefined, env.app);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const a = await createPost(author, 'public one');
    await createPost(author, 'not pinned');
    const b = await createPost(author, 'followers only', { visibility: 'private' });
    const c = await createPost(author, 'unlisted', { visibility: 'unlisted' });
    for (const post of [a, b, c]) assert.equal((await author.api.post(`/api/v1/statuses/${post.id}/pin`)).status, 200);
    const ids = (res: any) => res.body.map((s: any) => s.id);
    const path = `/api/v1/accounts/${author.id}/statuses?pinned=true`;
    assert.deepEqual(ids(await follower.api.get(path)), [c.id, b.id, a.id]);
    assert.deepEqual(ids(await stranger.api.get(path)), [c.id, a.id]);
    assert.deepEqual(ids(await env.api.get(path)), [c.id, a.id]);
    const own = await author.api.get(path);
    assert.deepEqual(ids(own), [c.id, b.id, a.id]);
    assert.ok(own.body.every((s: any) => s.pinned === true));
    const first = await follower.api.get(`${path}&limit=2`);
    assert.deepEqual(ids(first), [c.id, b.id]);
    const next = first.headers.get('link')!.match(/<([^>]+)>; rel="next"/)![1];
    const second = await follower.api.get(next.replace(env.server.url, ''));
    assert.deepEqual(ids(second), [a.id]);
    assert.match(next, /pinned=true/);
    // A deleted status leaves the pins with it.
    assert.equal((await author.api.delete(`/api/v1/statuses/${a.id}`)).status, 200);
    assert.deepEqual(ids(await stranger.api.get(path)), [c.id]);
  });

  test('pins and featured tags made all at once still stop at the limit, never a 500', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const posts = [];
    for (let i = 0; i < 8; i++) posts.push(await createPost(author, `race ${i}`));
    const pins = await Promise.all(posts.map((p) => author.api.post(`/api/v1/statuses/${p.id}/pin`)));
    assert.deepEqual(pins.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 422, 422, 422]);
    assert.equal((await author.api.get(`/api/v1/accounts/${author.id}/statuses?pinned=true`)).body.length, 5);
    const tags = await Promise.all(Array.from({ length: 14 }, (_, i) => author.api.post('/api/v1/featured_tags', { name: `race${i % 12}` })));
    assert.ok(tags.every((r) => r.status === 200 || r.status === 422), JSON.stringify(tags.map((r) => r.status)));
    assert.equal(tags.filter((r) => r.status === 200).length, 10);
    assert.equal((await author.api.get('/api/v1/featured_tags')).body.length, 10);
  });
});
