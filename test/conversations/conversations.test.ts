// Direct conversations (issue 12): one per participant set and thread, as each participant sees
// it; unread for recipients, read, removed for one participant only, paged by last status; blocks
// and mutes keep a conversation from being made; the direct stream over WebSocket and SSE.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useTestServer } from '../helpers/server.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';
import { createApp, createPost, createUser, type TestUser } from '../helpers/client.js';
import { tokenWithScopes } from '../streaming/fixtures.js';

describe('conversations', () => {
  const env = useTestServer();
  const user = () => createUser(env.api, undefined, env.app);
  /** `b` follows `a`, so that a's private mentions reach b (the default policy filters strangers'). */
  const follows = (b: TestUser, a: TestUser) => b.api.post(`/api/v1/accounts/${a.id}/follow`);
  const dm = (from: TestUser, to: TestUser[], text = 'سر', extra: Record<string, unknown> = {}) =>
    createPost(from, `${to.map((u) => `@${u.username}`).join(' ')} ${text}`, { visibility: 'direct', ...extra });
  const list = async (u: TestUser, query = '') => {
    const res = await u.api.get(`/api/v1/conversations${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as any[];
  };

  test('two participants: each sees the other; unread for the recipient only; a reply stays in it', async () => {
    const [alice, bob] = [await user(), await user()];
    await follows(bob, alice);
    const first = await dm(alice, [bob]);
    const [mine] = await list(alice);
    const [theirs] = await list(bob);
    assert.deepEqual(mine.accounts.map((a: any) => a.id), [bob.id]);
    assert.equal(mine.unread, false);
    assert.equal(mine.last_status.id, first.id);
    assert.deepEqual(theirs.accounts.map((a: any) => a.id), [alice.id]);
    assert.equal(theirs.unread, true);
    assert.equal(theirs.last_status.id, first.id);
    // Bob answers in the thread: it answers Alice's own mention of him, so it is not held back.
    const reply = await dm(bob, [alice], 'رد', { in_reply_to_id: first.id });
    const [mineAfter] = await list(alice);
    const [theirsAfter] = await list(bob);
    assert.equal(mineAfter.id, mine.id);
    assert.equal(mineAfter.unread, true);
    assert.equal(mineAfter.last_status.id, reply.id);
    assert.equal(theirsAfter.id, theirs.id);
    assert.equal(theirsAfter.unread, false, "the author's own post reads the conversation");
  });

  test('three participants: each lists the two others', async () => {
    const [alice, bob, carol] = [await user(), await user(), await user()];
    await follows(bob, alice);
    await follows(carol, alice);
    await dm(alice, [bob, carol]);
    const ids = (c: any) => c.accounts.map((a: any) => a.id).sort();
    assert.deepEqual(ids((await list(alice))[0]), [bob.id, carol.id].sort());
    assert.deepEqual(ids((await list(bob))[0]), [alice.id, carol.id].sort());
    assert.deepEqual(ids((await list(carol))[0]), [alice.id, bob.id].sort());
    // A new thread with the same people is a new conversation.
    await dm(alice, [bob, carol], 'موضوع آخر');
    assert.equal((await list(bob)).length, 2);
  });

  test('read marks it read; DELETE removes it for that participant only; unknown ids are 404', async () => {
    const [alice, bob] = [await user(), await user()];
    await follows(bob, alice);
    await dm(alice, [bob]);
    const [theirs] = await list(bob);
    const read = await bob.api.post(`/api/v1/conversations/${theirs.id}/read`);
    assert.equal(read.status, 200);
    assert.equal(read.body.unread, false);
    assert.equal(read.body.id, theirs.id);
    assert.equal((await list(bob))[0].unread, false);
    assert.equal((await alice.api.post(`/api/v1/conversations/${theirs.id}/read`)).status, 404, "another's conversation");
    assert.equal((await alice.api.delete(`/api/v1/conversations/${theirs.id}`)).status, 404);
    const gone = await bob.api.delete(`/api/v1/conversations/${theirs.id}`);
    assert.equal(gone.status, 200);
    assert.deepEqual(gone.body, {});
    assert.deepEqual(await list(bob), []);
    assert.equal((await list(alice)).length, 1, 'the other participant keeps theirs');
    assert.equal((await bob.api.delete(`/api/v1/conversations/${theirs.id}`)).status, 404);
    assert.equal((await bob.api.post('/api/v1/conversations/99999/read')).status, 404);
  });

  test('paged by last status with Link headers; a deleted last status leaves the one before', async () => {
    const [alice, bob] = [await user(), await user()];
    await follows(bob, alice);
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(await dm(alice, [bob], `رسالة ${i}`));
    const page = await alice.api.get('/api/v1/conversations?limit=2');
    assert.deepEqual(page.body.map((c: any) => c.last_status.id), [posts[2].id, posts[1].id]);
    const link = page.headers.get('link')!;
    assert.match(link, new RegExp(`max_id=${posts[1].id}>; rel="next"`));
    const next = await alice.api.get(new URL(/<([^>]+)>; rel="next"/.exec(link)![1]).pathname + new URL(/<([^>]+)>; rel="next"/.exec(link)![1]).search);
    assert.deepEqual(next.body.map((c: any) => c.last_status.id), [posts[0].id]);
    // Deleting a conversation's only status removes it.
    await alice.api.delete(`/api/v1/statuses/${posts[2].id}`);
    assert.deepEqual((await list(bob)).map((c: any) => c.last_status.id), [posts[1].id, posts[0].id]);
  });

  test('a blocked or muted sender makes no conversation for the recipient', async () => {
    const [alice, bob, carol] = [await user(), await user(), await user()];
    await follows(bob, alice);
    await follows(carol, alice);
    await bob.api.post(`/api/v1/accounts/${alice.id}/block`);
    await carol.api.post(`/api/v1/accounts/${alice.id}/mute`, { notifications: false });
    await dm(alice, [bob]);
    await dm(alice, [carol]);
    assert.deepEqual(await list(bob), []);
    assert.deepEqual(await list(carol), []);
    assert.equal((await list(alice)).length, 2, 'the author keeps theirs');
  });

  test('needs a user token: 401 without one', async () => {
    assert.equal((await env.api.get('/api/v1/conversations')).status, 401);
  });

  test('the direct stream over WebSocket carries `conversation` events as the viewer sees them', async () => {
    const [alice, bob] = [await user(), await user()];
    await follows(bob, alice);
    const stream = openStream(env.server, `stream=direct&access_token=${bob.token}`);
    await stream.settled();
    const post = await dm(alice, [bob]);
    const message = await stream.next((m) => m.event === 'conversation');
    assert.deepEqual(message.stream, ['direct']);
    const payload = JSON.parse(message.payload);
    assert.equal(payload.unread, true);
    assert.deepEqual(payload.accounts.map((a: any) => a.id), [alice.id]);
    assert.equal(payload.last_status.id, post.id);
    assert.equal(payload.id, (await list(bob))[0].id);
    // A public post is no business of the direct stream.
    await createPost(alice, 'عام');
    await bob.api.post(`/api/v1/conversations/${payload.id}/read`);
    const read = await stream.next((m) => m.event === 'conversation' && JSON.parse(m.payload).unread === false);
    assert.equal(JSON.parse(read.payload).id, payload.id);
    assert.ok(stream.messages.every((m) => m.event === 'conversation'), JSON.stringify(stream.messages));
    stream.ws.close();
  });

  test('the direct stream over SSE, byte for byte; signed out it is 401', async () => {
    const [alice, bob] = [await user(), await user()];
    await follows(bob, alice);
    assert.equal((await env.api.get('/api/v1/streaming/direct')).status, 401);
    let received = '';
    const req = http.get(`${env.server.url}/api/v1/streaming/direct`, { headers: { authorization: `Bearer ${bob.token}` } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received += chunk));
    await waitFor(() => received.length > 0, { what: 'the opening comment' });
    assert.equal(received, ':)\n');
    const post = await dm(alice, [bob]);
    await waitFor(() => received.endsWith('\n\n'), { what: () => `an event (got ${JSON.stringify(received)})` });
    const event = received.slice(':)\n'.length);
    assert.match(event, /^event: conversation\ndata: \{.*\}\n\n$/s);
    const payload = JSON.parse(event.split('\n')[1].slice('data: '.length));
    assert.equal(payload.last_status.id, post.id);
    assert.deepEqual(Object.keys(payload).sort(), ['accounts', 'id', 'last_status', 'unread']);
    req.destroy();
  });

  test('the direct stream needs read:statuses, as Mastodon; a read:notifications token is refused', async () => {
    const app = await createApp(env.api, 'read write follow push');
    const me = await createUser(env.api, undefined, app);
    const token = await tokenWithScopes(env.api, app, me, 'read:notifications');
    const ws = openStream(env.server, `stream=direct&access_token=${token}`);
    const refusal = await ws.next((m) => (m as unknown as { error?: string }).error !== undefined);
    assert.deepEqual(refusal, { error: 'Access token does not have the required scopes', status: 401 });
    ws.ws.close();
    const sse = await fetch(`${env.server.url}/api/v1/streaming/direct`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(sse.status, 401);
    assert.deepEqual(await sse.json(), { error: 'Access token does not have the required scopes' });
    const allowed = await tokenWithScopes(env.api, app, me, 'read:statuses');
    const ok = openStream(env.server, `stream=direct&access_token=${allowed}`);
    await ok.settled();
    assert.deepEqual(ok.messages, []);
    ok.ws.close();
  });
});
