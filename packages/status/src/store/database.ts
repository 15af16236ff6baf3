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

const FILE = 'status.sqlite';

/**
 * The store holds the probe account's password and the webhook secrets: its directory is 0700 and
 * its files 0600, whatever the umask. The file is created 0600 before SQLite opens it, and SQLite
 * gives its -wal and -shm files the main file's mode; stores made by older versions are tightened.
 */
function privateStore(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const file = path.join(dataDir, FILE);
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600));
  for (const name of [FILE, `${FILE}-wal`, `${FILE}-shm`, `${FILE}-journal`]) {
    try {
      fs.chmodSync(path.join(dataDir, name), 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return file;
}

export async function openStatusDb(dataDir: string): Promise<StatusDb> {
  const sqlite = new SqliteDatabase(privateStore(dataDir));
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
