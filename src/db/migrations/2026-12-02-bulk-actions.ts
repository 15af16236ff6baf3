import type { Kysely } from 'kysely';

// Mass suspensions (issue 11, moderation/bulk-actions.ts): one row per run, with its progress,
// so that staff can follow it from any process and see how it ended. `heartbeat_at` is touched
// while the run goes on; a running row whose heartbeat stopped belonged to a process that died,
// and is shown as failed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulk_actions')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulk_actions').ifExists().execute();
}
