import type { Kysely } from 'kysely';

// Links shared in posts (issue 12, GET /api/v1/trends/links): one row per link per post, written
// with the post, so trending links are counted from an index over the last days instead of
// parsing every recent post's text. `url` is the link as normalised by trends/links.ts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_links')
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_links_pk', ['status_id', 'url'])
    .execute();
  // The trend windows (the last eight days) and one link's history.
  await db.schema.createIndex('status_links_created').on('status_links').columns(['created_at']).execute();
  await db.schema.createIndex('status_links_url').on('status_links').columns(['url', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_links').ifExists().execute();
}
