// Live streams of lists and of home with lists and followed tags (issue 12): the list stream over
// WebSocket (in the URL or by subscribe message) and SSE, for its owner only, with Mastodon's
// refusals and framing; the user stream without exclusive lists' members, with followed tags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useTestServer } from '../helpers/server.js';
import { createPost, createUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';

const env = useTestServer();

async function setUp() {
  const [owner, member, followed, other] = await Promise.all([1, 2, 3, 4].map(() => createUser(env.api, undefined, env.app)));
  for (const u of [member, followed]) await owner.api.post(`/api/v1/accounts/${u.id}/follow`);
  const list = (await owner.api.post('/api/v1/lists', { title: 'بث', replies_policy: 'none' })).body;
  await owner.api.post(`/api/v1/lists/${list.id}/accounts`, { account_ids: [member.id] });
  return { owner, member, followed, other, list };
}

test('WebSocket list stream: the owner\'s members\' posts and deletes; others refused as Mastodon', async () => {
  const { owner, member, followed, other, list } = await setUp();
  const s = openStream(env.server, `stream=list&list=${list.id}&access_token=${owner.token}`);
  await s.settled();
  const skipped = await createPost(member, `@${followed.username} رد`, { in_reply_to_id: (await createPost(followed, 'سؤال')).id });
  const post = await createPost(member, 'في القائمة');
  const update = await s.next((m) => m.event === 'update');
  assert.deepEqual(update.stream, ['list', list.id]);
  assert.equal(JSON.parse(update.payload).id, post.id, 'the reply (replies_policy none) and the non-member\'s post did not come');
  assert.ok(!s.messages.some((m) => m.event === 'update' && JSON.parse(m.payload).id === skipped.id));
  await member.api.delete(`/api/v1/statuses/${post.id}`);
  const deleted = await s.next((m) => m.event === 'delete');
  assert.deepEqual(deleted.stream, ['list', list.id]);
  assert.equal(deleted.payload, post.id);
  // Unsubscribing stops it.
  s.ws.send(JSON.stringify({ type: 'unsubscribe', stream: 'list', list: list.id }));
  s.ws.send(JSON.stringify({ type: 'subscribe', stream: 'public' }));
  await s.settled();
  const later = await createPost(member, 'بعد الإلغاء');
  const onPublic = await s.next((m) => m.event === 'update' && JSON.parse(m.payload).id === later.id);
  assert.deepEqual(onPublic.stream, ['public']);
  assert.ok(!s.messages.some((m) => m.stream[0] === 'list' && m.event === 'update' && JSON.parse(m.payload).id === later.id));
  s.ws.close();

  // Another account's, a missing list parameter, an unknown list, signed out.
  const o = openStream(env.server, `access_token=${other.token}`);
  await o.opened;
  o.ws.send(JSON.stringify({ type: 'subscribe', stream: 'list', list: list.id }));
  o.ws.send(JSON.stringify({ type: 'subscribe', stream: 'list' }));
  o.ws.send(JSON.stringify({ type: 'subscribe', stream: 'list', list: '12345' }));
  await o.settled();
  const errors = o.messages.map((m) => m as unknown as { error: string; status: number });
  assert.deepEqual(errors, [
    { error: 'Not authorized to stream this list', status: 401 },
    { error: 'Missing list name parameter', status: 400 },
    { error: 'Not authorized to stream this list', status: 401 },
  ]);
  o.ws.close();

  // By subscribe message, and the list reloaded when a member is added.
  const m = openStream(env.server, `access_token=${owner.token}`);
  await m.opened;
  m.ws.send(JSON.stringify({ type: 'subscribe', stream: 'list', list: list.id }));
  await m.settled();
  await owner.api.post(`/api/v1/lists/${list.id}/accounts`, { account_ids: [followed.id] });
  const added = await createPost(followed, 'عضو جديد');
  assert.equal(JSON.parse((await m.next((x) => x.event === 'update')).payload).id, added.id);
  m.ws.close();
});

test('SSE list stream: Mastodon\'s bytes for the owner, 401 JSON for others', async () => {
  const { owner, member, other, list } = await setUp();
  const refused = await other.api.get(`/api/v1/streaming/list?list=${list.id}`);
  assert.equal(refused.status, 401);
  assert.deepEqual(refused.body, { error: 'Not authorized to stream this list' });
  assert.equal((await owner.api.get('/api/v1/streaming/list')).status, 400);
  assert.equal((await env.api.get(`/api/v1/streaming/list?list=${list.id}`)).status, 401);

  let received = '';
  const req = http.get(`${env.server.url}/api/v1/streaming/list?list=${list.id}`, { headers: { authorization: `Bearer ${owner.token}` } });
  const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/event-stream/);
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (received += chunk));
  await waitFor(() => received.length > 0, { what: 'the opening comment' });
  assert.equal(received, ':)\n');
  const post = await createPost(member, 'عبر SSE');
  await waitFor(() => received.endsWith('\n\n'), { what: () => `an event (got ${JSON.stringify(received)})` });
  const event = received.slice(':)\n'.length);
  assert.match(event, /^event: update\ndata: \{.*\}\n\n$/s);
  assert.equal(JSON.parse(event.split('\n')[1].slice('data: '.length)).id, post.id);
  req.destroy();
});

test('user stream: no posts by exclusive lists\' members, followed tags\' posts come', async () => {
  const { owner, member, followed, other, list } = await setUp();
  await owner.api.request('PUT', `/api/v1/lists/${list.id}`, { exclusive: true });
  const s = openStream(env.server, `stream=user&access_token=${owner.token}`);
  await s.settled();
  const fromMember = await createPost(member, 'حصري للقائمة');
  await owner.api.post('/api/v1/tags/كرة_القدم/follow');
  const tagged = await createPost(other, 'مباراة #كرة_القدم');
  const fromFollowed = await createPost(followed, 'في الرئيسية');
  const got = async (id: string) => s.next((m) => m.event === 'update' && JSON.parse(m.payload).id === id);
  assert.deepEqual((await got(tagged.id)).stream, ['user']);
  await got(fromFollowed.id);
  assert.ok(!s.messages.some((m) => m.event === 'update' && JSON.parse(m.payload).id === fromMember.id));
  s.ws.close();
});
