import type { Kysely } from 'kysely';

// Announcements (staff news shown by every app above the home timeline, with per-account read
// state and emoji reactions) and accounts' domain blocks (issue 12). src/announcements/ and
// src/accounts/domain-blocks.ts read and write them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('announcements')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    // What staff typed, and the HTML rendered from it (as statuses are: links, #tags, @mentions).
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    // JSON of the Announcement's `mentions` and `tags`, resolved when it was written.
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('all_day', 'integer', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('announcement_reads')
    .addColumn('announcement_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcement_reads_key').on('announcement_reads').columns(['account_id', 'announcement_id']).unique().execute();
  await db.schema
    .createTable('announcement_reactions')
    .addColumn('announcement_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcement_reactions_key').on('announcement_reactions').columns(['announcement_id', 'account_id', 'name']).unique().execute();
  await db.schema
    .createTable('account_domain_blocks')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_domain_blocks_key').on('account_domain_blocks').columns(['account_id', 'domain']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_domain_blocks').ifExists().execute();
  await db.schema.dropTable('announcement_reactions').ifExists().execute();
  await db.schema.dropTable('announcement_reads').ifExists().execute();
  await db.schema.dropTable('announcements').ifExists().execute();
}
