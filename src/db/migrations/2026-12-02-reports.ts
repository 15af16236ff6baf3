import type { Kysely } from 'kysely';

// Reports and instance rules (issue 11). A report keeps the ids of the statuses and rules it
// cites as JSON lists (Mastodon keeps arrays): they are read with the report, never searched by.
// Rules are soft-deleted (deleted_at) so that a report citing one still shows what it cited.
// Notifications gain report_id for Mastodon's `admin.report` notification.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rules')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('hint', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await db.schema
    .createTable('reports')
    // Time-sortable (newId): the cursor of the admin report list.
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('target_account_id', 'bigint', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('forwarded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    // null when no rule is cited (Mastodon's `rule_ids: null`).
    .addColumn('rule_ids', 'text')
    .addColumn('assigned_account_id', 'bigint')
    .addColumn('action_taken_at', 'bigint')
    .addColumn('action_taken_by_account_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_target').on('reports').columns(['target_account_id', 'id']).execute();
  await db.schema.createIndex('reports_reporter').on('reports').columns(['account_id', 'id']).execute();

  await db.schema.alterTable('notifications').addColumn('report_id', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('report_id').execute();
  await db.schema.dropTable('reports').ifExists().execute();
  await db.schema.dropTable('rules').ifExists().execute();
}
