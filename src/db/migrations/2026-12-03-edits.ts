import type { Kysely } from 'kysely';

// Status edits (issue 12). Each revision of an edited status is kept, the original included,
// as Mastodon keeps its status_edits: GET /api/v1/statuses/:id/history lists them.
// A mention taken out by an edit stays as a silent one: whoever was mentioned keeps seeing the
// post (visibility asks status_mentions), but it is no longer listed in its `mentions`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_edits')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('spoiler_text', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull())
    // JSON [{ id, description }]: the attachments in order, with the alt text they had then.
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_edits_status').on('status_edits').columns(['status_id', 'id']).execute();
  await db.schema.alterTable('status_mentions').addColumn('silent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_edits').execute();
  await db.schema.alterTable('status_mentions').dropColumn('silent').execute();
}
