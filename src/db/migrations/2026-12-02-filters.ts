import type { Kysely } from 'kysely';

// Mastodon's keyword filters (issue 11): a filter groups keywords and statuses, applies in some
// contexts (home, notifications, public, thread, account) with an action (warn, hide, blur) and
// may expire. src/filters/ reads and writes them; v1 filters are v2 filters with one keyword.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('filters')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // The contexts, comma-separated in Mastodon's order (both backends store it alike).
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filters_account').on('filters').columns(['account_id', 'id']).execute();
  await db.schema
    .createTable('filter_keywords')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('filter_id', 'bigint', (c) => c.notNull())
    .addColumn('keyword', 'text', (c) => c.notNull())
    .addColumn('whole_word', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filter_keywords_filter').on('filter_keywords').columns(['filter_id', 'id']).execute();
  await db.schema
    .createTable('filter_statuses')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('filter_id', 'bigint', (c) => c.notNull())
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filter_statuses_filter').on('filter_statuses').columns(['filter_id', 'status_id']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('filter_statuses').ifExists().execute();
  await db.schema.dropTable('filter_keywords').ifExists().execute();
  await db.schema.dropTable('filters').ifExists().execute();
}
