// Announcements (issue 12): staff write them through the admin API (owners and admins only,
// audited), users read them with their own read state and unicode-emoji reactions, and every
// user stream (WebSocket and SSE) hears `announcement`, `announcement.reaction` and
// `announcement.delete` with Mastodon's payloads. Driven by masto.js and megalodon too.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRestAPIClient } from 'masto';
import generator from 'megalodon';
import { useTestServer } from '../helpers/server.js';
import { createApp, createUser, type TestUser } from '../helpers/client.js';
import { openStream } from '../helpers/stream.js';
import { waitFor } from '../helpers/wait.js';
import { ADMIN_SCOPES, staffUser } from '../moderation/staff.js';

describe('announcements', () => {
  const env = useTestServer();
  let admin: TestUser, moderator: TestUser, alice: TestUser, bob: TestUser;

  before(async () => {
    const app = await createApp(env.api, ADMIN_SCOPES);
    admin = await staffUser(env.server, env.api, 'admin', app);
    moderator = await staffUser(env.server, env.api, 'moderator', app);
    alice = await createUser(env.api, undefined, env.app);
    bob = await createUser(env.api, undefined, env.app);
  });

  it('staff publish, users read, react and dismiss; streams hear each change', async () => {
    const ws = openStream(env.server, `stream=user&access_token=${alice.token}`);
    await ws.settled();
    let sse = '';
    const req = http.get(`${env.server.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${bob.token}` } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (sse += chunk));
    await waitFor(() => sse.length > 0, { what: 'the SSE opening' });

    const created = await admin.api.post('/api/v1/admin/announcements', { text: `مرحبا @${alice.username} #صيانة https://example.test/x`, starts_at: '2026-12-05T00:00:00Z', ends_at: '2099-12-06T00:00:00Z', all_day: true });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id: string = created.body.id;
    assert.equal(created.body.all_day, true);
    assert.equal(created.body.starts_at, '2026-12-05T00:00:00.000Z');
    assert.deepEqual(created.body.mentions.map((m: { id: string }) => m.id), [alice.id]);
    assert.equal(created.body.tags[0].url.endsWith('/tags/' + encodeURIComponent(created.body.tags[0].name)), true);
    assert.match(created.body.content, /^<p>مرحبا <span class="h-card"/);
    assert.deepEqual([created.body.statuses, created.body.emojis, created.body.reactions], [[], [], []]);

    const streamed = await ws.next((m) => m.event === 'announcement');
    assert.deepEqual(streamed.stream, ['user']);
    assert.deepEqual(JSON.parse(streamed.payload), created.body);
    await waitFor(() => sse.includes('event: announcement\n'), { what: () => `an SSE announcement (got ${JSON.stringify(sse)})` });
    assert.match(sse, new RegExp(`event: announcement\ndata: \\{"id":"${id}".*\\}\n\n`));

    const listed = await alice.api.get('/api/v1/announcements');
    assert.equal(listed.status, 200);
    const mine = listed.body.find((a: { id: string }) => a.id === id);
    assert.equal(mine.read, false);

    // Reactions: unicode emoji only.
    assert.equal((await alice.api.request('PUT', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👍')}`)).status, 200);
    assert.equal((await alice.api.request('PUT', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👍')}`)).status, 200);
    const reaction = await ws.next((m) => m.event === 'announcement.reaction');
    assert.deepEqual(JSON.parse(reaction.payload), { name: '👍', count: 1, announcement_id: id });
    await waitFor(() => sse.includes('event: announcement.reaction\n'), { what: 'an SSE reaction' });
    const bad = await alice.api.request('PUT', `/api/v1/announcements/${id}/reactions/blobcat`);
    assert.equal(bad.status, 422);
    assert.equal(typeof bad.body.error, 'string');
    assert.equal((await alice.api.request('PUT', `/api/v1/announcements/9999999/reactions/${encodeURIComponent('👍')}`)).status, 404);
    assert.equal((await alice.api.delete(`/api/v1/announcements/${id}/reactions/${encodeURIComponent('🎉')}`)).status, 404);
    await bob.api.request('PUT', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👍')}`);
    const seen = (await bob.api.get('/api/v1/announcements')).body.find((a: { id: string }) => a.id === id);
    assert.deepEqual(seen.reactions, [{ name: '👍', count: 2, me: true }]);

    assert.deepEqual((await alice.api.post(`/api/v1/announcements/${id}/dismiss`)).body, {});
    assert.equal((await alice.api.post('/api/v1/announcements/9999999/dismiss')).status, 404);
    const after = (await alice.api.get('/api/v1/announcements')).body.find((a: { id: string }) => a.id === id);
    assert.equal(after.read, true);
    assert.equal((await bob.api.get('/api/v1/announcements')).body.find((a: { id: string }) => a.id === id).read, false);

    // Edited: streamed again; withdrawn to a draft: deleted for apps.
    const edited = await admin.api.request('PUT', `/api/v1/admin/announcements/${id}`, { text: 'صيانة الليلة' });
    assert.equal(edited.body.content, '<p>صيانة الليلة</p>');
    await ws.next((m) => m.event === 'announcement' && JSON.parse(m.payload).content === '<p>صيانة الليلة</p>');
    await admin.api.request('PUT', `/api/v1/admin/announcements/${id}`, { published: false });
    assert.equal((await ws.next((m) => m.event === 'announcement.delete')).payload, id);
    assert.equal((await alice.api.get('/api/v1/announcements')).body.some((a: { id: string }) => a.id === id), false);
    await admin.api.request('PUT', `/api/v1/admin/announcements/${id}`, { published: true });
    assert.deepEqual((await admin.api.delete(`/api/v1/admin/announcements/${id}`)).body, {});
    await ws.next((m) => m.event === 'announcement.delete' && ws.messages.filter((x) => x.event === 'announcement.delete').length === 2);
    await waitFor(() => sse.includes(`event: announcement.delete\ndata: ${id}\n\n`), { what: 'an SSE delete' });
    assert.equal((await admin.api.delete(`/api/v1/admin/announcements/${id}`)).status, 404);

    const log = await env.server.ctx.db.kysely.selectFrom('admin_action_logs').select(['action']).where('target_type', '=', 'Announcement').where('target_id', '=', id).execute();
    assert.deepEqual(log.map((r) => r.action).sort(), ['create', 'destroy', 'update', 'update', 'update']);
    ws.ws.close();
    req.destroy();
  });

  it('only owners and admins write them; bad input is a 4xx JSON answer', async () => {
    for (const who of [moderator, alice]) assert.equal((await who.api.post('/api/v1/admin/announcements', { text: 'x' })).status, 403);
    assert.equal((await env.api.as(undefined).get('/api/v1/announcements')).status, 401);
    for (const body of [{}, { text: '   ' }, { text: 'x', starts_at: 'tomorrow' }, { text: 'x', starts_at: '2026-12-05T00:00:00Z', ends_at: '2026-12-04T00:00:00Z' }]) {
      const answer = await admin.api.post('/api/v1/admin/announcements', body);
      assert.equal(answer.status, 422, JSON.stringify(body));
      assert.equal(typeof answer.body.error, 'string');
    }
    assert.equal((await admin.api.request('PUT', '/api/v1/admin/announcements/123', { text: 'x' })).status, 404);
    assert.equal((await admin.api.request('PUT', '/api/v1/admin/announcements/abc', { text: 'x' })).status, 404);
    // Over: not listed.
    const over = await admin.api.post('/api/v1/admin/announcements', { text: 'انتهى', ends_at: '2020-01-01T00:00:00Z' });
    assert.equal((await alice.api.get('/api/v1/announcements')).body.some((a: { id: string }) => a.id === over.body.id), false);
    // Staff list them all, drafts too.
    const draft = await admin.api.post('/api/v1/admin/announcements', { text: 'مسودة', published: false });
    const staffList = await admin.api.get('/api/v1/admin/announcements');
    assert.equal(staffList.status, 200);
    assert.deepEqual(staffList.body.filter((a: { id: string }) => [over.body.id, draft.body.id].includes(a.id)).map((a: { published: boolean }) => a.published), [false, true]);
    assert.equal((await moderator.api.get('/api/v1/admin/announcements')).status, 403);
    assert.equal((await alice.api.get('/api/v1/announcements')).body.some((a: { id: string }) => a.id === draft.body.id), false);
    // A heart without its presentation selector is still an emoji (404 for the draft, not 422).
    assert.equal((await alice.api.request('PUT', `/api/v1/announcements/${draft.body.id}/reactions/${encodeURIComponent('❤')}`)).status, 404);
  });

  it('masto.js and megalodon list, react to and dismiss announcements', async () => {
    const { body } = await admin.api.post('/api/v1/admin/announcements', { text: 'أهلا بالتطبيقات' });
    const masto = createRestAPIClient({ url: env.server.url, accessToken: alice.token });
    const listed = await masto.v1.announcements.list();
    const found = listed.find((a) => a.id === body.id)!;
    // masto.js's Announcement type lacks Mastodon's optional `read`; the JSON has it.
    assert.equal((found as unknown as { read: boolean }).read, false);
    // masto.js 6.10's typed addReaction/removeReaction post to `/add_reaction` (a path Mastodon
    // never had); its generic calls reach Mastodon's documented PUT/DELETE `reactions/:name`.
    const reactions = (masto.v1.announcements.$select(body.id) as unknown as { reactions: { $select(name: string): { update(): Promise<void>; remove(): Promise<void> } } }).reactions;
    await reactions.$select('❤️').update();
    await masto.v1.announcements.$select(body.id).dismiss();
    const again = (await masto.v1.announcements.list()).find((a) => a.id === body.id)!;
    assert.equal((again as unknown as { read: boolean }).read, true);
    assert.deepEqual(again.reactions.map((r) => [r.name, r.count, r.me]), [['❤️', 1, true]]);
    await reactions.$select('❤️').remove();
    assert.deepEqual((await masto.v1.announcements.list()).find((a) => a.id === body.id)!.reactions, []);

    const client = generator('mastodon', env.server.url, bob.token);
    const fromMegalodon = (await client.getInstanceAnnouncements()).data.find((a) => a.id === body.id)!;
    assert.equal(fromMegalodon.read, false);
    await client.addReactionToAnnouncement(body.id, '🎉');
    await client.dismissInstanceAnnouncement(body.id);
    const mine = (await client.getInstanceAnnouncements()).data.find((a) => a.id === body.id)!;
    assert.deepEqual([mine.read, mine.reactions.map((r) => r.name)], [true, ['🎉']]);
    await client.removeReactionFromAnnouncement(body.id, '🎉');
  });
});
