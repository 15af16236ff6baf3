// A suspension made through one app process takes effect in another at once: the other refuses
// the account's tokens (even one it had cached) and stops serving its posts (even from a warm
// render cache and a built home feed); unsuspending through the first brings both back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import Database from 'better-sqlite3';
import path from 'node:path';
import { Api, createApp, createPost, createUser } from '../helpers/client.js';
import { sharedBackendProcesses } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';
import { settledAction, STAFF_SCOPES, statusIds } from '../moderation/fixtures.js';

const cluster = sharedBackendProcesses('sirb-suspend-');

/** Gives the account a role in the shared store (there is no API for it in this test's scope). */
async function setRole(accountId: string, role: string): Promise<void> {
  const { databaseUrl } = cluster.backend;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('update accounts set role = $1 where id = $2', [role, accountId]);
    await client.end();
    return;
  }
  const db = new Database(path.join(cluster.dataDir, 'sirb.sqlite'));
  db.prepare('update accounts set role = ? where id = ?').run(role, BigInt(accountId));
  db.close();
}

test('a suspension through one process refuses tokens and hides posts in another', async () => {
  const a = await cluster.start();
  const b = await cluster.start();
  const apiA = new Api(a.url);
  const apiB = new Api(b.url);
  const app = await createApp(apiA, STAFF_SCOPES);
  const moderator = await createUser(apiA, 'far_moderator', app);
  await setRole(moderator.id, 'moderator');
  const grant = await apiA.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: moderator.username, password: moderator.password, scope: STAFF_SCOPES });
  assert.equal(grant.status, 200);
  const adminA = apiA.as(grant.body.access_token);

  const spammer = await createUser(apiA, 'far_spammer', app);
  const reader = await createUser(apiA, 'far_reader', app);
  await reader.api.post(`/api/v1/accounts/${spammer.id}/follow`);
  const post = await createPost(spammer, 'موجة من بعيد');
  const spammerOnB = apiB.as(spammer.token);
  const readerOnB = apiB.as(reader.token);
  // Process B has the token cached, the post rendered and the reader's feed built.
  assert.equal((await spammerOnB.get('/api/v1/accounts/verify_credentials')).status, 200);
  const shownOnB = async () => {
    const [home, pub, status] = await Promise.all([readerOnB.get('/api/v1/timelines/home'), apiB.get('/api/v1/timelines/public'), apiB.get(`/api/v1/statuses/${post.id}`)]);
    return [statusIds(home.body).includes(post.id), statusIds(pub.body).includes(post.id), status.status === 200];
  };
  assert.deepEqual(await shownOnB(), [true, true, true]);

  const started = await adminA.post('/api/v1/admin/accounts/bulk_action', { type: 'suspend', usernames: [spammer.username] });
  assert.equal(started.status, 202);
  assert.equal((await settledAction(adminA, started.body.id)).done, 1);
  // The event reaches B through Redis a moment after A's commit.
  await waitFor(async () => (await spammerOnB.get('/api/v1/accounts/verify_credentials')).status === 403, { timeout: 3000, what: 'B to refuse the token' });
  await waitFor(async () => (await shownOnB()).every((shown) => !shown), { timeout: 3000, what: 'B to stop serving the post' });
  // B sees the action's progress too (the row is shared).
  const polledOnB = await apiB.as(grant.body.access_token).get(`/api/v1/admin/bulk_actions/${started.body.id}`);
  assert.equal(polledOnB.body.state, 'finished');

  const lifted = await adminA.post('/api/v1/admin/accounts/bulk_action', { type: 'unsuspend', account_ids: [spammer.id] });
  assert.equal((await settledAction(adminA, lifted.body.id)).done, 1);
  await waitFor(async () => (await spammerOnB.get('/api/v1/accounts/verify_credentials')).status === 200, { timeout: 3000, what: 'B to accept the token again' });
  await waitFor(async () => (await shownOnB()).every(Boolean), { timeout: 3000, what: 'B to serve the post again' });
});
