// Scheduled statuses (issue 12): scheduled_at gives a ScheduledStatus, the post appears when due
// (not before), exactly once across processes and restarts, with its media; the API lists,
// moves and cancels them; bad times get Mastodon's 422.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestServer, useTestServer } from '../helpers/server.js';
import { Api, createUser } from '../helpers/client.js';
import { testClock } from '../helpers/clock.js';
import { waitFor } from '../helpers/wait.js';

const inMinutes = (clock: () => number, minutes: number) => new Date(clock() + minutes * 60_000).toISOString();

describe('scheduled statuses', () => {
  const clock = testClock();
  const env = useTestServer({}, clock);

  test('scheduling answers a ScheduledStatus; the post appears once it is due, once', async () => {
    const user = await createUser(env.api);
    const at = inMinutes(clock, 10);
    const res = await user.api.post('/api/v1/statuses', { status: 'موعدنا بعد عشر دقائق', visibility: 'unlisted', scheduled_at: at });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.scheduled_at, at);
    assert.equal(res.body.params.text, 'موعدنا بعد عشر دقائق');
    assert.equal(res.body.params.visibility, 'unlisted');
    assert.equal(res.body.params.scheduled_at, null);
    assert.deepEqual(res.body.media_attachments, []);
    const own = async () => (await user.api.get(`/api/v1/accounts/${user.id}/statuses`)).body as any[];
    assert.equal((await own()).length, 0, 'not posted before its time');
    const listed = await user.api.get('/api/v1/scheduled_statuses');
    assert.deepEqual(listed.body.map((s: any) => s.id), [res.body.id]);
    assert.equal((await user.api.get(`/api/v1/scheduled_statuses/${res.body.id}`)).body.id, res.body.id);
    clock.advance(11 * 60_000);
    await env.server.ctx.scheduledPublisher.publishDue();
    const posted = await waitFor(async () => ((await own()).length ? own() : undefined), { what: 'the scheduled post' });
    assert.equal(posted.length, 1);
    assert.equal(posted[0].content, '<p>موعدنا بعد عشر دقائق</p>');
    assert.equal(posted[0].visibility, 'unlisted');
    await env.server.ctx.scheduledPublisher.publishDue();
    assert.equal((await own()).length, 1, 'published once');
    assert.equal((await user.api.get(`/api/v1/scheduled_statuses/${res.body.id}`)).status, 404);
  });

  test('media waits with the post: shown in the ScheduledStatus, kept by the sweep, attached when due', async () => {
    const user = await createUser(env.api);
    const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a7' } }).png().toBuffer();
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'x.png');
    const media = (await user.api.post('/api/v2/media', body)).body;
    const res = await user.api.post('/api/v1/statuses', { status: 'صورة لاحقًا', media_ids: [media.id], scheduled_at: inMinutes(clock, 48 * 60) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.params.media_ids, [media.id]);
    assert.equal(res.body.media_attachments[0].id, media.id);
    const again = await user.api.post('/api/v1/statuses', { status: 'same media', media_ids: [media.id], scheduled_at: inMinutes(clock, 60) });
    assert.equal(again.status, 422, 'one scheduled post per upload');
    clock.advance(47 * 3600_000);
    await env.server.ctx.media.collectGarbage();
    clock.advance(2 * 3600_000);
    await env.server.ctx.scheduledPublisher.publishDue();
    const posted = await waitFor(async () => (await user.api.get(`/api/v1/accounts/${user.id}/statuses`)).body[0], { what: 'the post with media' });
    assert.equal(posted.media_attachments[0].id, media.id);
  });

  test('move and cancel; bad times, too soon, someone else\'s, and the limit per day', async () => {
    const user = await createUser(env.api);
    const other = await createUser(env.api);
    const res = await user.api.post('/api/v1/statuses', { status: 'later', scheduled_at: inMinutes(clock, 60) });
    const moved = await user.api.request('PUT', `/api/v1/scheduled_statuses/${res.body.id}`, { scheduled_at: inMinutes(clock, 120) });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.scheduled_at, inMinutes(clock, 120));
    assert.equal((await other.api.get(`/api/v1/scheduled_statuses/${res.body.id}`)).status, 404);
    assert.equal((await other.api.delete(`/api/v1/scheduled_statuses/${res.body.id}`)).status, 404);
    for (const scheduled_at of ['not a time', inMinutes(clock, 2), inMinutes(clock, -60)]) {
      const bad = await user.api.post('/api/v1/statuses', { status: 'x', scheduled_at });
      assert.equal(bad.status, 422, scheduled_at);
      assert.match(bad.body.error, /Scheduled at/);
    }
    assert.equal((await user.api.post('/api/v1/statuses', { status: '', scheduled_at: inMinutes(clock, 60) })).status, 422, 'checked as any post');
    assert.deepEqual((await user.api.delete(`/api/v1/scheduled_statuses/${res.body.id}`)).body, {});
    assert.equal((await user.api.get('/api/v1/scheduled_statuses')).body.length, 0);
    const day = clock() - (clock() % 86_400_000) + 2 * 86_400_000;
    for (let i = 0; i < 25; i++) {
      const ok = await user.api.post('/api/v1/statuses', { status: `n${i}`, scheduled_at: new Date(day + i * 60_000).toISOString() });
      assert.equal(ok.status, 200);
    }
    const over = await user.api.post('/api/v1/statuses', { status: 'one too many', scheduled_at: new Date(day + 3600_000).toISOString() });
    assert.equal(over.status, 422);
    assert.match(over.body.error, /limit of scheduled posts/);
  });
});

test('two processes on one store publish a due post once; a claim left by a dead publisher is taken over', async () => {
  const clock = testClock();
  const a = await startTestServer({}, clock);
  try {
    const user = await createUser(new Api(a.url));
    const at = inMinutes(clock, 6);
    await user.api.post('/api/v1/statuses', { status: 'once only', scheduled_at: at });
    clock.advance(7 * 60_000);
    // Two publishers at once (as two processes would): one claims, the other finds it taken.
    await a.ctx.scheduledPublisher.stop(); // its timer would race the two below
    const { ScheduledPublisher } = await import('../../src/scheduled/publisher.js');
    const second = new ScheduledPublisher(a.ctx.db.kysely, a.ctx.posts, clock);
    const counts = await Promise.all([a.ctx.scheduledPublisher.publishDue(), second.publishDue()]);
    assert.equal(counts[0] + counts[1], 1);
    // A publisher that died after posting and before removing: its claim goes stale, and the next
    // publisher posts under the same idempotency key, which is the same post.
    const again = await user.api.post('/api/v1/statuses', { status: 'survives a crash', scheduled_at: inMinutes(clock, 6) });
    clock.advance(7 * 60_000);
    const row = await a.ctx.db.kysely.selectFrom('scheduled_statuses').selectAll().where('id', '=', Number(again.body.id)).executeTakeFirstOrThrow();
    await a.ctx.posts.create(Number(row.account_id), null, JSON.parse(row.params), `scheduled:${row.id}`);
    await a.ctx.db.kysely.updateTable('scheduled_statuses').set({ claimed_at: clock() }).where('id', '=', row.id).execute();
    assert.equal(await a.ctx.scheduledPublisher.publishDue(), 0, 'claimed by the dead publisher');
    clock.advance(61_000);
    await a.ctx.scheduledPublisher.publishDue();
    const posts = (await user.api.get(`/api/v1/accounts/${user.id}/statuses`)).body as any[];
    assert.deepEqual(posts.map((p) => p.content).sort(), ['<p>once only</p>', '<p>survives a crash</p>']);
  } finally {
    await a.close();
  }
});
