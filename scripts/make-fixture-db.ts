// `npm run fixture:db`: regenerates test/fixtures/db/, a database made by the current schema with
// rows in every table that holds users' data, for test/durability/migrations.test.ts: a later
// release must upgrade a copy of it without losing anything. Run it when a release changes the
// schema, and keep the file it replaces under a name of its own (the older, the more it proves).
// Writes schema.sqlite (the SQLite file), schema.pgdump (PostgreSQL, pg_dump's custom format,
// when SIRB_TEST_BACKEND=postgres is also run) and schema.json (what the test checks).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { sql } from 'kysely';
import pg from 'pg';
import { startTestServer } from '../test/helpers/server.js';
import { Api, createApp, createUser, type TestUser } from '../test/helpers/client.js';
import { createStaff } from '../test/helpers/staff.js';
import { TEST_BACKEND } from '../test/helpers/backend.js';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/db');

async function ok(what: string, response: Promise<{ status: number; body: any }>): Promise<any> {
  const res = await response;
  if (res.status < 200 || res.status > 299) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const server = await startTestServer({ checkResponses: false });
const api = new Api(server.url);
const app = await createApp(api, 'read write follow push admin:read admin:write');
const [amal, badr, citlali] = [await createUser(api, 'amal', app), await createUser(api, 'badr', app), await createUser(api, 'citlali', app)];
const moderator = await createStaff(server, api, app, 'moderator', 'mod');
const post = (user: TestUser, body: Record<string, unknown>) => ok(`post by ${user.username}`, user.api.post('/api/v1/statuses', body));

await ok('follow', badr.api.post(`/api/v1/accounts/${amal.id}/follow`));
await ok('follow', citlali.api.post(`/api/v1/accounts/${amal.id}/follow`));
await ok('follow', amal.api.post(`/api/v1/accounts/${badr.id}/follow`));
const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a7' } }).png().toBuffer();
const form = new FormData();
form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'نخلة.png');
form.append('description', 'نخلة في الواحة');
const media = await ok('media', amal.api.post('/api/v2/media', form));
const first = await post(amal, { status: 'أول منشور في #الواحة مع @badr', media_ids: [media.id], language: 'ar' });
const reply = await post(badr, { status: '@amal ردّ على المنشور الأول', in_reply_to_id: first.id });
const poll = await post(amal, { status: 'ما رأيكم؟ #استطلاع', poll: { options: ['نعم', 'لا'], expires_in: 86400 * 30 } });
const direct = await post(amal, { status: '@citlali رسالة خاصة', visibility: 'direct' });
const link = await post(badr, { status: 'رابط https://example.com/مقال', spoiler_text: 'تنبيه' });
await ok('edit', amal.api.request('PUT', `/api/v1/statuses/${first.id}`, { status: 'أول منشور في #الواحة مع @badr (معدَّل)', media_ids: [media.id] }));
await ok('vote', badr.api.post(`/api/v1/polls/${poll.poll.id}/votes`, { choices: [0] }));
await ok('favourite', badr.api.post(`/api/v1/statuses/${first.id}/favourite`));
await ok('reblog', citlali.api.post(`/api/v1/statuses/${first.id}/reblog`));
await ok('bookmark', badr.api.post(`/api/v1/statuses/${poll.id}/bookmark`));
await ok('pin', amal.api.post(`/api/v1/statuses/${poll.id}/pin`));
await ok('mute', citlali.api.post(`/api/v1/accounts/${badr.id}/mute`));
await ok('block', badr.api.post(`/api/v1/accounts/${citlali.id}/block`));
await ok('note', amal.api.post(`/api/v1/accounts/${badr.id}/note`, { comment: 'صديق قديم' }));
await ok('featured tag', amal.api.post('/api/v1/featured_tags', { name: 'الواحة' }));
await ok('followed tag', badr.api.post(`/api/v1/tags/${encodeURIComponent('استطلاع')}/follow`));
const list = await ok('list', amal.api.post('/api/v1/lists', { title: 'الأصدقاء' }));
await ok('list member', amal.api.post(`/api/v1/lists/${list.id}/accounts`, { account_ids: [badr.id] }));
await ok('filter', badr.api.post('/api/v2/filters', { title: 'حرق', context: ['home', 'public'], filter_action: 'warn', keywords_attributes: [{ keyword: 'حرق', whole_word: true }] }));
await ok('marker', badr.api.post('/api/v1/markers', { home: { last_read_id: reply.id } }));
const scheduledAt = new Date(Date.now() + 365 * 86400_000).toISOString();
await ok('scheduled', amal.api.post('/api/v1/statuses', { status: 'منشور مجدول', scheduled_at: scheduledAt }));
await ok('report', amal.api.post('/api/v1/reports', { account_id: badr.id, status_ids: [link.id], comment: 'مزعج', category: 'spam' }));
await ok('profile', amal.api.patch('/api/v1/accounts/update_credentials', { note: 'من الواحة', fields_attributes: { 0: { name: 'مدينة', value: 'سيوة' } } }));

const k = server.ctx.db.kysely;
const tables = (await sql<{ name: string }>`${server.ctx.db.dialect === 'sqlite' ? sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'` : sql`select table_name as name from information_schema.tables where table_schema = 'public'`}`.execute(k)).rows
  .map((r) => r.name)
  .filter((name) => !name.startsWith('kysely_') && !name.includes('search'))
  .sort();
const counts: Record<string, number> = {};
for (const table of tables) counts[table] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(k)).rows[0].n);
const migrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(k)).rows.map((r) => r.name);

const expected = {
  made_by: 'scripts/make-fixture-db.ts',
  made_at: new Date().toISOString(),
  migrations,
  counts,
  users: Object.fromEntries([amal, badr, citlali, moderator].map((u) => [u.username, { id: u.id, token: u.token }])),
  statuses: { first: first.id, reply: reply.id, poll: poll.id, direct: direct.id, link: link.id },
  list: list.id,
  media: media.id,
};
fs.mkdirSync(OUT, { recursive: true });
const suffix = TEST_BACKEND === 'postgres' ? 'pg' : 'sqlite';
if (TEST_BACKEND === 'postgres') {
  const dump = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(OUT, 'schema.pgdump')}`, server.ctx.config.databaseUrl!], { stdio: 'inherit' });
  if (dump.status !== 0) throw new Error('pg_dump failed');
}
await server.app.close();
await server.ctx.close();
if (TEST_BACKEND !== 'postgres') {
  fs.copyFileSync(path.join(server.dataDir, 'sirb.sqlite'), path.join(OUT, 'schema.sqlite'));
  // Only its own pages: no free space carried in the repository.
  const Sqlite = (await import('better-sqlite3')).default;
  const copy = new Sqlite(path.join(OUT, 'schema.sqlite'));
  copy.exec('vacuum');
  copy.pragma('journal_mode = DELETE');
  copy.close();
}
fs.writeFileSync(path.join(OUT, `schema.${suffix}.json`), `${JSON.stringify(expected, null, 2)}\n`);
fs.rmSync(server.dataDir, { recursive: true, force: true });
if (TEST_BACKEND === 'postgres') {
  const admin = new pg.Client({ connectionString: process.env.SIRB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`drop database if exists ${new URL(server.ctx.config.databaseUrl!).pathname.slice(1)} with (force)`);
  await admin.end();
}
console.log(`wrote ${OUT}: ${tables.length} tables, ${Object.values(counts).reduce((a, b) => a + b, 0)} rows, ${migrations.length} migrations`);
process.exit(0);
