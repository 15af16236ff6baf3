import type { Kysely } from 'kysely';

// The moderators' audit log (issue 11): every staff action, append-only. Nothing updates or
// deletes these rows; the store has no such function.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_action_logs')
    // Time-sortable (newId): the cursor of the log's pages.
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_action_logs_target').on('admin_action_logs').columns(['target_type', 'target_id', 'id']).execute();
  await db.schema.createIndex('admin_action_logs_actor').on('admin_action_logs').columns(['account_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_action_logs').ifExists().execute();
}
