// Issue 13: a database made by an earlier release (test/fixtures/db, made by
// scripts/make-fixture-db.ts) is upgraded by the current code with nothing lost; and a database
// migrated by a newer release (a migration this code does not know) is refused at start, with a
// clear message, a non-zero exit and no change to the database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.js';
import { startServer } from '../../src/server.js';
import { Api } from '../helpers/client.js';
import { freePort } from '../helpers/server.js';
import { isolatedBackend, TEST_BACKEND, type IsolatedBackend } from '../helpers/backend.js';
import { ROOT, startAppProcess } from '../helpers/process.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/db');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-migrations-'));
const backends: IsolatedBackend[] = [];
before(async () => {
  backends.push(await isolatedBackend(), await isolatedBackend());
});
after(async () => {
  for (const backend of backends) await backend.drop();
  fs.rmSync(temp, { recursive: true, force: true });
});

async function tableCounts(db: Db, names: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of names) counts[table] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.kysely)).rows[0].n);
  return counts;
}

const pgFixture = path.join(FIXTURES, 'schema.pgdump');
const pgRestore = spawnSync('pg_restore', ['--version']).status === 0;
const skip = TEST_BACKEND === 'postgres' && (!fs.existsSync(pgFixture) || !pgRestore) ? 'no PostgreSQL fixture or pg_restore' : false;

test('a database made by the current schema is upgraded with every row kept', { skip, timeout: 600_000 }, async () => {
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, `schema.${TEST_BACKEND === 'postgres' ? 'pg' : 'sqlite'}.json`), 'utf8'));
  const backend = backends[0];
  const dataDir = path.join(temp, 'upgrade');
  fs.mkdirSync(dataDir);
  if (TEST_BACKEND === 'postgres') {
    const restored = spawnSync('pg_restore', ['--no-owner', '--no-privileges', `--dbname=${backend.databaseUrl}`, pgFixture], { encoding: 'utf8' });
    assert.equal(restored.status, 0, restored.stderr);
  } else {
    fs.copyFileSync(path.join(FIXTURES, 'schema.sqlite'), path.join(dataDir, 'sirb.sqlite'));
  }
  // Migrated as the server does at start, then every table that held rows holds them still.
  const db = openDatabase({ databaseUrl: backend.databaseUrl, dataDir });
  await migrateToLatest(db);
  assert.deepEqual(await tableCounts(db, Object.keys(expected.counts)), expected.counts);
  await db.close();

  const port = await freePort();
  const config = loadConfig({ ...process.env, PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${port}` });
  const server = await startServer({ ...config, host: '127.0.0.1', databaseUrl: backend.databaseUrl, redisUrl: backend.redisUrl, redisPrefix: backend.redisPrefix }, { logger: false });
  try {
    const as = (user: string) => new Api(server.url, expected.users[user].token);
    const me = await as('amal').get('/api/v1/accounts/verify_credentials');
    assert.equal(me.status, 200, 'tokens made before the upgrade still sign in');
    assert.equal(me.body.id, expected.users.amal.id);
    assert.equal(me.body.source.fields[0].value, 'سيوة');
    const first = await as('badr').get(`/api/v1/statuses/${expected.statuses.first}`);
    assert.match(first.body.content, /معدَّل/);
    assert.equal(first.body.favourited, true);
    assert.equal(first.body.reblogs_count, 1);
    assert.equal(first.body.media_attachments[0].description, 'نخلة في الواحة');
    assert.equal((await as('badr').get(`/api/v1/statuses/${expected.statuses.first}/history`)).body.length, 2);
    const poll = await as('badr').get(`/api/v1/statuses/${expected.statuses.poll}`);
    assert.deepEqual(poll.body.poll.own_votes, [0]);
    assert.equal(poll.body.bookmarked, true);
    assert.equal((await as('badr').get('/api/v1/accounts/relationships?id[]=' + expected.users.citlali.id)).body[0].blocking, true);
    assert.equal((await as('amal').get(`/api/v1/lists/${expected.list}/accounts`)).body[0].id, expected.users.badr.id);
    assert.equal((await as('badr').get('/api/v2/filters')).body[0].keywords[0].keyword, 'حرق');
    assert.equal((await as('amal').get('/api/v1/scheduled_statuses')).body.length, 1);
    const conversation = await as('citlali').get('/api/v1/conversations');
    assert.equal(conversation.body[0].last_status.id, expected.statuses.direct);
    const home = await as('badr').get('/api/v1/timelines/home');
    assert.ok(home.body.some((s: { id: string }) => s.id === expected.statuses.poll), "the home timeline is rebuilt from the follows");
  } finally {
    await server.close();
  }
});

test('the app refuses to start on a database migrated by a newer release, and leaves it as it was', { timeout: 600_000 }, async () => {
  const backend = backends[1];
  const dataDir = path.join(temp, 'newer');
  const db = openDatabase({ databaseUrl: backend.databaseUrl, dataDir });
  await migrateToLatest(db);
  await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01-from-a-newer-sirb', '2099-01-01T00:00:00.000Z')`.execute(db.kysely);
  const state = async (db: Db) => {
    const catalog = db.dialect === 'sqlite' ? sql`select name from sqlite_master order by name` : sql`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`;
    const migrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely)).rows;
    return JSON.stringify({ objects: (await sql<{ name: string }>`${catalog}`.execute(db.kysely)).rows, migrations });
  };
  const before = await state(db);
  await db.close();
  const file = path.join(dataDir, 'sirb.sqlite');
  const hash = () => (fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'none');
  const fileBefore = hash();

  const started = await startAppProcess({ port: await freePort(), dataDir, backend }).then(
    async (app) => {
      await app.kill();
      return null;
    },
    (error: Error) => error,
  );
  assert.ok(started, 'the app started on a newer schema');
  assert.match(started.message, /exited early \(1\)/);
  assert.match(started.message, /migrated by a newer Sirb: it has migration 2099-01-01-from-a-newer-sirb that this version does not know/);

  assert.equal(hash(), fileBefore, 'the SQLite file is byte for byte the same');
  const walFile = `${file}-wal`;
  assert.ok(!fs.existsSync(walFile) || fs.statSync(walFile).size === 0, 'nothing was written to the WAL');
  const reopened = openDatabase({ databaseUrl: backend.databaseUrl, dataDir });
  try {
    assert.equal(await state(reopened), before);
  } finally {
    await reopened.close();
  }
});
