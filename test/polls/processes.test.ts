// Polls across app processes sharing one store: a vote through one process shows at once in the
// other's cached pages (counts, and the voter's own `voted`), and an ended poll's `poll`
// notifications are written once although every process runs the notifier, and still after all
// processes were killed and a new one started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, createApp, createUser } from '../helpers/client.js';
import { sharedBackendProcesses } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';
import { openDatabase } from '../../src/db/database.js';

const cluster = sharedBackendProcesses('sirb-polls-');

test('votes show across processes; an ended poll is told of once by two processes, and after a restart', async () => {
  const a = await cluster.start();
  const b = await cluster.start();
  const db = openDatabase({ databaseUrl: cluster.backend.databaseUrl, dataDir: cluster.dataDir });
  try {
    const apiA = new Api(a.url);
    const app = await createApp(apiA);
    const author = await createUser(apiA, undefined, app);
    const voter = await createUser(apiA, undefined, app);
    const post = (await author.api.post('/api/v1/statuses', { status: 'استطلاع', poll: { options: ['a', 'b'], expires_in: 300 } })).body;
    const voterOnB = new Api(b.url).as(voter.token);
    const onB = async () => (await voterOnB.get(`/api/v1/accounts/${author.id}/statuses`)).body[0].poll;
    assert.deepEqual([(await onB()).votes_count, (await onB()).voted], [0, false], 'cached in B');
    assert.equal((await voter.api.post(`/api/v1/polls/${post.poll.id}/votes`, { choices: [1] })).status, 200);
    const seen = await waitFor(async () => {
      const poll = await onB();
      return poll.votes_count === 1 && poll.voted ? poll : undefined;
    }, { what: "B to show A's vote" });
    assert.deepEqual(seen.own_votes, [1]);

    // It ends (moved into the past by hand: the processes run on the real clock); both
    // processes' notifiers look every second.
    const endNow = (id: string) => db.kysely.updateTable('polls').set({ expires_at: Date.now() - 1000 }).where('id', '=', Number(id)).execute();
    const pollNotifications = (id: string) =>
      db.kysely.selectFrom('notifications').select(['account_id']).where('type', '=', 'poll').where('status_id', '=', Number(id)).orderBy('account_id').execute();
    await endNow(post.poll.id);
    await waitFor(async () => (await db.kysely.selectFrom('polls').select('notified_at').where('id', '=', Number(post.poll.id)).executeTakeFirst())?.notified_at ?? undefined, { what: 'the poll to be told of' });
    const told = (await pollNotifications(post.id)).map((r) => String(r.account_id)).sort();
    assert.deepEqual(told, [author.id, voter.id].sort(), 'each once');
    const listed = (await voterOnB.get('/api/v1/notifications?types[]=poll')).body;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].status.id, post.id);

    // All processes die; a poll ends meanwhile; a new process tells of it once.
    const second = (await author.api.post('/api/v1/statuses', { status: 'ثانٍ', poll: { options: ['x', 'y'], expires_in: 300 } })).body;
    assert.equal((await voter.api.post(`/api/v1/polls/${second.poll.id}/votes`, { choices: [0] })).status, 200);
    await a.kill();
    await b.kill();
    await endNow(second.poll.id);
    const c = await cluster.start();
    const notified = await waitFor(async () => {
      const rows = await pollNotifications(second.id);
      return rows.length === 2 ? rows : undefined;
    }, { what: 'the restarted process to tell of the second poll' });
    assert.deepEqual(notified.map((r) => String(r.account_id)).sort(), [author.id, voter.id].sort());
    assert.equal((await new Api(c.url).as(author.token).get('/api/v1/notifications?types[]=poll')).body.length, 2);
    assert.equal((await pollNotifications(post.id)).length, 2, 'the first poll was not told of again');
  } finally {
    await db.close();
  }
});
