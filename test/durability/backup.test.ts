// Issue 13: `npm run backup` taken while clients post, restored with `npm run restore` into a
// fresh data directory (and, on PostgreSQL, a fresh database): every post acknowledged before the
// backup began is there, with the media and keys (a signed-in token still works). A restore
// refuses a damaged backup and a data directory a running server holds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { Api, createApp, createUser, type TestUser } from '../helpers/client.js';
import { freePort } from '../helpers/server.js';
import { isolatedBackend, TEST_BACKEND, type IsolatedBackend } from '../helpers/backend.js';
import { ROOT, startAppProcess, type AppProcess } from '../helpers/process.js';
import { CHAOS_ENV } from '../helpers/write-chaos.js';

const run = promisify(execFile);
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-backup-'));
const children: AppProcess[] = [];
const backends: IsolatedBackend[] = [];
before(async () => {
  backends.push(await isolatedBackend(), await isolatedBackend());
});
after(async () => {
  for (const child of children) await child.kill();
  for (const backend of backends) await backend.drop();
  fs.rmSync(temp, { recursive: true, force: true });
});

/** The command as `npm run backup` / `npm run restore --` runs it, on one data directory and backend. */
function cli(args: string[], dataDir: string, backend: IsolatedBackend) {
  return run(process.execPath, ['--import', 'tsx', 'src/backup/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: backend.databaseUrl ?? '', LOG_LEVEL: 'silent' },
  }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

async function upload(user: TestUser): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a7' } }).png().toBuffer();
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'صورة.png');
  const res = await user.api.post('/api/v2/media', body);
  assert.ok(res.status === 200 || res.status === 202, `upload: ${res.status}`);
  return res.body.id;
}

test('a backup taken under write load restores every acknowledged post, with media and keys', { timeout: 900_000 }, async () => {
  const [live, fresh] = backends;
  const dataDir = path.join(temp, 'live');
  const server = await startAppProcess({ port: await freePort(), dataDir, backend: live, env: CHAOS_ENV });
  children.push(server);
  const api = new Api(server.url);
  const app = await createApp(api);
  const users = [await createUser(api, undefined, app), await createUser(api, undefined, app)];
  const mediaId = await upload(users[0]);
  const withMedia = await users[0].api.post('/api/v1/statuses', { status: 'صورة قبل النسخ', media_ids: [mediaId] });
  assert.equal(withMedia.status, 200);

  const acknowledged: { id: string; at: number }[] = [{ id: withMedia.body.id, at: Date.now() }];
  let writing = true;
  const writers = users.map(async (user, u) => {
    for (let i = 0; writing; i++) {
      const res = await user.api.post('/api/v1/statuses', { status: `منشور ${u}-${i} أثناء النسخ` });
      if (res.status === 200) acknowledged.push({ id: res.body.id, at: Date.now() });
    }
  });
  // Some posts first, then the backup while the writers go on.
  while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 20));
  const backupStarted = Date.now();
  const backup = await cli(['backup', `--out=${path.join(temp, 'backups')}`], dataDir, live);
  const backupEnded = Date.now();
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stderr, /100%/, 'the backup shows its progress');
  const [folder] = fs.readdirSync(path.join(temp, 'backups')).map((name) => path.join(temp, 'backups', name));
  assert.match(path.basename(folder), /^sirb-\d{4}-\d{2}-\d{2}T/);
  // Not over the data of the server, still running and written to.
  const refused = await cli(['restore', folder], dataDir, live);
  writing = false;
  await Promise.all(writers);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /restore refused: .*(running|session)/);
  assert.ok(acknowledged.some((a) => a.at >= backupStarted && a.at <= backupEnded), 'posts were acknowledged while the backup ran');

  // A damaged copy is refused.
  const damaged = path.join(temp, 'damaged');
  fs.cpSync(folder, damaged, { recursive: true });
  const mediaFile = fs.readdirSync(path.join(damaged, 'data', 'media'))[0];
  fs.appendFileSync(path.join(damaged, 'data', 'media', mediaFile), 'x');
  const refusedDamaged = await cli(['restore', damaged], path.join(temp, 'elsewhere'), fresh);
  assert.notEqual(refusedDamaged.code, 0);
  assert.match(refusedDamaged.stderr, /damaged: data\/media\/.* does not match its checksum/);
  await server.kill('SIGTERM');

  const restoredDir = path.join(temp, 'restored');
  const restore = await cli(['restore', folder], restoredDir, fresh);
  assert.equal(restore.code, 0, restore.stderr);
  const restored = await startAppProcess({ port: await freePort(), dataDir: restoredDir, backend: fresh, env: CHAOS_ENV });
  children.push(restored);
  const restoredApi = new Api(restored.url);
  const before = acknowledged.filter((a) => a.at < backupStarted);
  for (const { id } of before) {
    assert.equal((await restoredApi.get(`/api/v1/statuses/${id}`)).status, 200, `post ${id}, acknowledged before the backup, is missing`);
  }
  // The token (in the database) and the media file and its signing key (in the data directory).
  const me = await new Api(restored.url, users[0].token).get('/api/v1/accounts/verify_credentials');
  assert.equal(me.status, 200);
  const status = await restoredApi.get(`/api/v1/statuses/${withMedia.body.id}`);
  const image = await fetch(status.body.media_attachments[0].url);
  assert.equal(image.status, 200, `the media file is served after the restore (${TEST_BACKEND})`);
  await restored.kill('SIGTERM');
});
