// Announcements across processes (issue 12): written by `npm run admin -- announce` (a process of
// its own) and reacted to through one app process, they reach user streams on another app
// process through the event bus (Redis), as Mastodon's streaming server hears its Redis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Api, createApp, createUser } from '../helpers/client.js';
import { ROOT, sharedBackendProcesses } from '../helpers/process.js';
import { openStream } from '../helpers/stream.js';

const run = promisify(execFile);
const cluster = sharedBackendProcesses('sirb-announce-');

test('the admin command announces to streams on every process; reactions and deletes follow', async () => {
  const a = await cluster.start();
  const b = await cluster.start();
  const backend = cluster.backend;
  const admin = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/accounts/cli.ts', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: cluster.dataDir,
        DATABASE_URL: backend.databaseUrl ?? '',
        REDIS_URL: backend.redisUrl ?? '',
        REDIS_PREFIX: backend.redisPrefix,
        PUBLIC_URL: a.url,
        LOG_LEVEL: 'silent',
        SIRB_STATUS: 'off',
      },
    });
  const apiA = new Api(a.url);
  const alice = await createUser(apiA, undefined, await createApp(apiA));
  const onA = openStream(a, `stream=user&access_token=${alice.token}`);
  const onB = openStream(b, `stream=user&access_token=${alice.token}`);
  await Promise.all([onA.settled(), onB.settled()]);

  await admin('create-owner', '--username', 'owner', '--email', 'owner@example.test', '--password', 'correct horse battery');
  const created = await admin('announce', 'create', '--text', 'صيانة مجدولة الليلة');
  const id = /Announcement ([0-9]+) created/.exec(created.stdout)?.[1];
  assert.ok(id, created.stdout);
  for (const stream of [onA, onB]) {
    const event = await stream.next((m) => m.event === 'announcement', 10_000);
    assert.equal(JSON.parse(event.payload).content, '<p>صيانة مجدولة الليلة</p>');
  }
  assert.deepEqual((await new Api(b.url).as(alice.token).get('/api/v1/announcements')).body.map((x: { id: string }) => x.id), [id]);

  await alice.api.request('PUT', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👏')}`);
  const reaction = await onB.next((m) => m.event === 'announcement.reaction', 10_000);
  assert.deepEqual(JSON.parse(reaction.payload), { name: '👏', count: 1, announcement_id: id });

  await assert.rejects(admin('announce', 'create', '--text', '  '), (error: { code?: number; stderr?: string }) => error.code === 1 && /blank/.test(error.stderr ?? ''));
  await assert.rejects(admin('announce', 'delete'), (error: { code?: number }) => error.code === 2);
  assert.match((await admin('announce', 'list')).stdout, new RegExp(`${id}\tpublished`));
  await admin('announce', 'delete', '--id', id);
  for (const stream of [onA, onB]) assert.equal((await stream.next((m) => m.event === 'announcement.delete', 10_000)).payload, id);
  onA.ws.close();
  onB.ws.close();
});
