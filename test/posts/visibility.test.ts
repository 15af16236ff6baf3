// Who sees what: followers-only and direct posts across show, timelines, context and search,
// and which replies reach a home timeline.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser, type ApiResponse } from '../helpers/client.js';

const ids = (res: ApiResponse) => res.body.map((s: any) => s.id);

describe('visibility', () => {
  const env = useTestServer();

  before(async () => {
  });

  test('account statuses: followers-only posts for followers and the author only', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const follower = await createUser(env.api, undefined, env.app);
    const stranger = await createUser(env.api, undefined, env.app);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const pub = await createPost(author, 'عام');
    const priv = await createPost(author, 'خاص', { visibility: 'private' });
    const path = `/api/v1/accounts/${author.id}/statuses`;
    assert.deepEqual(ids(await env.api.get(path)), [pub.id]);
    assert.deepEqual(ids(await stranger.api.get(path)), [pub.id]);
    assert.deepEqual(ids(await follower.api.get(path)), [priv.id, pub.id]);
    assert.deepEqual(ids(await author.api.get(path)), [priv.id, pub.id]);
  });

  test('direct posts: only the author and those mentioned', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const friend = await createUser(env.api, undefined, env.app);
    const follower = await createUser(env.api, undefined, env.app);
    await follower.api.post(`/api/v1/accounts/${author.id}/follow`);
    const dm = await createPost(author, `@${friend.username} سر بيننا`, { visibility: 'direct' });
    assert.equal((await friend.api.get(`/api/v1/statuses/${dm.id}`)).status, 200);
    assert.equal((await follower.api.get(`/api/v1/statuses/${dm.id}`)).status, 404);
    assert.equal((await env.api.get(`/api/v1/statuses/${dm.id}`)).status, 404);
    assert.deepEqual(ids(await follower.api.get('/api/v1/timelines/home')), []);
    assert.ok(!ids(await env.api.get('/api/v1/timelines/public?limit=40')).includes(dm.id));
    const search = await follower.api.get(`/api/v2/search?type=statuses&q=${encodeURIComponent('سر بيننا')}`);
    assert.deepEqual(search.body.statuses, []);
    const friendSearch = await friend.api.get(`/api/v2/search?type=statuses&q=${encodeURIComponent('سر بيننا')}`);
    assert.deepEqual(friendSearch.body.statuses.map((s: any) => s.id), [dm.id]);
    assert.equal((await friend.api.post(`/api/v1/statuses/${dm.id}/reblog`)).status, 403);
  });

  test('context hides the replies a viewer may not see', async () => {
    const a = await createUser(env.api, undefined, env.app);
    const b = await createUser(env.api, undefined, env.app);
    const root = await createPost(a, 'سؤال عام');
    const open = await createPost(b, 'جواب عام', { in_reply_to_id: root.id });
    const hidden = await createPost(b, 'جواب للمتابعين', { in_reply_to_id: root.id, visibility: 'private' });
    assert.deepEqual((await env.api.get(`/api/v1/statuses/${root.id}/context`)).body.descendants.map((s: any) => s.id), [open.id]);
    assert.deepEqual((await b.api.get(`/api/v1/statuses/${root.id}/context`)).body.descendants.map((s: any) => s.id), [open.id, hidden.id]);
  });

  test('home shows replies within followed threads, not a followed account replying to strangers', async () => {
    const me = await createUser(env.api, undefined, env.app);
    const friend = await createUser(env.api, undefined, env.app);
    const stranger = await createUser(env.api, undefined, env.app);
    await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
    const strangerPost = await createPost(stranger, 'منشور غريب');
    const myPost = await createPost(me, 'منشوري');
    await createPost(friend, 'رد على غريب', { in_reply_to_id: strangerPost.id });
    const toMe = await createPost(friend, 'رد علي', { in_reply_to_id: myPost.id });
    const selfThread = await createPost(friend, 'أول');
    const selfReply = await createPost(friend, 'ثان في السلسلة', { in_reply_to_id: selfThread.id });
    assert.deepEqual(ids(await me.api.get('/api/v1/timelines/home')), [selfReply.id, selfThread.id, toMe.id, myPost.id]);
  });

  test('replying to a post one cannot see is 404', async () => {
    const author = await createUser(env.api, undefined, env.app);
    const stranger = await createUser(env.api, undefined, env.app);
    const priv = await createPost(author, 'خاص', { visibility: 'private' });
    assert.equal((await stranger.api.post('/api/v1/statuses', { status: 'تطفل', in_reply_to_id: priv.id })).status, 404);
  });
});
