// The one place that knows which SQL engine is underneath. Everything above talks Kysely.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, PostgresDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { DEFAULT_POSTGRES_LIMITS, GuardedPool, type PostgresLimits } from './postgres-pool.js';
import type { DatabaseHealth } from './availability.js';
import { PRIVATE_FILE, privateDir, privateFile } from '../lib/private-files.js';
import * as initial from './migrations/2026-11-27-initial.js';
import * as media from './migrations/2026-11-27-media.js';
import { searchIndexMigration } from './migrations/2026-11-27-search-index.js';
import * as followIds from './migrations/2026-11-28-follow-ids.js';
import * as followRequests from './migrations/2026-12-01-follow-requests.js';
import * as reblogBounds from './migrations/2026-12-01-reblog-bounds.js';
import * as mediaFileNames from './migrations/2026-12-01-media-file-names.js';
import * as oauthCodesAndSecrets from './migrations/2026-12-01-oauth-codes-and-secrets.js';
import * as singleOwner from './migrations/2026-12-01-single-owner.js';
import * as accountModeration from './migrations/2026-12-02-account-moderation.js';
import * as auditLog from './migrations/2026-12-02-audit-log.js';
import * as push from './migrations/2026-12-02-push.js';
import * as scheduledStatuses from './migrations/2026-12-02-scheduled-statuses.js';
import * as reports from './migrations/2026-12-02-reports.js';
import * as blocksAndMutes from './migrations/2026-12-02-blocks-and-mutes.js';
import * as filters from './migrations/2026-12-02-filters.js';
import * as admin from './migrations/2026-12-02-admin.js';
import * as bulkActions from './migrations/2026-12-02-bulk-actions.js';
import * as signup from './migrations/2026-12-02-signup.js';
import * as edits from './migrations/2026-12-03-edits.js';
import * as polls from './migrations/2026-12-03-polls.js';
import * as rel from './migrations/2026-12-03-rel.js';
import * as convo from './migrations/2026-12-03-convo.js';
import * as profile from './migrations/2026-12-03-profile.js';
import * as lists from './migrations/2026-12-03-lists.js';
import * as extras from './migrations/2026-12-03-extras.js';
import * as redisoutFanoutBacklog from './migrations/2026-12-04-redisout-fanout-backlog.js';
import * as cards from './migrations/2026-12-04-cards.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
  /** PostgreSQL: the breaker's view of whether the server is reachable (db/availability.ts). */
  health?: DatabaseHealth;
  /** PostgreSQL: a connection without the statement timeout, for migrations (closed after). */
  openUnbounded?(): Db;
}

// Dated migrations, in order. A few need to know the dialect (PostgreSQL-only indexes).
function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '2026-11-27-initial': initial,
    '2026-11-27-media': media,
    '2026-11-27-search-index': searchIndexMigration(dialect),
    // Kysely applies migrations in name order, so this one is dated after the three above.
    '2026-11-28-follow-ids': followIds,
    '2026-12-01-follow-requests': followRequests,
    '2026-12-01-reblog-bounds': reblogBounds,
    '2026-12-01-media-file-names': mediaFileNames,
    '2026-12-01-oauth-codes-and-secrets': oauthCodesAndSecrets,
    '2026-12-01-single-owner': singleOwner,
    '2026-12-02-account-moderation': accountModeration,
    '2026-12-02-audit-log': auditLog,
    '2026-12-02-push': push,
    '2026-12-02-scheduled-statuses': scheduledStatuses,
    '2026-12-02-reports': reports,
    '2026-12-02-blocks-and-mutes': blocksAndMutes,
    '2026-12-02-filters': filters,
    '2026-12-02-admin': admin,
    '2026-12-02-bulk-actions': bulkActions,
    '2026-12-02-signup': signup,
    '2026-12-03-edits': edits,
    '2026-12-03-polls': polls,
    '2026-12-03-rel': rel,
    '2026-12-03-convo': convo,
    '2026-12-03-profile': profile,
    '2026-12-03-lists': lists,
    '2026-12-03-extras': extras,
    '2026-12-04-redisout-fanout-backlog': redisoutFanoutBacklog,
    '2026-12-04-cards': cards,
  };
}

class InCodeMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}

export function openSqlite(dataDir: string, file = 'sirb.sqlite'): Db {
  privateDir(dataDir);
  // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database
  // file's mode, so those are private too.
  const databaseFile = path.join(dataDir, file);
  privateFile(databaseFile);
  for (const sidecar of ['-wal', '-shm']) if (fs.existsSync(databaseFile + sidecar)) fs.chmodSync(databaseFile + sidecar, PRIVATE_FILE);
  const sqlite = new SqliteDatabase(databaseFile);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit, so a post that
  // was acknowledged survives kill -9 and power loss alike.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = OFF');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

const ALREADY_ROLLED_BACK = { reader: false, run: () => ({ changes: 0, lastInsertRowid: 0 }) } as unknown as SqliteDatabase.Statement;

/**
 * Kysely prepares every query afresh; preparing costs more than running most of ours. Statements
 * are reused by their SQL text (a bounded, least-recently-used set).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 1000): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (source: string) => {
        // SQLite rolls a transaction back itself when a write fails for want of space or I/O
        // (SQLITE_FULL, SQLITE_IOERR): Kysely's own rollback then has nothing to undo, and its
        // "no transaction is active" must not replace the error that says what happened.
        if (source === 'rollback' && !target.inTransaction) return ALREADY_ROLLED_BACK;
        let statement = cache.get(source);
        if (statement) {
          cache.delete(source);
        } else {
          statement = prepare(source);
          if (cache.size >= max) cache.delete(cache.keys().next().value!);
        }
        cache.set(source, statement);
        return statement;
      };
    },
  });
}

// int8 (bigint) columns hold our snowflake ids, which stay below 2^53: read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));

export function openPostgres(connectionString: string, limits: PostgresLimits = DEFAULT_POSTGRES_LIMITS, options: { statementTimeout?: boolean } = {}): Db {
  const pool = new GuardedPool(connectionString, limits, undefined, options);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    close: () => kysely.destroy(),
    health: pool.health,
    // A migration may rightly run longer than any request should.
    openUnbounded: options.statementTimeout === false ? undefined : () => openPostgres(connectionString, { ...limits, poolMax: 1 }, { statementTimeout: false }),
  };
}

export function openDatabase(config: { databaseUrl?: string; dataDir: string; postgresLimits?: PostgresLimits }): Db {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config.postgresLimits) : openSqlite(config.dataDir);
}

/** The migrations this code knows, by name: what a deployment's database is checked against. */
export function knownMigrationNames(dialect: Dialect): string[] {
  return Object.keys(migrationsFor(dialect));
}

/**
 * A database migrated by a newer Sirb (a migration name this code does not know) is refused
 * before anything is written: running old code on a newer schema would write rows the newer
 * code does not expect, and rolling back means restoring a backup, not starting the old release.
 */
export async function refuseNewerSchema(db: Db): Promise<void> {
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db.kysely).then(
    (result) => result.rows.map((row) => row.name),
    () => [] as string[], // no migration table yet: a new database
  );
  const known = new Set(knownMigrationNames(db.dialect));
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new NewerSchemaError(unknown);
  }
}

export class NewerSchemaError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `The database was migrated by a newer Sirb: it has migration${unknownMigrations.length > 1 ? 's' : ''} ${unknownMigrations.join(', ')} ` +
        'that this version does not know. Refusing to start so as not to change it: run the newer release, or restore a backup taken before the upgrade (docs/operations.md).',
    );
    this.name = 'NewerSchemaError';
  }
}

export async function migrateToLatest(db: Db): Promise<void> {
  await refuseNewerSchema(db);
  if (db.openUnbounded) {
    const unbounded = db.openUnbounded();
    try {
      return await migrateToLatest(unbounded);
    } finally {
      await unbounded.close();
    }
  }
  // Unordered: migrations written on parallel branches land together with names that need not
  // sort after every one a deployment already ran; each is independent of its same-day siblings.
  const migrator = new Migrator({ db: db.kysely, provider: new InCodeMigrations(db.dialect), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
