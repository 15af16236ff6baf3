// Follow requests (issue 10, finding 4): following a locked account asks; nothing followers-only
// reaches the requester until the account authorizes, on any read path or stream.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { openStream } from '../helpers/stream.js';
import { createPost, createUser, type TestUser } from '../helpers/client.js';

const ids = (body: { id: string }[]) => body.map((s) => s.id);

describe('follow requests', () => {
  const env = useTestServer();
  const user = () => createUser(env.api, undefined, env.app);
  const lockedUser = async () => {
    const u = await user();
    const res = await u.api.patch('/api/v1/accounts/update_credentials', { locked: true });
    assert.equal(res.status, 200);
    assert.equal(res.body.locked, true);
    return u;
  };
  const relationship = async (viewer: TestUser, other: TestUser) => (await viewer.api.get(`/api/v1/accounts/relationships?id[]=${other.id}`)).body[0];

  test('following a locked account asks, and shows nothing followers-only until authorized', async () => {
    const owner = await lockedUser();
    const asker = await user();
    const secret = await createPost(owner, 'للمتابعين فقط', { visibility: 'private' });

    const follow = await asker.api.post(`/api/v1/accounts/${owner.id}/follow`);
    assert.equal(follow.status, 200);
    assert.equal(follow.body.following, false);
    assert.equal(follow.body.requested, true);
    assert.equal((await relationship(owner, asker)).requested_by, true);
    assert.equal((await relationship(owner, asker)).followed_by, false);
    // Asking twice is one request.
    assert.equal((await asker.api.post(`/api/v1/accounts/${owner.id}/follow`)).body.requested, true);

    // Nothing followers-only while the request waits: not the post, the profile, the context or home.
    assert.equal((await asker.api.get(`/api/v1/statuses/${secret.id}`)).status, 404);
    assert.equal((await asker.api.get(`/api/v1/statuses/${secret.id}/context`)).status, 404);
    assert.deepEqual(ids((await asker.api.get(`/api/v1/accounts/${owner.id}/statuses`)).body), []);
    assert.deepEqual(ids((await asker.api.get('/api/v1/timelines/home')).body), []);
    assert.equal((await env.api.get(`/api/v1/accounts/${owner.id}`)).body.followers_count, 0);

    // The owner is told, and finds the request in their list (Account entities, with a Link).
    const notes = (await owner.api.get('/api/v1/notifications')).body;
    assert.deepEqual(notes.map((n: any) => [n.type, n.account.id]), [['follow_request', asker.id]]);
    const list = await owner.api.get('/api/v1/follow_requests');
    assert.equal(list.status, 200);
    assert.deepEqual(ids(list.body), [asker.id]);
    assert.match(list.headers.get('link') ?? '', /follow_requests\?max_id=\d+>; rel="next"/);
    assert.equal((await owner.api.get('/api/v1/accounts/verify_credentials')).body.source.follow_requests_count, 1);

    const authorized = await owner.api.post(`/api/v1/follow_requests/${asker.id}/authorize`);
    assert.equal(authorized.status, 200);
    assert.equal(authorized.body.id, asker.id);
    assert.equal(authorized.body.followed_by, true);
    assert.equal(authorized.body.requested_by, false);
    assert.deepEqual((await owner.api.get('/api/v1/follow_requests')).body, []);
    assert.equal((await owner.api.get('/api/v1/accounts/verify_credentials')).body.source.follow_requests_count, 0);
    const after = await relationship(asker, owner);
    assert.equal(after.following, true);
    assert.equal(after.requested, false);
    assert.equal((await asker.api.get(`/api/v1/statuses/${secret.id}`)).status, 200);
    assert.deepEqual(ids((await asker.api.get(`/api/v1/accounts/${owner.id}/statuses`)).body), [secret.id]);
    assert.equal((await env.api.get(`/api/v1/accounts/${owner.id}`)).body.followers_count, 1);
    // The request's notification goes with the request.
    assert.deepEqual((await owner.api.get('/api/v1/notifications?types[]=follow_request')).body, []);
    // A second authorize finds no request.
    assert.equal((await owner.api.post(`/api/v1/follow_requests/${asker.id}/authorize`)).status, 404);
  });

  test('the live home stream of a requester gets no followers-only post of the locked account', async () => {
    const owner = await lockedUser();
    const asker = await user();
    await asker.api.post(`/api/v1/accounts/${owner.id}/follow`);
    const stream = openStream(env.server, `stream=user&access_token=${asker.token}`);
    try {
      await stream.settled();
      await createPost(owner, 'سر للمتابعين', { visibility: 'private' });
      // A sentinel from the asker's own account: once it arrives, the owner's post would have too.
      const sentinel = await createPost(asker, 'علامة');
      await stream.next((m) => m.event === 'update' && JSON.parse(m.payload).id === sentinel.id);
      assert.deepEqual(stream.messages.filter((m) => m.event === 'update').map((m) => JSON.parse(m.payload).id), [sentinel.id]);
    } finally {
      stream.ws.close();
    }
  });

  test('reject, and unfollow, withdraw the request and its notification', async () => {
    const owner = await lockedUser();
    const asker = await user();
    await asker.api.post(`/api/v1/accounts/${owner.id}/follow`);
    const rejected = await owner.api.post(`/api/v1/follow_requests/${asker.id}/reject`);
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.followed_by, false);
    assert.equal(rejected.body.requested_by, false);
    assert.equal((await relationship(asker, owner)).requested, false);
    assert.deepEqual((await owner.api.get('/api/v1/notifications')).body, []);

    await asker.api.post(`/api/v1/accounts/${owner.id}/follow`);
    assert.equal((await owner.api.get('/api/v1/notifications')).body.length, 1);
    const cancelled = await asker.api.post(`/api/v1/accounts/${owner.id}/unfollow`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.requested, false);
    assert.deepEqual((await owner.api.get('/api/v1/follow_requests')).body, []);
    assert.deepEqual((await owner.api.get('/api/v1/notifications')).body, []);
    assert.equal((await owner.api.post(`/api/v1/follow_requests/${asker.id}/authorize`)).status, 404);
    assert.equal((await owner.api.post('/api/v1/follow_requests/not-an-id/reject')).status, 404);
  });

  test('follow requests need the follows scopes and a signed-in user', async () => {
    const owner = await lockedUser();
    assert.equal((await env.api.get('/api/v1/follow_requests')).status, 401);
    assert.equal((await env.api.post(`/api/v1/follow_requests/${owner.id}/authorize`)).status, 401);
  });

  test('remove_from_followers ends a follow from the followed side', async () => {
    const owner = await user();
    const fan = await user();
    await fan.api.post(`/api/v1/accounts/${owner.id}/follow`);
    const secret = await createPost(owner, 'خاص', { visibility: 'private' });
    assert.equal((await fan.api.get(`/api/v1/statuses/${secret.id}`)).status, 200);
    const removed = await owner.api.post(`/api/v1/accounts/${fan.id}/remove_from_followers`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.followed_by, false);
    assert.equal((await fan.api.get(`/api/v1/statuses/${secret.id}`)).status, 404);
    assert.equal((await env.api.get(`/api/v1/accounts/${owner.id}`)).body.followers_count, 0);
    assert.equal((await env.api.get(`/api/v1/accounts/${fan.id}`)).body.following_count, 0);
  });

  test('unlocking an account authorizes its waiting requests; an open account is followed at once', async () => {
    const owner = await lockedUser();
    const asker = await user();
    await asker.api.post(`/api/v1/accounts/${owner.id}/follow`);
    await owner.api.patch('/api/v1/accounts/update_credentials', { locked: false });
    assert.equal((await relationship(asker, owner)).following, true);
    assert.deepEqual((await owner.api.get('/api/v1/follow_requests')).body, []);
    const other = await user();
    const direct = await other.api.post(`/api/v1/accounts/${owner.id}/follow`);
    assert.equal(direct.body.following, true);
    assert.equal(direct.body.requested, false);
  });

  test('the request list pages newest first with max_id', async () => {
    const owner = await lockedUser();
    const askers = [await user(), await user(), await user()];
    for (const a of askers) await a.api.post(`/api/v1/accounts/${owner.id}/follow`);
    const first = await owner.api.get('/api/v1/follow_requests?limit=2');
    assert.deepEqual(ids(first.body), [askers[2].id, askers[1].id]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1];
    const second = await owner.api.get(new URL(next).pathname + new URL(next).search);
    assert.deepEqual(ids(second.body), [askers[0].id]);
  });
});
