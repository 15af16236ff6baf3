// The status service's own SQLite file. It must keep working when the app's database does not,
// so it shares nothing with src/db.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateStatusDb } from './migrations.js';
import type { StatusDatabase } from './schema.js';

export interface StatusDb {
  kysely: Kysely<StatusDatabase>;
  close(): Promise<void>;
}

export async function openStatusDb(dataDir: string): Promise<StatusDb> {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new SqliteDatabase(path.join(dataDir, 'status.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; losing the last probe result on power
  // loss is acceptable for a status page, and it keeps the probe loop off fsync.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<StatusDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateStatusDb(kysely as unknown as Kysely<unknown>);
  return { kysely, close: () => kysely.destroy() };
}

export async function getKv<T>(db: StatusDb, key: string): Promise<T | undefined> {
  const row = await db.kysely.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function setKv(db: StatusDb, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db.kysely.insertInto('kv').values({ key, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
}

export async function deleteKv(db: StatusDb, key: string): Promise<void> {
  await db.kysely.deleteFrom('kv').where('key', '=', key).execute();
}
